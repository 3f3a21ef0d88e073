/* page_supervision.h — 督办 across the agency tree in the back office (page_supervision.c): the
 * supervisor's list of urgent applications of the whole subtree and of the notices sent, the 督办
 * block of an application's page (the notices, the answer form for the agency's handler or leader,
 * the send form for a supervisor above it), the 工作台 lines, and the per-agency figures of a year
 * (page, CSV, XLSX) for 年度考核. See docs/supervision.md. */
#ifndef GONGKAI_HTTP_PAGE_SUPERVISION_H
#define GONGKAI_HTTP_PAGE_SUPERVISION_H

#include <stddef.h>

#include "apply/apply.h"
#include "http/req.h"

/* GET /admin/supervision: supervisors — the due-soon, overdue and paused applications of the acted-for
 * agency's subtree and the notices sent; handlers and leaders — the notices waiting for their answer. */
int page_supervision(struct req *r);
/* POST /admin/supervision/notice (no, body, reply_by): a supervisor sends a 督办 notice. */
int page_supervision_send(struct req *r);
/* POST /admin/supervision/answer (id, answer): the agency's handler or leader answers it. */
int page_supervision_answer(struct req *r);
/* GET /admin/supervision/figures?year=Y[&format=csv|xlsx]: per-agency figures over the subtree. */
int page_supervision_figures(struct req *r);

/* The 督办 section of an application's page (page_apply_handle.c). */
void page_supervision_block(struct req *r, struct db *db, const struct application *a);

/* 工作台 lines: supervisors — the subtree's overdue, due-soon and paused applications and the notices
 * past their reply deadline; handlers and leaders — each notice waiting for an answer. Returns the
 * number of <li> written. */
size_t workbench_supervision_tasks(struct req *r, struct db *db);

#endif
