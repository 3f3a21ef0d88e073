/* page_calendar.h — the back-office page of the working-day calendar (src/http/page_calendar.c): the
 * years of holiday schedules in use and the form an administrator loads a new year's schedule with.
 * Routes in src/http/routes.c, block "calendar routes". */
#ifndef GONGKAI_HTTP_PAGE_CALENDAR_H
#define GONGKAI_HTTP_PAGE_CALENDAR_H

#include "http/req.h"

int page_calendar_admin(struct req *r); /* GET /admin/calendar[?year=Y] (Y: prefill with Y's loaded text) */
int page_calendar_load(struct req *r);	/* POST /admin/calendar (field "schedule" or upload "file") */

#endif
