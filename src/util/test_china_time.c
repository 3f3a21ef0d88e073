/* test_china_time.c — unit tests of China time: the day boundary at 16:00 UTC (31 December 16:00 UTC is
 * 1 January in China), times before 1970, leap days, the round trip between day numbers and dates, and
 * every display form. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "util/china_time.h"

/* Unix time of a UTC date and time. */
static int64_t utc(int y, int mo, int d, int h, int mi, int s)
{
	return (int64_t)civil_day_from_date(y, mo, d) * DAY_SECONDS + h * 3600 + mi * 60 + s;
}

static void test_new_year_boundary(void **state)
{
	(void)state;
	int y, m, d;
	civil_date_from_day(china_day(utc(2024, 12, 31, 15, 59, 59)), &y, &m, &d);
	assert_int_equal(y * 10000 + m * 100 + d, 20241231);
	civil_date_from_day(china_day(utc(2024, 12, 31, 16, 0, 0)), &y, &m, &d);
	assert_int_equal(y * 10000 + m * 100 + d, 20250101);
	char out[CHINA_TIME_SIZE];
	assert_string_equal(china_time_format(utc(2024, 12, 31, 16, 0, 0), CHINA_SECOND, out), "2025-01-01 00:00:00");
	assert_string_equal(china_time_format(utc(2024, 12, 31, 15, 59, 59), CHINA_SECOND, out), "2024-12-31 23:59:59");
	assert_int_equal(china_day_start(civil_day_from_date(2025, 1, 1)), utc(2024, 12, 31, 16, 0, 0));
	assert_int_equal(china_seconds_of_day(utc(2024, 12, 31, 16, 0, 0)), 0);
	assert_int_equal(china_seconds_of_day(utc(2024, 12, 31, 15, 59, 59)), 86399);
}

static void test_before_1970(void **state)
{
	(void)state;
	/* 1970-01-01 00:00 UTC is 08:00 in China, still day 0; 16:00 UTC the day before is day 0 too */
	assert_int_equal(china_day(0), 0);
	assert_int_equal(china_day(-8 * 3600), 0);
	assert_int_equal(china_day(-8 * 3600 - 1), -1);
	assert_int_equal(china_seconds_of_day(-8 * 3600 - 1), 86399);
	char out[CHINA_TIME_SIZE];
	assert_string_equal(china_time_format(-8 * 3600 - 1, CHINA_SECOND, out), "1969-12-31 23:59:59");
}

static void test_leap_days(void **state)
{
	(void)state;
	int y, m, d;
	civil_date_from_day(civil_day_from_date(2024, 2, 28) + 1, &y, &m, &d);
	assert_int_equal(y * 10000 + m * 100 + d, 20240229);
	civil_date_from_day(civil_day_from_date(2023, 2, 28) + 1, &y, &m, &d);
	assert_int_equal(y * 10000 + m * 100 + d, 20230301);
	civil_date_from_day(civil_day_from_date(2100, 2, 28) + 1, &y, &m, &d); /* no leap day in 2100 */
	assert_int_equal(y * 10000 + m * 100 + d, 21000301);
	civil_date_from_day(civil_day_from_date(2000, 2, 28) + 1, &y, &m, &d); /* but in 2000 */
	assert_int_equal(y * 10000 + m * 100 + d, 20000229);
	/* 29 February 2024 in China begins at 16:00 UTC on the 28th */
	char out[CHINA_TIME_SIZE];
	assert_string_equal(china_time_format(utc(2024, 2, 28, 16, 0, 0), CHINA_DATE, out), "2024-02-29");
	assert_string_equal(china_time_format(utc(2024, 2, 29, 16, 0, 0), CHINA_DATE, out), "2024-03-01");
	assert_int_equal(civil_day_from_date(1970, 1, 1), 0);
	assert_int_equal(civil_day_from_date(2000, 3, 1) - civil_day_from_date(2000, 2, 1), 29);
}

static void test_round_trip(void **state)
{
	(void)state;
	for (int day = civil_day_from_date(1900, 1, 1); day <= civil_day_from_date(2200, 12, 31); day++) {
		int y, m, d;
		civil_date_from_day(day, &y, &m, &d);
		assert_true(m >= 1 && m <= 12 && d >= 1 && d <= 31);
		assert_int_equal(civil_day_from_date(y, m, d), day);
		assert_int_equal(china_day(china_day_start(day)), day);
		assert_int_equal(china_day(china_day_start(day) - 1), day - 1);
	}
}

static void test_formats(void **state)
{
	(void)state;
	char out[CHINA_TIME_SIZE];
	int64_t t = utc(2024, 3, 1, 2, 5, 9); /* 10:05:09 in China */
	assert_string_equal(china_time_format(t, CHINA_DATE, out), "2024-03-01");
	assert_string_equal(china_time_format(t, CHINA_MINUTE, out), "2024-03-01 10:05");
	assert_string_equal(china_time_format(t, CHINA_SECOND, out), "2024-03-01 10:05:09");
	assert_string_equal(china_time_format(t, CHINA_RFC3339, out), "2024-03-01T10:05:09+08:00");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_new_year_boundary), cmocka_unit_test(test_before_1970),
	    cmocka_unit_test(test_leap_days),	      cmocka_unit_test(test_round_trip),
	    cmocka_unit_test(test_formats),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
