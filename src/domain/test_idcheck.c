/* test_idcheck.c — unit tests of the 身份证 and 统一社会信用代码 validators. The valid examples
 * were computed independently (a few lines of Python following GB 11643 / GB 32100 / GB 11714),
 * plus the two commonly cited ones, 11010519491231002X and 91350100M000100Y43. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "calendar/calendar.h"
#include "domain/idcheck.h"

static void test_resident_valid(void **state)
{
	(void)state;
	static const char *const valid[] = {"11010519491231002X", "11010519491231002x", "44030419900307123X",
					    "320106200002290043", "510108198510105615"};
	for (size_t i = 0; i < sizeof valid / sizeof *valid; i++)
		if (!idcheck_resident_id(valid[i]))
			fail_msg("%s should be valid", valid[i]);
	assert_int_equal(idcheck_resident_check_char("11010519491231002"), 'X');
	assert_int_equal(idcheck_resident_check_char("32010620000229004"), '3');
	assert_int_equal(idcheck_resident_check_char("3201062000022900A"), 0);
}

struct bad {
	const char *id;
	const char *reason;
};

static void test_resident_invalid(void **state)
{
	(void)state;
	static const struct bad bad[] = {
	    {"110105194912310021", "校验位不符"}, /* last digit changed */
	    {"11010519491231003X", "校验位不符"}, /* a typo in the sequence number */
	    {"11010519491321002X", "出生日期"},	  /* month 13 */
	    {"320106200102290043", "出生日期"},	  /* 2001-02-29 does not exist */
	    {"99010519491231002X", "省级行政区划代码"},
	    {"11010519491231002", "应为 18 位"},
	    {"11010519491231002XX", "应为 18 位"},
	    {"1101051949123100X2", "应为 18 位"},
	    {"", "应为 18 位"},
	};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		char err[160] = "";
		assert_false(idcheck_resident_id(bad[i].id));
		assert_int_equal(idcheck_resident_id_why(bad[i].id, CAL_NO_DAY, err, sizeof err), -1);
		if (!strstr(err, bad[i].reason))
			fail_msg("%s: %s", bad[i].id, err);
	}
	assert_false(idcheck_resident_id(NULL));
	/* Born 2000-02-29: valid, but not when "today" is before that day. */
	char err[160] = "";
	assert_int_equal(idcheck_resident_id_why("320106200002290043", cal_day_from_date(2024, 1, 1), err, sizeof err),
			 0);
	assert_int_equal(idcheck_resident_id_why("320106200002290043", cal_day_from_date(1999, 1, 1), err, sizeof err),
			 -1);
	assert_non_null(strstr(err, "晚于今天"));
}

static void test_uscc_valid(void **state)
{
	(void)state;
	static const char *const valid[] = {"91350100M000100Y43", "91440300MA2Q3K7BX9", "91110108123456788E",
					    "12100000000000019C"};
	for (size_t i = 0; i < sizeof valid / sizeof *valid; i++) {
		char err[160] = "";
		if (idcheck_uscc_why(valid[i], err, sizeof err) != 0)
			fail_msg("%s should be valid: %s", valid[i], err);
	}
	assert_int_equal(idcheck_uscc_check_char("91350100M000100Y4"), '3');
	assert_int_equal(idcheck_uscc_check_char("91350100M000100I4"), 0); /* I is not in the charset */
}

static void test_uscc_invalid(void **state)
{
	(void)state;
	static const struct bad bad[] = {
	    {"91350100M000100Y44", "校验位不符"},
	    {"91350100M000100Y4", "应为 18 位"},
	    {"91350100M0001OOY43", "无效字符"}, /* letter O */
	    {"91350100m000100Y43", "无效字符"}, /* lower case */
	    {"B1350100M000100Y43", "登记管理部门代码"},
	    {"913501A0M000100Y4E", "行政区划码"},
	    /* right MOD 31 check, wrong 组织机构代码 check: 91350100M000100Y5 + its MOD 31 character */
	    {"91350100M000100Y5", "应为 18 位"},
	};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		char err[200] = "";
		assert_false(idcheck_uscc(bad[i].id));
		assert_int_equal(idcheck_uscc_why(bad[i].id, err, sizeof err), -1);
		if (!strstr(err, bad[i].reason))
			fail_msg("%s: %s", bad[i].id, err);
	}
	/* Build a code whose MOD 31 character is right but whose 组织机构代码 check is not. */
	char code[19] = "91350100M000100Y5";
	code[17] = idcheck_uscc_check_char(code);
	code[18] = '\0';
	char err[200] = "";
	assert_int_equal(idcheck_uscc_why(code, err, sizeof err), -1);
	assert_non_null(strstr(err, "组织机构代码"));
	assert_false(idcheck_uscc(NULL));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_resident_valid),
	    cmocka_unit_test(test_resident_invalid),
	    cmocka_unit_test(test_uscc_valid),
	    cmocka_unit_test(test_uscc_invalid),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
