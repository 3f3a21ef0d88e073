/* api.c — the JSON API base (/api/v1/…, documented in docs/api.md). Requests authenticate with
 * "Authorization: Bearer gk_…" tokens (created with `gongkai token`); errors are rendered by the
 * router as {"error":{"code":…,"message":…,"request_id":…}}. Bodies are built with jansson. */
#include <jansson.h>
#include <stdlib.h>

#include "http/api.h"
#include "http/handlers.h"

int api_send_json(struct req *r, int status, json_t *j)
{
	char *text = json_dumps(j, JSON_COMPACT | JSON_ENSURE_ASCII);
	json_decref(j);
	if (!text)
		return req_error(r, 500, NULL);
	r->content_type = "application/json; charset=utf-8";
	page_trusted_html(&r->page, text); /* JSON from jansson with ASCII escapes: no markup can break out */
	page_raw(&r->page, "\n");
	free(text);
	return status;
}

/* GET /api/v1/health — liveness and database state, for load balancers and monitoring. */
int api_health(struct req *r)
{
	int version = r->app->store ? store_schema_version(r->app->store) : -1;
	bool db_ok = version >= 0 && req_reader(r) != NULL;
	json_t *j = json_pack("{s:s, s:s, s:i, s:i}", "status", db_ok ? "ok" : "degraded", "database",
			      db_ok ? "ok" : "unavailable", "schema_version", version, "latest_schema_version",
			      store_latest_version());
	return api_send_json(r, db_ok ? 200 : 503, j);
}

/* GET /api/v1/me — the user the bearer token belongs to. */
int api_me(struct req *r)
{
	json_t *roles = json_array();
	for (unsigned bit = 1; bit <= ROLE_SUPERVISOR; bit <<= 1)
		if (r->user.roles & bit)
			json_array_append_new(roles, json_string(role_name(bit)));
	json_t *j =
	    json_pack("{s:{s:I, s:s, s:s, s:I, s:o}}", "user", "id", (json_int_t)r->user.id, "name", r->user.name,
		      "display_name", r->user.display_name, "agency_id", (json_int_t)r->user.agency_id, "roles", roles);
	return api_send_json(r, 200, j);
}
