/* test_calendar.c — unit tests of dates, the schedule parser and the working-day arithmetic.
 *
 * The holiday facts asserted here were read off data/holidays-cn/2023.json by hand
 * (国庆 2023: 09-29…10-06 off, Saturday 10-07 and Sunday 10-08 work; 春节 2023: 01-21…01-27 off,
 * Saturday 01-28 and Sunday 01-29 work), and one test re-reads every JSON file to prove the
 * embedded text says the same thing as its source. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "calendar/calendar.h"

static int day_of(const char *iso)
{
	int day = CAL_NO_DAY;
	assert_int_equal(cal_parse_iso(iso, strlen(iso), &day), 0);
	return day;
}

static int setup_embedded(void **state)
{
	struct calendar *cal = calendar_new();
	char err[256] = "";
	if (calendar_load_embedded(cal, err, sizeof err) != 0) {
		fprintf(stderr, "load: %s\n", err);
		calendar_free(cal);
		return -1;
	}
	*state = cal;
	return 0;
}

static int teardown_calendar(void **state)
{
	calendar_free(*state);
	return 0;
}

/* ---- dates ---------------------------------------------------------------------------------- */

static void test_epoch_and_known_days(void **state)
{
	(void)state;
	assert_int_equal(day_of("1970-01-01"), 0);
	assert_int_equal(day_of("1970-01-02"), 1);
	assert_int_equal(day_of("1969-12-31"), -1);
	assert_int_equal(day_of("2000-03-01") - day_of("2000-02-28"), 2); /* 2000 is a leap year */
	assert_int_equal(day_of("1900-03-01") - day_of("1900-02-28"), 1); /* 1900 is not */
	assert_int_equal(cal_weekday(day_of("1970-01-01")), 4);		  /* Thursday */
	assert_int_equal(cal_weekday(day_of("2023-09-28")), 4);
	assert_string_equal(cal_weekday_zh(day_of("2023-09-28")), "周四");
	assert_int_equal(cal_weekday(day_of("2024-01-01")), 1);
	assert_string_equal(cal_weekday_zh(day_of("2023-10-08")), "周日");
}

static void test_round_trip_1900_to_2100(void **state)
{
	(void)state;
	int expected = cal_day_from_date(1900, 1, 1);
	for (int y = 1900; y <= 2100; y++)
		for (int m = 1; m <= 12; m++)
			for (int d = 1; d <= 31; d++) {
				if (!cal_date_valid(y, m, d))
					continue;
				char iso[CAL_ISO_SIZE];
				assert_int_equal(cal_day_from_date(y, m, d), expected);
				cal_format_iso(expected, iso);
				assert_int_equal(day_of(iso), expected);
				int yy, mm, dd;
				cal_date_from_day(expected, &yy, &mm, &dd);
				assert_true(yy == y && mm == m && dd == d);
				expected++;
			}
}

static void test_invalid_dates_rejected(void **state)
{
	(void)state;
	static const char *const bad[] = {
	    "2023-02-30", "2023-02-29", "1900-02-29",  "2023-13-01", "2023-00-10", "2023-04-31", "2023-1-01",
	    "2023/01/01", "20230101",	"2023-01-01x", "1899-12-31", "abcd-ef-gh", "2023-01-00", ""};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		int day = 12345;
		assert_int_equal(cal_parse_iso(bad[i], strlen(bad[i]), &day), -1);
		assert_int_equal(day, 12345);
	}
	assert_false(cal_date_valid(2023, 2, 29));
	assert_true(cal_date_valid(2024, 2, 29));
}

static void test_formats(void **state)
{
	(void)state;
	char iso[CAL_ISO_SIZE], zh[CAL_ZH_SIZE];
	assert_string_equal(cal_format_iso(day_of("2023-09-28"), iso), "2023-09-28");
	assert_string_equal(cal_format_zh(day_of("2023-09-28"), zh), "2023年9月28日");
	assert_string_equal(cal_format_zh(day_of("2024-12-01"), zh), "2024年12月1日");
}

/* ---- the embedded schedule ------------------------------------------------------------------ */

static void test_embedded_years(void **state)
{
	struct calendar *cal = *state;
	assert_int_equal(calendar_year_count(cal), 8);
	for (int y = 2019; y <= 2026; y++)
		assert_true(calendar_has_year(cal, y));
	assert_false(calendar_has_year(cal, 2018));
	assert_false(calendar_has_year(cal, 2027));
	assert_int_equal(calendar_year_at(cal, 0), 2019);
	assert_int_equal(calendar_year_at(cal, 7), 2026);
	assert_non_null(strstr(calendar_version(cal), "holidays-cn-2026-"));
	assert_non_null(strstr(calendar_version(cal), "years 2019-2026"));
}

static void assert_workday(const struct calendar *cal, const char *iso, bool workday, bool known)
{
	bool k = !known;
	if (calendar_is_workday(cal, day_of(iso), &k) != workday || k != known)
		fail_msg("%s: expected workday=%d known=%d", iso, workday, known);
}

static void test_national_day_2023(void **state)
{
	struct calendar *cal = *state;
	assert_workday(cal, "2023-09-28", true, true);	/* Thursday */
	assert_workday(cal, "2023-09-29", false, true); /* Friday, 中秋节 */
	assert_workday(cal, "2023-10-02", false, true); /* Monday, 国庆 */
	assert_workday(cal, "2023-10-06", false, true);
	assert_workday(cal, "2023-10-07", true, true);	/* Saturday, 调休上班 */
	assert_workday(cal, "2023-10-08", true, true);	/* Sunday, 调休上班 */
	assert_workday(cal, "2023-10-14", false, true); /* ordinary Saturday */
	assert_workday(cal, "2023-10-09", true, true);
	assert_string_equal(calendar_day_name(cal, day_of("2023-10-07")), "中秋节、国庆节");
	assert_null(calendar_day_name(cal, day_of("2023-10-09")));
}

static void test_unknown_years_flagged(void **state)
{
	struct calendar *cal = *state;
	assert_workday(cal, "2027-03-01", true, false);	 /* Monday, no 2027 schedule */
	assert_workday(cal, "2027-03-06", false, false); /* Saturday */
	assert_workday(cal, "2018-12-29", true, false);	 /* listed by the 2019 schedule, but 2018 unknown */
	assert_workday(cal, "2026-12-24", true, true);
	assert_workday(cal, "2026-12-28", true, false); /* the 2027 元旦 notice may move it */
	assert_workday(cal, "2025-12-29", true, true);	/* 2026 is loaded */
}

/* Every day of 2019–2026 agrees with the JSON it was derived from: listed days as listed,
 * others by the weekday rule. */
static void test_agrees_with_source_json(void **state)
{
	struct calendar *cal = *state;
	int first = day_of("2019-01-01"), last = day_of("2026-12-31");
	signed char listed[3000];
	memset(listed, -1, sizeof listed);
	for (int y = 2019; y <= 2026; y++) {
		char path[512];
		snprintf(path, sizeof path, "%s/data/holidays-cn/%d.json", GONGKAI_SOURCE_DIR, y);
		json_error_t jerr;
		json_t *root = json_load_file(path, 0, &jerr);
		assert_non_null(root);
		size_t i;
		json_t *entry;
		json_array_foreach(json_object_get(root, "days"), i, entry)
		{
			const char *date = json_string_value(json_object_get(entry, "date"));
			bool off = json_is_true(json_object_get(entry, "isOffDay"));
			int day = day_of(date);
			if (day >= first && day <= last)
				listed[day - first] = !off;
			else
				assert_int_equal(calendar_is_workday(cal, day, NULL), !off);
		}
		json_decref(root);
	}
	for (int day = first; day <= last; day++) {
		bool expected = listed[day - first] >= 0 ? listed[day - first] : cal_weekday(day) <= 5;
		bool known;
		assert_int_equal(calendar_is_workday(cal, day, &known), expected);
		assert_true(known || day >= day_of("2026-12-25"));
	}
}

/* ---- working-day arithmetic ----------------------------------------------------------------- */

static void test_add_workdays_over_national_day(void **state)
{
	struct calendar *cal = *state;
	int out = 0;
	/* Received Thursday 2023-09-28. 09-29…10-06 off; 10-07 Sat (1), 10-08 Sun (2), 10-09…10-13 (3–7),
	 * 10-16…10-20 (8–12), 10-23…10-27 (13–17), 10-30 (18), 10-31 (19), 11-01 (20). */
	assert_int_equal(calendar_add_workdays(cal, day_of("2023-09-28"), 20, &out), CAL_OK);
	assert_int_equal(out, day_of("2023-11-01"));
	assert_int_equal(calendar_workdays_between(cal, day_of("2023-09-28"), day_of("2023-11-01"), NULL), 20);
	assert_int_equal(calendar_workdays_between(cal, day_of("2023-11-01"), day_of("2023-09-28"), NULL), -20);
	assert_int_equal(calendar_workdays_between(cal, day_of("2023-09-28"), day_of("2023-10-06"), NULL), 0);
	/* 7 working days: 10-07 (1), 10-08 (2), 10-09 (3) … 10-12 (6), 10-13 (7). */
	assert_int_equal(calendar_add_workdays(cal, day_of("2023-09-28"), 7, &out), CAL_OK);
	assert_int_equal(out, day_of("2023-10-13"));
}

static void test_add_workdays_over_spring_festival(void **state)
{
	struct calendar *cal = *state;
	int out = 0;
	/* Friday 2023-01-20; 01-21…01-27 off; 01-28 Sat (1), 01-29 Sun (2), 01-30 (3), 01-31 (4),
	 * 02-01 (5), 02-02 (6), 02-03 (7). */
	assert_int_equal(calendar_add_workdays(cal, day_of("2023-01-20"), 7, &out), CAL_OK);
	assert_int_equal(out, day_of("2023-02-03"));
	/* A start on a holiday: 2023-01-23 (off); counting begins the next day, 01-28 is the first. */
	assert_int_equal(calendar_add_workdays(cal, day_of("2023-01-23"), 1, &out), CAL_OK);
	assert_int_equal(out, day_of("2023-01-28"));
}

static void test_add_workdays_edges(void **state)
{
	struct calendar *cal = *state;
	int out = 0;
	assert_int_equal(calendar_add_workdays(cal, day_of("2023-10-14"), 0, &out), CAL_OK);
	assert_int_equal(out, day_of("2023-10-14"));
	assert_int_equal(calendar_add_workdays(cal, day_of("2023-10-14"), -1, &out), CAL_EINVAL);
	assert_int_equal(calendar_add_workdays(cal, day_of("2023-10-14"), CAL_MAX_ADD + 1, &out), CAL_EINVAL);
	assert_int_equal(calendar_add_workdays(cal, CAL_NO_DAY, 1, &out), CAL_EINVAL);
	/* Friday 2026-12-18 + 20 working days runs into 2027: computed by weekdays, but flagged. */
	assert_int_equal(calendar_add_workdays(cal, day_of("2026-12-18"), 20, &out), CAL_UNKNOWN_YEAR);
	assert_true(out > day_of("2027-01-01"));
	bool unknown = false;
	calendar_workdays_between(cal, day_of("2026-12-01"), day_of("2027-01-10"), &unknown);
	assert_true(unknown);
	unknown = false;
	calendar_workdays_between(cal, day_of("2026-01-01"), day_of("2026-12-20"), &unknown);
	assert_false(unknown);
}

/* ---- the parser ----------------------------------------------------------------------------- */

struct bad_case {
	const char *text;
	const char *needle; /* expected in the message */
};

static void test_malformed_lines_rejected(void **state)
{
	struct calendar *cal = *state;
	char before[256];
	snprintf(before, sizeof before, "%s", calendar_version(cal));
	static const struct bad_case cases[] = {
	    {"year 2027\n2027-02-30 off 春节\n", "第 2 行：“2027-02-30”不是有效日期"},
	    {"year 2027\n2027-02-06 rest 春节\n", "第 2 行：第二项应为 off"},
	    {"year 2027\n2027-02-06 off\n", "第 2 行：缺少第三项"},
	    {"# c\n2027-02-06 off 春节\n", "第 2 行：日期行之前缺少"},
	    {"year 2027\n\n2027-02-08 work 春节 \x01\n", "第 3 行：节日名称"},
	    {"year 2027\n2027-02-06 off a\n2027-02-06 off b\n", "第 3 行：日期 2027-02-06 在本文件中重复"},
	    {"year 27\n", "第 1 行：year 后应为四位年份"},
	    {"year 2027\nyear 2027\n", "第 2 行：2027 年度的安排在本文件中重复"},
	    {"year 2027\n2029-01-01 off 元旦\n", "第 2 行：日期 2029-01-01 不属于 2027 年度"},
	    {"year 2027\n2027-01-01 off \xe5\x85\n", "第 2 行：节日名称过长（最多 64 字节）或含有无效字符"},
	    {"year 2027\n2027-01-01 off \xed\xa0\x80\n", "第 2 行：节日名称"},
	    {"# version\nyear 2027\n", "第 1 行：“# version”后应为"},
	    {"# only comments\n\n", "没有任何“year 年份”行"},
	    {"", "没有任何“year 年份”行"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		char err[256] = "";
		int rc = calendar_load_text(cal, cases[i].text, strlen(cases[i].text), err, sizeof err);
		if (rc != -1 || !strstr(err, cases[i].needle))
			fail_msg("case %zu: rc=%d err=%s", i, rc, err);
	}
	assert_string_equal(calendar_version(cal), before);
	assert_false(calendar_has_year(cal, 2027));
}

static void test_load_replaces_one_year(void **state)
{
	(void)state;
	struct calendar *cal = calendar_new();
	char err[256] = "";
	assert_string_equal(calendar_version(cal), "unlabelled; years none; content 811c9dc5");
	assert_int_equal(calendar_load_embedded(cal, err, sizeof err), 0);
	char embedded_version[256];
	snprintf(embedded_version, sizeof embedded_version, "%s", calendar_version(cal));

	/* A replacement 2023 schedule with Windows line ends, comments and a label. */
	const char *text = "# version test-2023\r\n"
			   "  # a comment\r\n"
			   "year 2023 http://example.invalid/notice\r\n"
			   "2023-10-09\toff   测试假日\r\n";
	assert_int_equal(calendar_load_text(cal, text, strlen(text), err, sizeof err), 0);
	assert_workday(cal, "2023-10-09", false, true);
	assert_workday(cal, "2023-10-07", false, true); /* the old 调休 Saturday is gone with the old 2023 */
	assert_workday(cal, "2023-10-02", true, true);
	assert_string_equal(calendar_day_name(cal, day_of("2023-10-09")), "测试假日");
	assert_workday(cal, "2024-02-10", false, true); /* 2024 春节 untouched */
	assert_non_null(strstr(calendar_version(cal), "test-2023; years 2019-2026"));
	assert_string_not_equal(calendar_version(cal), embedded_version);

	/* Adding 2028 alone leaves a gap: the years list shows it. */
	const char *y2028 = "year 2028\n2028-01-01 off 元旦\n";
	assert_int_equal(calendar_load_text(cal, y2028, strlen(y2028), err, sizeof err), 0);
	assert_true(calendar_has_year(cal, 2028));
	assert_false(calendar_has_year(cal, 2027));
	assert_non_null(strstr(calendar_version(cal), "years 2019-2026,2028"));
	calendar_free(cal);
}

static void test_same_content_same_version(void **state)
{
	(void)state;
	struct calendar *a = calendar_new(), *b = calendar_new();
	const char *one = "year 2030\n2030-01-01 off 元旦\n# version x\n";
	const char *two = "# version x\n\nyear 2030   \n   2030-01-01 off 元旦";
	assert_int_equal(calendar_load_text(a, one, strlen(one), NULL, 0), 0);
	assert_int_equal(calendar_load_text(b, two, strlen(two), NULL, 0), 0);
	assert_string_equal(calendar_version(a), calendar_version(b));
	const char *three = "year 2030\n2030-01-01 holiday 元旦\n";
	assert_int_equal(calendar_load_text(b, three, strlen(three), NULL, 0), -1);
	assert_string_equal(calendar_version(a), calendar_version(b));
	const char *four = "year 2030\n2030-01-05 work 元旦\n";
	assert_int_equal(calendar_load_text(b, four, strlen(four), NULL, 0), 0);
	assert_string_not_equal(calendar_version(a), calendar_version(b));
	calendar_free(a);
	calendar_free(b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_epoch_and_known_days),
	    cmocka_unit_test(test_round_trip_1900_to_2100),
	    cmocka_unit_test(test_invalid_dates_rejected),
	    cmocka_unit_test(test_formats),
	    cmocka_unit_test_setup_teardown(test_embedded_years, setup_embedded, teardown_calendar),
	    cmocka_unit_test_setup_teardown(test_national_day_2023, setup_embedded, teardown_calendar),
	    cmocka_unit_test_setup_teardown(test_unknown_years_flagged, setup_embedded, teardown_calendar),
	    cmocka_unit_test_setup_teardown(test_agrees_with_source_json, setup_embedded, teardown_calendar),
	    cmocka_unit_test_setup_teardown(test_add_workdays_over_national_day, setup_embedded, teardown_calendar),
	    cmocka_unit_test_setup_teardown(test_add_workdays_over_spring_festival, setup_embedded, teardown_calendar),
	    cmocka_unit_test_setup_teardown(test_add_workdays_edges, setup_embedded, teardown_calendar),
	    cmocka_unit_test_setup_teardown(test_malformed_lines_rejected, setup_embedded, teardown_calendar),
	    cmocka_unit_test(test_load_replaces_one_year),
	    cmocka_unit_test(test_same_content_same_version),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
