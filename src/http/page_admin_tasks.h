/* page_admin_tasks.h — task lines of the 工作台 per capability; each writes <li> rows into the page
 * and returns how many it wrote. */
#ifndef GONGKAI_HTTP_PAGE_ADMIN_TASKS_H
#define GONGKAI_HTTP_PAGE_ADMIN_TASKS_H

#include <stddef.h>

#include "http/req.h"

struct db;

/* 主动公开: items to review, approve, publish or revise, and items published late (by role). */
size_t workbench_info_tasks(struct req *r, struct db *db);
/* 依申请公开: applications overdue, due soon, unconfirmed, paused (handlers: their own; leaders: all). */
size_t workbench_apply_tasks(struct req *r, struct db *db);

#endif
