/* notice.c — 整改 notices from a supervisor to an agency below it, and the agency's answer (notice.h).
 * Stored in supervise_notice (migrations/055_supervise.sql); each write is audited. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "calendar/calendar.h"
#include "domain/accounts.h"
#include "domain/agency.h"
#include "domain/audit.h"
#include "supervise/notice.h"
#include "util/buf.h"

#define REPLY_ROLES (ROLE_EDITOR | ROLE_LEADER | ROLE_ADMIN)

static bool blank(const char *s)
{
	for (; s && *s; s++)
		if (*s != ' ' && *s != '\n' && *s != '\r' && *s != '\t')
			return false;
	return true;
}

static int fail(char *err, size_t errsize, const char *message)
{
	snprintf(err, errsize, "%s", message);
	return 0;
}

/* Checks the input; fills *year and *due. Returns 1, or 0 with err naming the field. */
static int check_input(struct db *w, const struct actor *actor, const struct notice_input *in, int today, int *year,
		       int *due, char *err, size_t errsize)
{
	if (!actor || (!actor->system && !(actor->roles & (ROLE_ADMIN | ROLE_SUPERVISOR))))
		return fail(err, errsize, "只有督查或管理员可以发出整改通知");
	if (in->agency_id == actor->agency_id || agency_within(w, in->agency_id, actor->agency_id) != 1)
		return fail(err, errsize, "机关：只能向本机关的下级机关发出整改通知");
	char *end = NULL;
	long y = in->year ? strtol(in->year, &end, 10) : 0;
	if (!in->year || *end || y < 2008 || y > 9999)
		return fail(err, errsize, "年度：请填写四位数的统计年度");
	*year = (int)y;
	if (blank(in->body) || strlen(in->body) > NOTICE_BODY_MAX)
		return fail(err, errsize, "整改要求：请填写（不超过 4000 字节）");
	if (!in->reply_due || cal_parse_iso(in->reply_due, strlen(in->reply_due), due) < 0)
		return fail(err, errsize, "答复期限：请填写日期（YYYY-MM-DD）");
	if (*due < today)
		return fail(err, errsize, "答复期限：不能早于今天");
	if ((in->rule && strlen(in->rule) > 15) || (in->finding && strlen(in->finding) > 1000))
		return fail(err, errsize, "发现：规则或内容过长");
	return 1;
}

int64_t notice_send(struct db *w, const struct actor *actor, const struct notice_input *in, int today, int64_t now,
		    char *err, size_t errsize)
{
	int year = 0, due = 0;
	if (check_input(w, actor, in, today, &year, &due, err, errsize) != 1)
		return 0;
	struct db_stmt *st = db_prepare(
	    w,
	    "INSERT INTO supervise_notice (agency_id, from_agency_id, year, rule, finding, body, reply_due, sent_by, "
	    "sent_at) VALUES (:agency, :from, :year, :rule, :finding, :body, :due, :user, :now) RETURNING id");
	int64_t id = -1;
	if (!st)
		return -1;
	db_bind_int(st, ":agency", in->agency_id);
	db_bind_int(st, ":from", actor->agency_id);
	db_bind_int(st, ":year", year);
	db_bind_text(st, ":rule", in->rule ? in->rule : "");
	db_bind_text(st, ":finding", in->finding ? in->finding : "");
	db_bind_text(st, ":body", in->body);
	db_bind_text(st, ":due", in->reply_due);
	db_bind_int(st, ":user", actor->user_id);
	db_bind_int(st, ":now", now);
	if (db_step_int(st, &id) != 1)
		return -1;
	char detail[64];
	snprintf(detail, sizeof detail, "%d %s", year, in->rule ? in->rule : "");
	return audit_append(w, actor->user_id, in->agency_id, "supervise.notice", "supervise_notice", id, detail,
			    actor->ip, now) < 0
		   ? -1
		   : id;
}

bool notice_may_reply(struct db *db, const struct actor *actor, const struct notice *n)
{
	if (!actor)
		return false;
	if (actor->system)
		return true;
	if (!n->agency_external)
		return actor->agency_id == n->agency_id && (actor->roles & REPLY_ROLES);
	return (actor->roles & (ROLE_ADMIN | ROLE_SUPERVISOR)) && actor->agency_id != n->agency_id &&
	       agency_within(db, n->agency_id, actor->agency_id) == 1;
}

bool notice_visible(struct db *db, const struct actor *actor, const struct notice *n)
{
	if (!actor)
		return false;
	if (actor->system || actor->agency_id == n->agency_id)
		return true;
	return (actor->roles & (ROLE_ADMIN | ROLE_SUPERVISOR)) &&
	       agency_within(db, n->agency_id, actor->agency_id) == 1;
}

int notice_reply(struct db *w, const struct actor *actor, int64_t id, const char *reply, int64_t now, char *err,
		 size_t errsize)
{
	struct notice *n = xmalloc(sizeof *n);
	int rc = notice_get(w, id, n);
	if (rc == 0)
		snprintf(err, errsize, "整改通知 %lld 不存在", (long long)id);
	else if (rc == 1 && !notice_may_reply(w, actor, n))
		rc = fail(err, errsize, "只有被通知机关的编辑、审批领导或管理员可以答复");
	else if (rc == 1 && n->replied_at)
		rc = fail(err, errsize, "该整改通知已答复");
	else if (rc == 1 && (blank(reply) || strlen(reply) > NOTICE_BODY_MAX))
		rc = fail(err, errsize, "答复：请填写（不超过 4000 字节）");
	if (rc == 1) {
		struct db_stmt *st = db_prepare(w, "UPDATE supervise_notice SET reply = :reply, replied_by = :user, "
						   "replied_at = :now WHERE id = :id AND replied_at = 0");
		db_bind_text(st, ":reply", reply);
		db_bind_int(st, ":user", actor->user_id);
		db_bind_int(st, ":now", now);
		db_bind_int(st, ":id", id);
		if (db_step(st) != 0 || audit_append(w, actor->user_id, n->agency_id, "supervise.reply",
						     "supervise_notice", id, NULL, actor->ip, now) < 0)
			rc = -1;
	}
	free(n);
	return rc;
}

#define NOTICE_COLUMNS                                                                                                 \
	"SELECT n.id, n.agency_id, n.from_agency_id, n.year, n.rule, n.finding, n.body, n.reply_due, n.sent_by, "      \
	"n.sent_at, n.reply, n.replied_by, n.replied_at FROM supervise_notice n "

static void read_row(struct db *db, struct db_stmt *st, struct notice *n)
{
	memset(n, 0, sizeof *n);
	n->id = db_column_int(st, 0);
	n->agency_id = db_column_int(st, 1);
	n->from_agency_id = db_column_int(st, 2);
	n->year = (int)db_column_int(st, 3);
	snprintf(n->rule, sizeof n->rule, "%s", db_column_text(st, 4));
	snprintf(n->finding, sizeof n->finding, "%s", db_column_text(st, 5));
	snprintf(n->body, sizeof n->body, "%s", db_column_text(st, 6));
	const char *due = db_column_text(st, 7);
	if (!due || cal_parse_iso(due, strlen(due), &n->reply_due) < 0)
		n->reply_due = CAL_NO_DAY;
	n->sent_by = db_column_int(st, 8);
	n->sent_at = db_column_int(st, 9);
	snprintf(n->reply, sizeof n->reply, "%s", db_column_text(st, 10));
	n->replied_by = db_column_int(st, 11);
	n->replied_at = db_column_int(st, 12);
	(void)db;
}

/* Fills the agencies' names and whether the addressee is external. */
static void read_names(struct db *db, struct notice *n)
{
	struct agency a;
	if (agency_get(db, n->agency_id, &a) == 1) {
		snprintf(n->agency_name, sizeof n->agency_name, "%s", a.name);
		n->agency_external = a.external;
	}
	if (agency_get(db, n->from_agency_id, &a) == 1)
		snprintf(n->from_agency_name, sizeof n->from_agency_name, "%s", a.name);
}

int notice_get(struct db *db, int64_t id, struct notice *out)
{
	struct db_stmt *st = db_prepare(db, NOTICE_COLUMNS "WHERE n.id = :id");
	if (!st)
		return -1;
	db_bind_int(st, ":id", id);
	int rc = db_step(st);
	if (rc != 1)
		return rc;
	read_row(db, st, out);
	db_reset(st);
	read_names(db, out);
	return 1;
}

int notice_list(struct db *db, const struct actor *actor, int year, struct notice **out, size_t *count)
{
	*out = NULL;
	*count = 0;
	struct db_stmt *st =
	    db_prepare(db, NOTICE_COLUMNS "WHERE (:year = 0 OR n.year = :year) ORDER BY n.sent_at DESC, n.id DESC");
	if (!st)
		return -1;
	db_bind_int(st, ":year", year);
	size_t cap = 0;
	int rc;
	struct notice *n = xmalloc(sizeof *n);
	while ((rc = db_step(st)) == 1) {
		read_row(db, st, n);
		if (*count == cap) {
			cap = cap ? cap * 2 : 8;
			*out = xrealloc(*out, cap * sizeof **out);
		}
		(*out)[(*count)++] = *n;
	}
	free(n);
	size_t kept = 0;
	for (size_t i = 0; rc == 0 && i < *count; i++) {
		read_names(db, &(*out)[i]);
		if (notice_visible(db, actor, &(*out)[i]))
			(*out)[kept++] = (*out)[i];
	}
	*count = rc == 0 ? kept : 0;
	if (*count == 0) {
		free(*out);
		*out = NULL;
	}
	return rc;
}
