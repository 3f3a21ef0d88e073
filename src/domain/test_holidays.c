/* test_holidays.c — unit tests of the holiday schedules an administrator loads (src/domain/holidays.c):
 * loading 2027 makes a deadline across 2027's 元旦 known and moves it by the holiday; a bad line is
 * refused with its number and nothing is stored; texts mixing years or without a day of their year
 * are refused; a second load of a year replaces the first (audited, new version); the listing shows
 * built-in and loaded years with their counts.
 *
 * The 2027 schedules below are test fixtures, not the State Council's notice. Hand count for an
 * application received in person on Monday 2026-12-28 (the day itself not counted): 12-29, 12-30,
 * 12-31 are working days 1–3; with 2027-01-01 off the next are 01-04…01-08 (4–8), 01-11…01-15 (9–13),
 * 01-18…01-22 (14–18), 01-25 (19), 01-26 (20): due 2027-01-26. Counting 01-01 as a working day (as an
 * unknown year is counted) gives 2027-01-25. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "calendar/deadline.h"
#include "domain/accounts.h"
#include "domain/agency.h"
#include "domain/holidays.h"
#include "storage/db.h"
#include "storage/store_testutil.h"
#include "util/buf.h"

#define NOW 1798761600 /* 2027-01-01 00:00 UTC */

static const char schedule_2027[] = "# 2027 年放假安排（测试用，非官方）\n"
				    "year 2027 https://example.gov.cn/2027\n"
				    "2027-01-01 off 元旦\n"
				    "2027-01-02 off 元旦\n"
				    "2027-01-03 off 元旦\n"
				    "2027-02-06 off 春节\n"
				    "2027-02-07 off 春节\n"
				    "2027-02-08 off 春节\n"
				    "2027-02-09 off 春节\n"
				    "2027-02-10 off 春节\n"
				    "2027-02-11 off 春节\n"
				    "2027-02-12 off 春节\n"
				    "2027-02-13 off 春节\n"
				    "2027-02-14 work 春节\n"
				    "2027-02-20 work 春节\n";

struct fixture {
	char dir[64];
	struct store *store;
	int64_t admin_id;
};

static int add_admin(struct fixture *f)
{
	char err[256];
	struct agency a = {.level = AGENCY_CITY};
	snprintf(a.name, sizeof a.name, "汝州市人民政府");
	struct db *w = store_write_begin(f->store);
	int64_t agency_id = w ? agency_add_at(w, &a, NOW, err, sizeof err) : -1;
	f->admin_id =
	    agency_id > 0 ? user_add(w, agency_id, "admin", "王管理", ROLE_ADMIN, "x", NOW, err, sizeof err) : -1;
	return w && store_write_end(f->store, f->admin_id > 0) == 0 && f->admin_id > 0 ? 0 : -1;
}

static int setup(void **state)
{
	struct fixture *f = xcalloc(1, sizeof *f);
	*state = f;
	snprintf(f->dir, sizeof f->dir, "/tmp/gongkai-test-holidays-XXXXXX");
	if (!mkdtemp(f->dir))
		return -1;
	char err[256];
	f->store = test_store_open(f->dir, err, sizeof err);
	return f->store ? add_admin(f) : -1;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	store_close(f->store);
	int rc = test_dir_remove(f->dir);
	free(f);
	return rc == 0 ? 0 : -1;
}

static int D(const char *iso)
{
	int day = CAL_NO_DAY;
	assert_int_equal(cal_parse_iso(iso, strlen(iso), &day), 0);
	return day;
}

/* Loads text in its own transaction, committed only on success. Returns holidays_load's result. */
static int load(struct fixture *f, const char *text, int64_t user_id, bool *replaced, char *err, size_t errlen)
{
	struct db *w = store_write_begin(f->store);
	assert_non_null(w);
	int year = holidays_load(w, text, strlen(text), user_id, "127.0.0.1", NOW, replaced, err, errlen);
	assert_int_equal(store_write_end(f->store, year > 0), 0);
	return year;
}

static struct calendar *effective(struct fixture *f, char *version, size_t size)
{
	struct calendar *cal = NULL;
	char err[HOLIDAYS_ERR_SIZE];
	if (holidays_calendar(store_reader(f->store), &cal, version, size, NULL, err, sizeof err) != 0)
		fail_msg("holidays_calendar: %s", err);
	return cal;
}

/* The clock of an application received in person on 2026-12-28, seen on 2027-01-05. */
static void clock_of_1228(const struct calendar *cal, struct deadline_result *res)
{
	struct deadline_event received = {.type = EVENT_RECEIVE, .day = D("2026-12-28")};
	struct deadline_problems probs = {0};
	assert_int_equal(deadline_compute(cal, CHANNEL_IN_PERSON, &received, 1, D("2027-01-05"), res, &probs), 0);
	deadline_problems_free(&probs);
}

static int64_t count_of(struct fixture *f, const char *what)
{
	int64_t n = -1;
	struct db *db = store_reader(f->store);
	if (strcmp(what, "schedules") == 0)
		assert_int_equal(db_step_int(db_prepare(db, "SELECT count(*) FROM holiday_schedule"), &n), 1);
	else
		assert_int_equal(
		    db_step_int(db_prepare(db, "SELECT count(*) FROM audit_log WHERE action LIKE 'calendar.%'"), &n),
		    1);
	return n;
}

static void test_load_2027_makes_deadline_known(void **state)
{
	struct fixture *f = *state;
	char before[256], after[256], err[HOLIDAYS_ERR_SIZE] = "";
	struct calendar *cal = effective(f, before, sizeof before);
	struct deadline_result res;
	clock_of_1228(cal, &res);
	assert_true(res.unknown_calendar); /* 12-28 itself needs the 2027 元旦 arrangement */
	assert_int_equal(res.due_on, D("2027-01-25"));
	deadline_result_free(&res);
	calendar_free(cal);

	assert_int_equal(load(f, schedule_2027, f->admin_id, NULL, err, sizeof err), 2027);
	cal = effective(f, after, sizeof after);
	assert_true(calendar_has_year(cal, 2027));
	assert_true(calendar_has_year(cal, 2026)); /* built-in years are kept */
	clock_of_1228(cal, &res);
	assert_false(res.unknown_calendar);
	assert_int_equal(res.due_on, D("2027-01-26"));
	assert_string_equal(res.calendar_version, after); /* the derivation names this calendar */
	assert_string_not_equal(before, after);
	assert_non_null(strstr(after, "loaded-r1"));
	assert_non_null(strstr(after, "2019-2027"));
	deadline_result_free(&res);
	calendar_free(cal);
}

static void test_bad_line_refused(void **state)
{
	struct fixture *f = *state;
	char err[HOLIDAYS_ERR_SIZE] = "";
	static const char bad[] = "year 2027\n2027-01-01 off 元旦\n2027-02-30 off 春节\n2027-02-14 work 春节\n";
	assert_int_equal(load(f, bad, 0, NULL, err, sizeof err), 0);
	assert_non_null(strstr(err, "第 3 行"));
	assert_non_null(strstr(err, "2027-02-30"));
	static const char kind[] = "year 2027\n\n# 元旦\n2027-01-01 holiday 元旦\n";
	assert_int_equal(load(f, kind, 0, NULL, err, sizeof err), 0);
	assert_non_null(strstr(err, "第 4 行"));
	assert_int_equal(count_of(f, "schedules"), 0);
	assert_int_equal(count_of(f, "audit"), 0);
	struct holidays_stamp stamp;
	assert_int_equal(holidays_stamp(store_reader(f->store), &stamp), 0);
	assert_int_equal(stamp.count, 0);
	assert_int_equal(stamp.revision, 0);
}

static void test_mixed_or_empty_years_refused(void **state)
{
	struct fixture *f = *state;
	char err[HOLIDAYS_ERR_SIZE] = "";
	static const char two[] = "year 2027\n2027-01-01 off 元旦\nyear 2028\n2028-01-01 off 元旦\n";
	assert_int_equal(load(f, two, 0, NULL, err, sizeof err), 0);
	assert_non_null(strstr(err, "2027、2028"));
	static const char next_year_day[] = "year 2027\n2027-01-01 off 元旦\n2028-01-03 off 元旦\n";
	assert_int_equal(load(f, next_year_day, 0, NULL, err, sizeof err), 0);
	assert_non_null(strstr(err, "第 3 行"));
	static const char no_day_of_year[] = "year 2027\n2026-12-31 off 元旦\n";
	assert_int_equal(load(f, no_day_of_year, 0, NULL, err, sizeof err), 0);
	assert_non_null(strstr(err, "没有任何 2027 年的日期行"));
	assert_int_equal(load(f, "  \n\n", 0, NULL, err, sizeof err), 0);
	assert_non_null(strstr(err, "请填写放假安排"));
	static const char latin1[] = "year 2027\n2027-01-01 off \xd4\xaa\xb5\xa9\n";
	assert_int_equal(load(f, latin1, 0, NULL, err, sizeof err), 0);
	assert_non_null(strstr(err, "UTF-8"));
	assert_int_equal(count_of(f, "schedules"), 0);
	/* The preceding December may be listed (as 2018-12-29…31 in the 2019 notice). */
	static const char december[] = "year 2027\n2026-12-31 off 元旦\n2027-01-01 off 元旦\n";
	int off = -1, work = -1;
	assert_int_equal(holidays_check(december, sizeof december - 1, &off, &work, err, sizeof err), 2027);
	assert_int_equal(off, 2);
	assert_int_equal(work, 0);
}

static const struct holidays_year *find_year(const struct holidays_year *v, size_t n, int year)
{
	for (size_t i = 0; i < n; i++)
		if (v[i].year == year)
			return &v[i];
	return NULL;
}

static void test_replace_year(void **state)
{
	struct fixture *f = *state;
	char err[HOLIDAYS_ERR_SIZE] = "", first[256], second[256];
	bool replaced = true;
	assert_int_equal(load(f, "year 2027\n2027-01-01 off 元旦\n", 0, &replaced, err, sizeof err), 2027);
	assert_false(replaced);
	struct calendar *cal = effective(f, first, sizeof first);
	assert_false(calendar_is_workday(cal, D("2027-01-01"), NULL));
	assert_true(calendar_is_workday(cal, D("2027-02-08"), NULL)); /* a Monday, not yet a holiday */
	calendar_free(cal);
	struct holidays_stamp s1, s2;
	assert_int_equal(holidays_stamp(store_reader(f->store), &s1), 0);

	assert_int_equal(load(f, schedule_2027, f->admin_id, &replaced, err, sizeof err), 2027);
	assert_true(replaced);
	assert_int_equal(holidays_stamp(store_reader(f->store), &s2), 0);
	assert_int_equal(s2.count, 1);
	assert_true(s2.revision > s1.revision);
	cal = effective(f, second, sizeof second);
	assert_false(calendar_is_workday(cal, D("2027-02-08"), NULL));
	assert_true(calendar_is_workday(cal, D("2027-02-20"), NULL)); /* Saturday 调休 */
	assert_string_equal(calendar_day_name(cal, D("2027-02-20")), "春节");
	assert_string_not_equal(first, second);
	calendar_free(cal);

	char *text = NULL;
	assert_int_equal(holidays_text(store_reader(f->store), 2027, &text), 1);
	assert_string_equal(text, schedule_2027);
	free(text);
	assert_int_equal(holidays_text(store_reader(f->store), 2028, &text), 0);
	assert_int_equal(count_of(f, "schedules"), 1);
	assert_int_equal(count_of(f, "audit"), 2);
	int64_t replaces = 0;
	assert_int_equal(db_step_int(db_prepare(store_reader(f->store), "SELECT count(*) FROM audit_log WHERE action = "
									"'calendar.replace' AND record_id = 2027"),
				     &replaces),
			 1);
	assert_int_equal(replaces, 1);
}

static void test_list_years(void **state)
{
	struct fixture *f = *state;
	char err[HOLIDAYS_ERR_SIZE] = "";
	struct holidays_year *v = NULL;
	size_t n = 0;
	assert_int_equal(holidays_list(store_reader(f->store), &v, &n, err, sizeof err), 0);
	assert_int_equal(n, 8); /* 2019–2026 */
	const struct holidays_year *y2024 = find_year(v, n, 2024);
	assert_non_null(y2024);
	assert_true(y2024->builtin);
	assert_false(y2024->loaded);
	assert_int_equal(y2024->off_days, 28); /* data/holidays-cn.txt: 28 off lines, 8 work lines */
	assert_int_equal(y2024->work_days, 8);
	free(v);

	/* Correcting a built-in year and adding a new one. */
	assert_int_equal(
	    load(f, "year 2026 更正\n2026-01-01 off 元旦\n2026-01-02 off 元旦\n", f->admin_id, NULL, err, sizeof err),
	    2026);
	assert_int_equal(load(f, schedule_2027, 0, NULL, err, sizeof err), 2027);
	assert_int_equal(holidays_list(store_reader(f->store), &v, &n, err, sizeof err), 0);
	assert_int_equal(n, 9);
	assert_int_equal(v[n - 1].year, 2027);
	const struct holidays_year *y2026 = find_year(v, n, 2026), *y2027 = find_year(v, n, 2027);
	assert_true(y2026->builtin && y2026->loaded);
	assert_int_equal(y2026->off_days, 2);
	assert_int_equal(y2026->work_days, 0);
	assert_string_equal(y2026->loaded_by_name, "王管理");
	assert_true(!y2027->builtin && y2027->loaded);
	assert_int_equal(y2027->off_days, 11);
	assert_int_equal(y2027->work_days, 2);
	assert_int_equal(y2027->loaded_at, NOW);
	assert_string_equal(y2027->loaded_by_name, "");
	free(v);

	/* The loaded 2026 replaces the built-in one: 2026-10-01 is an ordinary Thursday now. */
	struct calendar *cal = effective(f, NULL, 0);
	assert_true(calendar_is_workday(cal, D("2026-10-01"), NULL));
	assert_false(calendar_is_workday(cal, D("2026-01-02"), NULL));
	calendar_free(cal);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_load_2027_makes_deadline_known, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_bad_line_refused, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_mixed_or_empty_years_refused, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_replace_year, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_list_years, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
