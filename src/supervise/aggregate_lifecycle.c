/* aggregate_lifecycle.c — approve, publish and correct the aggregated report (aggregate.h) through the
 * agency report's own lifecycle (src/annual/lifecycle.c, annual_approve_draft / annual_publish_draft):
 * the aggregate is stored as the supervising agency's annual_report with source "aggregate", so what
 * is published is what the leader approved and what the parts say now (the draft is built again and
 * must equal the approved JSON — which is how the hierarchy rule holds for every published aggregate),
 * a report with checker errors is never published, published versions are frozen by the annual
 * triggers and appear on the portal, and a correction needs a change note. This file adds who may act
 * (the supervising agency or an agency above it) and the draft builder. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "annual/annual_archive.h"
#include "domain/accounts.h"
#include "supervise/aggregate.h"

#define APPROVE_ROLES ROLE_LEADER
#define PUBLISH_ROLES (ROLE_SUPERVISOR | ROLE_LEADER | ROLE_ADMIN)

/* The annual_draft builder: the aggregate's JSON (parts included) and its report model. */
static int aggregate_draft(struct db *w, const struct annual_env *env, int64_t agency_id, int year, void *ctx,
			   struct buf *json, struct report *r, struct findings *f, char *err, size_t errsize)
{
	(void)ctx;
	struct aggregate a;
	int rc = aggregate_build(w, env, agency_id, year, NULL, 0, &a, err, errsize);
	if (rc == 0) {
		aggregate_to_json(&a, json);
		for (size_t i = 0; f && i < a.findings.n; i++) {
			const struct finding *x = &a.findings.v[i];
			findings_add(f, x->rule, x->severity, x->incomplete, x->table, x->row, x->column, "%s",
				     x->message);
		}
	}
	*r = a.report; /* the model moves to the caller */
	report_init(&a.report, REPORT_EDITION_2021);
	aggregate_free(&a);
	return rc;
}

static const struct annual_draft draft_source = {AGGREGATE_SOURCE, aggregate_draft, NULL};

static int refuse(char *err, size_t errsize, const char *message)
{
	snprintf(err, errsize, "%s", message);
	return 0;
}

int64_t aggregate_approve(struct db *w, const struct annual_env *env, const struct actor *actor, int64_t agency_id,
			  int year, const char *change_note, int64_t now, struct findings *f, char *err, size_t errsize)
{
	if (!aggregate_actor_may(w, actor, agency_id, APPROVE_ROLES))
		return refuse(err, errsize, "只有本机关或上级机关的审批领导可以批准汇总年报");
	return annual_approve_draft(w, env, actor, agency_id, year, change_note, &draft_source, now, f, err, errsize);
}

int aggregate_publish(struct db *w, const struct annual_env *env, const struct actor *actor, int64_t agency_id,
		      int year, int64_t now, struct findings *f, char *err, size_t errsize)
{
	if (!aggregate_actor_may(w, actor, agency_id, PUBLISH_ROLES))
		return refuse(err, errsize, "只有本机关或上级机关的公开办督查、审批领导或管理员可以发布汇总年报");
	return annual_publish_draft(w, env, actor, agency_id, year, &draft_source, now, f, err, errsize);
}

char *aggregate_published_json(struct db *db, int64_t agency_id, int year, int version)
{
	struct annual_version v;
	if (annual_version_public(db, agency_id, year, version, &v) != 1 || v.status == ANNUAL_IMPORTED ||
	    strcmp(v.source, AGGREGATE_SOURCE) != 0)
		return NULL;
	return annual_version_json(db, v.id);
}
