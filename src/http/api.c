/* api.c — the JSON API base (/api/v1/…, documented in docs/api.md). Requests authenticate with
 * "Authorization: Bearer gk_…" tokens (created with `gongkai token`); errors are rendered by the
 * router as {"error":{"code":…,"message":…,"request_id":…}}. Bodies are built with jansson. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "domain/health.h"
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
enum { HEALTH_PROBE_MS = 5000 };

/* Whether writes commit, from a probe at most every HEALTH_PROBE_MS (reason filled when not). */
static bool writes_ok(struct req *r, char *reason, size_t size)
{
	struct http_app *app = r->app;
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	int64_t ms = (int64_t)now.tv_sec * 1000 + now.tv_nsec / 1000000;
	pthread_mutex_lock(&app->health_lock);
	if (!app->health_probed_ms || ms - app->health_probed_ms >= HEALTH_PROBE_MS) {
		app->health_reason[0] = '\0';
		app->health_writes_ok =
		    health_write_probe(app->store, req_now(r), app->health_reason, sizeof app->health_reason) == 0;
		app->health_probed_ms = ms;
	}
	bool ok = app->health_writes_ok;
	snprintf(reason, size, "%s", app->health_reason);
	pthread_mutex_unlock(&app->health_lock);
	return ok;
}

int api_health(struct req *r)
{
	int version = r->app->store ? store_schema_version(r->app->store) : -1;
	bool db_ok = version >= 0 && req_reader(r) != NULL;
	char reason[192] = "";
	bool writes = db_ok && writes_ok(r, reason, sizeof reason);
	json_t *j = json_pack("{s:s, s:s, s:s, s:s, s:i, s:i}", "status", writes ? "ok" : "degraded", "database",
			      db_ok ? "ok" : "unavailable", "backend",
			      r->app->store ? store_backend(r->app->store) : "", "writes", writes ? "ok" : "failing",
			      "schema_version", version, "latest_schema_version", store_latest_version());
	if (!writes)
		json_object_set_new(j, "reason", json_string(db_ok ? reason : "数据库无法打开"));
	return api_send_json(r, writes ? 200 : 503, j);
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
