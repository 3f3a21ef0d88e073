/* api.h — helpers shared by the JSON API handlers (api.c, api_info.c, api_apply.c, api_annual.c). */
#ifndef GONGKAI_HTTP_API_H
#define GONGKAI_HTTP_API_H

#include <jansson.h>

#include "http/req.h"

/* Serialises j (consumed) compactly, with ASCII escapes, as the response body with the status (500 when
 * it cannot be serialised). Returns the status. */
int api_send_json(struct req *r, int status, json_t *j);

#endif
