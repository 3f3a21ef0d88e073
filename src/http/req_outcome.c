/* req_outcome.c — the HTTP side of the one write path: who acts in a request (http_actor) and how an
 * outcome of a domain function becomes a status and an error message. Every handler translates the
 * same way, so a failed commit (OUTCOME_STORAGE) is a 503 the user sees on every route. */
#include "http/req.h"

struct actor http_actor(const struct req *r)
{
	if (!r->logged_in)
		return (struct actor){.ip = r->client_ip, .request_id = r->id};
	return (struct actor){.user_id = r->user.id,
			      .agency_id = r->user.agency_id,
			      .roles = r->user.roles,
			      .ip = r->client_ip,
			      .request_id = r->id};
}

int http_outcome_status(enum outcome_code code)
{
	switch (code) {
	case OUTCOME_OK:
		return 200;
	case OUTCOME_NOT_FOUND:
		return 404;
	case OUTCOME_INVALID:
		return 422;
	case OUTCOME_CONFLICT:
		return 409;
	case OUTCOME_FORBIDDEN:
		return 403;
	case OUTCOME_STORAGE:
		return 503;
	}
	return 500;
}

int http_outcome_fail(struct req *r, const struct outcome *out)
{
	return req_error(r, http_outcome_status(out->code), *out->message ? out->message : NULL);
}
