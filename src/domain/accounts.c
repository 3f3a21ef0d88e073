/* accounts.c — users and roles, argon2id passwords, login with lockout, database sessions with CSRF
 * tokens, API tokens. The security decisions are listed in accounts.h.
 *
 * Process-wide state here is limited to two things that must be shared by all threads: libsodium's
 * initialisation and the semaphore that bounds concurrent password hashing (each argon2id hash takes
 * 64 MiB); both are set up once through pthread_once. */
#include "domain/accounts.h"

#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <pthread.h>
#include <semaphore.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/audit.h"
#include "util/buf.h"

/* ---- process-wide setup ---- */

static pthread_once_t accounts_once = PTHREAD_ONCE_INIT;
static sem_t hash_slots;
static char dummy_hash[PASSWORD_HASH_MAX]; /* verified against for unknown names, so timing is equal */

static void accounts_setup(void)
{
	if (sodium_init() < 0)
		abort();
	sem_init(&hash_slots, 0, PASSWORD_HASH_CONCURRENCY);
	unsigned char secret[32];
	randombytes_buf(secret, sizeof secret);
	char text[65];
	sodium_bin2hex(text, sizeof text, secret, sizeof secret);
	if (crypto_pwhash_str(dummy_hash, text, strlen(text), crypto_pwhash_OPSLIMIT_INTERACTIVE,
			      crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
		abort();
}

static void accounts_ready(void)
{
	pthread_once(&accounts_once, accounts_setup);
}

static void slot_take(void)
{
	while (sem_wait(&hash_slots) < 0 && errno == EINTR)
		;
}

/* Fills hex (2*n+1 bytes) with n random bytes in hex. */
static void random_hex(char *hex, size_t n)
{
	unsigned char bytes[64];
	randombytes_buf(bytes, n);
	sodium_bin2hex(hex, 2 * n + 1, bytes, n);
	sodium_memzero(bytes, sizeof bytes);
}

/* SHA-256 of text as 64 hex characters. */
static void sha256_hex(const char *text, char out[65])
{
	unsigned char digest[crypto_hash_sha256_BYTES];
	crypto_hash_sha256(digest, (const unsigned char *)text, strlen(text));
	sodium_bin2hex(out, 65, digest, sizeof digest);
}

static bool is_hex(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (!isxdigit((unsigned char)s[i]))
			return false;
	return s[len] == '\0';
}

/* ---- roles ---- */

static const char *const role_names[ROLE_COUNT] = {"admin", "editor", "reviewer", "handler", "leader", "supervisor"};
static const char *const role_names_zh[ROLE_COUNT] = {"管理员",	    "编辑",	"保密审查员",
						      "申请办理员", "审批领导", "公开办督查"};

static int role_index(unsigned role)
{
	for (int i = 0; i < ROLE_COUNT; i++)
		if (role == 1u << i)
			return i;
	return -1;
}

const char *role_name(unsigned role)
{
	int i = role_index(role);
	return i < 0 ? NULL : role_names[i];
}

const char *role_name_zh(unsigned role)
{
	int i = role_index(role);
	return i < 0 ? NULL : role_names_zh[i];
}

static int role_word(const char *word, size_t len, unsigned *role)
{
	for (int i = 0; i < ROLE_COUNT; i++) {
		if ((strlen(role_names[i]) == len && strncmp(word, role_names[i], len) == 0) ||
		    (strlen(role_names_zh[i]) == len && strncmp(word, role_names_zh[i], len) == 0)) {
			*role = 1u << i;
			return 0;
		}
	}
	return -1;
}

int roles_parse(const char *list, unsigned *roles, char *err, size_t errlen)
{
	*roles = 0;
	for (const char *p = list; *p;) {
		size_t len = strcspn(p, ", ");
		unsigned role;
		if (len > 0 && role_word(p, len, &role) < 0) {
			snprintf(err, errlen,
				 "未知角色“%.*s”（可用：admin 管理员、editor 编辑、reviewer 保密审查员、handler "
				 "申请办理员、leader 审批领导、supervisor 公开办督查）",
				 (int)(len > 64 ? 64 : len), p);
			return -1;
		}
		if (len > 0)
			*roles |= role;
		p += len;
		p += strspn(p, ", ");
	}
	if (*roles == 0) {
		snprintf(err, errlen, "至少需要一个角色");
		return -1;
	}
	return 0;
}

void roles_format(unsigned roles, bool chinese, char *dst, size_t size)
{
	struct buf b = {0};
	for (int i = 0; i < ROLE_COUNT; i++) {
		if (!(roles & (1u << i)))
			continue;
		if (b.len)
			buf_puts(&b, chinese ? "、" : ",");
		buf_puts(&b, chinese ? role_names_zh[i] : role_names[i]);
	}
	snprintf(dst, size, "%s", b.data ? b.data : "");
	buf_free(&b);
}

/* ---- policy ---- */

void accounts_policy_from_config(struct accounts_policy *policy, const struct config *cfg)
{
	policy->idle_seconds = (int64_t)cfg->session_idle_minutes * 60;
	policy->absolute_seconds = (int64_t)cfg->session_absolute_hours * 3600;
	policy->max_failures = cfg->login_max_failures;
	policy->lockout_seconds = (int64_t)cfg->login_lockout_minutes * 60;
}

/* ---- passwords ---- */

bool password_acceptable(const char *password, char *err, size_t errlen)
{
	size_t len = strlen(password);
	if (len < PASSWORD_MIN_LEN || len > PASSWORD_MAX_LEN) {
		snprintf(err, errlen, "密码长度须为 %d–%d 个字符", PASSWORD_MIN_LEN, PASSWORD_MAX_LEN);
		return false;
	}
	bool lower = false, upper = false, digit = false, other = false;
	for (const unsigned char *p = (const unsigned char *)password; *p; p++) {
		lower |= islower(*p) != 0;
		upper |= isupper(*p) != 0;
		digit |= isdigit(*p) != 0;
		other |= !isalnum(*p);
	}
	if (lower + upper + digit + other < 2) {
		snprintf(err, errlen, "密码须包含至少两类字符（小写字母、大写字母、数字、其他字符）");
		return false;
	}
	return true;
}

int password_hash(const char *password, char out[PASSWORD_HASH_MAX])
{
	accounts_ready();
	slot_take();
	int rc = crypto_pwhash_str(out, password, strlen(password), crypto_pwhash_OPSLIMIT_INTERACTIVE,
				   crypto_pwhash_MEMLIMIT_INTERACTIVE);
	sem_post(&hash_slots);
	return rc == 0 ? 0 : -1;
}

bool password_verify(const char *hash, const char *password)
{
	accounts_ready();
	if (!hash || !password)
		return false;
	slot_take();
	bool ok = crypto_pwhash_str_verify(hash, password, strlen(password)) == 0;
	sem_post(&hash_slots);
	return ok;
}

void password_generate(char *dst, size_t size)
{
	static const char alphabet[] = "abcdefghijkmnpqrstuvwxyzACDEFGHJKLMNPQRTUVWXY2345679";
	accounts_ready();
	char ignored[8];
	do {
		for (size_t i = 0; i + 1 < size; i++)
			dst[i] = alphabet[randombytes_uniform(sizeof alphabet - 1)];
		dst[size - 1] = '\0';
	} while (size > PASSWORD_MIN_LEN && !password_acceptable(dst, ignored, sizeof ignored));
}

/* ---- users ---- */

bool user_name_valid(const char *name, char *err, size_t errlen)
{
	size_t len = strlen(name);
	bool ok = len >= 1 && len < sizeof((struct user *)0)->name;
	for (size_t i = 0; ok && i < len; i++)
		ok = isalnum((unsigned char)name[i]) || name[i] == '.' || name[i] == '_' || name[i] == '-';
	if (!ok)
		snprintf(err, errlen, "用户名须为 1–63 个字母、数字或 . _ - 字符");
	return ok;
}

int64_t user_add(struct db *w, int64_t agency_id, const char *name, const char *display_name, unsigned roles,
		 const char *password_hash, int64_t now, char *err, size_t errlen)
{
	if (!user_name_valid(name, err, errlen))
		return -1;
	if (roles & ~ROLE_ALL) {
		snprintf(err, errlen, "角色无效");
		return -1;
	}
	if (display_name && strlen(display_name) >= sizeof((struct user *)0)->display_name) {
		snprintf(err, errlen, "姓名过长");
		return -1;
	}
	struct db_stmt *st = db_prepare(w, "INSERT INTO users (agency_id, name, display_name, roles, password_hash, "
					   "disabled, created_at, password_changed_at) VALUES (:agency, :name, "
					   ":display, :roles, :hash, 0, :now, :now) RETURNING id");
	db_bind_int(st, ":agency", agency_id);
	db_bind_text(st, ":name", name);
	db_bind_text(st, ":display", display_name && *display_name ? display_name : name);
	db_bind_int(st, ":roles", roles);
	db_bind_text(st, ":hash", password_hash);
	db_bind_int(st, ":now", now);
	int64_t id = 0;
	if (db_step_int(st, &id) == 1)
		return id;
	if (db_last_error(w) == DB_ERR_CONSTRAINT && strstr(db_errmsg(w), "FOREIGN KEY"))
		snprintf(err, errlen, "机关 %" PRId64 " 不存在", agency_id);
	else if (db_last_error(w) == DB_ERR_CONSTRAINT)
		snprintf(err, errlen, "用户名“%s”已被使用", name);
	else
		snprintf(err, errlen, "添加用户失败：%s", db_errmsg(w));
	return -1;
}

#define USER_COLUMNS "u.id, u.agency_id, u.name, u.display_name, u.roles, u.disabled"

/* Fills a user from columns first..first+5 (USER_COLUMNS). */
static void user_fill(struct db_stmt *st, int first, struct user *u)
{
	memset(u, 0, sizeof *u);
	u->id = db_column_int(st, first);
	u->agency_id = db_column_int(st, first + 1);
	db_column_copy(st, first + 2, u->name, sizeof u->name);
	db_column_copy(st, first + 3, u->display_name, sizeof u->display_name);
	u->roles = (unsigned)db_column_int(st, first + 4) & ROLE_ALL;
	u->disabled = db_column_bool(st, first + 5);
}

/* Steps a single-row user query and fills out. Returns 1/0/-1. */
static int user_one(struct db_stmt *st, struct user *out)
{
	int rc = db_step(st);
	if (rc == 1) {
		user_fill(st, 0, out);
		db_reset(st);
	}
	return rc;
}

int user_get(struct db *db, int64_t id, struct user *out)
{
	struct db_stmt *st = db_prepare(db, "SELECT " USER_COLUMNS " FROM users u WHERE u.id = :id");
	db_bind_int(st, ":id", id);
	return user_one(st, out);
}

int user_get_by_name(struct db *db, const char *name, struct user *out)
{
	struct db_stmt *st = db_prepare(db, "SELECT " USER_COLUMNS " FROM users u WHERE u.name = :name");
	db_bind_text(st, ":name", name);
	return user_one(st, out);
}

int user_list(struct db *db, int64_t agency_id, struct user **out, size_t *count)
{
	*out = NULL;
	*count = 0;
	struct db_stmt *st = db_prepare(db, "SELECT " USER_COLUMNS " FROM users u WHERE :agency = 0 OR "
					    "u.agency_id = :agency ORDER BY u.name");
	db_bind_int(st, ":agency", agency_id);
	size_t cap = 0;
	int rc;
	while ((rc = db_step(st)) == 1) {
		if (*count == cap) {
			cap = cap ? cap * 2 : 16;
			*out = xrealloc(*out, cap * sizeof **out);
		}
		user_fill(st, 0, &(*out)[(*count)++]);
	}
	if (rc < 0) {
		free(*out);
		*out = NULL;
		*count = 0;
	}
	return rc < 0 ? -1 : 0;
}

/* Ends every session of a user except the one whose hash is keep_hash (may be NULL). */
static int sessions_end_for_user(struct db *w, int64_t user_id, const char *keep_hash)
{
	struct db_stmt *st = db_prepare(w, "DELETE FROM sessions WHERE user_id = :user AND id_hash <> :keep");
	db_bind_int(st, ":user", user_id);
	db_bind_text(st, ":keep", keep_hash ? keep_hash : "");
	return db_step(st) < 0 ? -1 : 0;
}

int user_disable(struct db *w, const char *name, int64_t now)
{
	struct user u;
	int rc = user_get_by_name(w, name, &u);
	if (rc <= 0)
		return rc;
	struct db_stmt *st = db_prepare(w, "UPDATE users SET disabled = 1 WHERE id = :id");
	db_bind_int(st, ":id", u.id);
	if (db_step(st) < 0 || sessions_end_for_user(w, u.id, NULL) < 0)
		return -1;
	st = db_prepare(w, "UPDATE api_tokens SET revoked_at = :now WHERE user_id = :user AND revoked_at = 0");
	db_bind_int(st, ":now", now);
	db_bind_int(st, ":user", u.id);
	return db_step(st) < 0 ? -1 : 1;
}

int user_set_roles(struct db *w, int64_t user_id, unsigned roles)
{
	struct db_stmt *st = db_prepare(w, "UPDATE users SET roles = :roles WHERE id = :id");
	db_bind_int(st, ":roles", roles & ROLE_ALL);
	db_bind_int(st, ":id", user_id);
	if (db_step(st) < 0)
		return -1;
	return db_changes(w) > 0 ? 1 : 0;
}

/* The stored hash and the user row for a login name. Returns 1/0/-1. */
static int user_with_hash(struct db *db, const char *name, struct user *u, char hash[PASSWORD_HASH_MAX])
{
	struct db_stmt *st = db_prepare(db, "SELECT " USER_COLUMNS ", u.password_hash FROM users u "
					    "WHERE u.name = :name");
	db_bind_text(st, ":name", name);
	int rc = db_step(st);
	if (rc == 1) {
		user_fill(st, 0, u);
		db_column_copy(st, 6, hash, PASSWORD_HASH_MAX);
		db_reset(st);
	}
	return rc;
}

/* ---- lockout ---- */

/* Seconds until key may try again (0 = not locked), or -1 on error. */
static int64_t lockout_remaining(struct db *db, const char *key, int64_t now)
{
	struct db_stmt *st = db_prepare(db, "SELECT locked_until FROM login_failures WHERE key = :key");
	db_bind_text(st, ":key", key);
	int64_t until = 0;
	if (db_step_int(st, &until) < 0)
		return -1;
	return until > now ? until - now : 0;
}

/* Counts one failure for key (w: writer); locks the key once limit failures came within the lockout
 * window of each other. */
static int failure_record(struct db *w, const char *key, int limit, const struct accounts_policy *policy, int64_t now)
{
	struct db_stmt *st = db_prepare(w, "SELECT failures, last_failure FROM login_failures WHERE key = :key");
	db_bind_text(st, ":key", key);
	int64_t failures = 0;
	int rc = db_step(st);
	if (rc < 0)
		return -1;
	if (rc == 1) {
		bool recent = now - db_column_int(st, 1) < policy->lockout_seconds;
		failures = recent ? db_column_int(st, 0) : 0;
		db_reset(st);
	}
	failures++;
	int64_t locked_until = failures >= limit ? now + policy->lockout_seconds : 0;
	st = db_prepare(w, "INSERT INTO login_failures (key, failures, last_failure, locked_until) VALUES (:key, "
			   ":failures, :now, :until) ON CONFLICT (key) DO UPDATE SET failures = :failures, "
			   "last_failure = :now, locked_until = :until");
	db_bind_text(st, ":key", key);
	db_bind_int(st, ":failures", locked_until ? 0 : failures);
	db_bind_int(st, ":now", now);
	db_bind_int(st, ":until", locked_until);
	return db_step(st) < 0 ? -1 : 0;
}

static void key_for(char *dst, size_t size, const char *kind, const char *value)
{
	snprintf(dst, size, "%s:%s", kind, value ? value : "");
}

/* ---- login ---- */

const char *login_result_message(enum login_result result)
{
	switch (result) {
	case LOGIN_OK:
		return "登录成功";
	case LOGIN_BAD_CREDENTIALS:
		return "用户名或密码错误";
	case LOGIN_LOCKED:
		return "登录失败次数过多，请稍后再试";
	case LOGIN_DISABLED:
		return "该账号已停用，请联系管理员";
	case LOGIN_ERROR:
		break;
	}
	return "系统错误，请稍后再试";
}

/* Refusal because of earlier failures? Returns LOGIN_OK to go on, LOGIN_LOCKED or LOGIN_ERROR. */
static enum login_result login_gate(struct db *r, const char *user_key, const char *ip_key, int64_t now,
				    struct session_out *out)
{
	int64_t by_user = lockout_remaining(r, user_key, now);
	int64_t by_ip = ip_key[3] ? lockout_remaining(r, ip_key, now) : 0;
	if (by_user < 0 || by_ip < 0)
		return LOGIN_ERROR;
	out->retry_after = by_user > by_ip ? by_user : by_ip;
	return out->retry_after > 0 ? LOGIN_LOCKED : LOGIN_OK;
}

/* Records a failed attempt (both keys) and its audit entry. */
static enum login_result login_failed(struct store *store, const struct accounts_policy *policy, const struct user *u,
				      const char *name, const char *user_key, const char *ip_key, const char *ip,
				      int64_t now)
{
	struct db *w = store_write_begin(store);
	if (!w)
		return LOGIN_ERROR;
	bool ok = failure_record(w, user_key, policy->max_failures, policy, now) == 0 &&
		  (!ip_key[3] || failure_record(w, ip_key, policy->max_failures * 4, policy, now) == 0) &&
		  audit_append(w, u ? u->id : 0, u ? u->agency_id : 0, "login_failed", "user", u ? u->id : 0, name, ip,
			       now) > 0;
	return store_write_end(store, ok) == 0 && ok ? LOGIN_BAD_CREDENTIALS : LOGIN_ERROR;
}

/* Creates the session row for a verified user and clears the user's failure counter. */
static enum login_result login_succeeded(struct store *store, const struct accounts_policy *policy,
					 const struct user *u, const char *user_key, const char *ip, int64_t now,
					 struct session_out *out)
{
	char id_hash[65];
	random_hex(out->id, 32);
	random_hex(out->csrf, 32);
	sha256_hex(out->id, id_hash);
	out->user_id = u->id;
	struct db *w = store_write_begin(store);
	if (!w)
		return LOGIN_ERROR;
	struct db_stmt *st = db_prepare(w, "INSERT INTO sessions (id_hash, user_id, csrf, created_at, last_seen, ip) "
					   "VALUES (:hash, :user, :csrf, :now, :now, :ip)");
	db_bind_text(st, ":hash", id_hash);
	db_bind_int(st, ":user", u->id);
	db_bind_text(st, ":csrf", out->csrf);
	db_bind_int(st, ":now", now);
	db_bind_text(st, ":ip", ip);
	bool ok = db_step(st) == 0;
	st = db_prepare(w, "DELETE FROM login_failures WHERE key = :key");
	db_bind_text(st, ":key", user_key);
	ok = ok && db_step(st) == 0 &&
	     audit_append(w, u->id, u->agency_id, "login", "user", u->id, NULL, ip, now) > 0 &&
	     sessions_purge(w, policy, now) >= 0; /* housekeeping: expired sessions go at each login */
	if (store_write_end(store, ok) == 0 && ok)
		return LOGIN_OK;
	memset(out->id, 0, sizeof out->id);
	return LOGIN_ERROR;
}

enum login_result accounts_login(struct store *store, const struct accounts_policy *policy, const char *name,
				 const char *password, const char *ip, int64_t now, struct session_out *out)
{
	memset(out, 0, sizeof *out);
	accounts_ready();
	struct db *r = store_reader(store);
	if (!r || !name || !password)
		return LOGIN_ERROR;
	char user_key[96], ip_key[96];
	key_for(user_key, sizeof user_key, "user", name);
	key_for(ip_key, sizeof ip_key, "ip", ip);
	enum login_result gate = login_gate(r, user_key, ip_key, now, out);
	if (gate != LOGIN_OK)
		return gate;
	struct user u;
	char hash[PASSWORD_HASH_MAX];
	int found = strlen(name) < sizeof u.name ? user_with_hash(r, name, &u, hash) : 0;
	if (found < 0)
		return LOGIN_ERROR;
	bool verified = password_verify(found ? hash : dummy_hash, password) && found;
	if (!verified)
		return login_failed(store, policy, found ? &u : NULL, name, user_key, ip_key, ip, now);
	if (u.disabled)
		return LOGIN_DISABLED;
	return login_succeeded(store, policy, &u, user_key, ip, now, out);
}

/* ---- sessions ---- */

int session_lookup(struct db *db, const struct accounts_policy *policy, const char *session_id, int64_t now,
		   struct user *user, struct session *s)
{
	if (!session_id || strlen(session_id) != SESSION_ID_LEN || !is_hex(session_id, SESSION_ID_LEN))
		return 0;
	char id_hash[65];
	sha256_hex(session_id, id_hash);
	struct db_stmt *st = db_prepare(db, "SELECT " USER_COLUMNS ", s.id, s.created_at, s.last_seen, s.csrf "
					    "FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.id_hash = :hash");
	db_bind_text(st, ":hash", id_hash);
	int rc = db_step(st);
	if (rc <= 0)
		return rc;
	struct user u;
	struct session found;
	user_fill(st, 0, &u);
	found.id = db_column_int(st, 6);
	found.user_id = u.id;
	found.created_at = db_column_int(st, 7);
	found.last_seen = db_column_int(st, 8);
	db_column_copy(st, 9, found.csrf, sizeof found.csrf);
	db_reset(st);
	if (u.disabled || now - found.last_seen > policy->idle_seconds ||
	    now - found.created_at > policy->absolute_seconds)
		return 0;
	if (user)
		*user = u;
	if (s)
		*s = found;
	return 1;
}

bool session_needs_touch(const struct session *s, int64_t now)
{
	return now - s->last_seen >= SESSION_TOUCH_SECONDS;
}

int session_touch(struct db *w, int64_t session_row_id, int64_t now)
{
	struct db_stmt *st = db_prepare(w, "UPDATE sessions SET last_seen = :now WHERE id = :id AND last_seen < :now");
	db_bind_int(st, ":now", now);
	db_bind_int(st, ":id", session_row_id);
	return db_step(st) < 0 ? -1 : 0;
}

int session_logout(struct db *w, const char *session_id)
{
	if (!session_id || strlen(session_id) != SESSION_ID_LEN)
		return 0;
	char id_hash[65];
	sha256_hex(session_id, id_hash);
	struct db_stmt *st = db_prepare(w, "DELETE FROM sessions WHERE id_hash = :hash");
	db_bind_text(st, ":hash", id_hash);
	if (db_step(st) < 0)
		return -1;
	return db_changes(w) > 0 ? 1 : 0;
}

int64_t sessions_purge(struct db *w, const struct accounts_policy *policy, int64_t now)
{
	struct db_stmt *st = db_prepare(w, "DELETE FROM sessions WHERE last_seen < :idle OR created_at < :absolute");
	db_bind_int(st, ":idle", now - policy->idle_seconds);
	db_bind_int(st, ":absolute", now - policy->absolute_seconds);
	if (db_step(st) < 0)
		return -1;
	int64_t removed = db_changes(w);
	st = db_prepare(w, "DELETE FROM login_failures WHERE locked_until < :now AND last_failure < :old");
	db_bind_int(st, ":now", now);
	db_bind_int(st, ":old", now - policy->lockout_seconds);
	if (db_step(st) < 0)
		return -1;
	return removed + db_changes(w);
}

bool csrf_check(const struct session *s, const char *submitted)
{
	if (!s || !submitted || strlen(submitted) != SESSION_ID_LEN || strlen(s->csrf) != SESSION_ID_LEN)
		return false;
	return sodium_memcmp(s->csrf, submitted, SESSION_ID_LEN) == 0;
}

/* ---- password changes ---- */

/* Stores a new hash and ends the user's sessions except keep_session_id; audits. */
static int password_store(struct store *store, int64_t user_id, const char *hash, const char *keep_session_id,
			  const char *action, const char *ip, int64_t now)
{
	char keep_hash[65] = "";
	if (keep_session_id)
		sha256_hex(keep_session_id, keep_hash);
	struct db *w = store_write_begin(store);
	if (!w)
		return -1;
	struct user u;
	bool ok = user_get(w, user_id, &u) == 1;
	struct db_stmt *st = db_prepare(w, "UPDATE users SET password_hash = :hash, password_changed_at = :now "
					   "WHERE id = :id");
	db_bind_text(st, ":hash", hash);
	db_bind_int(st, ":now", now);
	db_bind_int(st, ":id", user_id);
	ok = ok && db_step(st) == 0 && sessions_end_for_user(w, user_id, keep_hash[0] ? keep_hash : NULL) == 0 &&
	     audit_append(w, user_id, u.agency_id, action, "user", user_id, NULL, ip, now) > 0;
	return store_write_end(store, ok) == 0 && ok ? 0 : -1;
}

int accounts_change_password(struct store *store, int64_t user_id, const char *old_password, const char *new_password,
			     const char *keep_session_id, const char *ip, int64_t now, char *err, size_t errlen)
{
	struct db *r = store_reader(store);
	struct user u;
	char hash[PASSWORD_HASH_MAX];
	int rc = r ? user_get(r, user_id, &u) : -1;
	if (rc == 1)
		rc = user_with_hash(r, u.name, &u, hash);
	if (rc != 1) {
		snprintf(err, errlen, rc == 0 ? "用户不存在" : "读取用户失败");
		return -1;
	}
	if (!password_verify(hash, old_password)) {
		snprintf(err, errlen, "原密码不正确");
		return -1;
	}
	if (!password_acceptable(new_password, err, errlen))
		return -1;
	if (password_hash(new_password, hash) < 0 ||
	    password_store(store, user_id, hash, keep_session_id, "user.password", ip, now) < 0) {
		snprintf(err, errlen, "保存新密码失败，密码未更改，请稍后重试。");
		return -2;
	}
	return 0;
}

int accounts_set_password(struct store *store, int64_t user_id, const char *new_password, int64_t now, char *err,
			  size_t errlen)
{
	char hash[PASSWORD_HASH_MAX];
	if (!password_acceptable(new_password, err, errlen))
		return -1;
	if (password_hash(new_password, hash) < 0 ||
	    password_store(store, user_id, hash, NULL, "user.password_reset", NULL, now) < 0) {
		snprintf(err, errlen, "保存新密码失败（用户 %" PRId64 "）", user_id);
		return -1;
	}
	return 0;
}

/* ---- API tokens ---- */

int64_t token_create(struct db *w, int64_t user_id, const char *label, int64_t now, int64_t expires_at,
		     char token_out[TOKEN_LEN + 1])
{
	accounts_ready();
	char hash[65];
	memcpy(token_out, TOKEN_PREFIX, sizeof TOKEN_PREFIX);
	random_hex(token_out + strlen(TOKEN_PREFIX), 32);
	sha256_hex(token_out, hash);
	struct db_stmt *st = db_prepare(w, "INSERT INTO api_tokens (token_hash, user_id, label, created_at, "
					   "expires_at, revoked_at) VALUES (:hash, :user, :label, :now, :expires, 0) "
					   "RETURNING id");
	db_bind_text(st, ":hash", hash);
	db_bind_int(st, ":user", user_id);
	db_bind_text(st, ":label", label ? label : "");
	db_bind_int(st, ":now", now);
	db_bind_int(st, ":expires", expires_at);
	int64_t id = 0;
	if (db_step_int(st, &id) != 1) {
		sodium_memzero(token_out, TOKEN_LEN + 1);
		return -1;
	}
	return id;
}

int token_lookup(struct db *db, const char *token, int64_t now, struct user *user)
{
	size_t prefix = strlen(TOKEN_PREFIX);
	if (!token || strlen(token) != TOKEN_LEN || strncmp(token, TOKEN_PREFIX, prefix) != 0 ||
	    !is_hex(token + prefix, TOKEN_LEN - prefix))
		return 0;
	char hash[65];
	sha256_hex(token, hash);
	struct db_stmt *st = db_prepare(db, "SELECT " USER_COLUMNS " FROM api_tokens t JOIN users u ON u.id = "
					    "t.user_id WHERE t.token_hash = :hash AND t.revoked_at = 0 AND "
					    "(t.expires_at = 0 OR t.expires_at > :now) AND u.disabled = 0");
	db_bind_text(st, ":hash", hash);
	db_bind_int(st, ":now", now);
	struct user ignored;
	return user_one(st, user ? user : &ignored);
}

int token_revoke(struct db *w, int64_t token_id, int64_t now)
{
	struct db_stmt *st = db_prepare(w, "UPDATE api_tokens SET revoked_at = :now WHERE id = :id AND revoked_at = 0");
	db_bind_int(st, ":now", now);
	db_bind_int(st, ":id", token_id);
	if (db_step(st) < 0)
		return -1;
	return db_changes(w) > 0 ? 1 : 0;
}
