/* outbox.c — the notify_outbox table (migration 023): queueing a notice inside the producer's write
 * transaction, and delivering due rows one by one — claim (short transaction), send (no transaction
 * open: SMTP may be slow), record the result (short transaction) — with retries at a growing delay.
 * Rows of a channel that is not configured are marked skipped in one transaction per pass. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "notify/notify.h"
#include "util/buf.h"
#include "util/log.h"
#include "util/outcome.h"

/* The parameter names of the first and the second row of an INSERT into notify_outbox. */
static const char *const row1[] = {":app", ":kind", ":channel", ":to", ":subject", ":body", ":attach"};
static const char *const row2[] = {":app2", ":kind2", ":channel2", ":to2", ":subject2", ":body2", ":attach2"};

static void bind_message(struct db_stmt *st, const char *const names[7], const struct notify_message *m)
{
	db_bind_int(st, names[0], m->application_id);
	db_bind_text(st, names[1], m->kind);
	db_bind_text(st, names[2], m->channel);
	db_bind_text(st, names[3], m->recipient);
	db_bind_text(st, names[4], m->subject ? m->subject : "");
	db_bind_text(st, names[5], m->body ? m->body : "");
	db_bind_text(st, names[6], m->attachment ? m->attachment : "");
}

static bool has_recipient(const struct notify_message *m)
{
	return m->recipient && *m->recipient;
}

int notify_enqueue(struct db *w, const struct notify_message *m, int64_t now)
{
	if (!has_recipient(m))
		return 0;
	struct db_stmt *st = db_prepare(
	    w, "INSERT INTO notify_outbox (application_id, kind, channel, recipient, subject, body, "
	       "attachment, created_at) VALUES (:app, :kind, :channel, :to, :subject, :body, :attach, :now)");
	bind_message(st, row1, m);
	db_bind_int(st, ":now", now);
	return db_step_later(st); /* PostgreSQL: read with the job's next statement or its end */
}

int notify_enqueue_pair(struct db *w, const struct notify_message *first, const struct notify_message *second,
			int64_t now)
{
	if (!has_recipient(first) || !has_recipient(second))
		return notify_enqueue(w, first, now) == 0 && notify_enqueue(w, second, now) == 0 ? 0 : -1;
	struct db_stmt *st = db_prepare(
	    w, "INSERT INTO notify_outbox (application_id, kind, channel, recipient, subject, body, "
	       "attachment, created_at) VALUES (:app, :kind, :channel, :to, :subject, :body, :attach, :now), "
	       "(:app2, :kind2, :channel2, :to2, :subject2, :body2, :attach2, :now)");
	bind_message(st, row1, first);
	bind_message(st, row2, second);
	db_bind_int(st, ":now", now);
	return db_step_later(st);
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

static bool channel_configured(const struct notify_config *cfg, const char *channel)
{
	const char *how = strcmp(channel, "sms") == 0 ? cfg->sms_command : cfg->smtp_url;
	return how && *how;
}

/* Binds :email and :sms of a statement that selects the due rows of some channels (DUE_OF_CHANNELS):
 * 1 for the channels wanted, configured ones or not. Returns how many channels are wanted. */
static int bind_channels(struct db_stmt *st, const struct notify_config *cfg, bool configured)
{
	bool email = channel_configured(cfg, "email") == configured, sms = channel_configured(cfg, "sms") == configured;
	db_bind_bool(st, ":email", email);
	db_bind_bool(st, ":sms", sms);
	return email + sms;
}

/* The rows due at :now (pending ones whose time came, and claims older than the lease :stale: their
 * sender died while sending) of the channels bound by bind_channels. */
#define DUE_OF_CHANNELS                                                                                                \
	"((status = 'pending' AND next_attempt_at <= :now) OR (status = 'sending' AND claimed_at < :stale)) AND "      \
	"((channel = 'email' AND :email = 1) OR (channel = 'sms' AND :sms = 1))"

/* The ids of up to `limit` due rows of the configured channels, in id order (reader). *ids malloc'd.
 * Returns the count or -1. */
static int due_ids(struct db *db, const struct notify_config *cfg, int64_t now, int limit, int64_t **ids)
{
	*ids = NULL;
	struct db_stmt *st =
	    db_prepare(db, "SELECT id FROM notify_outbox WHERE " DUE_OF_CHANNELS " ORDER BY id LIMIT :limit");
	if (limit <= 0 || bind_channels(st, cfg, true) == 0) {
		db_reset(st);
		return 0;
	}
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

/* Runs a statement that takes rows for :me at :now if they are pending or their claim is older than the
 * lease (:stale). Returns db_step's result. */
static int step_taking(struct db_stmt *st, const char *claimant, int64_t now)
{
	db_bind_text(st, ":me", claimant);
	db_bind_int(st, ":now", now);
	db_bind_int(st, ":stale", now - NOTIFY_CLAIM_LEASE);
	return db_step(st);
}

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
	int rc = step_taking(st, j->claimant, j->now);
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
	int attempts = j->row->attempts + 1;
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

/* Records the outcome through store_write: status sent/failed, or back to pending with the next
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

/* Sends one claimed row of a configured channel (no transaction open). Returns "sent" or "failed" (err
 * set). */
static const char *send_row(struct store *store, const struct notify_config *cfg, const struct row *r, char *err,
			    size_t errsize)
{
	if (strcmp(r->channel, "sms") == 0)
		return notify_sms_send(cfg->sms_command, r->recipient, r->body, err, errsize) == 0 ? "sent" : "failed";
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
	const struct notify_config *cfg;
	int64_t now;
	int limit, skipped;
};

/* Marks up to j->limit due rows of the unconfigured channels "skipped" with one statement, as claiming
 * and recording each would (claimed by this sender, attempts unchanged, no error, not sent). Another
 * sender cannot take a row between the subquery and the update: its claims are write jobs too, and
 * write jobs take turns (on PostgreSQL across instances as well). Repeatable: it recounts. */
static enum outcome_code skip_run(struct db *w, void *ctx, struct outcome *out)
{
	struct skip_job *j = ctx;
	struct db_stmt *st = db_prepare(
	    w, "UPDATE notify_outbox SET status = 'skipped', claimed_by = :me, claimed_at = :now, next_attempt_at = 0, "
	       "last_error = '', sent_at = NULL WHERE id IN (SELECT id FROM notify_outbox WHERE " DUE_OF_CHANNELS
	       " LIMIT :limit)");
	bind_channels(st, j->cfg, false);
	db_bind_int(st, ":limit", j->limit);
	if (step_taking(st, j->cfg->claimant ? j->cfg->claimant : "", j->now) != 0)
		return outcome_fail(out, OUTCOME_STORAGE, NULL, "记录跳过的通知时数据库出错。");
	j->skipped = (int)db_changes(w);
	return OUTCOME_OK;
}

/* Up to `limit` due rows of the channels that are not configured, skipped together (one statement in
 * one write transaction, not a claim and a result transaction per row). Returns how many were skipped,
 * or -1 when it was not committed (logged; the rows stay due). */
static int skip_unsendable(struct store *store, const struct notify_config *cfg, int64_t now, int limit)
{
	if (channel_configured(cfg, "email") && channel_configured(cfg, "sms"))
		return 0;
	struct skip_job job = {cfg, now, limit, 0};
	struct outcome out;
	if (store_write(store, skip_run, &job, &out) == OUTCOME_OK)
		return job.skipped;
	log_msg(LOG_ERROR, NULL, "notify: 未配置渠道的通知未能标记为跳过：%s", out.message);
	return -1;
}

/* Claims, sends and records one row of a configured channel. Returns 1 handled, 0 taken by another
 * sender, -1 when a claim or a result was not committed (logged). */
static int deliver_one(struct store *store, const struct notify_config *cfg, int64_t now, int64_t id)
{
	struct row r = {0};
	int rc = claim(store, cfg->claimant, now, id, &r);
	if (rc <= 0)
		return rc;
	char err[256] = "";
	const char *status = send_row(store, cfg, &r, err, sizeof err);
	if (*err)
		log_msg(LOG_WARN, NULL, "notify: 通知 %lld 发送失败（第 %d 次）：%s", (long long)r.id, r.attempts + 1,
			err);
	rc = record(store, &r, status, err, now);
	row_free(&r);
	return rc == 0 ? 1 : -1;
}

int notify_deliver_due(struct store *store, const struct notify_config *cfg, int64_t now, int limit)
{
	int handled = skip_unsendable(store, cfg, now, limit);
	int64_t *ids = NULL;
	int n = handled < 0 ? 0 : due_ids(store_reader(store), cfg, now, limit - handled, &ids);
	if (n < 0)
		handled = -1;
	for (int i = 0; i < n && handled >= 0; i++) {
		int rc = deliver_one(store, cfg, now, ids[i]);
		handled = rc < 0 ? -1 : handled + rc;
	}
	free(ids);
	return handled;
}
