/* test_route_matrix.c — tests of who may use each route; the first two are generated from the route table
 * (routes.c), so a new route is covered the day it is added:
 *
 *  1. The authorization matrix: every route × anonymous and every role (admin, editor, reviewer,
 *     handler, leader, supervisor) of the agency that owns the records, of another agency and of the
 *     parent agency, run in-process through the router; the answer must be the one the route
 *     declares in its `access` spec (router.h). A route without a spec, or a spec of the wrong shape,
 *     fails the test.
 *  2. Fault injection: every route flagged ROUTE_WRITE is sent a valid request with the store armed to
 *     fail every commit (store_fail_commits); it must answer 503 (JSON on /api/) and no table may
 *     change. Every POST route must be flagged ROUTE_WRITE or ROUTE_READONLY, so none escapes.
 *  3. One action the route table cannot express: the 错敏 override of /admin/info/action, which only
 *     the own agency's reviewer may record.
 *  4. What pages show across the agency tree (test_tree_scope): 督办 notices, figures, the annual report
 *     and agency/user management reach the caller's subtree only (the picker, ?agency=, cannot leave it).
 *
 * The requests come from the sample table below (one per route that needs parameters or a body);
 * a route that needs one and has none fails the test. The data is the demo data set (demo_load and
 * annual_demo_load: 钟楼街道 owns the records, 汝州市人民政府 is its parent, 市财政局 another agency)
 * plus one user per role in each of the three agencies, with sessions and API tokens of their own, and the
 * supervision samples (add_supervision: an external agency below 钟楼街道, a batch, a notice).
 *
 * GONGKAI_MATRIX_PRINT=1 prints the observed spec of every route (to review a change). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>
#include <sodium.h>

#include "annual/annual_demo.h"
#include "apply/apply.h"
#include "apply/apply_supervision.h"
#include "domain/admin.h"
#include "domain/calendar_cache.h"
#include "domain/demo.h"
#include "http/http.h"
#include "http/router.h"
#include "info/attach.h"
#include "info/info.h"
#include "report/report_json.h"
#include "storage/store_testutil.h"
#include "util/buf.h"
#include "supervise/collect.h"
#include "supervise/notice.h"

#define MATRIX_PASSWORD "Matrix-Passw0rd-2026"
#define PRELOGIN_CSRF	"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"

enum { AGENCY_OWN, AGENCY_OTHER, AGENCY_PARENT, AGENCY_KINDS };
static const char *const agency_names[AGENCY_KINDS] = {"汝州市钟楼街道办事处", "汝州市财政局", "汝州市人民政府"};
static const unsigned role_bits[ROLE_COUNT] = {ROLE_ADMIN,   ROLE_EDITOR, ROLE_REVIEWER,
					       ROLE_HANDLER, ROLE_LEADER, ROLE_SUPERVISOR};

struct actor_keys {
	int64_t user_id;
	char token[TOKEN_LEN + 1];
};

struct fixture {
	char dir[64];
	char path[96];
	struct config cfg;
	struct store *store;
	struct http_app app;
	int64_t agency[AGENCY_KINDS];
	struct actor_keys users[AGENCY_KINDS][ROLE_COUNT];
	/* records of the own agency the samples refer to */
	int64_t item_draft, item_submitted, item_published, attachment, case_id, category;
	int64_t app_file;    /* a file the applicant sent with {app} */
	int64_t spare_token; /* a second API token of the own agency's editor, for /admin/tokens/revoke */
	char app_no[64], today[16];
	char app_correction[64], correction_code[16], app_granted[64]; /* 补正 and 第四十四条 samples */
	int64_t app_proposed;
	int64_t notice, leaf; /* a 督办 notice on app_no by the parent's supervisor; an agency below the own one */
	/* supervision: an external agency below the own one, a batch of the own agency with a file waiting for
	 * confirmation, a 整改 notice from the parent agency to the own one */
	int64_t child, batch, unsure, rectify;
	char hash[PASSWORD_HASH_MAX];		      /* of MATRIX_PASSWORD, for every user */
	int year_draft, year_finished, year_approved; /* this year, last year, the year before */
};

/* ---- the fixture ---- */

static int64_t query_int(struct db *db, struct db_stmt *st)
{
	(void)db;
	int64_t v = 0;
	return db_step_int(st, &v) == 1 ? v : 0;
}

static int64_t agency_by_name(struct db *db, const char *name)
{
	struct db_stmt *st = db_prepare(db, "SELECT id FROM agency WHERE name = :name");
	db_bind_text(st, ":name", name);
	return query_int(db, st);
}

struct users_job {
	struct fixture *f;
};

/* One user per role in each agency (the hash is never verified: sessions are made directly), with an
 * API token each. */
static enum outcome_code add_users(struct db *w, void *ctx, struct outcome *out)
{
	struct fixture *f = ((struct users_job *)ctx)->f;
	for (int a = 0; a < AGENCY_KINDS; a++)
		for (int k = 0; k < ROLE_COUNT; k++) {
			char name[32];
			snprintf(name, sizeof name, "m%d_%d", a, k);
			struct admin_user_add_job u = {.actor = {.ip = "test", .system = true},
						       .agency_id = f->agency[a],
						       .name = name,
						       .roles = role_bits[k],
						       .password_hash = f->hash,
						       .now = (int64_t)time(NULL)};
			if (admin_user_add(w, &u, out) != OUTCOME_OK)
				return out->code;
			f->users[a][k].user_id = u.id;
			if (token_create(w, u.id, "matrix", u.now, 0, f->users[a][k].token) <= 0)
				return outcome_fail(out, OUTCOME_STORAGE, NULL, "token");
		}
	char spare[TOKEN_LEN + 1];
	f->spare_token = token_create(w, f->users[AGENCY_OWN][1].user_id, "spare", (int64_t)time(NULL), 0, spare);
	return f->spare_token > 0 ? OUTCOME_OK : outcome_fail(out, OUTCOME_STORAGE, NULL, "token");
}

/* A fresh cookie session for the user (so a logout or a password change in one request does not
 * affect the next); fills cookie and csrf. */
struct session_job {
	int64_t user_id;
	char cookie[SESSION_ID_LEN + 1], csrf[SESSION_ID_LEN + 1];
};

static void random_hex(char *out, size_t bytes)
{
	unsigned char raw[32];
	randombytes_buf(raw, bytes);
	sodium_bin2hex(out, bytes * 2 + 1, raw, bytes);
}

static enum outcome_code add_session(struct db *w, void *ctx, struct outcome *out)
{
	struct session_job *j = ctx;
	random_hex(j->cookie, SESSION_ID_LEN / 2);
	random_hex(j->csrf, SESSION_ID_LEN / 2);
	unsigned char digest[crypto_hash_sha256_BYTES];
	char hash[crypto_hash_sha256_BYTES * 2 + 1];
	crypto_hash_sha256(digest, (const unsigned char *)j->cookie, strlen(j->cookie));
	sodium_bin2hex(hash, sizeof hash, digest, sizeof digest);
	int64_t now = (int64_t)time(NULL);
	struct db_stmt *st = db_prepare(w, "INSERT INTO sessions (id_hash, user_id, csrf, created_at, last_seen, ip) "
					   "VALUES (:hash, :user, :csrf, :now, :now, '127.0.0.1')");
	db_bind_text(st, ":hash", hash);
	db_bind_int(st, ":user", j->user_id);
	db_bind_text(st, ":csrf", j->csrf);
	db_bind_int(st, ":now", now);
	return db_step(st) == 0 ? OUTCOME_OK : outcome_fail(out, OUTCOME_STORAGE, NULL, "session");
}

/* A draft item with one attachment, and a submitted one, written by the own agency's editor. */
struct records_job {
	struct fixture *f;
};

static enum outcome_code add_records(struct db *w, void *ctx, struct outcome *out)
{
	struct fixture *f = ((struct records_job *)ctx)->f;
	struct actor editor = {.user_id = f->users[AGENCY_OWN][1].user_id,
			       .agency_id = f->agency[AGENCY_OWN],
			       .roles = ROLE_EDITOR,
			       .ip = "test"};
	struct db_stmt *st = db_prepare(w, "SELECT id FROM info_category WHERE agency_id = :a ORDER BY id LIMIT 1");
	db_bind_int(st, ":a", f->agency[AGENCY_OWN]);
	char category[24];
	snprintf(category, sizeof category, "%lld", (long long)query_int(w, st));
	struct info_item_input in = {.category = category,
				     .title = "矩阵测试信息",
				     .formed_on = f->today,
				     .summary = "用于权限矩阵测试",
				     .body = "正文"};
	int64_t now = (int64_t)time(NULL);
	if (info_item_create(w, &editor, &in, now, &f->item_draft, out) != OUTCOME_OK ||
	    info_item_create(w, &editor, &in, now, &f->item_submitted, out) != OUTCOME_OK ||
	    info_submit(w, &editor, f->item_submitted, now, out) != OUTCOME_OK)
		return out->code;
	static const char text[] = "%PDF-1.4 附件内容";
	struct attach_upload up;
	char root[4096], hex[ATTACH_SHA256_HEX + 1], err[256];
	if (attach_check_upload("说明.pdf", (const unsigned char *)text, sizeof text - 1, 1 << 20, &up, out) !=
		OUTCOME_OK ||
	    attach_store_root(store_path(f->store), root, sizeof root) < 0 ||
	    attach_store_put(root, (const unsigned char *)text, sizeof text - 1, hex, err, sizeof err) < 0)
		return outcome_fail(out, OUTCOME_STORAGE, NULL, "attachment");
	return info_attach_add(w, &editor, f->item_draft, &up, now, &f->attachment, out);
}

static void load_ids(struct fixture *f)
{
	struct db *db = store_reader(f->store);
	int64_t own = f->agency[AGENCY_OWN];
	struct db_stmt *st = db_prepare(
	    db, "SELECT id FROM info_item WHERE agency_id = :a AND status = 'published' ORDER BY id LIMIT 1");
	db_bind_int(st, ":a", own);
	f->item_published = query_int(db, st);
	st = db_prepare(db, "SELECT id FROM annual_case WHERE agency_id = :a ORDER BY id LIMIT 1");
	db_bind_int(st, ":a", own);
	f->case_id = query_int(db, st);
	st = db_prepare(db, "SELECT id FROM info_category WHERE agency_id = :a ORDER BY id LIMIT 1");
	db_bind_int(st, ":a", own);
	f->category = query_int(db, st);
	st = db_prepare(db, "SELECT min(id) FROM application_file");
	f->app_file = query_int(db, st);
	db_release(db);
}

/* A fresh application of the own agency, awaiting confirmation of receipt: its tracking number, query
 * code and id. */
static void add_application(struct fixture *f, char no[64], char code[16], int64_t *id)
{
	struct apply_input in = {.agency_id = f->agency[AGENCY_OWN],
				 .applicant_type = "natural_person",
				 .name = "王五",
				 .id_type = "resident_id",
				 .id_number = "11010519491231002X",
				 .phone = "13900001111",
				 .description = "钟楼街道老旧小区改造资金使用情况",
				 .form = "electronic",
				 .delivery = "email",
				 .email = "wang@example.cn"};
	static const char text[] = "%PDF-1.4 身份证明";
	struct attach_upload up;
	struct outcome out;
	char root[4096], hex[ATTACH_SHA256_HEX + 1], err[256];
	assert_int_equal(
	    attach_check_upload("身份证明.pdf", (const unsigned char *)text, sizeof text - 1, 1 << 20, &up, &out),
	    OUTCOME_OK);
	assert_int_equal(attach_store_root(store_path(f->store), root, sizeof root), 0);
	assert_int_equal(attach_store_put(root, (const unsigned char *)text, sizeof text - 1, hex, err, sizeof err), 0);
	in.files = &up;
	in.nfiles = 1;
	struct actor public = {.ip = "192.0.2.1"};
	struct apply_created c;
	struct apply_errors e = {0};
	int today = 0;
	assert_int_equal(cal_parse_iso(f->today, strlen(f->today), &today), 0);
	assert_int_equal(apply_submit(f->store, &in, &public, today, (int64_t)time(NULL), &c, &e), APPLY_OK);
	snprintf(no, 64, "%s", c.tracking_no);
	if (code)
		snprintf(code, 16, "%s", c.query_code);
	if (id)
		*id = c.id;
}

/* The own agency's handler, as the domain functions see them. */
static struct actor own_handler(const struct fixture *f)
{
	return (struct actor){.user_id = f->users[AGENCY_OWN][3].user_id,
			      .agency_id = f->agency[AGENCY_OWN],
			      .roles = ROLE_HANDLER,
			      .ip = "test"};
}

/* Records events of types (NULL-terminated, dated today) on application no as the own handler; a
 * request_correction asks for a correction within 15 working days, a reply grants the information. */
static void add_events(struct fixture *f, const char *no, const char *const *types)
{
	const struct calendar *cal = calendar_cache_get(f->app.calendars, f->store, NULL);
	struct actor handler = own_handler(f);
	int today = 0;
	assert_int_equal(cal_parse_iso(f->today, strlen(f->today), &today), 0);
	for (; *types; types++) {
		struct apply_event_input in = {.type = *types, .date = f->today};
		if (strcmp(*types, "request_correction") == 0) {
			in.note = "请说明所需信息的文件名称";
			in.workdays = 15;
		} else if (strcmp(*types, "reply") == 0) {
			in.outcome = "granted";
		}
		struct apply_errors e = {0};
		assert_int_equal(apply_add_event(f->store, cal, no, &handler, &in, today, (int64_t)time(NULL), &e),
				 APPLY_OK);
	}
}

/* The applications of the 补正 and 第四十四条 samples: one waiting for a correction, one answered
 * 予以公开 (to propose), one proposed (to make a draft of). */
static void add_workflow_applications(struct fixture *f)
{
	static const char *const correction[] = {"confirm_receipt", "request_correction", NULL};
	static const char *const answered[] = {"confirm_receipt", "reply", NULL};
	char proposed[64];
	add_application(f, f->app_correction, f->correction_code, NULL);
	add_events(f, f->app_correction, correction);
	add_application(f, f->app_granted, NULL, NULL);
	add_events(f, f->app_granted, answered);
	add_application(f, proposed, NULL, &f->app_proposed);
	add_events(f, proposed, answered);
	struct actor handler = own_handler(f);
	struct apply_errors e = {0};
	assert_int_equal(apply_propose_publication(f->store, proposed, &handler, "多人申请", (int64_t)time(NULL), &e),
			 APPLY_OK);
}

static int approve_report(struct fixture *f);

/* The supervision samples: a 督办 notice on app_no sent by the parent agency's supervisor, and an
 * agency below the own one (for the retire route). */
static void add_tree_records(struct fixture *f)
{
	struct actor supervisor = {.user_id = f->users[AGENCY_PARENT][5].user_id,
				   .agency_id = f->agency[AGENCY_PARENT],
				   .roles = ROLE_SUPERVISOR,
				   .ip = "test"};
	int today = 0;
	assert_int_equal(cal_parse_iso(f->today, strlen(f->today), &today), 0);
	struct apply_supervise_job notice = {supervisor, f->app_no, "请说明办理进度", f->today, today, time(NULL), 0};
	struct outcome out;
	assert_int_equal(store_write(f->store, apply_supervise, &notice, &out), OUTCOME_OK);
	f->notice = notice.id;
	struct agency leaf = {.parent_id = f->agency[AGENCY_OWN], .level = AGENCY_DEPARTMENT};
	snprintf(leaf.name, sizeof leaf.name, "钟楼街道矩阵测试科");
	struct admin_agency_add_job add = {.actor = {.ip = "test", .system = true}, .agency = &leaf, .now = time(NULL)};
	assert_int_equal(store_write(f->store, admin_agency_add, &add, &out), OUTCOME_OK);
	f->leaf = add.id;
}

/* The supervision samples: an external agency below the own one; a batch of the own agency whose one file
 * (a report naming the child without "汝州市") waits for confirmation; a notice from the parent agency. */
static enum outcome_code add_supervision(struct db *w, void *ctx, struct outcome *out)
{
	struct fixture *f = ctx;
	char err[COLLECT_ERR_SIZE];
	struct agency a = {.parent_id = f->agency[AGENCY_OWN], .level = AGENCY_DEPARTMENT, .external = true};
	snprintf(a.name, sizeof a.name, "汝州市钟楼街道东大社区");
	f->child = agency_add(w, &a, err, sizeof err);
	struct report rep;
	report_init(&rep, REPORT_EDITION_2021);
	rep.year = f->year_finished;
	rep.agency = xstrdup("钟楼街道东大社区");
	struct collect_batch b = {.agency_id = f->agency[AGENCY_OWN], .year = f->year_finished, .n = 1};
	b.files = xcalloc(1, sizeof *b.files);
	b.files[0] = (struct collect_file){
	    .seq = 1, .read_state = COLLECT_FILE_UNSURE, .agency_id = f->child, .report = rep, .readable = true};
	snprintf(b.files[0].name, sizeof b.files[0].name, "东大社区.txt");
	struct actor system = {.ip = "test", .system = true};
	f->batch = collect_batch_store(w, &system, &b, (int64_t)time(NULL), err, sizeof err);
	f->unsure = b.files[0].id;
	collect_batch_free(&b);
	struct actor parent = {.user_id = f->users[AGENCY_PARENT][5].user_id,
			       .agency_id = f->agency[AGENCY_PARENT],
			       .roles = ROLE_SUPERVISOR};
	char year[8];
	snprintf(year, sizeof year, "%d", f->year_finished);
	struct notice_input in = {
	    .agency_id = f->agency[AGENCY_OWN], .year = year, .body = "请更正表三", .reply_due = "2099-12-31"};
	f->rectify = notice_send(w, &parent, &in, 0, (int64_t)time(NULL), err, sizeof err);
	return f->child > 0 && f->batch > 0 && f->rectify > 0 ? OUTCOME_OK
							      : outcome_fail(out, OUTCOME_STORAGE, NULL, "%s", err);
}

static int setup(void **state)
{
	struct fixture *f = xcalloc(1, sizeof *f);
	/* in memory when possible: the matrix commits a session per request, each with an fsync */
	struct stat st;
	bool shm = stat("/dev/shm", &st) == 0 && S_ISDIR(st.st_mode) && access("/dev/shm", W_OK) == 0;
	snprintf(f->dir, sizeof f->dir, "%s/gk-matrix-XXXXXX", shm ? "/dev/shm" : "/tmp");
	if (!mkdtemp(f->dir))
		return -1;
	config_init(&f->cfg);
	char err[256];
	struct demo_account accounts[DEMO_ACCOUNTS];
	int64_t now = (int64_t)time(NULL);
	f->store = test_store_open(f->dir, err, sizeof err);
	if (!f->store || demo_load(f->store, now, accounts, err, sizeof err) != 0 ||
	    annual_demo_load(f->store, now, err, sizeof err) != 0) {
		fprintf(stderr, "setup: %s\n", err);
		return -1;
	}
	time_t china = (time_t)(now + 8 * 3600);
	struct tm tm;
	gmtime_r(&china, &tm);
	strftime(f->today, sizeof f->today, "%Y-%m-%d", &tm);
	f->year_draft = tm.tm_year + 1900;
	f->year_finished = f->year_draft - 1;
	f->year_approved = f->year_draft - 2;
	for (int a = 0; a < AGENCY_KINDS; a++)
		f->agency[a] = agency_by_name(store_reader(f->store), agency_names[a]);
	db_release(store_reader(f->store));
	if (password_hash(MATRIX_PASSWORD, f->hash) != 0)
		return -1;
	struct outcome out;
	struct users_job uj = {f};
	struct records_job rj = {f};
	if (store_write(f->store, add_users, &uj, &out) != OUTCOME_OK ||
	    store_write(f->store, add_records, &rj, &out) != OUTCOME_OK) {
		fprintf(stderr, "setup: %s\n", out.message);
		return -1;
	}
	add_application(f, f->app_no, NULL, NULL);
	if (store_write(f->store, add_supervision, f, &out) != OUTCOME_OK) {
		fprintf(stderr, "setup: %s\n", out.message);
		return -1;
	}
	load_ids(f);
	http_app_init(&f->app, &f->cfg, f->store);
	add_workflow_applications(f);
	add_tree_records(f);
	*state = f;
	if (approve_report(f) < 0) {
		fprintf(stderr, "setup: could not approve the %d report\n", f->year_approved);
		return -1;
	}
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	http_app_free(&f->app);
	store_close(f->store);
	config_free(&f->cfg);
	if (test_dir_remove(f->dir) != 0)
		return -1;
	free(f);
	return 0;
}

/* ---- the sample requests ---- */

/* One request per route that needs more than its own path: target with query, and a body (form,
 * JSON for API routes, or multipart for "file="). Placeholders: {item} draft item, {submitted},
 * {published} items, {attachment}, {case}, {category}, {agency} the own agency's id, {token} the spare
 * API token of the own agency's editor (only its owner and administrators may revoke it), {app} tracking
 * number ({appfile}: the file its applicant sent with it), {correction} and {code} an application waiting for a
 * 补正 and its query code, {granted} one answered 予以公开, {proposed} the id of one proposed for 主动公开,
 * {notice} a 督办 notice on {app} by the parent's supervisor, {leaf} an agency below the own one, {today},
 * {year} this year (draft report), {finished} last year (a draft of a finished year), {approved} the year
 * before (approved in setup, not yet published), {pubyear} the year before that (published by the demo data);
 * supervision: {child} an external agency below the own one, {batch} a batch of the own agency, {unsure} its
 * file waiting for confirmation, {rectify} a 整改 notice from the parent agency to the own one. */
struct sample {
	const char *method, *pattern;
	const char *target;
	const char *body;
	/* for the matrix only, when body would cost an argon2id hash per request (about 0.2 s): a body
	 * the handler refuses before hashing, which still shows whether the caller got through */
	const char *matrix_body;
};

static const struct sample samples[] = {
    {"POST", "/login", "/login", "name=nobody&password=wrong-password", "name=nobody&password="},
    {"POST", "/logout", "/logout", "", NULL},
    {"POST", "/account/password", "/account/password",
     "old=" MATRIX_PASSWORD "&new=Zu7%23kR4wNq2x&confirm=Zu7%23kR4wNq2x",
     "old=" MATRIX_PASSWORD "&new=Zu7%23kR4wNq2x&confirm=different"},
    {"POST", "/admin/users", "/admin/users", "name=matrix_new&display_name=新用户&role=editor&agency_id={agency}",
     "name=matrix_new&role=nonsense&agency_id={agency}"},
    {"POST", "/admin/users/disable", "/admin/users/disable", "name=editor", NULL},
    {"POST", "/admin/tokens", "/admin/tokens", "label=矩阵测试&days=30", NULL},
    {"POST", "/admin/tokens/revoke", "/admin/tokens/revoke", "id={token}", NULL},
    {"POST", "/admin/agencies", "/admin/agencies", "name=矩阵测试局&level=6&parent_id={agency}", NULL},
    {"GET", "/admin/agencies/edit", "/admin/agencies/edit?id=2", NULL, NULL},
    {"POST", "/admin/agencies/edit", "/admin/agencies/edit",
     "id={agency}&name=汝州市钟楼街道办事处&level=5&parent_id=1", NULL},
    {"POST", "/admin/agencies/retire", "/admin/agencies/retire", "id={leaf}", NULL},
    {"POST", "/admin/acting", "/admin/acting", "agency={agency}&back=/admin/annual", NULL},
    {"POST", "/admin/supervision/notice", "/admin/supervision/notice", "no={app}&body=请说明超期原因&reply_by={today}",
     NULL},
    {"POST", "/admin/supervision/answer", "/admin/supervision/answer", "id={notice}&answer=已答复申请人", NULL},
    {"POST", "/apply/new", "/apply/new",
     "agency_id=2&applicant_type=natural_person&name=李四&id_type=resident_id&id_number=11010519491231002X"
     "&phone=13900001111&description=钟楼街道2025年度老旧小区改造资金&form=electronic&delivery=email"
     "&email=li@example.cn&idempotency_key=matrix-0001",
     NULL},
    {"POST", "/apply/query", "/apply/query", "no={app}&code=000000", NULL},
    {"POST", "/admin/applications/intake", "/admin/applications/intake",
     "agency_id=2&applicant_type=natural_person&name=赵六&id_type=resident_id&id_number=11010519491231002X"
     "&phone=13900001111&description=钟楼街道道路维修计划&form=paper&delivery=post&address=汝州市钟楼街道1号"
     "&channel=in_person&received_on={today}",
     NULL},
    {"GET", "/admin/applications/view", "/admin/applications/view?no={app}", NULL, NULL},
    {"POST", "/admin/applications/event", "/admin/applications/event", "no={app}&type=confirm_receipt&date={today}",
     NULL},
    {"POST", "/admin/applications/reveal", "/admin/applications/reveal", "no={app}", NULL},
    {"POST", "/admin/applications/assign", "/admin/applications/assign", "no={app}&handler_id=0", NULL},
    {"GET", "/admin/applications/letter", "/admin/applications/letter?no={app}", NULL, NULL},
    {"POST", "/admin/applications/letter", "/admin/applications/letter",
     "no={app}&doc_no=钟政信复〔2026〕8号&body=答复正文&action=save", NULL},
    {"GET", "/admin/applications/letter.pdf", "/admin/applications/letter.pdf?no={app}", NULL, NULL},
    {"GET", "/admin/applications/file", "/admin/applications/file?id={appfile}", NULL, NULL},
    {"POST", "/apply/query/letter", "/apply/query/letter", "no={app}&code=000000", NULL},
    {"POST", "/apply/query/correction", "/apply/query/correction",
     "no={correction}&code={code}&text=所需信息为2025年度钟楼街道老旧小区改造资金拨付文件", NULL},
    {"POST", "/apply/query/resend", "/apply/query/resend", "no={app}&email=wang@example.cn", NULL},
    {"POST", "/admin/applications/propose", "/admin/applications/propose", "no={granted}&reason=多人申请", NULL},
    {"POST", "/admin/applications/proposals/draft", "/admin/applications/proposals/draft", "application_id={proposed}",
     NULL},
    {"POST", "/api/v1/applications", "/api/v1/applications",
     "{\"agency_id\":2,\"applicant_type\":\"natural_person\",\"name\":\"李四\",\"id_type\":\"resident_id\","
     "\"id_number\":\"11010519491231002X\",\"phone\":\"13900001111\",\"description\":\"钟楼街道2025年度资金\","
     "\"form\":\"electronic\",\"delivery\":\"email\",\"email\":\"li@example.cn\"}",
     NULL},
    {"GET", "/api/v1/applications/", "/api/v1/applications/{app}?code=000000", NULL, NULL},
    {"POST", "/api/v1/applications/", "/api/v1/applications/{app}/events",
     "{\"type\":\"confirm_receipt\",\"date\":\"{today}\"}", NULL},
    {"GET", "/info/item/", "/info/item/{published}", NULL, NULL},
    {"GET", "/admin/info/edit", "/admin/info/edit?id={item}", NULL, NULL},
    {"POST", "/admin/info/edit", "/admin/info/edit",
     "id={item}&category={category}&title=矩阵测试信息（改）&formed_on={today}&summary=概述&body=正文", NULL},
    {"GET", "/admin/info/view", "/admin/info/view?id={item}", NULL, NULL},
    {"POST", "/admin/info/action", "/admin/info/action", "id={item}&action=submit", NULL},
    {"POST", "/admin/info/categories", "/admin/info/categories", "op=save&name=矩阵测试类别&code=MX&sort_order=9",
     NULL},
    {"POST", "/admin/info/wording", "/admin/info/wording", "kind=misspelling&wrong=矩阵错字&correct=矩阵正字", NULL},
    {"POST", "/admin/info/statutory", "/admin/info/statutory", "id={category}&reason=矩阵测试说明", NULL},
    {"POST", "/admin/info/settings", "/admin/info/settings", "index_pattern=MX-{serial:6}", NULL},
    {"POST", "/admin/info/themes", "/admin/info/themes", "op=add&code=MX&name=矩阵主题", NULL},
    {"POST", "/admin/info/meta", "/admin/info/meta", "id={item}&op=theme&theme=02", NULL},
    {"POST", "/admin/info/standard", "/admin/info/standard",
     "domain=矩阵领域&matter=矩阵事项&content=内容&basis=依据&audience=全社会&mode=主动&category_code=C01", NULL},
    {"POST", "/api/v1/items", "/api/v1/items",
     "{\"category\":\"{category}\",\"title\":\"接口信息\",\"formed_on\":\"{today}\",\"summary\":\"概述\",\"body\":"
     "\"正文\"}",
     NULL},
    {"GET", "/api/v1/items/", "/api/v1/items/{published}", NULL, NULL},
    {"POST", "/api/v1/items/", "/api/v1/items/{item}/submit", "", NULL},
    {"POST", "/api/v1/categories/defaults", "/api/v1/categories/defaults", "", NULL},
    {"GET", "/admin/info/attach", "/admin/info/attach?id={item}", NULL, NULL},
    {"POST", "/admin/info/attach", "/admin/info/attach", "id={item}&file=说明.pdf", NULL},
    {"POST", "/admin/info/attach/remove", "/admin/info/attach/remove", "id={attachment}", NULL},
    {"GET", "/admin/info/file", "/admin/info/file?id={attachment}", NULL, NULL},
    {"GET", "/info/file/", "/info/file/{attachment}", NULL, NULL},
    {"GET", "/assets/", "/assets/site.css", NULL, NULL},
    {"GET", "/annual/", "/annual/{pubyear}", NULL, NULL},
    {"POST", "/admin/annual/text", "/admin/annual/text", "year={year}&overview=概述文字", NULL},
    {"POST", "/admin/annual/approve", "/admin/annual/approve", "year={finished}&change_note=审定", NULL},
    {"POST", "/admin/annual/revoke", "/admin/annual/revoke", "year={approved}", NULL},
    {"POST", "/admin/annual/publish", "/admin/annual/publish", "year={approved}", NULL},
    {"POST", "/admin/annual/cases", "/admin/annual/cases",
     "tracking_no={app}&kind=reconsideration&role=original&case_no=矩阵复字1号&filed_on={today}&result=pending", NULL},
    {"POST", "/admin/annual/cases/result", "/admin/annual/cases/result", "id={case}&result=upheld&result_on={today}",
     NULL},
    {"POST", "/admin/annual/figures", "/admin/annual/figures",
     "year={year}&licensing=1&punishment=2&coercion=3&fees_wan=0.5", NULL},
    {"POST", "/admin/annual/figures/import", "/admin/annual/figures/import",
     "csv=年度,行政许可,行政处罚,行政强制,行政事业性收费（万元）%0A{year},1,2,3,0.5%0A", NULL},
    {"GET", "/api/v1/reports/", "/api/v1/reports/{agency}/{pubyear}", NULL, NULL},
    {"GET", "/admin/supervise/trends", "/admin/supervise/trends?agency={agency}&year={finished}&years=4", NULL, NULL},
    {"GET", "/admin/supervise/trends.csv", "/admin/supervise/trends.csv?agency={agency}&year={finished}", NULL, NULL},
    {"GET", "/admin/supervise/aggregate", "/admin/supervise/aggregate?agency={agency}&year={aggyear}", NULL, NULL},
    {"GET", "/admin/supervise/aggregate/download",
     "/admin/supervise/aggregate/download?agency={agency}&year={aggyear}&format=json", NULL, NULL},
    {"POST", "/admin/supervise/aggregate/save", "/admin/supervise/aggregate/save",
     "agency={agency}&year={aggyear}&problems=汇总问题&parts_form=1&part={agency}", NULL},
    {"POST", "/admin/supervise/aggregate/approve", "/admin/supervise/aggregate/approve",
     "agency={agency}&year={aggyear}", NULL},
    {"POST", "/admin/supervise/aggregate/publish", "/admin/supervise/aggregate/publish",
     "agency={agency}&year={aggyear}", NULL},
    {"POST", "/admin/calendar", "/admin/calendar", "schedule=year 2031%0A2031-01-01 off 元旦%0A", NULL},
    {"GET", "/admin/supervise/reports", "/admin/supervise/reports?agency={agency}&year={finished}", NULL, NULL},
    {"GET", "/api/v1/agencies/", "/api/v1/agencies/{agency}/reports?year={finished}", NULL, NULL},
    {"GET", "/admin/supervise/upload", "/admin/supervise/upload?agency={agency}", NULL, NULL},
    {"POST", "/admin/supervise/upload", "/admin/supervise/upload", "agency={agency}&year={finished}&file=东大社区.pdf",
     NULL},
    {"GET", "/admin/supervise/batch", "/admin/supervise/batch?id={batch}", NULL, NULL},
    {"POST", "/admin/supervise/confirm", "/admin/supervise/confirm", "id={unsure}&agency_id={child}", NULL},
    {"POST", "/admin/supervise/notices", "/admin/supervise/notices",
     "agency_id={child}&year={finished}&body=请更正&reply_due=2099-12-31", NULL},
    {"POST", "/admin/supervise/notices/reply", "/admin/supervise/notices/reply", "id={rectify}&reply=已更正", NULL},
};

static const struct sample *sample_of(const struct route *rt)
{
	for (size_t i = 0; i < sizeof samples / sizeof samples[0]; i++)
		if (strcmp(samples[i].method, rt->method) == 0 && strcmp(samples[i].pattern, rt->pattern) == 0)
			return &samples[i];
	return NULL;
}

/* text with the placeholders replaced (malloc'd). */
static char *expand(const struct fixture *f, const char *text)
{
	struct buf b = {0};
	buf_puts(&b, "");
	for (const char *p = text; *p;) {
		const char *end = *p == '{' ? strchr(p, '}') : NULL;
		size_t n = end ? (size_t)(end - p + 1) : 0;
		char num[32] = "";
		const char *value = NULL;
		if (n == 6 && strncmp(p, "{item}", n) == 0)
			snprintf(num, sizeof num, "%lld", (long long)f->item_draft);
		else if (n == 11 && strncmp(p, "{submitted}", n) == 0)
			snprintf(num, sizeof num, "%lld", (long long)f->item_submitted);
		else if (n == 11 && strncmp(p, "{published}", n) == 0)
			snprintf(num, sizeof num, "%lld", (long long)f->item_published);
		else if (n == 12 && strncmp(p, "{attachment}", n) == 0)
			snprintf(num, sizeof num, "%lld", (long long)f->attachment);
		else if (n == 9 && strncmp(p, "{appfile}", n) == 0)
			snprintf(num, sizeof num, "%lld", (long long)f->app_file);
		else if (n == 6 && strncmp(p, "{case}", n) == 0)
			snprintf(num, sizeof num, "%lld", (long long)f->case_id);
		else if (n == 6 && strncmp(p, "{year}", n) == 0)
			snprintf(num, sizeof num, "%d", f->year_draft);
		else if (n == 8 && strncmp(p, "{agency}", n) == 0)
			snprintf(num, sizeof num, "%lld", (long long)f->agency[AGENCY_OWN]);
		else if (n == 9 && strncmp(p, "{pubyear}", n) == 0)
			snprintf(num, sizeof num, "%d", f->year_approved - 1);
		else if (n == 7 && strncmp(p, "{token}", n) == 0)
			snprintf(num, sizeof num, "%lld", (long long)f->spare_token);
		else if (n == 10 && strncmp(p, "{category}", n) == 0)
			snprintf(num, sizeof num, "%lld", (long long)f->category);
		else if (n == 10 && strncmp(p, "{finished}", n) == 0)
			snprintf(num, sizeof num, "%d", f->year_finished);
		else if (n == 10 && strncmp(p, "{approved}", n) == 0)
			snprintf(num, sizeof num, "%d", f->year_approved);
		else if (n == 9 && strncmp(p, "{aggyear}", n) == 0)
			snprintf(num, sizeof num, "%d", f->year_approved - 3);
		else if (n == 5 && strncmp(p, "{app}", n) == 0)
			value = f->app_no;
		else if (n == 12 && strncmp(p, "{correction}", n) == 0)
			value = f->app_correction;
		else if (n == 6 && strncmp(p, "{code}", n) == 0)
			value = f->correction_code;
		else if (n == 9 && strncmp(p, "{granted}", n) == 0)
			value = f->app_granted;
		else if (n == 10 && strncmp(p, "{proposed}", n) == 0)
			snprintf(num, sizeof num, "%lld", (long long)f->app_proposed);
		else if (n == 7 && strncmp(p, "{today}", n) == 0)
			value = f->today;
		else if (n == 8 && strncmp(p, "{notice}", n) == 0)
			snprintf(num, sizeof num, "%lld", (long long)f->notice);
		else if (n == 6 && strncmp(p, "{leaf}", n) == 0)
			snprintf(num, sizeof num, "%lld", (long long)f->leaf);
		else if (n == 7 && strncmp(p, "{child}", n) == 0)
			snprintf(num, sizeof num, "%lld", (long long)f->child);
		else if (n == 7 && strncmp(p, "{batch}", n) == 0)
			snprintf(num, sizeof num, "%lld", (long long)f->batch);
		else if (n == 8 && strncmp(p, "{unsure}", n) == 0)
			snprintf(num, sizeof num, "%lld", (long long)f->unsure);
		else if (n == 9 && strncmp(p, "{rectify}", n) == 0)
			snprintf(num, sizeof num, "%lld", (long long)f->rectify);
		if (num[0] || value) {
			buf_puts(&b, num[0] ? num : value);
			p += n;
		} else {
			buf_putc(&b, *p++);
		}
	}
	return b.data;
}

/* ---- running one request ---- */

/* multipart body for the upload sample: fields of form plus the file field "file" */
static void multipart_body(struct buf *out, const char *form, const char *csrf)
{
	char *copy = xstrdup(form);
	for (char *pair = strtok(copy, "&"); pair; pair = strtok(NULL, "&")) {
		char *eq = strchr(pair, '=');
		*eq = '\0';
		if (strcmp(pair, "file") == 0)
			buf_printf(out,
				   "--B\r\nContent-Disposition: form-data; name=\"file\"; filename=\"%s\"\r\n"
				   "Content-Type: application/pdf\r\n\r\n%%PDF-1.4 附件\r\n",
				   eq + 1);
		else
			buf_printf(out, "--B\r\nContent-Disposition: form-data; name=\"%s\"\r\n\r\n%s\r\n", pair,
				   eq + 1);
	}
	if (csrf)
		buf_printf(out, "--B\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n%s\r\n", csrf);
	buf_puts(out, "--B--\r\n");
	free(copy);
}

/* Sends the route's sample as user (NULL = anonymous); with fault, every commit fails while the router
 * runs (the user's session is made before). Returns the request (caller req_destroy()s). */
static struct req *send_request(struct fixture *f, const struct route *rt, const char *target_template,
				const char *body_template, const struct actor_keys *user, bool fault)
{
	char *target = expand(f, target_template);
	char *body = body_template ? expand(f, body_template) : NULL;
	struct session_job sess = {.user_id = user ? user->user_id : 0};
	if (user && !(rt->flags & ROUTE_API)) {
		struct outcome out;
		assert_int_equal(store_write(f->store, add_session, &sess, &out), OUTCOME_OK);
	}
	struct req *r = req_create(&f->app);
	r->method = arena_strdup(&r->arena, rt->method);
	r->client_ip = "127.0.0.1";
	req_parse_target(r, target);
	kv_add(&r->arena, &r->headers, "Host", "127.0.0.1:8080", 14);
	if (user && (rt->flags & ROUTE_API)) {
		char *auth = arena_printf(&r->arena, "Bearer %s", user->token);
		kv_add(&r->arena, &r->headers, "Authorization", auth, strlen(auth));
	} else if (user) {
		char *cookie = arena_printf(&r->arena, "gk_session=%s", sess.cookie);
		kv_add(&r->arena, &r->headers, "Cookie", cookie, strlen(cookie));
	} else if (!(rt->flags & ROUTE_API)) { /* the pre-login token of the gk_csrf cookie */
		snprintf(sess.csrf, sizeof sess.csrf, "%s", PRELOGIN_CSRF);
		char *cookie = arena_printf(&r->arena, "gk_csrf=%s", PRELOGIN_CSRF);
		kv_add(&r->arena, &r->headers, "Cookie", cookie, strlen(cookie));
	}
	r->body_limit = router_body_limit(&f->app, rt->method, r->path);
	if (body && (rt->flags & ROUTE_API)) {
		kv_add(&r->arena, &r->headers, "Content-Type", "application/json", 16);
		buf_puts(&r->body_in, body);
	} else if (body && strstr(body, "file=")) {
		const char *ct = "multipart/form-data; boundary=B";
		kv_add(&r->arena, &r->headers, "Content-Type", ct, strlen(ct));
		multipart_body(&r->body_in, body, sess.csrf);
	} else if (body) {
		const char *ct = "application/x-www-form-urlencoded";
		kv_add(&r->arena, &r->headers, "Content-Type", ct, strlen(ct));
		buf_puts(&r->body_in, body);
		buf_printf(&r->body_in, "%scsrf=%s", *body ? "&" : "", sess.csrf);
	}
	store_fail_commits(f->store, fault);
	router_dispatch(r);
	store_fail_commits(f->store, false);
	free(target);
	free(body);
	return r;
}

/* Sends sample s (NULL: the bare path) of route rt as user. */
static struct req *send_with(struct fixture *f, const struct route *rt, const struct sample *s,
			     const struct actor_keys *user, bool fault)
{
	const char *body = s && !fault && s->matrix_body ? s->matrix_body : s ? s->body : NULL;
	return send_request(f, rt, s ? s->target : rt->pattern, body, user, fault);
}

static struct req *send_sample(struct fixture *f, const struct route *rt, const struct actor_keys *user, bool fault)
{
	return send_with(f, rt, sample_of(rt), user, fault);
}

/* The report of the year before last, approved by the own agency's leader (so revoke and publish
 * have something to act on). */
static int approve_report(struct fixture *f)
{
	const struct route *rt = routes;
	while (rt->method && strcmp(rt->pattern, "/admin/annual/approve") != 0)
		rt++;
	struct req *r =
	    send_request(f, rt, rt->pattern, "year={approved}&change_note=审定", &f->users[AGENCY_OWN][4], false);
	int status = r->status;
	req_destroy(r);
	/* and the own agency's aggregated report (汇总年报) of {aggyear}, for the publish sample */
	rt = routes;
	while (rt->method && strcmp(rt->pattern, "/admin/supervise/aggregate/approve") != 0)
		rt++;
	r = send_request(f, rt, rt->pattern, "agency={agency}&year={aggyear}", &f->users[AGENCY_OWN][4], false);
	int aggregate_status = r->status;
	req_destroy(r);
	return status == 303 && aggregate_status == 303 ? 0 : -1;
}

/* The class of an answer, as the access spec writes it. */
static char answer_class(const struct req *r)
{
	const char *loc = kv_get_ci(&r->resp_headers, "Location");
	if (r->status >= 300 && r->status < 400 && loc && strncmp(loc, "/login", 6) == 0)
		return 'L';
	switch (r->status) {
	case 401:
		return 'U';
	case 403:
		return 'F';
	case 404:
		return 'N';
	default:
		return r->status >= 500 ? '!' : 'o';
	}
}

/* ---- 1. the authorization matrix ---- */

/* Checks that spec has the shape "A OOOOOO XXXXXX PPPPPP" with known letters. */
static bool spec_well_formed(const char *spec)
{
	static const int lengths[] = {1, ROLE_COUNT, ROLE_COUNT, ROLE_COUNT};
	const char *p = spec;
	for (int g = 0; g < 4; g++) {
		for (int i = 0; i < lengths[g]; i++, p++)
			if (!*p || !strchr("oLFNU", *p))
				return false;
		if (g < 3 && *p++ != ' ')
			return false;
	}
	return *p == '\0';
}

/* The observed spec of a route answering sample s, in the spec's own format. */
static void observe(struct fixture *f, const struct route *rt, const struct sample *s, char spec[32])
{
	/* order: anonymous, then other and parent agency, then the own agency (whose writes change state) */
	static const int order[AGENCY_KINDS] = {AGENCY_OTHER, AGENCY_PARENT, AGENCY_OWN};
	static const int column[AGENCY_KINDS] = {2, 9, 16}; /* own, other, parent */
	memset(spec, ' ', 22);
	spec[22] = '\0';
	struct req *r = send_with(f, rt, s, NULL, false);
	spec[0] = answer_class(r);
	req_destroy(r);
	for (int i = 0; i < AGENCY_KINDS; i++)
		for (int k = 0; k < ROLE_COUNT; k++) {
			int a = order[i];
			r = send_with(f, rt, s, &f->users[a][k], false);
			spec[column[a] + k] = answer_class(r);
			if (spec[column[a] + k] == '!')
				print_message("%s %s as %d/%d: %d %s\n", rt->method, rt->pattern, a, k, r->status,
					      r->error_message ? r->error_message : "");
			req_destroy(r);
		}
}

static bool needs_sample(const struct route *rt)
{
	return strcmp(rt->method, "POST") == 0 || (rt->flags & ROUTE_PREFIX);
}

static void test_authorization_matrix(void **state)
{
	struct fixture *f = *state;
	bool print = getenv("GONGKAI_MATRIX_PRINT") != NULL;
	int failures = 0, combinations = 0;
	for (const struct route *rt = routes; rt->method; rt++) {
		if (needs_sample(rt) && !sample_of(rt)) {
			print_message("no sample request for %s %s\n", rt->method, rt->pattern);
			failures++;
			continue;
		}
		if (!rt->access || !spec_well_formed(rt->access)) {
			print_message("%s %s: missing or malformed access spec \"%s\"\n", rt->method, rt->pattern,
				      rt->access ? rt->access : "");
			failures++;
		}
		char seen[32];
		observe(f, rt, sample_of(rt), seen);
		combinations += 1 + AGENCY_KINDS * ROLE_COUNT;
		if (print)
			printf("    {\"%s\", \"%s\", … \"%s\"},\n", rt->method, rt->pattern, seen);
		if (rt->access && strcmp(rt->access, seen) != 0) {
			print_message("%s %s: declared \"%s\", answered \"%s\"\n", rt->method, rt->pattern, rt->access,
				      seen);
			failures++;
		}
	}
	print_message("authorization matrix: %d combinations\n", combinations);
	assert_int_equal(failures, 0);
}

/* The 错敏 override (action "override" of /admin/info/action) is the own agency's reviewer's alone:
 * the route lets editors, leaders and administrators in, the domain refuses them (403), and a reviewer
 * of another agency does not see the item (404). */
static void test_override_is_reviewers_only(void **state)
{
	struct fixture *f = *state;
	const struct route *rt = routes;
	while (rt->method && strcmp(rt->pattern, "/admin/info/action") != 0)
		rt++;
	assert_non_null(rt->method);
	static const struct sample override = {"POST", "/admin/info/action", "/admin/info/action",
					       "id={submitted}&action=override&reason=引用原文，经核实无误", NULL};
	char seen[32];
	observe(f, rt, &override, seen);
	assert_string_equal(seen, "F FFoFFF FFNFFF FFNFFF");
}

/* ---- acting across the tree: what a page shows stays inside the caller's subtree ---- */

/* The body of GET target (a route of the table) as user; "" when it was not a 200. malloc'd. */
static char *page_as(struct fixture *f, const char *pattern, const char *target, const struct actor_keys *user)
{
	const struct route *rt = routes;
	while (rt->method && (strcmp(rt->method, "GET") != 0 || strcmp(rt->pattern, pattern) != 0))
		rt++;
	assert_non_null(rt->method);
	struct req *r = send_request(f, rt, target, NULL, user, false);
	char *body = xstrdup(r->status == 200 && r->page.out.data ? r->page.out.data : "");
	req_destroy(r);
	return body;
}

/* Whether GET target as user shows needle. */
static bool shows(struct fixture *f, const char *pattern, const char *target, const struct actor_keys *user,
		  const char *needle)
{
	char *body = page_as(f, pattern, target, user);
	bool found = strstr(body, needle) != NULL;
	free(body);
	return found;
}

/* The 督办 notice on the own agency's application is seen by the parent's supervisor who sent it and by
 * the own agency's handler who answers it, never by the other agency's staff; the picker (?agency=)
 * reaches the own agency from the parent only; figures and reports follow it. Runs before the matrix
 * (which answers the notice). */
static void test_tree_scope(void **state)
{
	struct fixture *f = *state;
	const struct actor_keys *parent_sup = &f->users[AGENCY_PARENT][5], *other_sup = &f->users[AGENCY_OTHER][5];
	const struct actor_keys *own_handler = &f->users[AGENCY_OWN][3], *other_handler = &f->users[AGENCY_OTHER][3];
	const struct actor_keys *parent_admin = &f->users[AGENCY_PARENT][0], *other_admin = &f->users[AGENCY_OTHER][0];
	assert_true(shows(f, "/admin/supervision", "/admin/supervision", parent_sup, f->app_no));
	assert_true(shows(f, "/admin/supervision", "/admin/supervision", own_handler, f->app_no));
	assert_true(shows(f, "/admin", "/admin", own_handler, "待答复的督办"));
	assert_false(shows(f, "/admin/supervision", "/admin/supervision", other_sup, f->app_no));
	assert_false(shows(f, "/admin/supervision", "/admin/supervision", other_handler, f->app_no));
	assert_false(shows(f, "/admin", "/admin", other_handler, "待答复的督办"));
	assert_true(
	    shows(f, "/admin/applications/view", "/admin/applications/view?no={app}", own_handler, "请说明办理进度"));
	assert_true(
	    shows(f, "/admin/applications/view", "/admin/applications/view?no={app}", parent_sup, "请说明办理进度"));
	/* figures: the parent reaches the own agency's subtree, the other agency falls back to its own */
	const char *figures = "/admin/supervision/figures?agency={agency}";
	const char *street_row = "depth-0\">汝州市钟楼街道办事处</th>"; /* the site header names the street, too */
	assert_true(shows(f, "/admin/supervision/figures", figures, parent_sup, street_row));
	assert_false(shows(f, "/admin/supervision/figures", figures, parent_sup, "汝州市财政局"));
	assert_false(shows(f, "/admin/supervision/figures", figures, other_sup, "汝州市钟楼街道办事处</th>"));
	assert_true(shows(f, "/admin/supervision/figures", figures, other_sup, "depth-0\">汝州市财政局</th>"));
	/* the annual report of the own agency, opened by the parent's administrator through the picker */
	const char *annual = "/admin/annual?agency={agency}";
	assert_true(shows(f, "/admin/annual", annual, parent_admin, "id=\"report-agency\">汝州市钟楼街道办事处"));
	assert_true(shows(f, "/admin/annual", annual, parent_admin, "代表机关：<strong>汝州市钟楼街道办事处"));
	assert_true(shows(f, "/admin/annual", annual, parent_admin, "acting-readonly"));
	assert_false(shows(f, "/admin/annual", annual, other_admin, "汝州市钟楼街道办事处</dd>"));
	assert_true(shows(f, "/admin/annual", annual, other_admin, "id=\"report-agency\">汝州市财政局"));
	/* its cases and table-二 figures: shown read-only, the forms stay with its own staff */
	const char *cases = "/admin/annual/cases?agency={agency}", *figs = "/admin/annual/figures?agency={agency}";
	assert_true(shows(f, "/admin/annual/cases", cases, parent_admin, "acting-readonly"));
	assert_false(shows(f, "/admin/annual/cases", cases, parent_admin, "action=\"/admin/annual/cases"));
	assert_true(shows(f, "/admin/annual/cases", cases, &f->users[AGENCY_OWN][0], "action=\"/admin/annual/cases\""));
	assert_true(shows(f, "/admin/annual/figures", figs, parent_admin, "acting-readonly"));
	assert_false(shows(f, "/admin/annual/figures", figs, parent_admin, "action=\"/admin/annual/figures"));
	assert_false(shows(f, "/admin/annual/figures", figs, other_admin, "acting-readonly"));
	/* agency management and users: the other agency's administrator sees neither the own agency nor its users */
	assert_false(shows(f, "/admin/agencies", "/admin/agencies", other_admin, "汝州市钟楼街道办事处</td>"));
	assert_true(shows(f, "/admin/agencies", "/admin/agencies", parent_admin, "汝州市钟楼街道办事处</td>"));
	assert_true(shows(f, "/admin/agencies", "/admin/agencies", parent_admin, "钟楼街道矩阵测试科"));
	assert_false(shows(f, "/admin/users", "/admin/users", other_admin, "m0_1"));
	assert_true(shows(f, "/admin/users", "/admin/users", parent_admin, "m0_1"));
	/* the site's own data (ROUTE_SITE): forms offered to the site's and the parent's administrators only */
	const struct actor_keys *own_admin = &f->users[AGENCY_OWN][0];
	static const char *const site_pages[][2] = {{"/admin/info/wording", "action=\"/admin/info/wording\""},
						    {"/admin/info/themes", "action=\"/admin/info/themes\""},
						    {"/admin/info/standard", "action=\"/admin/info/standard\""},
						    {"/admin/calendar", "action=\"/admin/calendar\""}};
	for (size_t i = 0; i < sizeof site_pages / sizeof site_pages[0]; i++) {
		assert_true(shows(f, site_pages[i][0], site_pages[i][0], own_admin, site_pages[i][1]));
		assert_true(shows(f, site_pages[i][0], site_pages[i][0], parent_admin, site_pages[i][1]));
		assert_false(shows(f, site_pages[i][0], site_pages[i][0], other_admin, site_pages[i][1]));
	}
}

/* ---- 2. fault injection: no write route acknowledges a failed commit ---- */

/* Appends the first column of every row of ST to B, each after a '|' (portable: no group_concat). */
static void append_column(struct buf *b, struct db_stmt *st)
{
	assert_non_null(st);
	while (db_step(st) == 1) {
		const char *v = db_column_text(st, 0);
		buf_printf(b, "|%s", v ? v : "");
	}
	db_reset(st);
}

/* Row counts of every table and the columns a write may change in place: what a write would change
 * (every write is audited, too). */
static char *fingerprint(struct fixture *f)
{
	struct db *db = store_reader(f->store);
	struct buf b = {0};
	append_column(&b, db_prepare(db, "SELECT query_code_hash FROM application ORDER BY id"));
	append_column(&b, db_prepare(db, "SELECT status FROM info_item ORDER BY id"));
	append_column(&b, db_prepare(db, "SELECT state FROM supervise_file ORDER BY id"));
	struct db_stmt *st = db_prepare(
	    db, "SELECT (SELECT count(*) FROM agency) || ',' || (SELECT count(*) FROM users) || ',' || "
		"(SELECT count(*) FROM api_tokens) || ',' || (SELECT count(*) FROM audit_log) || ',' || "
		"(SELECT count(*) FROM settings) || ',' || (SELECT count(*) FROM info_settings) || ',' || "
		"(SELECT count(*) FROM info_category) || ',' || (SELECT count(*) FROM info_item) || ',' || "
		"(SELECT count(*) FROM info_item_editor) || ',' || (SELECT count(*) FROM info_review) || ',' || "
		"(SELECT count(*) FROM info_attachment WHERE removed_at IS NULL OR removed_at = 0) || ',' || "
		"(SELECT count(*) FROM application) || ',' || (SELECT count(*) FROM application_event) || ',' || "
		"(SELECT count(*) FROM application_letter) || ',' || (SELECT count(*) FROM application_fee) || ',' || "
		"(SELECT count(*) FROM annual_case) || ',' || (SELECT count(*) FROM annual_figures) || ',' || "
		"(SELECT count(*) FROM annual_text) || ',' || (SELECT count(*) FROM annual_report) || ',' || "
		"(SELECT count(*) FROM holiday_schedule) || ',' || "
		"(SELECT count(*) FROM supervise_aggregate_draft) || ',' || "
		"(SELECT count(*) FROM supervise_aggregate_part) || ',' || "
		"(SELECT count(*) FROM application_notice) || ',' || (SELECT count(*) FROM notify_outbox) || ',' || "
		"(SELECT count(*) FROM application_publication WHERE item_id IS NOT NULL) || ',' || "
		"(SELECT count(*) FROM application_publication) || ',' || "
		"(SELECT count(*) FROM info_wording WHERE retired_at = 0) || ',' || "
		"(SELECT count(*) FROM info_wording_override) || ',' || "
		"(SELECT count(*) FROM info_standard_entry WHERE retired_at = 0) || ',' || "
		"(SELECT count(*) FROM users WHERE disabled != 0) || ',' || "
		"(SELECT count(*) FROM api_tokens WHERE revoked_at != 0) || ',' || "
		"(SELECT count(*) FROM application_supervision) || ',' || "
		"(SELECT count(*) FROM application_supervision WHERE answered_at IS NOT NULL) || ',' || "
		"(SELECT count(*) FROM agency WHERE retired_at IS NOT NULL) || ',' || "
		"(SELECT count(*) FROM supervise_batch) || ',' || (SELECT count(*) FROM supervise_notice) || ',' || "
		"(SELECT count(*) FROM supervise_notice WHERE replied_at != 0)");
	if (db_step(st) == 1)
		buf_printf(&b, "|%s", db_column_text(st, 0));
	db_reset(st);
	db_release(db);
	return b.data;
}

/* The first user of the own agency the route lets in (NULL: the public — also for a public route whose
 * handler checks the caller itself, such as POST /api/v1/applications/{no}/events, when the spec lets
 * no anonymous caller in). */
static const struct actor_keys *writer_for(const struct fixture *f, const struct route *rt)
{
	if ((rt->flags & ROUTE_PUBLIC) && (!rt->access || rt->access[0] == 'o'))
		return NULL;
	for (int k = 0; k < ROLE_COUNT; k++)
		if (rt->access && strchr("oL", rt->access[2 + k]))
			return &f->users[AGENCY_OWN][k];
	return NULL;
}

static void test_failed_commit_is_never_acknowledged(void **state)
{
	struct fixture *f = *state;
	int failures = 0, writes = 0;
	for (const struct route *rt = routes; rt->method; rt++) {
		if (strcmp(rt->method, "POST") == 0 && !(rt->flags & (ROUTE_WRITE | ROUTE_READONLY))) {
			print_message("POST %s: neither ROUTE_WRITE nor ROUTE_READONLY\n", rt->pattern);
			failures++;
		}
		if (!(rt->flags & ROUTE_WRITE))
			continue;
		writes++;
		char *before = fingerprint(f);
		struct req *r = send_sample(f, rt, writer_for(f, rt), true);
		char *after = fingerprint(f);
		const char *type = r->content_type;
		bool json = type && strstr(type, "application/json");
		if (r->status != 503 || strcmp(before, after) != 0 || (rt->flags & ROUTE_API && !json)) {
			print_message("%s %s with failing commits: %d (%s), %s, data %s\n", rt->method, rt->pattern,
				      r->status, r->error_message ? r->error_message : "", type ? type : "",
				      strcmp(before, after) ? "CHANGED" : "same");
			if (getenv("GONGKAI_MATRIX_PRINT"))
				fprintf(stderr, "%s\n", r->page.out.data ? r->page.out.data : "");
			failures++;
		}
		req_destroy(r);
		free(before);
		free(after);
	}
	print_message("fault injection: %d write routes\n", writes);
	assert_true(writes > 0);
	assert_int_equal(failures, 0);
}

int main(void)
{
	if (sodium_init() < 0)
		return 1;
	const struct CMUnitTest tests[] = {
	    /* one fixture: the fault test runs first and changes nothing, so the matrix sees it as set up */
	    cmocka_unit_test(test_failed_commit_is_never_acknowledged),
	    cmocka_unit_test(test_tree_scope),
	    cmocka_unit_test(test_authorization_matrix),
	    cmocka_unit_test(test_override_is_reviewers_only),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
