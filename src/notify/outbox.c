/* outbox.c — the notify_outbox table (migration 023): queueing a notice inside the producer's write
 * transaction, and delivering due rows one by one — claim (short transaction), send (no transaction
 * open: SMTP may be slow), record the result (short transaction) — with retries at a growing delay. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "notify/notify.h"
#include "util/buf.h"
#include "util/log.h"
#include "util/outcome.h"

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
	return db_step_later(st); /* PostgreSQL: read with the job's next statement or its end */
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

/* The ids of up to `limit` due rows (reader): pending ones whose time came, and claims older than the
 * lease (their sender died while sending). *ids malloc'd. Returns the count or -1. */
static int due_ids(struct db *db, int64_t now, int limit, int64_t **ids)
{
	*ids = NULL;
	struct db_stmt *st =
	    db_prepare(db, "SELECT id FROM notify_outbox WHERE (status = 'pending' AND next_attempt_at <= :now) OR "
			   "(status = 'sending' AND claimed_at < :stale) ORDER BY id LIMIT :limit");
	db_bind_int(st, ":now", now);
	db_bind_int(st, ":stale", now - NOTIFY_CLAIM_LEASE);
	db_bind_int(st, ":limit", limit);
	int n = 0, rc;
	while ((rc = db_step(st)) == 1) {
		*ids = xrealloc(*ids, (size_t)(n + 1) * sizeof **ids);
		(*ids)[n++] = db_column_int(st, 0);
	}
	return rc < 0 ? -1 : n;
}

struct claim_job {
	int64_t id;
	const char *claimant;
	int64_t now;
	struct row *row;
	int claimed; /* 1 claimed, 0 taken by someone else */
};

/* Marks the row "sending" and reads it (on the writer; repeatable: it frees what a run before read). */
static enum outcome_code claim_run(struct db *w, void *ctx, struct outcome *out)
{
	struct claim_job *j = ctx;
	row_free(j->row);
	memset(j->row, 0, sizeof *j->row);
	j->claimed = 0;
	struct db_stmt *st =
	    db_prepare(w, "UPDATE notify_outbox SET status = 'sending', claimed_by = :me, claimed_at = :now "
			  "WHERE id = :id AND (status = 'pending' OR (status = 'sending' AND claimed_at < :stale)) "
			  "RETURNING application_id, attempts, channel, attachment, recipient, subject, body");
	db_bind_int(st, ":id", j->id);
	db_bind_text(st, ":me", j->claimant);
	db_bind_int(st, ":now", j->now);
	db_bind_int(st, ":stale", j->now - NOTIFY_CLAIM_LEASE);
	int rc = db_step(st);
	if (rc < 0)
		return outcome_fail(out, OUTCOME_STORAGE, NULL, "领取待发通知时数据库出错。");
	if (rc == 1) {
		struct row *r = j->row;
		r->id = j->id;
		r->application_id = db_column_int(st, 0);
		r->attempts = (int)db_column_int(st, 1);
		db_column_copy(st, 2, r->channel, sizeof r->channel);
		db_column_copy(st, 3, r->attachment, sizeof r->attachment);
		r->recipient = db_column_dup(st, 4);
		r->subject = db_column_dup(st, 5);
		r->body = db_column_dup(st, 6);
		db_reset(st);
		j->claimed = 1;
	}
	return OUTCOME_OK;
}

/* Claims row id through store_write. Returns 1 claimed (r filled), 0 taken by someone else, -1 when the
 * claim was not committed (logged; the row stays pending). */
static int claim(struct store *store, const char *claimant, int64_t now, int64_t id, struct row *r)
{
	struct claim_job job = {id, claimant ? claimant : "", now, r, 0};
	struct outcome out;
	if (store_write(store, claim_run, &job, &out) != OUTCOME_OK) {
		row_free(r);
		memset(r, 0, sizeof *r);
		log_msg(LOG_ERROR, NULL, "notify: 通知 %lld 未能领取（%s），留待下次发送", (long long)id, out.message);
		return -1;
	}
	return job.claimed;
}

struct record_job {
	const struct row *row;
	const char *status, *error;
	int64_t now;
};

static enum outcome_code record_run(struct db *w, void *ctx, struct outcome *out)
{
	const struct record_job *j = ctx;
	int attempts = j->row->attempts + (strcmp(j->status, "skipped") == 0 ? 0 : 1);
	bool retry = strcmp(j->status, "failed") == 0 && attempts < NOTIFY_MAX_ATTEMPTS;
	int64_t delay = 60LL << (attempts < 6 ? attempts : 6); /* 2, 4, 8 … 64 minutes */
	struct db_stmt *st =
	    db_prepare(w, "UPDATE notify_outbox SET status = :status, attempts = :attempts, "
			  "next_attempt_at = :next, last_error = :error, sent_at = :sent WHERE id = :id");
	db_bind_text(st, ":status", retry ? "pending" : j->status);
	db_bind_int(st, ":attempts", attempts);
	db_bind_int(st, ":next", retry ? j->now + delay : 0);
	db_bind_text(st, ":error", j->error ? j->error : "");
	if (strcmp(j->status, "sent") == 0)
		db_bind_int(st, ":sent", j->now);
	else
		db_bind_null(st, ":sent");
	db_bind_int(st, ":id", j->row->id);
	return db_step(st) == 0 ? OUTCOME_OK
				: outcome_fail(out, OUTCOME_STORAGE, NULL, "记录通知发送结果时数据库出错。");
}

/* Records the outcome through store_write: status sent/skipped/failed, or back to pending with the next
 * attempt time. Returns 0, or -1 when it was not committed: logged, and the row stays "sending" until
 * notify_release_claimed puts it back to pending (a notice may then go out twice, never not at all). */
static int record(struct store *store, const struct row *r, const char *status, const char *error, int64_t now)
{
	struct record_job job = {r, status, error, now};
	struct outcome out;
	if (store_write(store, record_run, &job, &out) == OUTCOME_OK)
		return 0;
	log_msg(LOG_ERROR, NULL, "notify: 通知 %lld 的发送结果（%s）未能保存：%s；将重新排队", (long long)r->id, status,
		out.message);
	return -1;
}

struct release_job {
	const char *claimant;
	int64_t now;
};

static enum outcome_code release_run(struct db *w, void *ctx, struct outcome *out)
{
	const struct release_job *j = ctx;
	struct db_stmt *st = db_prepare(w, "UPDATE notify_outbox SET status = 'pending' WHERE status = 'sending' "
					   "AND (claimed_by = :me OR claimed_at < :stale)");
	db_bind_text(st, ":me", j->claimant);
	db_bind_int(st, ":stale", j->now - NOTIFY_CLAIM_LEASE);
	return db_step(st) == 0 ? OUTCOME_OK : outcome_fail(out, OUTCOME_STORAGE, NULL, "数据库出错。");
}

int notify_release_claimed(struct store *store, const char *claimant, int64_t now)
{
	struct outcome out;
	struct release_job job = {claimant ? claimant : "", now};
	if (store_write(store, release_run, &job, &out) == OUTCOME_OK)
		return 0;
	log_msg(LOG_ERROR, NULL, "notify: 未能把发送中的通知放回待发队列：%s", out.message);
	return -1;
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

struct skip_job {
	bool email, sms; /* the channels to skip: not configured */
	const char *claimant;
	int64_t now;
	int skipped;
};

/* Marks every due row of the unconfigured channels "skipped" and names this sender on it, as claim,
 * send_row and record would one by one. */
static enum outcome_code skip_run(struct db *w, void *ctx, struct outcome *out)
{
	struct skip_job *j = ctx;
	j->skipped = 0;
	for (int i = 0; i < 2; i++) {
		if (!(i == 0 ? j->email : j->sms))
			continue;
		struct db_stmt *st =
		    db_prepare(w, "UPDATE notify_outbox SET status = 'skipped', next_attempt_at = 0, last_error = '', "
				  "sent_at = NULL, "
				  "claimed_by = :me, claimed_at = :now "
				  "WHERE channel = :channel AND ((status = 'pending' AND next_attempt_at <= :now) OR "
				  "(status = 'sending' AND claimed_at < :stale))");
		db_bind_text(st, ":channel", i == 0 ? "email" : "sms");
		db_bind_text(st, ":me", j->claimant);
		db_bind_int(st, ":now", j->now);
		db_bind_int(st, ":stale", j->now - NOTIFY_CLAIM_LEASE);
		if (db_step(st) < 0)
			return outcome_fail(out, OUTCOME_STORAGE, NULL, "记录未配置渠道的通知时数据库出错。");
		j->skipped += (int)db_changes(w);
	}
	return OUTCOME_OK;
}

/* Settles the due rows of channels that are not configured in one write, instead of a claim and a
 * result per row. Returns how many, or -1 when it was not committed (logged; the rows stay due). */
static int skip_unconfigured(struct store *store, const struct notify_config *cfg, int64_t now)
{
	struct skip_job job = {!cfg->smtp_url || !*cfg->smtp_url, !cfg->sms_command || !*cfg->sms_command,
			       cfg->claimant ? cfg->claimant : "", now, 0};
	if (!job.email && !job.sms)
		return 0;
	struct outcome out;
	if (store_write(store, skip_run, &job, &out) != OUTCOME_OK) {
		log_msg(LOG_ERROR, NULL, "notify: 未配置渠道的通知未能记为跳过（%s），留待下次", out.message);
		return -1;
	}
	return job.skipped;
}

int notify_deliver_due(struct store *store, const struct notify_config *cfg, int64_t now, int limit)
{
	int handled = skip_unconfigured(store, cfg, now);
	if (handled < 0)
		return -1;
	int64_t *ids;
	int n = due_ids(store_reader(store), now, limit, &ids);
	for (int i = 0; i < n; i++) {
		struct row r = {0};
		int rc = claim(store, cfg->claimant, now, ids[i], &r);
		if (rc < 0) {
			handled = -1;
			break;
		}
		if (rc == 0)
			continue;
		char err[256] = "";
		const char *status = send_row(store, cfg, &r, err, sizeof err);
		if (*err)
			log_msg(LOG_WARN, NULL, "notify: 通知 %lld 发送失败（第 %d 次）：%s", (long long)r.id,
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
