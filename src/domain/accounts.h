/* accounts.h — staff accounts: users and roles, password hashing, login with lockout, database
 * sessions with CSRF tokens, and API bearer tokens.
 *
 * Security decisions:
 *   - Passwords: libsodium argon2id (crypto_pwhash_str, interactive limits); at most
 *     PASSWORD_HASH_CONCURRENCY hashes run at once in the process (a counting semaphore), so a burst of
 *     logins cannot exhaust memory. Hashing never happens while the writer lock is held.
 *   - Session ids and API tokens: 32 random bytes (randombytes_buf), given to the client once; the
 *     database keeps only their SHA-256 (hex), so a database leak does not leak live sessions.
 *   - Each session has its own CSRF token (random, stored in the session row, compared in constant
 *     time). The HTTP layer sets the cookie as
 *       gk_session=<id>; Path=/; HttpOnly; SameSite=Lax[; Secure when config https]
 *     and checks csrf_check() for every POST before the handler runs.
 *   - Lockout: after policy.max_failures failed logins in a row for a user name, or 4× that many from
 *     one IP address, further attempts are refused for policy.lockout_seconds (without checking the
 *     password). A successful login clears the user's counter.
 *   - Disabled users cannot log in; their sessions and tokens stop working at once.
 *
 * Functions taking a writer (user_add, user_disable, user_set_roles, token_create, token_revoke,
 * session_logout) do not write audit entries: the caller knows who acted and appends one in the same
 * transaction (audit_append). Functions taking the store (accounts_login, accounts_change_password,
 * accounts_set_password) run their own transactions and audit themselves.
 *
 * Every time is Unix seconds passed in as `now`, so tests control the clock. All functions returning int
 * use: >= 0 / 1 success, 0 "not found / refused" where stated, -1 error (message in err when given). */
#ifndef GONGKAI_DOMAIN_ACCOUNTS_H
#define GONGKAI_DOMAIN_ACCOUNTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "storage/db.h"
#include "util/config.h"

/* ---- roles ---- */

enum role {
	ROLE_ADMIN = 1u << 0,	   /* admin, 管理员: users, agencies, settings */
	ROLE_EDITOR = 1u << 1,	   /* editor, 编辑: drafts information items */
	ROLE_REVIEWER = 1u << 2,   /* reviewer, 保密审查员: confidentiality review before release */
	ROLE_HANDLER = 1u << 3,	   /* handler, 申请办理员: handles applications */
	ROLE_LEADER = 1u << 4,	   /* leader, 审批领导: approves replies and reports */
	ROLE_SUPERVISOR = 1u << 5, /* supervisor, 公开办督查: sees subordinate agencies */
};
#define ROLE_ALL   0x3fu
#define ROLE_COUNT 6

/* Name of a single role bit: "admin" … / "管理员" …; NULL if role is not exactly one known bit. */
const char *role_name(unsigned role);
const char *role_name_zh(unsigned role);

/* Parses a comma-separated list of role names (English or Chinese), e.g. "editor,reviewer".
 * Returns 0 and sets *roles, or -1 with a Chinese message naming the bad word. */
int roles_parse(const char *list, unsigned *roles, char *err, size_t errlen);

/* Writes the roles as a comma-separated list into dst (English names when chinese == false, else
 * Chinese names joined by "、"). Always NUL-terminated. */
void roles_format(unsigned roles, bool chinese, char *dst, size_t size);

/* ---- users ---- */

struct user {
	int64_t id, agency_id;
	char name[64]; /* login name: ASCII letters, digits, . _ - (1–63 chars) */
	char display_name[128];
	unsigned roles; /* enum role bits */
	bool disabled;
};

/* Policy derived from the configuration. */
struct accounts_policy {
	int64_t idle_seconds;	  /* session idle timeout (sliding) */
	int64_t absolute_seconds; /* session absolute lifetime */
	int max_failures;	  /* failed logins before lockout */
	int64_t lockout_seconds;
};

/* Fills the policy from config (session_idle_minutes, session_absolute_hours, login_max_failures,
 * login_lockout_minutes). */
void accounts_policy_from_config(struct accounts_policy *policy, const struct config *cfg);

/* Checks a login name; returns true if valid, else false with a Chinese reason in err. */
bool user_name_valid(const char *name, char *err, size_t errlen);

/* Adds a user. password_hash comes from password_hash() (computed before the write transaction).
 * display_name may be NULL (then the name). w is the writer inside a transaction.
 * Returns the new id (> 0), or -1 with a Chinese message (name taken, bad name, unknown agency…). */
int64_t user_add(struct db *w, int64_t agency_id, const char *name, const char *display_name, unsigned roles,
		 const char *password_hash, int64_t now, char *err, size_t errlen);

/* Fetches a user by id / by login name. Returns 1 found, 0 not found, -1 error. */
int user_get(struct db *db, int64_t id, struct user *out);
int user_get_by_name(struct db *db, const char *name, struct user *out);

/* Lists users ordered by name; agency_id 0 means every agency. *out is malloc'd (caller frees with
 * free(); NULL when *count == 0). Returns 0 or -1. */
int user_list(struct db *db, int64_t agency_id, struct user **out, size_t *count);

/* Disables a user by name and ends their sessions and API tokens. Returns 1 done, 0 no such user,
 * -1 error. w is the writer inside a transaction. */
int user_disable(struct db *w, const char *name, int64_t now);

/* Replaces a user's roles (w: writer). Returns 1 done, 0 no such user, -1 error. */
int user_set_roles(struct db *w, int64_t user_id, unsigned roles);

/* ---- passwords ---- */

#define PASSWORD_HASH_MAX	  128 /* crypto_pwhash_STRBYTES */
#define PASSWORD_MIN_LEN	  10
#define PASSWORD_MAX_LEN	  256
#define PASSWORD_HASH_CONCURRENCY 2

/* Checks password strength rules (length PASSWORD_MIN_LEN..PASSWORD_MAX_LEN bytes, not only one kind
 * of character). Returns true, or false with a Chinese reason. */
bool password_acceptable(const char *password, char *err, size_t errlen);

/* Hashes a password with argon2id into out (NUL-terminated). Blocks while PASSWORD_HASH_CONCURRENCY
 * other hashes run. Returns 0 or -1 (out of memory). */
int password_hash(const char *password, char out[PASSWORD_HASH_MAX]);

/* Verifies a password against a stored hash (same concurrency limit). */
bool password_verify(const char *hash, const char *password);

/* Fills dst (size >= 17) with a random readable password of size-1 characters from an alphabet
 * without look-alike characters. */
void password_generate(char *dst, size_t size);

/* ---- login and sessions ---- */

#define SESSION_ID_LEN	      64 /* hex characters of a session id / CSRF token */
#define SESSION_TOUCH_SECONDS 60 /* last_seen is refreshed at most this often */

enum login_result {
	LOGIN_OK = 0,
	LOGIN_BAD_CREDENTIALS, /* unknown name or wrong password (indistinguishable on purpose) */
	LOGIN_LOCKED,	       /* too many failures: retry after out->retry_after seconds */
	LOGIN_DISABLED,	       /* correct password, but the account is disabled */
	LOGIN_ERROR,	       /* database error */
};

struct session_out {
	char id[SESSION_ID_LEN + 1]; /* the cookie value: give it to the client, never store it */
	char csrf[SESSION_ID_LEN + 1];
	int64_t user_id;
	int64_t retry_after; /* LOGIN_LOCKED: seconds until the next attempt is allowed */
};

/* Chinese message for a login result, suitable for the login page. */
const char *login_result_message(enum login_result result);

/* Logs a user in: checks lockout (per name and per ip), verifies the password outside any lock,
 * records the failure or creates the session, and writes an audit entry ("login" / "login_failed").
 * ip may be NULL. Takes the store because it needs a reader and, briefly, the writer. */
enum login_result accounts_login(struct store *store, const struct accounts_policy *policy, const char *name,
				 const char *password, const char *ip, int64_t now, struct session_out *out);

/* A live session as seen by a request. */
struct session {
	int64_t id; /* row id (not the secret) */
	int64_t user_id;
	int64_t created_at, last_seen;
	char csrf[SESSION_ID_LEN + 1];
};

/* Looks up the session whose cookie value is session_id (read-only; any connection). Returns 1 if it
 * exists, is within both timeouts and its user is enabled (user and s filled), 0 otherwise, -1 error.
 * user or s may be NULL. */
int session_lookup(struct db *db, const struct accounts_policy *policy, const char *session_id, int64_t now,
		   struct user *user, struct session *s);

/* True when the session's last_seen is older than SESSION_TOUCH_SECONDS (then call session_touch). */
bool session_needs_touch(const struct session *s, int64_t now);

/* Records activity (sliding idle timeout). w: writer. Returns 0 or -1. */
int session_touch(struct db *w, int64_t session_row_id, int64_t now);

/* Ends the session with this cookie value (logout). w: writer. Returns 1 ended, 0 no such session, -1. */
int session_logout(struct db *w, const char *session_id);

/* Deletes expired sessions and old login-failure records (accounts_login also does this at each
 * successful login). w: writer. Returns rows removed or -1. */
int64_t sessions_purge(struct db *w, const struct accounts_policy *policy, int64_t now);

/* Constant-time check of a submitted CSRF token against the session's. False for NULL/empty. */
bool csrf_check(const struct session *s, const char *submitted);

/* Changes a password: verifies old_password, checks password_acceptable(new_password), stores the
 * new hash and ends every other session of the user (keep_session_id, may be NULL, survives).
 * Writes an audit entry. Returns 0, -1 with a Chinese message (refused), or -2 with a Chinese message
 * when the database failed (nothing was changed; the HTTP layer answers 503). */
int accounts_change_password(struct store *store, int64_t user_id, const char *old_password, const char *new_password,
			     const char *keep_session_id, const char *ip, int64_t now, char *err, size_t errlen);

/* Sets a password without knowing the old one (admin reset / CLI). Ends all the user's sessions.
 * Returns 0, or -1 with a Chinese message. */
int accounts_set_password(struct store *store, int64_t user_id, const char *new_password, int64_t now, char *err,
			  size_t errlen);

/* ---- API tokens ---- */

#define TOKEN_PREFIX "gk_"
#define TOKEN_LEN    (3 + 64) /* "gk_" + 64 hex */

/* Creates an API bearer token for the user (w: writer). The token is written to token_out, shown
 * once, and only its hash is stored. label may be NULL. expires_at 0 = never.
 * Returns the token row id (> 0), or -1. */
int64_t token_create(struct db *w, int64_t user_id, const char *label, int64_t now, int64_t expires_at,
		     char token_out[TOKEN_LEN + 1]);

/* Finds the enabled user owning this bearer token (any connection). Returns 1 (user filled), 0 unknown,
 * revoked or expired token or disabled user, -1 error. */
int token_lookup(struct db *db, const char *token, int64_t now, struct user *user);

/* Revokes a token by row id (w: writer). Returns 1, 0 (no such token), -1. */
int token_revoke(struct db *w, int64_t token_id, int64_t now);

#endif
