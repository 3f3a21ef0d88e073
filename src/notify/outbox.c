/* outbox.c — the notify_outbox table (migration 023): queueing a notice inside the producer's write
 * transaction, and delivering due rows one by one — claim (short transaction), send (no transaction
 * open: SMTP may be slow), record the result (short transaction) — with retries at a growing delay. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "notify/notify.h"
#include "util/buf.h"

int notify_enqueue(struct db *w, const struct notify_message *m, int64_t now)
{
	if (!m->recipient || !*m->recipient)
		return 0;
	struct db_stmt *st = db_prepare(
	    w, "INSERT INTO notify_outbox (application_id, kind, channel, recipient, subject, body, "
	       "attachment, created_at) VALUES (:app, :kind, :channel, :to, :subject, :body, :attach, :now)");
	db_bind_int(st, ":app", m->application_id);
	db_bind_text(st, ":kind", m->kind);
	db_bind_text(st, ":channel", m->channel);
	db_bind_text(st, ":to", m->recipient);
	db_bind_text(st, ":subject", m->subject ? m->subject : "");
	db_bind_text(st, ":body", m->body ? m->body : "");
	db_bind_text(st, ":attach", m->attachment ? m->attachment : "");
	db_bind_int(st, ":now", now);
	return db_step(st) == 0 ? 0 : -1;
}

int notify_config_check(const struct notify_config *cfg, char *err, size_t errsize)
{
	const char *url = cfg->smtp_url ? cfg->smtp_url : "";
	if (*url && strncmp(url, "smtp://", 7) != 0 && strncmp(url, "smtps://", 8) != 0) {
		snprintf(err, errsize, "配置项 smtp_url 应为空或以 smtp:// 或 smtps:// 开头，如 smtp://127.0.0.1:25。");
		return -1;
	}
	if (*url && (!cfg->mail_from || !strchr(cfg->mail_from, '@'))) {
		snprintf(err, errsize,
			 "设置了 smtp_url 时，配置项 mail_from 应为发件地址，如 gongkai@example.gov.cn。");
		return -1;
	}
	return 0;
}

/* A claimed row. */
struct row {
	int64_t id, application_id;
	int attempts;
	char channel[8], attachment[16];
	char *recipient, *subject, *body;
};

static void row_free(struct row *r)
{
	free(r->recipient);
	free(r->subject);
	free(r->body);
}

/* The ids of up to `limit` due rows (reader). *ids malloc'd. Returns the count or -1. */
static int due_ids(struct db *db, int64_t now, int limit, int64_t **ids)
{
	*ids = NULL;
	struct db_stmt *st = db_prepare(db, "SELECT id FROM notify_outbox WHERE status = 'pending' AND "
					    "next_attempt_at <= :now ORDER BY id LIMIT :limit");
	db_bind_int(st, ":now", now);
	db_bind_int(st, ":limit", limit);
	int n = 0, rc;
	while ((rc = db_step(st)) == 1) {
		*ids = xrealloc(*ids, (size_t)(n + 1) * sizeof **ids);
		(*ids)[n++] = db_column_int(st, 0);
	}
	return rc < 0 ? -1 : n;
}

/* Marks the row "sending" and reads it. Returns 1 claimed, 0 taken by someone else, -1 error. */
static int claim(struct store *store, int64_t id, struct row *r)
{
	struct db *w = store_write_begin(store);
	if (!w)
		return -1;
	struct db_stmt *st =
	    db_prepare(w, "UPDATE notify_outbox SET status = 'sending' WHERE id = :id AND "
			  "status = 'pending' RETURNING application_id, attempts, channel, attachment, "
			  "recipient, subject, body");
	db_bind_int(st, ":id", id);
	int rc = db_step(st);
	if (rc == 1) {
		r->id = id;
		r->application_id = db_column_int(st, 0);
		r->attempts = (int)db_column_int(st, 1);
		db_column_copy(st, 2, r->channel, sizeof r->channel);
		db_column_copy(st, 3, r->attachment, sizeof r->attachment);
		r->recipient = db_column_dup(st, 4);
		r->subject = db_column_dup(st, 5);
		r->body = db_column_dup(st, 6);
		db_reset(st);
	}
	if (store_write_end(store, rc == 1) != 0 && rc == 1) {
		row_free(r);
		return -1;
	}
	return rc;
}

/* Records the outcome: status sent/skipped/failed, or back to pending with the next attempt time. */
static int record(struct store *store, const struct row *r, const char *status, const char *error, int64_t now)
{
	int attempts = r->attempts + (strcmp(status, "skipped") == 0 ? 0 : 1);
	bool retry = strcmp(status, "failed") == 0 && attempts < NOTIFY_MAX_ATTEMPTS;
	int64_t delay = 60LL << (attempts < 6 ? attempts : 6); /* 2, 4, 8 … 64 minutes */
	struct db *w = store_write_begin(store);
	if (!w)
		return -1;
	struct db_stmt *st =
	    db_prepare(w, "UPDATE notify_outbox SET status = :status, attempts = :attempts, "
			  "next_attempt_at = :next, last_error = :error, sent_at = :sent WHERE id = :id");
	db_bind_text(st, ":status", retry ? "pending" : status);
	db_bind_int(st, ":attempts", attempts);
	db_bind_int(st, ":next", retry ? now + delay : 0);
	db_bind_text(st, ":error", error ? error : "");
	if (strcmp(status, "sent") == 0)
		db_bind_int(st, ":sent", now);
	else
		db_bind_null(st, ":sent");
	db_bind_int(st, ":id", r->id);
	int rc = db_step(st) == 0 ? 0 : -1;
	return store_write_end(store, rc == 0) == 0 ? rc : -1;
}

/* Sends one claimed row (no transaction open). Returns the status word; err set on failure. */
static const char *send_row(struct store *store, const struct notify_config *cfg, const struct row *r, char *err,
			    size_t errsize)
{
	if (strcmp(r->channel, "sms") == 0) {
		if (!cfg->sms_command || !*cfg->sms_command)
			return "skipped";
		return notify_sms_send(cfg->sms_command, r->recipient, r->body, err, errsize) == 0 ? "sent" : "failed";
	}
	if (!cfg->smtp_url || !*cfg->smtp_url)
		return "skipped";
	unsigned char *data = NULL;
	size_t len = 0;
	char name[96] = "";
	if (r->attachment[0] &&
	    (!cfg->attachment || cfg->attachment(store_reader(store), r->application_id, r->attachment, &data, &len,
						 name, sizeof name) != 0)) {
		snprintf(err, errsize, "无法生成附件 %s", r->attachment);
		return "failed";
	}
	int rc = notify_smtp_send(cfg, r->recipient, r->subject, r->body, data, len, name, err, errsize);
	free(data);
	return rc == 0 ? "sent" : "failed";
}

int notify_deliver_due(struct store *store, const struct notify_config *cfg, int64_t now, int limit)
{
	int64_t *ids;
	int n = due_ids(store_reader(store), now, limit, &ids);
	int handled = 0;
	for (int i = 0; i < n; i++) {
		struct row r = {0};
		int rc = claim(store, ids[i], &r);
		if (rc < 0) {
			handled = -1;
			break;
		}
		if (rc == 0)
			continue;
		char err[256] = "";
		const char *status = send_row(store, cfg, &r, err, sizeof err);
		if (*err)
			fprintf(stderr, "gongkai notify: 通知 %lld 发送失败（第 %d 次）：%s\n", (long long)r.id,
				r.attempts + 1, err);
		rc = record(store, &r, status, err, now);
		row_free(&r);
		if (rc != 0) {
			handled = -1;
			break;
		}
		handled++;
	}
	free(ids);
	return n < 0 ? -1 : handled;
}
