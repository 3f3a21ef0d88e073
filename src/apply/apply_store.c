/* apply_store.c — recording and reading applications: submission (online or staff intake) with the
 * tracking number, the once-shown query code, the idempotency key and the per-address rate limit;
 * lookups by tracking number (for staff, and for the applicant with the query code); the audited
 * full view of personal data; assignment to a handler.
 *
 * Durability: apply_submit returns once its batch is committed and on disk (storage/db.h), so the
 * caller acknowledges only what is on disk. The query code is never stored: only SHA-256 of
 * tracking_no ':' code. When the submission carries an idempotency key, the request's fingerprint
 * (SHA-256 of the key, the source address and user, and every submitted field) is stored with it and
 * the code is derived from the fingerprint with HMAC-SHA256 under a per-installation secret
 * (settings.apply_code_secret): only the very same request from the same source replays and sees the
 * same code again; the key with anything else is refused (409) without revealing the first one. */
#include <inttypes.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "apply/apply_internal.h"
#include "domain/accounts.h"
#include "domain/audit.h"
#include "util/buf.h"

static const char code_alphabet[] = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"; /* 32 symbols, no 0/O 1/I */

int apply_day_of(const char *iso)
{
	int day = CAL_NO_DAY;
	if (!iso || cal_parse_iso(iso, strlen(iso), &day) != 0)
		return CAL_NO_DAY;
	return day;
}

void apply_code_hash(const char *tracking_no, const char *code, char out[APPLY_HASH_HEX])
{
	crypto_hash_sha256_state s;
	unsigned char digest[crypto_hash_sha256_BYTES];
	crypto_hash_sha256_init(&s);
	crypto_hash_sha256_update(&s, (const unsigned char *)tracking_no, strlen(tracking_no));
	crypto_hash_sha256_update(&s, (const unsigned char *)":", 1);
	crypto_hash_sha256_update(&s, (const unsigned char *)code, strlen(code));
	crypto_hash_sha256_final(&s, digest);
	sodium_bin2hex(out, APPLY_HASH_HEX, digest, sizeof digest);
}

void apply_row_read(struct db_stmt *st, struct application *a)
{
	memset(a, 0, sizeof *a);
	a->id = db_column_int(st, 0);
	a->agency_id = db_column_int(st, 1);
	a->handler_id = db_column_int(st, 2);
	a->entered_by = db_column_int(st, 3);
	a->created_at = db_column_int(st, 4);
	db_column_copy(st, 5, a->tracking_no, sizeof a->tracking_no);
	a->applicant_type = apply_applicant_type_from_name(db_column_text(st, 6));
	a->intake = apply_intake_from_name(db_column_text(st, 7));
	db_column_copy(st, 8, a->name, sizeof a->name);
	db_column_copy(st, 9, a->id_type, sizeof a->id_type);
	db_column_copy(st, 10, a->id_number, sizeof a->id_number);
	db_column_copy(st, 11, a->phone, sizeof a->phone);
	db_column_copy(st, 12, a->email, sizeof a->email);
	db_column_copy(st, 13, a->address, sizeof a->address);
	db_column_copy(st, 14, a->description, sizeof a->description);
	db_column_copy(st, 15, a->doc_no, sizeof a->doc_no);
	db_column_copy(st, 16, a->form, sizeof a->form);
	db_column_copy(st, 17, a->delivery, sizeof a->delivery);
	a->submitted_on = apply_day_of(db_column_text(st, 18));
	db_column_copy(st, 19, a->outcome, sizeof a->outcome);
	db_column_copy(st, 20, a->legal_basis, sizeof a->legal_basis);
	a->concluded_on = apply_day_of(db_column_text(st, 21));
	a->delivered_on = apply_day_of(db_column_text(st, 22));
}

int apply_get(struct db *db, const char *tracking_no, struct application *out)
{
	struct db_stmt *st = db_prepare(db, "SELECT " APPLY_COLUMNS " FROM application WHERE tracking_no = :no");
	if (!st)
		return -1;
	db_bind_text(st, ":no", tracking_no);
	int rc = db_step(st);
	if (rc == 1) {
		apply_row_read(st, out);
		db_reset(st);
	}
	return rc;
}

int apply_get_public(struct db *db, const char *tracking_no, const char *code, struct application *out)
{
	if (!tracking_no || !code)
		return 0;
	struct db_stmt *st = db_prepare(db, "SELECT query_code_hash FROM application WHERE tracking_no = :no");
	if (!st)
		return -1;
	db_bind_text(st, ":no", tracking_no);
	char stored[APPLY_HASH_HEX] = "", given[APPLY_HASH_HEX];
	int rc = db_step(st);
	if (rc < 0)
		return -1;
	if (rc == 1) {
		db_column_copy(st, 0, stored, sizeof stored);
		db_reset(st);
	}
	char upper[64];
	size_t i = 0;
	for (; code[i] && i + 1 < sizeof upper; i++)
		upper[i] = (code[i] >= 'a' && code[i] <= 'z') ? (char)(code[i] - 32) : code[i];
	upper[i] = '\0';
	apply_code_hash(tracking_no, upper, given);
	if (rc == 0 || sodium_memcmp(stored, given, APPLY_HASH_HEX - 1) != 0)
		return 0;
	return apply_get(db, tracking_no, out);
}

void apply_event_read(struct db_stmt *st, int first, struct apply_event *e)
{
	memset(e, 0, sizeof *e);
	e->seq = (int)db_column_int(st, first);
	db_column_copy(st, first + 1, e->type, sizeof e->type);
	e->day = apply_day_of(db_column_text(st, first + 2));
	e->workdays = (int)db_column_int(st, first + 3);
	db_column_copy(st, first + 4, e->party, sizeof e->party);
	db_column_copy(st, first + 5, e->outcome, sizeof e->outcome);
	db_column_copy(st, first + 6, e->legal_basis, sizeof e->legal_basis);
	e->fee_yuan = db_column_int(st, first + 7);
	db_column_copy(st, first + 8, e->note, sizeof e->note);
	e->user_id = db_column_int(st, first + 9);
	e->created_at = db_column_int(st, first + 10);
}

int apply_events(struct db *db, int64_t application_id, struct apply_event **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	struct db_stmt *st = db_prepare(db, "SELECT " APPLY_EVENT_COLUMNS
					    " FROM application_event WHERE application_id = :id ORDER BY seq");
	if (!st)
		return -1;
	db_bind_int(st, ":id", application_id);
	size_t cap = 0;
	int rc;
	while ((rc = db_step(st)) == 1) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 8;
			*out = xrealloc(*out, cap * sizeof **out);
		}
		apply_event_read(st, 0, &(*out)[(*n)++]);
	}
	if (rc < 0) {
		free(*out);
		*out = NULL;
		*n = 0;
		return -1;
	}
	return 0;
}

static const char *or_empty(const char *s)
{
	return s ? s : "";
}

/* ---- settings ---- */

/* A positive integer setting's text (apply_rate_limit, apply_rate_window_seconds), or fallback when it is
 * missing, empty or not a positive integer. */
static int64_t positive_or(const char *text, int64_t fallback)
{
	char *end;
	long long v = text ? strtoll(text, &end, 10) : 0;
	return text && *text && !*end && v > 0 ? v : fallback;
}

/* The installation's secret for deriving query codes (created on first use). w: writer in a txn. */
static int code_secret(struct db *w, int64_t now, unsigned char secret[crypto_auth_hmacsha256_KEYBYTES])
{
	struct db_stmt *st = db_prepare(w, "SELECT value FROM settings WHERE name = 'apply_code_secret'");
	char hex[2 * crypto_auth_hmacsha256_KEYBYTES + 1] = "";
	int rc = st ? db_step(st) : -1;
	if (rc < 0)
		return -1;
	if (rc == 1) {
		db_column_copy(st, 0, hex, sizeof hex);
		db_reset(st);
		size_t len;
		if (sodium_hex2bin(secret, crypto_auth_hmacsha256_KEYBYTES, hex, strlen(hex), NULL, &len, NULL) == 0 &&
		    len == crypto_auth_hmacsha256_KEYBYTES)
			return 0;
		return -1;
	}
	randombytes_buf(secret, crypto_auth_hmacsha256_KEYBYTES);
	sodium_bin2hex(hex, sizeof hex, secret, crypto_auth_hmacsha256_KEYBYTES);
	st = db_prepare(w, "INSERT INTO settings (name, value, updated_at) VALUES ('apply_code_secret', :v, :now)");
	if (!st)
		return -1;
	db_bind_text(st, ":v", hex);
	db_bind_int(st, ":now", now);
	return db_step(st) == 0 ? 0 : -1;
}

/* A query code: random, or derived from the request fingerprint (so a replay of the very same
 * request can show it again, and nothing else can). */
static int make_code(struct db *w, const char *fingerprint, int64_t now, char code[APPLY_CODE_LEN + 1])
{
	unsigned char raw[crypto_auth_hmacsha256_BYTES];
	if (fingerprint) {
		unsigned char secret[crypto_auth_hmacsha256_KEYBYTES];
		if (code_secret(w, now, secret) != 0)
			return -1;
		crypto_auth_hmacsha256(raw, (const unsigned char *)fingerprint, strlen(fingerprint), secret);
		sodium_memzero(secret, sizeof secret);
	} else {
		randombytes_buf(raw, sizeof raw);
	}
	for (int i = 0; i < APPLY_CODE_LEN; i++)
		code[i] = code_alphabet[raw[i] & 31];
	code[APPLY_CODE_LEN] = '\0';
	return 0;
}

/* ---- submission ---- */

/* Adds one named value to the fingerprint: name NUL value NUL (NULL and "" are the same). */
static void fingerprint_add(crypto_hash_sha256_state *s, const char *name, const char *value)
{
	crypto_hash_sha256_update(s, (const unsigned char *)name, strlen(name) + 1);
	crypto_hash_sha256_update(s, (const unsigned char *)or_empty(value), strlen(or_empty(value)) + 1);
}

/* The fingerprint of a keyed submission: SHA-256 (hex) of the key, the source (address, staff user)
 * and every submitted field in a fixed order — the canonical request, whatever the order or
 * encoding of the body it came in. */
static void request_fingerprint(const struct apply_input *in, const struct actor *actor, char out[APPLY_HASH_HEX])
{
	crypto_hash_sha256_state s;
	unsigned char digest[crypto_hash_sha256_BYTES];
	char num[32];
	crypto_hash_sha256_init(&s);
	fingerprint_add(&s, "idempotency_key", in->idempotency_key);
	fingerprint_add(&s, "source_ip", actor->ip);
	snprintf(num, sizeof num, "%" PRId64, actor->user_id);
	fingerprint_add(&s, "source_user", num);
	snprintf(num, sizeof num, "%" PRId64, in->agency_id);
	fingerprint_add(&s, "agency_id", num);
	const char *fields[][2] = {
	    {"applicant_type", in->applicant_type},
	    {"name", in->name},
	    {"id_type", in->id_type},
	    {"id_number", in->id_number},
	    {"phone", in->phone},
	    {"email", in->email},
	    {"address", in->address},
	    {"description", in->description},
	    {"doc_no", in->doc_no},
	    {"form", in->form},
	    {"delivery", in->delivery},
	    {"channel", in->channel},
	    {"received_on", in->received_on},
	};
	for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
		fingerprint_add(&s, fields[i][0], fields[i][1]);
	crypto_hash_sha256_final(&s, digest);
	sodium_bin2hex(out, APPLY_HASH_HEX, digest, sizeof digest);
}

/* Looks up an earlier submission with the same idempotency key. Returns 1 when it is the same request
 * (out filled: the replay), 2 when the key belongs to another request (nothing of it is returned),
 * 0 when the key is new, -1 on error. */
static int find_replay(struct db *w, const char *key, const char *fingerprint, int64_t now, struct apply_created *out)
{
	struct db_stmt *st = db_prepare(w, "SELECT id, tracking_no, coalesce(idempotency_fingerprint, '') "
					   "FROM application WHERE idempotency_key = :k");
	if (!st)
		return -1;
	db_bind_text(st, ":k", key);
	int rc = db_step(st);
	if (rc != 1)
		return rc;
	char stored[APPLY_HASH_HEX] = "";
	db_column_copy(st, 2, stored, sizeof stored);
	bool same = strlen(stored) == APPLY_HASH_HEX - 1 && sodium_memcmp(stored, fingerprint, APPLY_HASH_HEX - 1) == 0;
	if (same) {
		out->id = db_column_int(st, 0);
		db_column_copy(st, 1, out->tracking_no, sizeof out->tracking_no);
	}
	db_reset(st);
	if (!same)
		return 2;
	out->replayed = true;
	return make_code(w, fingerprint, now, out->query_code) == 0 ? 1 : -1;
}

/* What a submission reads before it writes, in one statement (one round trip on PostgreSQL): the
 * rate-limit policy, the agency's name (empty when there is no such agency) and the next 受理序号 of the
 * agency and year (the last + 1; the writer lock makes it the next one, UNIQUE (agency_id, year, seq)
 * is the backstop). The last is read from the end of that unique index: PostgreSQL answered max(seq)
 * by reading every entry of the agency's year (0.7 ms at 2,000 applications, growing with them). */
struct before_insert {
	int64_t limit, window, seq;
	bool agency_found;
	char agency[192];
};

static int read_before_insert(struct db *w, int64_t agency_id, int year, struct before_insert *b)
{
	struct db_stmt *st = db_prepare(
	    w, "SELECT (SELECT value FROM settings WHERE name = 'apply_rate_limit'), "
	       "(SELECT value FROM settings WHERE name = 'apply_rate_window_seconds'), "
	       "(SELECT name FROM agency WHERE id = :agency), "
	       "(SELECT seq FROM application WHERE agency_id = :agency AND year = :year ORDER BY seq DESC LIMIT 1)");
	if (!st)
		return -1;
	db_bind_int(st, ":agency", agency_id);
	db_bind_int(st, ":year", year);
	if (db_step(st) != 1)
		return -1;
	b->limit = positive_or(db_column_text(st, 0), APPLY_RATE_DEFAULT);
	b->window = positive_or(db_column_text(st, 1), APPLY_RATE_WINDOW_DEFAULT);
	b->agency_found = !db_column_is_null(st, 2);
	db_column_copy(st, 2, b->agency, sizeof b->agency);
	b->seq = db_column_int(st, 3) + 1; /* NULL (the year's first) is 0 */
	db_reset(st);
	return 0;
}

/* Refuses a public submission beyond the address's limit. Returns 1 limited, 0 fine, -1 error. */
static int rate_limited(struct db *w, const char *ip, int64_t now, const struct before_insert *b,
			struct apply_errors *errs)
{
	int64_t count = 0;
	/* Counting stops at the limit, so a flood costs at most `limit` index entries per check. */
	struct db_stmt *st = db_prepare(w, "SELECT count(*) FROM (SELECT 1 FROM application WHERE submitter_ip = :ip "
					   "AND entered_by = 0 AND created_at > :since LIMIT :limit) AS recent");
	db_bind_text(st, ":ip", ip ? ip : "");
	db_bind_int(st, ":since", now - b->window);
	db_bind_int(st, ":limit", b->limit);
	if (db_step_int(st, &count) < 0)
		return -1;
	if (count < b->limit)
		return 0;
	snprintf(errs->reason, sizeof errs->reason,
		 "同一网络地址在 %" PRId64 " 分钟内提交的申请已达 %" PRId64 " 件，请稍后再提交；"
		 "如需提交大量申请，请通过信函或当面提交。",
		 b->window / 60, b->limit);
	return 1;
}

/* Everything apply_insert needs beyond the input. */
struct submit_ctx {
	const struct apply_input *in;
	const struct actor *actor;
	bool staff;
	int today, received_on;
	int64_t now;
	char fingerprint[APPLY_HASH_HEX]; /* request_fingerprint when keyed, else "" */
};

static int insert_row(struct db *w, const struct submit_ctx *c, const char *tracking, int year, int64_t seq,
		      const char *code, int64_t *id)
{
	const struct apply_input *in = c->in;
	char code_hash[APPLY_HASH_HEX], key[APPLY_HASH_HEX], iso[CAL_ISO_SIZE];
	apply_code_hash(tracking, code, code_hash);
	apply_applicant_key(in->id_type, in->id_number, key);
	struct db_stmt *st = db_prepare(
	    w, "INSERT INTO application (agency_id, tracking_no, year, seq, query_code_hash, idempotency_key, "
	       "idempotency_fingerprint, applicant_type, name, id_type, id_number, applicant_key, phone, email, "
	       "address, description, doc_no, "
	       "form, delivery, channel, submitted_on, entered_by, submitter_ip, created_at, updated_at) VALUES "
	       "(:agency, :no, :year, :seq, :hash, :idem, :fingerprint, :type, :name, :id_type, :id_number, :key, "
	       ":phone, :email, "
	       ":address, :description, :doc_no, :form, :delivery, :channel, :submitted, :by, :ip, :now, :now) "
	       "RETURNING id");
	if (!st)
		return -1;
	db_bind_int(st, ":agency", in->agency_id);
	db_bind_text(st, ":no", tracking);
	db_bind_int(st, ":year", year);
	db_bind_int(st, ":seq", seq);
	db_bind_text(st, ":hash", code_hash);
	db_bind_text(st, ":idem", in->idempotency_key);
	if (in->idempotency_key)
		db_bind_text(st, ":fingerprint", c->fingerprint);
	else
		db_bind_null(st, ":fingerprint");
	db_bind_text(st, ":type", in->applicant_type);
	db_bind_text(st, ":name", in->name);
	db_bind_text(st, ":id_type", in->id_type);
	db_bind_text(st, ":id_number", in->id_number);
	db_bind_text(st, ":key", key);
	db_bind_text(st, ":phone", or_empty(in->phone));
	db_bind_text(st, ":email", or_empty(in->email));
	db_bind_text(st, ":address", or_empty(in->address));
	db_bind_text(st, ":description", in->description);
	db_bind_text(st, ":doc_no", or_empty(in->doc_no));
	db_bind_text(st, ":form", in->form);
	db_bind_text(st, ":delivery", in->delivery);
	db_bind_text(st, ":channel", c->staff ? in->channel : "online");
	db_bind_text(st, ":submitted", cal_format_iso(c->received_on, iso));
	db_bind_int(st, ":by", c->staff ? c->actor->user_id : 0);
	db_bind_text(st, ":ip", or_empty(c->actor->ip));
	db_bind_int(st, ":now", c->now);
	return db_step_int(st, id) == 1 ? 0 : -1;
}

/* The "receive" event that opens every timeline. */
static int insert_receive(struct db *w, int64_t app_id, int day, int64_t user_id, int64_t now)
{
	char iso[CAL_ISO_SIZE];
	struct db_stmt *st = db_prepare(w, "INSERT INTO application_event (application_id, seq, type, day, user_id, "
					   "created_at) VALUES (:app, 1, 'receive', :day, :user, :now)");
	if (!st)
		return -1;
	db_bind_int(st, ":app", app_id);
	db_bind_text(st, ":day", cal_format_iso(day, iso));
	db_bind_int(st, ":user", user_id);
	db_bind_int(st, ":now", now);
	return db_step_later(st);
}

/* The receipt notice (e-mail / SMS to the applicant) of the row just inserted, from what the job
 * already holds: the row is not read back. */
static int notify_receipt(struct db *w, const struct submit_ctx *c, const struct apply_created *out, const char *agency)
{
	const struct apply_input *in = c->in;
	struct application a;
	memset(&a, 0, sizeof a);
	a.id = out->id;
	a.agency_id = in->agency_id;
	snprintf(a.tracking_no, sizeof a.tracking_no, "%s", out->tracking_no);
	a.intake = apply_intake_from_name(c->staff ? in->channel : "online");
	snprintf(a.name, sizeof a.name, "%s", in->name);
	snprintf(a.phone, sizeof a.phone, "%s", or_empty(in->phone));
	snprintf(a.email, sizeof a.email, "%s", or_empty(in->email));
	a.submitted_on = c->received_on;
	return apply_notify_receipt(w, &a, agency, c->now);
}

/* Inserts the application (受理序号 b->seq of year), its first event, the receipt notice and the audit
 * entry. Returns 0 or -1. */
static int insert_application(struct db *w, const struct submit_ctx *c, int year, const struct before_insert *b,
			      struct apply_created *out)
{
	snprintf(out->tracking_no, sizeof out->tracking_no, "YS%04d-%" PRId64 "-%05" PRId64, year, c->in->agency_id,
		 b->seq);
	if (make_code(w, c->in->idempotency_key ? c->fingerprint : NULL, c->now, out->query_code) != 0)
		return -1;
	if (insert_row(w, c, out->tracking_no, year, b->seq, out->query_code, &out->id) != 0)
		return -1;
	if (insert_receive(w, out->id, c->received_on, c->actor->user_id, c->now) != 0)
		return -1;
	if (apply_files_record(w, out->id, 0, c->in->files, c->in->nfiles, c->now) != 0)
		return -1;
	if (notify_receipt(w, c, out, b->agency) != 0)
		return -1;
	char detail[128];
	snprintf(detail, sizeof detail, "%s %s", out->tracking_no, c->staff ? c->in->channel : "online");
	return audit_append(w, c->actor->user_id, c->in->agency_id,
			    c->staff ? "application.intake" : "application.submit", "application", out->id, detail,
			    c->actor->ip, c->now) > 0
		   ? 0
		   : -1;
}

/* Inside the write transaction: replay, rate limit, agency, insert. Returns the status. */
struct apply_job {
	apply_locked_fn fn;
	const void *ctx;
	struct apply_errors *errs;
	enum apply_status st;
};

static enum outcome_code apply_job(struct db *w, void *ctx, struct outcome *out)
{
	struct apply_job *j = ctx;
	j->st = j->fn(w, j->ctx, j->errs);
	if (j->st == APPLY_OK)
		return OUTCOME_OK;
	return outcome_fail(out, OUTCOME_CONFLICT, NULL, "%s", j->errs->reason); /* rolled back */
}

enum apply_status apply_write(struct store *store, apply_locked_fn fn, const void *ctx, struct apply_errors *errs)
{
	struct apply_errors scratch = {0};
	struct apply_job job = {fn, ctx, errs ? errs : &scratch, APPLY_ERROR};
	struct outcome out;
	if (store_write(store, apply_job, &job, &out) != OUTCOME_STORAGE || job.st != APPLY_OK) {
		if (job.st == APPLY_ERROR && !job.errs->reason[0])
			snprintf(job.errs->reason, sizeof job.errs->reason, "%s", out.message);
		return job.st;
	}
	snprintf(job.errs->reason, sizeof job.errs->reason, "%s", out.message); /* the commit failed */
	return APPLY_ERROR;
}

struct submit_job {
	const struct submit_ctx *c;
	struct apply_created *out;
};

static enum apply_status submit_locked(struct db *w, const void *ctx, struct apply_errors *errs)
{
	const struct submit_job *j = ctx;
	const struct submit_ctx *c = j->c;
	struct apply_created *out = j->out;
	if (c->in->idempotency_key) {
		int rc = find_replay(w, c->in->idempotency_key, c->fingerprint, c->now, out);
		if (rc == 2)
			snprintf(errs->reason, sizeof errs->reason,
				 "这个幂等键（idempotency_key）已用于另一份申请，本次申请未提交。"
				 "请换一个新的幂等键后重新提交。");
		if (rc != 0)
			return rc == 1 ? APPLY_OK : rc == 2 ? APPLY_REFUSED : APPLY_ERROR;
	}
	int year, month, day;
	struct before_insert b;
	cal_date_from_day(c->received_on, &year, &month, &day);
	if (read_before_insert(w, c->in->agency_id, year, &b) != 0)
		return APPLY_ERROR;
	if (!c->staff) {
		int rc = rate_limited(w, c->actor->ip, c->now, &b, errs);
		if (rc != 0)
			return rc > 0 ? APPLY_RATE_LIMITED : APPLY_ERROR;
	}
	if (!b.agency_found) {
		apply_error_add(errs, "agency_id", "受理机关不存在，请重新选择。");
		return APPLY_INVALID;
	}
	return insert_application(w, c, year, &b, out) == 0 ? APPLY_OK : APPLY_ERROR;
}

enum apply_status apply_submit(struct store *store, const struct apply_input *in, const struct actor *actor, int today,
			       int64_t now, struct apply_created *out, struct apply_errors *errs)
{
	memset(out, 0, sizeof *out);
	bool staff = actor->user_id > 0 && in->channel && strcmp(in->channel, "online") != 0;
	if (apply_validate(in, staff, today, errs) > 0)
		return APPLY_INVALID;
	if (staff && !apply_actor_handles(actor, in->agency_id)) {
		snprintf(errs->reason, sizeof errs->reason,
			 "只有本机关的申请办理人员可以登记当面、信函、传真或口头申请。");
		return APPLY_FORBIDDEN;
	}
	struct submit_ctx c = {in, actor, staff, today, staff ? apply_day_of(in->received_on) : today, now, ""};
	if (in->idempotency_key)
		request_fingerprint(in, actor, c.fingerprint);
	struct submit_job job = {&c, out};
	enum apply_status st = apply_write(store, submit_locked, &job, errs); /* a replay commits nothing */
	if (st == APPLY_ERROR && !errs->reason[0])
		snprintf(errs->reason, sizeof errs->reason, "保存申请时出错，申请未提交，请稍后重试。");
	if (st == APPLY_OK) {
		int intake = apply_intake_from_name(staff ? in->channel : "online");
		enum apply_channel ch = apply_channel_clock((enum apply_intake)intake);
		bool waits = ch == CHANNEL_ONLINE || ch == CHANNEL_FAX || ch == CHANNEL_ORDINARY_MAIL;
		snprintf(out->status, sizeof out->status, "%s",
			 deadline_state_name(waits ? STATE_AWAITING_CONFIRMATION : STATE_RUNNING));
	}
	return st;
}

/* ---- personal data and assignment ---- */

struct reveal_job {
	const char *tracking_no;
	const struct actor *actor;
	int64_t now;
	struct application *out;
};

/* Reads the record for a handler of its agency and audits that personal data was shown. */
static enum apply_status reveal_locked(struct db *w, const void *ctx, struct apply_errors *errs)
{
	const struct reveal_job *j = ctx;
	(void)errs;
	int rc = apply_get(w, j->tracking_no, j->out);
	if (rc <= 0)
		return rc < 0 ? APPLY_ERROR : APPLY_NOT_FOUND;
	if (!apply_actor_handles(j->actor, j->out->agency_id))
		return APPLY_FORBIDDEN;
	return audit_append(w, j->actor->user_id, j->out->agency_id, "application.view_personal", "application",
			    j->out->id, j->out->tracking_no, j->actor->ip, j->now) > 0
		   ? APPLY_OK
		   : APPLY_ERROR;
}

enum apply_status apply_reveal(struct store *store, const char *tracking_no, const struct actor *actor, int64_t now,
			       struct application *out)
{
	struct reveal_job job = {tracking_no, actor, now, out};
	enum apply_status st = apply_write(store, reveal_locked, &job, NULL);
	if (st != APPLY_OK)
		memset(out, 0, sizeof *out);
	return st;
}

static enum apply_status assign_locked(struct db *w, const char *tracking_no, const struct actor *actor,
				       int64_t handler_user_id, int64_t now, struct apply_errors *errs)
{
	struct application a;
	int rc = apply_get(w, tracking_no, &a);
	if (rc <= 0)
		return rc < 0 ? APPLY_ERROR : APPLY_NOT_FOUND;
	if (!apply_actor_handles(actor, a.agency_id))
		return APPLY_FORBIDDEN;
	if (handler_user_id > 0) {
		struct user u;
		rc = user_get(w, handler_user_id, &u);
		if (rc < 0)
			return APPLY_ERROR;
		if (rc == 0 || u.disabled || u.agency_id != a.agency_id || !(u.roles & ROLE_HANDLER)) {
			apply_error_add(errs, "handler_id", "承办人须为本机关在职的申请办理员。");
			return APPLY_INVALID;
		}
	}
	struct db_stmt *st = db_prepare(w, "UPDATE application SET handler_id = :h, updated_at = :now WHERE id = :id");
	if (!st)
		return APPLY_ERROR;
	if (handler_user_id > 0)
		db_bind_int(st, ":h", handler_user_id);
	else
		db_bind_null(st, ":h");
	db_bind_int(st, ":now", now);
	db_bind_int(st, ":id", a.id);
	if (db_step(st) != 0)
		return APPLY_ERROR;
	char detail[96];
	snprintf(detail, sizeof detail, "%s handler=%" PRId64, a.tracking_no, handler_user_id);
	return audit_append(w, actor->user_id, a.agency_id, "application.assign", "application", a.id, detail,
			    actor->ip, now) > 0
		   ? APPLY_OK
		   : APPLY_ERROR;
}

struct assign_job {
	const char *tracking_no;
	const struct actor *actor;
	int64_t handler_user_id, now;
};

static enum apply_status assign_job(struct db *w, const void *ctx, struct apply_errors *errs)
{
	const struct assign_job *j = ctx;
	return assign_locked(w, j->tracking_no, j->actor, j->handler_user_id, j->now, errs);
}

enum apply_status apply_assign(struct store *store, const char *tracking_no, const struct actor *actor,
			       int64_t handler_user_id, int64_t now, struct apply_errors *errs)
{
	struct assign_job job = {tracking_no, actor, handler_user_id, now};
	return apply_write(store, assign_job, &job, errs);
}
