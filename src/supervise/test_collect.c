/* test_collect.c — the 年报 collection (collect.h) and 整改 notices (notice.h): the state of a report
 * from its facts with both edges of the deadline (a report published on 31 January is on time, on
 * 1 February late), which agency a received report names (exact full name, the longest of nested
 * names, a close name to confirm, nothing), sorting and filtering the rows, and against a real store:
 * a batch of the demo's report files read, matched, attached, confirmed and refused, the collection
 * listing the states and findings, and notices sent and answered only by those allowed. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "annual/annual_archive.h"
#include "calendar/calendar.h"
#include "domain/accounts.h"
#include "storage/store_testutil.h"
#include "supervise/collect.h"
#include "supervise/notice.h"
#include "util/buf.h"
#include "util/china_time.h"

/* ---- states ---- */

static void test_state_deadline_edges(void **state)
{
	(void)state;
	int due = annual_deadline(AGENCY_DEPARTMENT, 2025, NULL);
	assert_int_equal(due, cal_day_from_date(2026, 1, 31));
	struct collect_facts f = {.due_on = due, .published_on = due};
	assert_int_equal(collect_state_of(&f), COLLECT_PUBLISHED); /* 31 January: on time */
	f.published_on = due + 1;
	assert_int_equal(collect_state_of(&f), COLLECT_PUBLISHED_LATE); /* 1 February: late */
	f.published_on = due - 20;
	f.approved = true; /* a correction waiting does not hide the version in force */
	assert_int_equal(collect_state_of(&f), COLLECT_PUBLISHED);
	f.published_on = CAL_NO_DAY;
	assert_int_equal(collect_state_of(&f), COLLECT_APPROVED);
	f.approved = false;
	f.has_records = true;
	assert_int_equal(collect_state_of(&f), COLLECT_DRAFT);
	f.has_records = false;
	assert_int_equal(collect_state_of(&f), COLLECT_NO_RECORDS);
	struct collect_facts ext = {.external = true, .due_on = due, .published_on = CAL_NO_DAY, .has_records = true};
	assert_int_equal(collect_state_of(&ext), COLLECT_EXTERNAL_MISSING);
	ext.published_on = due + 30; /* received late is still received */
	assert_int_equal(collect_state_of(&ext), COLLECT_EXTERNAL_RECEIVED);
	for (int s = 0; s < COLLECT_STATE_COUNT; s++) {
		assert_int_equal(collect_state_parse(collect_state_name(s)), s);
		assert_non_null(collect_state_zh(s));
	}
	assert_int_equal(collect_state_parse("late"), -1);
	assert_null(collect_state_name(COLLECT_STATE_COUNT));
}

/* ---- matching ---- */

static const struct collect_candidate towns[] = {
    {1, "汝州市", ""},
    {2, "汝州市财政局", "市财政局"},
    {3, "汝州市温泉镇人民政府", "温泉镇"},
    {4, "汝州市杨楼镇人民政府", "杨楼镇"},
    {5, "汝州市钟楼街道办事处", "钟楼街道"},
};
#define NTOWNS (sizeof towns / sizeof towns[0])

static void test_match(void **state)
{
	(void)state;
	struct collect_match m = collect_match_agency("汝州市财政局", towns, NTOWNS);
	assert_true(m.exact);
	assert_int_equal(m.agency_id, 2); /* the longest contained name, not 汝州市 */
	m = collect_match_agency("中共汝州市温泉镇人民政府", towns, NTOWNS);
	assert_true(m.exact);
	assert_int_equal(m.agency_id, 3);
	m = collect_match_agency("杨楼镇人民政府", towns, NTOWNS);
	assert_false(m.exact);
	assert_int_equal(m.agency_id, 4); /* closer than 温泉镇人民政府 */
	assert_true(m.score > collect_similarity("杨楼镇人民政府", "汝州市温泉镇人民政府"));
	m = collect_match_agency("钟楼街道", towns, NTOWNS);
	assert_false(m.exact);
	assert_int_equal(m.agency_id, 5); /* by its short name */
	assert_int_equal(m.score, 1000);
	m = collect_match_agency("北京海淀", towns, NTOWNS);
	assert_int_equal(m.agency_id, 0);
	assert_int_equal(collect_match_agency("", towns, NTOWNS).agency_id, 0);
	assert_int_equal(collect_match_agency(NULL, towns, NTOWNS).agency_id, 0);
	assert_int_equal(collect_similarity("汝州市财政局", "汝州市财政局"), 1000);
	assert_int_equal(collect_similarity("财政局", "民政厅"), 0);
	assert_int_equal(collect_similarity("", ""), 0);
}

/* ---- rows ---- */

static struct collect_row row_of(const char *name, enum collect_state st, int published, size_t errors)
{
	struct collect_row r = {.state = st, .published_on = published, .errors = errors};
	snprintf(r.agency.name, sizeof r.agency.name, "%s", name);
	return r;
}

static void test_sort_filter(void **state)
{
	(void)state;
	struct collect_row rows[] = {
	    row_of("丙", COLLECT_PUBLISHED, 100, 0),	  row_of("甲", COLLECT_EXTERNAL_MISSING, CAL_NO_DAY, 0),
	    row_of("乙", COLLECT_PUBLISHED_LATE, 120, 2), row_of("丁", COLLECT_PUBLISHED, 90, 1),
	    row_of("戊", COLLECT_DRAFT, CAL_NO_DAY, 0),
	};
	size_t n = sizeof rows / sizeof rows[0];
	collect_sort(rows, n, "published", false);
	assert_string_equal(rows[0].agency.name, "丁");
	assert_string_equal(rows[1].agency.name, "丙");
	assert_string_equal(rows[2].agency.name, "乙");
	assert_string_equal(rows[3].agency.name, "甲"); /* none last, in their earlier order */
	assert_string_equal(rows[4].agency.name, "戊");
	collect_sort(rows, n, "findings", true);
	assert_string_equal(rows[0].agency.name, "乙");
	assert_string_equal(rows[1].agency.name, "丁");
	collect_sort(rows, n, "state", false);
	assert_int_equal(rows[0].state, COLLECT_DRAFT);
	assert_int_equal(rows[n - 1].state, COLLECT_EXTERNAL_MISSING);
	assert_string_equal(rows[1].agency.name, "丁"); /* stable: 丁 before 丙 as the last order had them */
	assert_string_equal(rows[2].agency.name, "丙");
	collect_sort(rows, n, "nonsense", true); /* unknown key: order kept */
	assert_string_equal(rows[1].agency.name, "丁");
	size_t kept = collect_filter(rows, n, COLLECT_PUBLISHED);
	assert_int_equal(kept, 2);
	assert_string_equal(rows[0].agency.name, "丁");
	assert_string_equal(rows[1].agency.name, "丙");
	assert_int_equal(collect_filter(rows, kept, -1), kept);
	struct collect_row r = row_of("x", COLLECT_PUBLISHED, 1, 3);
	r.nrules = 2;
	snprintf(r.rules[0].rule, sizeof r.rules[0].rule, "R1");
	r.rules[0].count = 2;
	snprintf(r.rules[1].rule, sizeof r.rules[1].rule, "R3");
	r.rules[1].count = 1;
	struct buf text = {0};
	collect_rules_text(&r, &text);
	assert_string_equal(text.data, "R1×2 R3×1");
	buf_free(&text);
}

/* ---- against a store ---- */

struct world {
	char dir[64];
	struct store *store;
	int64_t city, county, linru, yanglou, zhonglou, other;
	struct actor supervisor, outsider, editor;
};

static int64_t add_agency(struct db *w, int64_t parent, const char *name, const char *short_name, bool external)
{
	struct agency a = {.parent_id = parent, .level = parent ? AGENCY_TOWNSHIP : AGENCY_CITY, .external = external};
	snprintf(a.name, sizeof a.name, "%s", name);
	snprintf(a.short_name, sizeof a.short_name, "%s", short_name);
	char err[256];
	int64_t id = agency_add(w, &a, err, sizeof err);
	assert_true(id > 0);
	return id;
}

static struct world *world_open(void)
{
	struct world *t = xcalloc(1, sizeof *t);
	snprintf(t->dir, sizeof t->dir, "/tmp/gongkai-test-collect-XXXXXX");
	assert_non_null(mkdtemp(t->dir));
	char err[256];
	t->store = test_store_open(t->dir, err, sizeof err);
	assert_non_null(t->store);
	struct db *w = store_write_begin(t->store);
	t->city = add_agency(w, 0, "汝州市人民政府", "汝州市政府", false);
	t->linru = add_agency(w, t->city, "汝州市临汝镇人民政府", "临汝镇", true);
	t->yanglou = add_agency(w, t->city, "汝州市杨楼镇人民政府", "杨楼镇", true);
	t->zhonglou = add_agency(w, t->city, "汝州市钟楼街道办事处", "钟楼街道", false);
	t->other = add_agency(w, 0, "平顶山市人民政府", "平顶山市政府", false);
	assert_int_equal(store_write_end(t->store, true), 0);
	t->supervisor = (struct actor){.user_id = 1, .agency_id = t->city, .roles = ROLE_SUPERVISOR};
	t->outsider = (struct actor){.user_id = 2, .agency_id = t->other, .roles = ROLE_SUPERVISOR | ROLE_ADMIN};
	t->editor = (struct actor){.user_id = 3, .agency_id = t->zhonglou, .roles = ROLE_EDITOR};
	return t;
}

static void world_close(struct world *t)
{
	store_close(t->store);
	assert_int_equal(test_dir_remove(t->dir), 0);
	free(t);
}

static void read_demo(const char *name, struct buf *b)
{
	char path[512];
	snprintf(path, sizeof path, "%s/data/demo-reports/upload/%s", GONGKAI_SOURCE_DIR, name);
	assert_int_equal(buf_read_file(b, path, 1 << 24), 0);
}

static const struct collect_row *row_named(const struct collect_row *rows, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(rows[i].agency.name, name) == 0)
			return &rows[i];
	fail_msg("no row %s", name);
	return NULL;
}

/* Stores batch b as actor; returns the batch id (0 refused). */
static int64_t store_batch(struct world *t, const struct actor *actor, struct collect_batch *b, int64_t now)
{
	char err[COLLECT_ERR_SIZE];
	struct db *w = store_write_begin(t->store);
	int64_t id = collect_batch_store(w, actor, b, now, err, sizeof err);
	assert_int_equal(store_write_end(t->store, id > 0), 0);
	return id;
}

static void test_batch_and_collection(void **state)
{
	(void)state;
	struct world *t = world_open();
	struct buf linru = {0}, yanglou = {0}, nongye = {0};
	read_demo("linru.txt", &linru);
	read_demo("yanglou.txt", &yanglou);
	read_demo("nongye.txt", &nongye);
	struct collect_upload ups[] = {
	    {"linru.txt", linru.data, linru.len, "https://www.ruzhou.gov.cn/lr/2025.htm"},
	    {"yanglou.txt", yanglou.data, yanglou.len, NULL},
	    {"nongye.txt", nongye.data, nongye.len, NULL}, /* 汝州市农业农村局 is no agency of this tree */
	    {"junk.txt", "这不是年报", strlen("这不是年报"), NULL},
	};
	struct collect_batch b;
	char err[COLLECT_ERR_SIZE];
	struct db *db = store_reader(t->store);
	assert_int_equal(collect_read(db, t->city, 2024, ups, 2, &b, err, sizeof err), 0);
	assert_int_equal(b.files[0].read_state, COLLECT_FILE_REFUSED); /* a 2025 report in a 2024 batch */
	assert_non_null(strstr(b.files[0].message, "2025"));
	collect_batch_free(&b);
	assert_int_equal(collect_read(db, t->city, 2025, ups, 4, &b, err, sizeof err), 0);
	db_release(db);
	assert_int_equal(b.n, 4);
	assert_int_equal(b.files[0].read_state, COLLECT_FILE_ATTACHED);
	assert_int_equal(b.files[0].agency_id, t->linru);
	assert_int_equal(b.files[1].read_state, COLLECT_FILE_UNSURE);
	assert_int_equal(b.files[1].agency_id, t->yanglou);
	assert_int_equal(b.files[3].read_state, COLLECT_FILE_REFUSED);
	assert_int_equal(store_batch(t, &t->outsider, &b, 1770000000), 0); /* another city's supervisor */
	int64_t now = china_day_start(cal_day_from_date(2026, 2, 1)) + 3600;
	int64_t id = store_batch(t, &t->supervisor, &b, now);
	assert_true(id > 0);
	assert_int_equal(b.attached, 1);
	assert_int_equal(b.unsure, 2);
	assert_int_equal(b.refused, 1);
	int64_t unsure = b.files[1].id;
	collect_batch_free(&b);

	db = store_reader(t->store);
	struct collect_row *rows;
	size_t n;
	assert_int_equal(collect_list(db, t->city, 2025, &rows, &n), 0);
	assert_int_equal(n, 3);
	const struct collect_row *r = row_named(rows, n, "汝州市临汝镇人民政府");
	assert_int_equal(r->state, COLLECT_EXTERNAL_RECEIVED);
	assert_int_equal(r->published_on, cal_day_from_date(2026, 2, 1));
	assert_string_equal(r->source, "https://www.ruzhou.gov.cn/lr/2025.htm");
	/* the checker on the stored JSON: the 规章 row the file lacks is blank (R8), nothing else is wrong */
	assert_int_equal(r->errors, 1);
	assert_int_equal(r->nrules, 1 + (r->warnings > 0));
	assert_string_equal(r->rules[0].rule, "R8");
	assert_int_equal(row_named(rows, n, "汝州市杨楼镇人民政府")->state, COLLECT_EXTERNAL_MISSING);
	assert_int_equal(row_named(rows, n, "汝州市钟楼街道办事处")->state, COLLECT_NO_RECORDS);
	/* the counts kept at attachment are the checker's now: drop them and list again */
	struct collect_row cached = *r;
	free(rows);
	db_release(db);
	struct db *w0 = store_write_begin(t->store);
	struct db_stmt *del = db_prepare(w0, "DELETE FROM supervise_checked");
	assert_int_equal(db_step(del), 0);
	assert_int_equal(db_changes(w0), 1);
	assert_int_equal(store_write_end(t->store, true), 0);
	db = store_reader(t->store);
	assert_int_equal(collect_list(db, t->city, 2025, &rows, &n), 0);
	r = row_named(rows, n, "汝州市临汝镇人民政府");
	assert_int_equal(r->errors, cached.errors);
	assert_int_equal(r->warnings, cached.warnings);
	assert_int_equal(r->nrules, cached.nrules);
	for (size_t k = 0; k < r->nrules; k++) {
		assert_string_equal(r->rules[k].rule, cached.rules[k].rule);
		assert_int_equal(r->rules[k].count, cached.rules[k].count);
	}
	free(rows);
	struct collect_batch got;
	assert_int_equal(collect_batch_get(db, id, &got), 1);
	assert_int_equal(got.n, 4);
	assert_int_equal(got.files[1].state, COLLECT_FILE_UNSURE);
	assert_string_equal(got.files[1].read_agency, "杨楼镇人民政府");
	assert_string_equal(got.files[1].agency_name, "汝州市杨楼镇人民政府");
	collect_batch_free(&got);
	db_release(db);

	/* confirming: not by an outsider, not to an agency outside the batch's tree, then once */
	struct db *w = store_write_begin(t->store);
	assert_int_equal(collect_confirm(w, &t->outsider, unsure, t->yanglou, now, err, sizeof err), 0);
	assert_int_equal(collect_confirm(w, &t->supervisor, unsure, t->other, now, err, sizeof err), 0);
	assert_int_equal(collect_confirm(w, &t->supervisor, unsure, t->yanglou, now, err, sizeof err), id);
	assert_int_equal(collect_confirm(w, &t->supervisor, unsure, t->yanglou, now, err, sizeof err), 0);
	assert_int_equal(store_write_end(t->store, true), 0);
	db = store_reader(t->store);
	assert_int_equal(collect_list(db, t->city, 2025, &rows, &n), 0);
	assert_int_equal(row_named(rows, n, "汝州市杨楼镇人民政府")->state, COLLECT_EXTERNAL_RECEIVED);
	free(rows);
	struct actor editor = t->editor;
	assert_false(collect_may_supervise(db, &editor, t->city));
	assert_false(collect_may_supervise(db, &t->outsider, t->linru));
	assert_true(collect_may_supervise(db, &t->supervisor, t->linru));
	db_release(db);
	buf_free(&linru);
	buf_free(&yanglou);
	buf_free(&nongye);
	world_close(t);
}

static void test_notices(void **state)
{
	(void)state;
	struct world *t = world_open();
	char err[256];
	int today = cal_day_from_date(2026, 3, 1);
	struct notice_input in = {.agency_id = t->zhonglou,
				  .year = "2025",
				  .rule = "R1",
				  .finding = "表三 总计不符",
				  .body = "请更正后重新发布",
				  .reply_due = "2026-03-15"};
	struct db *w = store_write_begin(t->store);
	assert_int_equal(notice_send(w, &t->editor, &in, today, 1, err, sizeof err), 0);   /* not a supervisor */
	assert_int_equal(notice_send(w, &t->outsider, &in, today, 1, err, sizeof err), 0); /* not below it */
	struct notice_input past = in;
	past.reply_due = "2026-02-28";
	assert_int_equal(notice_send(w, &t->supervisor, &past, today, 1, err, sizeof err), 0);
	assert_non_null(strstr(err, "答复期限"));
	struct notice_input blank = in;
	blank.body = "  ";
	assert_int_equal(notice_send(w, &t->supervisor, &blank, today, 1, err, sizeof err), 0);
	int64_t id = notice_send(w, &t->supervisor, &in, today, 1, err, sizeof err);
	assert_true(id > 0);
	in.agency_id = t->linru; /* external */
	int64_t ext = notice_send(w, &t->supervisor, &in, today, 2, err, sizeof err);
	assert_true(ext > 0);
	struct actor leader_elsewhere = {.user_id = 9, .agency_id = t->linru, .roles = ROLE_LEADER};
	assert_int_equal(notice_reply(w, &leader_elsewhere, id, "已更正", 3, err, sizeof err), 0);
	assert_int_equal(notice_reply(w, &t->supervisor, id, "已更正", 3, err, sizeof err), 0); /* staff answer */
	assert_int_equal(notice_reply(w, &t->editor, id, "", 3, err, sizeof err), 0);
	assert_int_equal(notice_reply(w, &t->editor, id, "已更正并重新发布", 3, err, sizeof err), 1);
	assert_int_equal(notice_reply(w, &t->editor, id, "再答一次", 4, err, sizeof err), 0);
	assert_int_equal(notice_reply(w, &t->supervisor, ext, "对方电话答复已更正", 5, err, sizeof err), 1);
	assert_int_equal(store_write_end(t->store, true), 0);
	struct db *db = store_reader(t->store);
	struct notice *list;
	size_t n;
	assert_int_equal(notice_list(db, &t->editor, 2025, &list, &n), 0);
	assert_int_equal(n, 1); /* its own only */
	assert_string_equal(list[0].reply, "已更正并重新发布");
	assert_int_equal(list[0].replied_by, t->editor.user_id);
	free(list);
	assert_int_equal(notice_list(db, &t->supervisor, 0, &list, &n), 0);
	assert_int_equal(n, 2);
	free(list);
	assert_int_equal(notice_list(db, &t->outsider, 0, &list, &n), 0);
	assert_int_equal(n, 0);
	assert_int_equal(notice_list(db, &t->supervisor, 2024, &list, &n), 0);
	assert_int_equal(n, 0);
	struct collect_row *rows;
	assert_int_equal(collect_list(db, t->city, 2025, &rows, &n), 0);
	assert_int_equal(row_named(rows, n, "汝州市钟楼街道办事处")->notices, 1);
	assert_int_equal(row_named(rows, n, "汝州市钟楼街道办事处")->notices_open, 0);
	free(rows);
	db_release(db);
	world_close(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_state_deadline_edges),
	    cmocka_unit_test(test_match),
	    cmocka_unit_test(test_sort_filter),
	    cmocka_unit_test(test_batch_and_collection),
	    cmocka_unit_test(test_notices),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
