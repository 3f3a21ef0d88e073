/* acting.h — the agency a back-office page acts for (代表机关). Administrators and supervisors work for
 * their own agency and every agency below it: the picker (/admin/acting) records the choice in the
 * gk_acting cookie, a page may also name one with ?agency=ID (or a form field "agency"), and every
 * per-agency page asks acting_agency() instead of reading the user's own agency, so the subtree check
 * lives in one place. Other staff always act for their own agency. */
#ifndef GONGKAI_HTTP_ACTING_H
#define GONGKAI_HTTP_ACTING_H

#include <stdbool.h>
#include <stdint.h>

#include "http/req.h"

#define ACTING_COOKIE "gk_acting"
#define ACTING_ROLES  (ROLE_ADMIN | ROLE_SUPERVISOR)

/* Whether the user may act for agencies below their own (administrators and supervisors). */
bool acting_can_pick(const struct req *r);

/* The agency the request acts for: ?agency=ID, else the form field "agency", else the gk_acting
 * cookie — each only when the user may pick and the agency is their own or lies below it and is not
 * retired; else the user's own agency. A choice out of reach is ignored, never an error. */
int64_t acting_agency(struct req *r);

/* Whether the request acts for an agency other than the user's own (read-only there: the writes of
 * an agency stay with its own staff unless the page says otherwise). */
bool acting_for_other(struct req *r);

/* The agencies the user may act for: their own and (administrators, supervisors) every active one
 * below it, in tree order with depth from their own. *out malloc'd (free()). Returns 0 or -1. */
int acting_choices(struct req *r, struct agency **out, size_t *n);

/* GET /admin/acting: the picker (the current choice selected, ?back= the page to return to).
 * POST /admin/acting: records the choice (form "agency", "back") in the cookie and returns. */
int page_acting_form(struct req *r);
int page_acting_set(struct req *r);

#endif
