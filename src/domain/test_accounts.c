/* test_accounts.c — unit tests of accounts: roles, argon2id hash/verify, login, lockout, session idle and
 * absolute expiry (injected clock), logout, CSRF per session, API tokens, disabled users, password
 * change, the token store jobs (admin.c) and login under failing commits. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/accounts.h"
#include "domain/admin.h"
#include "domain/tokens.h"
#include "domain/agency.h"
#include "storage/db.h"
#include "storage/store_testutil.h"
#include "util/buf.h"

#define T0	 1700000000 /* the injected clock starts here */
#define PASSWORD "Correct-horse-1"

struct fixture {
	char dir[64];
	struct store *store;
	struct accounts_policy policy;
	int64_t agency_id, alice_id;
};

static int64_t add_user(struct fixture *f, const char *name, const char *password, unsigned roles)
{
	char hash[PASSWORD_HASH_MAX], err[256];
	assert_int_equal(password_hash(password, hash), 0);
	struct db *w = store_write_begin(f->store);
	int64_t id = user_add(w, f->agency_id, name, NULL, roles, hash, T0, err, sizeof err);
	assert_int_equal(store_write_end(f->store, true), 0);
	return id;
}

static int setup(void **state)
{
	struct fixture *f = xcalloc(1, sizeof *f);
	snprintf(f->dir, sizeof f->dir, "/tmp/gongkai-test-acc-XXXXXX");
	if (!mkdtemp(f->dir))
		return -1;
	char err[256];
	f->store = test_store_open(f->dir, err, sizeof err);
	if (!f->store)
		return -1;
	f->policy = (struct accounts_policy){
	    .idle_seconds = 1800, .absolute_seconds = 12 * 3600, .max_failures = 3, .lockout_seconds = 900};
	struct agency a = {.level = AGENCY_SUBDISTRICT};
	snprintf(a.name, sizeof a.name, "汝州市钟楼街道办事处");
	struct db *w = store_write_begin(f->store);
	f->agency_id = agency_add_at(w, &a, T0, err, sizeof err);
	if (store_write_end(f->store, true) < 0 || f->agency_id <= 0)
		return -1;
	f->alice_id = add_user(f, "alice", PASSWORD, ROLE_EDITOR | ROLE_REVIEWER);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	store_close(f->store);
	int rc = test_dir_remove(f->dir);
	free(f);
	return rc == 0 ? 0 : -1;
}

static void login_ok(struct fixture *f, const char *name, const char *password, int64_t now, struct session_out *out)
{
	assert_int_equal(accounts_login(f->store, &f->policy, name, password, "192.0.2.1", now, out), LOGIN_OK);
}

static int lookup(struct fixture *f, const char *sid, int64_t now, struct session *s)
{
	struct user u;
	return session_lookup(store_reader(f->store), &f->policy, sid, now, &u, s);
}

static void test_roles(void **state)
{
	(void)state;
	unsigned roles;
	char err[256], text[128];
	assert_int_equal(roles_parse("editor,reviewer", &roles, err, sizeof err), 0);
	assert_int_equal(roles, ROLE_EDITOR | ROLE_REVIEWER);
	assert_int_equal(roles_parse("管理员, supervisor", &roles, err, sizeof err), 0);
	assert_int_equal(roles, ROLE_ADMIN | ROLE_SUPERVISOR);
	assert_int_equal(roles_parse("editor,boss", &roles, err, sizeof err), -1);
	assert_non_null(strstr(err, "boss"));
	assert_int_equal(roles_parse("", &roles, err, sizeof err), -1);
	roles_format(ROLE_HANDLER | ROLE_LEADER, false, text, sizeof text);
	assert_string_equal(text, "handler,leader");
	roles_format(ROLE_HANDLER | ROLE_LEADER, true, text, sizeof text);
	assert_string_equal(text, "申请办理员、审批领导");
	assert_string_equal(role_name_zh(ROLE_REVIEWER), "保密审查员");
	assert_null(role_name(ROLE_ADMIN | ROLE_EDITOR));
}

static void test_hash_and_verify(void **state)
{
	(void)state;
	char a[PASSWORD_HASH_MAX], b[PASSWORD_HASH_MAX], err[256];
	assert_int_equal(password_hash(PASSWORD, a), 0);
	assert_int_equal(password_hash(PASSWORD, b), 0);
	assert_string_not_equal(a, b); /* salted */
	assert_non_null(strstr(a, "$argon2id$"));
	assert_true(password_verify(a, PASSWORD));
	assert_false(password_verify(a, "correct-horse-1"));
	assert_false(password_verify(a, ""));
	assert_false(password_acceptable("short1A", err, sizeof err));
	assert_false(password_acceptable("onlylowercaseletters", err, sizeof err));
	assert_true(password_acceptable("lowercase and spaces", err, sizeof err));
	/* a dictionary word with digits, however long, is refused (libpwquality + cracklib) */
	assert_false(password_acceptable("password12", err, sizeof err));
	assert_non_null(strstr(err, "字典"));
	assert_false(password_acceptable("Password123", err, sizeof err));
	assert_false(password_acceptable("qwertyuiop1", err, sizeof err));
	char generated[17];
	password_generate(generated, sizeof generated);
	assert_int_equal(strlen(generated), 16);
	assert_true(password_acceptable(generated, err, sizeof err));
}

static void test_login_session_csrf(void **state)
{
	struct fixture *f = *state;
	struct session_out out;
	login_ok(f, "alice", PASSWORD, T0, &out);
	assert_int_equal(strlen(out.id), SESSION_ID_LEN);
	assert_int_equal(strlen(out.csrf), SESSION_ID_LEN);
	assert_int_equal(out.user_id, f->alice_id);
	struct user u;
	struct session s;
	assert_int_equal(session_lookup(store_reader(f->store), &f->policy, out.id, T0 + 5, &u, &s), 1);
	assert_string_equal(u.name, "alice");
	assert_int_equal(u.roles, ROLE_EDITOR | ROLE_REVIEWER);
	assert_int_equal(u.agency_id, f->agency_id);
	/* Only a hash of the session id is stored. */
	struct db_stmt *st = db_prepare(store_reader(f->store), "SELECT count(*) FROM sessions WHERE id_hash = :id");
	db_bind_text(st, ":id", out.id);
	int64_t n = -1;
	assert_int_equal(db_step_int(st, &n), 1);
	assert_int_equal(n, 0);
	/* CSRF: the session's token passes, anything else fails; each session has its own. */
	assert_true(csrf_check(&s, out.csrf));
	char wrong[SESSION_ID_LEN + 1];
	memcpy(wrong, out.csrf, sizeof wrong);
	wrong[0] = wrong[0] == 'a' ? 'b' : 'a';
	assert_false(csrf_check(&s, wrong));
	assert_false(csrf_check(&s, ""));
	assert_false(csrf_check(&s, NULL));
	struct session_out second;
	login_ok(f, "alice", PASSWORD, T0 + 10, &second);
	assert_string_not_equal(second.csrf, out.csrf);
	assert_string_not_equal(second.id, out.id);
	assert_false(csrf_check(&s, second.csrf));
	/* Garbage session ids are simply unknown. */
	assert_int_equal(lookup(f, "not-a-session", T0, NULL), 0);
	assert_int_equal(lookup(f, "' OR 1=1 --", T0, NULL), 0);
	/* Wrong password and unknown user look the same. */
	assert_int_equal(accounts_login(f->store, &f->policy, "alice", "wrong", NULL, T0, &out), LOGIN_BAD_CREDENTIALS);
	assert_int_equal(accounts_login(f->store, &f->policy, "mallory", PASSWORD, NULL, T0, &out),
			 LOGIN_BAD_CREDENTIALS);
}

static void test_lockout(void **state)
{
	struct fixture *f = *state;
	struct session_out out;
	for (int i = 0; i < f->policy.max_failures; i++)
		assert_int_equal(accounts_login(f->store, &f->policy, "alice", "bad", "198.51.100.7", T0 + i, &out),
				 LOGIN_BAD_CREDENTIALS);
	/* Locked now from that address: even the right password is refused, without being checked. */
	assert_int_equal(accounts_login(f->store, &f->policy, "alice", PASSWORD, "198.51.100.7", T0 + 10, &out),
			 LOGIN_LOCKED);
	assert_true(out.retry_after > 800 && out.retry_after <= 900);
	assert_string_equal(login_result_message(LOGIN_LOCKED), "登录失败次数过多，请稍后再试");
	/* The owner, from another address, is not locked out by someone who knows the name … */
	login_ok(f, "alice", PASSWORD, T0 + 11, &out);
	/* … and is shown the failed attempts since the previous login. */
	struct failed_logins fl;
	assert_int_equal(accounts_failed_logins(store_reader(f->store), f->alice_id, &fl), 0);
	assert_int_equal(fl.count, f->policy.max_failures);
	assert_string_equal(fl.last_ip, "198.51.100.7");
	assert_int_equal(fl.last_at, T0 + f->policy.max_failures - 1);
	/* After the lockout the right password works from that address too. */
	login_ok(f, "alice", PASSWORD, T0 + 2 + 901, &out);
	assert_int_equal(accounts_failed_logins(store_reader(f->store), f->alice_id, &fl), 0);
	assert_int_equal(fl.count, 0); /* shown once: counted from the previous login */
}

/* Each further lockout of the same name and address lasts twice as long. */
static void test_lockout_grows(void **state)
{
	struct fixture *f = *state;
	struct session_out out;
	int64_t t = T0;
	int64_t expected = f->policy.lockout_seconds;
	for (int round = 0; round < 3; round++) {
		for (int i = 0; i < f->policy.max_failures; i++)
			assert_int_equal(
			    accounts_login(f->store, &f->policy, "alice", "bad", "198.51.100.8", ++t, &out),
			    LOGIN_BAD_CREDENTIALS);
		assert_int_equal(accounts_login(f->store, &f->policy, "alice", PASSWORD, "198.51.100.8", t, &out),
				 LOGIN_LOCKED);
		assert_int_equal(out.retry_after, expected);
		t += expected;
		expected *= 2;
	}
}

static void test_lockout_per_ip(void **state)
{
	struct fixture *f = *state;
	add_user(f, "bob", PASSWORD, ROLE_HANDLER);
	struct session_out out;
	/* One address guessing many names: locked after 4 × max_failures. */
	int limit = f->policy.max_failures * 4;
	for (int i = 0; i < limit; i++) {
		char name[16];
		snprintf(name, sizeof name, "guess%d", i);
		assert_int_equal(accounts_login(f->store, &f->policy, name, "x", "198.51.100.66", T0 + i, &out),
				 LOGIN_BAD_CREDENTIALS);
	}
	assert_int_equal(accounts_login(f->store, &f->policy, "bob", PASSWORD, "198.51.100.66", T0 + 20, &out),
			 LOGIN_LOCKED);
	login_ok(f, "bob", PASSWORD, T0 + 21, &out); /* from another address */
}

static void test_session_expiry(void **state)
{
	struct fixture *f = *state;
	struct session_out out;
	struct session s;
	login_ok(f, "alice", PASSWORD, T0, &out);
	/* Idle timeout: 30 minutes without activity. */
	assert_int_equal(lookup(f, out.id, T0 + 1800, &s), 1);
	assert_int_equal(lookup(f, out.id, T0 + 1801, &s), 0);

	/* Sliding: activity keeps it alive … */
	login_ok(f, "alice", PASSWORD, T0, &out);
	int64_t now = T0;
	for (; now + 1000 <= T0 + 12 * 3600; now += 1000) {
		assert_int_equal(lookup(f, out.id, now, &s), 1);
		assert_true(now == T0 || session_needs_touch(&s, now));
		struct db *w = store_write_begin(f->store);
		assert_int_equal(session_touch(w, s.id, now), 0);
		assert_int_equal(store_write_end(f->store, true), 0);
		assert_false(session_needs_touch(&(struct session){.last_seen = now}, now + 10));
	}
	/* … but not past the absolute limit of 12 hours, however recent the activity. */
	assert_int_equal(lookup(f, out.id, T0 + 43000, &s), 1);
	struct db *tw = store_write_begin(f->store);
	assert_int_equal(session_touch(tw, s.id, T0 + 43000), 0);
	assert_int_equal(store_write_end(f->store, true), 0);
	assert_int_equal(lookup(f, out.id, T0 + 12 * 3600, &s), 1);
	assert_int_equal(lookup(f, out.id, T0 + 12 * 3600 + 1, &s), 0);
	/* Purging removes expired sessions. */
	struct db *w = store_write_begin(f->store);
	assert_true(sessions_purge(w, &f->policy, T0 + 13 * 3600) >= 2);
	assert_int_equal(store_write_end(f->store, true), 0);
}

static void test_logout(void **state)
{
	struct fixture *f = *state;
	struct session_out out, other;
	login_ok(f, "alice", PASSWORD, T0, &out);
	login_ok(f, "alice", PASSWORD, T0, &other);
	struct db *w = store_write_begin(f->store);
	assert_int_equal(session_logout(w, out.id), 1);
	assert_int_equal(session_logout(w, out.id), 0);
	assert_int_equal(store_write_end(f->store, true), 0);
	assert_int_equal(lookup(f, out.id, T0 + 1, NULL), 0);
	assert_int_equal(lookup(f, other.id, T0 + 1, NULL), 1); /* other sessions stay */
}

static void test_tokens(void **state)
{
	struct fixture *f = *state;
	char token[TOKEN_LEN + 1], expiring[TOKEN_LEN + 1];
	struct db *w = store_write_begin(f->store);
	int64_t id = token_create(w, f->alice_id, "统计接口", T0, 0, token);
	assert_true(id > 0);
	assert_true(token_create(w, f->alice_id, NULL, T0, T0 + 60, expiring) > 0);
	assert_int_equal(store_write_end(f->store, true), 0);
	assert_int_equal(strlen(token), TOKEN_LEN);
	assert_memory_equal(token, TOKEN_PREFIX, strlen(TOKEN_PREFIX));
	struct db *r = store_reader(f->store);
	struct user u;
	assert_int_equal(token_lookup(r, token, T0 + 100, &u), 1);
	assert_string_equal(u.name, "alice");
	assert_int_equal(token_lookup(r, expiring, T0 + 59, &u), 1);
	assert_int_equal(token_lookup(r, expiring, T0 + 60, &u), 0); /* expired */
	char forged[TOKEN_LEN + 1];
	memcpy(forged, token, sizeof forged);
	forged[TOKEN_LEN - 1] = forged[TOKEN_LEN - 1] == '0' ? '1' : '0';
	assert_int_equal(token_lookup(r, forged, T0, &u), 0);
	assert_int_equal(token_lookup(r, "gk_short", T0, &u), 0);
	assert_int_equal(token_lookup(r, NULL, T0, &u), 0);
	struct db_stmt *st = db_prepare(r, "SELECT count(*) FROM api_tokens WHERE token_hash = :t OR label = :t");
	db_bind_text(st, ":t", token);
	int64_t n = -1;
	assert_int_equal(db_step_int(st, &n), 1);
	assert_int_equal(n, 0); /* the token itself is not stored */
	w = store_write_begin(f->store);
	assert_int_equal(token_revoke(w, id, T0 + 200), 1);
	assert_int_equal(token_revoke(w, id, T0 + 201), 0);
	assert_int_equal(store_write_end(f->store, true), 0);
	assert_int_equal(token_lookup(r, token, T0 + 300, &u), 0);
}

/* The token jobs of admin.c: a lifetime within 1..TOKEN_DAYS_MAX, revocation by the owner or an
 * administrator only (another user is told there is no such token), once. */
static void test_token_jobs(void **state)
{
	struct fixture *f = *state;
	int64_t bob = add_user(f, "bob", PASSWORD, ROLE_EDITOR), root = add_user(f, "root", PASSWORD, ROLE_ADMIN);
	struct actor cli = {.ip = "cli", .system = true};
	struct admin_token_create_job c = {.actor = cli, .name = "alice", .label = "接口", .now = T0, .days = 0};
	struct outcome out;
	assert_int_equal(store_write(f->store, admin_token_create, &c, &out), OUTCOME_INVALID);
	assert_string_equal(out.field, "days");
	c.days = TOKEN_DAYS_MAX + 1;
	assert_int_equal(store_write(f->store, admin_token_create, &c, &out), OUTCOME_INVALID);
	c.days = TOKEN_DAYS_MAX;
	assert_int_equal(store_write(f->store, admin_token_create, &c, &out), OUTCOME_OK);
	struct api_token t;
	assert_int_equal(token_get(store_reader(f->store), c.id, &t), 1);
	assert_int_equal(t.expires_at, T0 + (int64_t)TOKEN_DAYS_MAX * 86400);
	assert_int_equal(t.user_id, f->alice_id);
	c.days = 30;
	assert_int_equal(store_write(f->store, admin_token_create, &c, &out), OUTCOME_OK);
	int64_t second = c.id;
	struct admin_token_revoke_job rv = {{.user_id = bob, .roles = ROLE_EDITOR}, second, T0 + 10};
	assert_int_equal(store_write(f->store, admin_token_revoke, &rv, &out), OUTCOME_NOT_FOUND); /* not bob's */
	rv.actor = (struct actor){.user_id = f->alice_id, .roles = ROLE_EDITOR};
	assert_int_equal(store_write(f->store, admin_token_revoke, &rv, &out), OUTCOME_OK);
	assert_int_equal(store_write(f->store, admin_token_revoke, &rv, &out), OUTCOME_CONFLICT); /* once */
	rv = (struct admin_token_revoke_job){{.user_id = root, .roles = ROLE_ADMIN}, c.id - 1, T0 + 20};
	assert_int_equal(store_write(f->store, admin_token_revoke, &rv, &out), OUTCOME_OK); /* an administrator */
	assert_int_equal(token_get(store_reader(f->store), second, &t), 1);
	assert_int_equal(t.revoked_at, T0 + 10);
	rv.id = second + 100;
	assert_int_equal(store_write(f->store, admin_token_revoke, &rv, &out), OUTCOME_NOT_FOUND);
	db_release(store_reader(f->store));
}

/* A login or a failed attempt whose commit fails is an error and leaves no session and no counter. */
static void test_login_commit_fails(void **state)
{
	struct fixture *f = *state;
	struct session_out s;
	store_fail_commits(f->store, true);
	assert_int_equal(accounts_login(f->store, &f->policy, "alice", "wrong-password", "192.0.2.7", T0, &s),
			 LOGIN_ERROR);
	assert_int_equal(accounts_login(f->store, &f->policy, "alice", PASSWORD, "192.0.2.7", T0, &s), LOGIN_ERROR);
	store_fail_commits(f->store, false);
	struct db *r = store_reader(f->store);
	int64_t n = -1;
	assert_int_equal(db_step_int(db_prepare(r, "SELECT (SELECT count(*) FROM sessions) + "
						   "(SELECT count(*) FROM login_failures)"),
				     &n),
			 1);
	assert_int_equal(n, 0);
	db_release(r);
	assert_int_equal(accounts_login(f->store, &f->policy, "alice", PASSWORD, "192.0.2.7", T0, &s), LOGIN_OK);
}

static void test_disabled_user(void **state)
{
	struct fixture *f = *state;
	struct session_out out;
	char token[TOKEN_LEN + 1];
	login_ok(f, "alice", PASSWORD, T0, &out);
	struct db *w = store_write_begin(f->store);
	assert_true(token_create(w, f->alice_id, NULL, T0, 0, token) > 0);
	assert_int_equal(user_disable(w, "alice", T0 + 1), 1);
	assert_int_equal(user_disable(w, "nobody", T0 + 1), 0);
	assert_int_equal(store_write_end(f->store, true), 0);
	struct user u;
	assert_int_equal(user_get(store_reader(f->store), f->alice_id, &u), 1);
	assert_true(u.disabled);
	assert_int_equal(lookup(f, out.id, T0 + 2, NULL), 0);
	assert_int_equal(token_lookup(store_reader(f->store), token, T0 + 2, &u), 0);
	assert_int_equal(accounts_login(f->store, &f->policy, "alice", PASSWORD, NULL, T0 + 3, &out), LOGIN_DISABLED);
	assert_int_equal(accounts_login(f->store, &f->policy, "alice", "wrong", NULL, T0 + 3, &out),
			 LOGIN_BAD_CREDENTIALS);
}

static void test_change_password(void **state)
{
	struct fixture *f = *state;
	struct session_out keep, drop;
	login_ok(f, "alice", PASSWORD, T0, &keep);
	login_ok(f, "alice", PASSWORD, T0, &drop);
	char err[256];
	assert_int_equal(accounts_change_password(f->store, f->alice_id, "wrong", "New-password-2", keep.id, NULL,
						  T0 + 5, err, sizeof err),
			 -1);
	assert_string_equal(err, "原密码不正确");
	assert_int_equal(
	    accounts_change_password(f->store, f->alice_id, PASSWORD, "short", keep.id, NULL, T0 + 5, err, sizeof err),
	    -1);
	assert_non_null(strstr(err, "密码长度"));
	/* the same password again is not a change */
	assert_int_equal(
	    accounts_change_password(f->store, f->alice_id, PASSWORD, PASSWORD, keep.id, NULL, T0 + 5, err, sizeof err),
	    -1);
	assert_non_null(strstr(err, "相同"));
	assert_int_equal(accounts_change_password(f->store, f->alice_id, PASSWORD, "New-password-2", keep.id, NULL,
						  T0 + 5, err, sizeof err),
			 0);
	assert_int_equal(lookup(f, keep.id, T0 + 6, NULL), 1);
	assert_int_equal(lookup(f, drop.id, T0 + 6, NULL), 0);
	struct session_out out;
	assert_int_equal(accounts_login(f->store, &f->policy, "alice", PASSWORD, NULL, T0 + 7, &out),
			 LOGIN_BAD_CREDENTIALS);
	login_ok(f, "alice", "New-password-2", T0 + 8, &out);
	assert_int_equal(accounts_set_password(f->store, f->alice_id, "Reset-by-admin-3", T0 + 9, err, sizeof err), 0);
	assert_int_equal(lookup(f, keep.id, T0 + 10, NULL), 0); /* a reset ends every session */
	login_ok(f, "alice", "Reset-by-admin-3", T0 + 11, &out);
}

static void test_user_add_and_list(void **state)
{
	struct fixture *f = *state;
	char hash[PASSWORD_HASH_MAX], err[256];
	assert_int_equal(password_hash(PASSWORD, hash), 0);
	struct db *w = store_write_begin(f->store);
	assert_int_equal(user_add(w, f->agency_id, "alice", NULL, ROLE_ADMIN, hash, T0, err, sizeof err), -1);
	assert_non_null(strstr(err, "已被使用"));
	/* a failed statement ends the transaction on PostgreSQL: one refusal per transaction */
	assert_int_equal(store_write_end(f->store, false), 0);
	w = store_write_begin(f->store);
	assert_int_equal(
	    user_add(w, f->agency_id, "x'; DROP TABLE users;--", NULL, ROLE_ADMIN, hash, T0, err, sizeof err), -1);
	assert_non_null(strstr(err, "用户名"));
	assert_int_equal(user_add(w, 9999, "carol", NULL, ROLE_ADMIN, hash, T0, err, sizeof err), -1);
	assert_non_null(strstr(err, "9999"));
	assert_int_equal(store_write_end(f->store, false), 0);
	w = store_write_begin(f->store);
	int64_t id =
	    user_add(w, f->agency_id, "dave", "'); DELETE FROM users; --", ROLE_LEADER, hash, T0, err, sizeof err);
	assert_true(id > 0);
	assert_int_equal(user_set_roles(w, id, ROLE_LEADER | ROLE_SUPERVISOR), 1);
	assert_int_equal(store_write_end(f->store, true), 0);
	struct user *users;
	size_t n;
	assert_int_equal(user_list(store_reader(f->store), 0, &users, &n), 0);
	assert_int_equal(n, 2);
	assert_string_equal(users[0].name, "alice");
	assert_string_equal(users[1].name, "dave");
	assert_string_equal(users[1].display_name, "'); DELETE FROM users; --"); /* stored as text */
	assert_int_equal(users[1].roles, ROLE_LEADER | ROLE_SUPERVISOR);
	free(users);
	assert_int_equal(user_list(store_reader(f->store), f->agency_id + 1, &users, &n), 0);
	assert_int_equal(n, 0);
	assert_null(users);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_roles),
	    cmocka_unit_test(test_hash_and_verify),
	    cmocka_unit_test_setup_teardown(test_login_session_csrf, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_lockout, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_lockout_grows, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_lockout_per_ip, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_session_expiry, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_logout, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_tokens, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_token_jobs, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_login_commit_fails, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_disabled_user, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_change_password, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_user_add_and_list, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
