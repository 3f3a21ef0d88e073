/* idcheck.c — 居民身份证号码 (GB 11643-1999) and 统一社会信用代码 (GB 32100-2015) checks.
 *
 * 身份证: weights 2^(17-i) mod 11 over the first 17 digits; check = (12 - sum mod 11) mod 11,
 * written 'X' for 10. USCC: characters 0-9 A-H J-N P-R T-U W-Y valued 0–30, weights 3^i mod 31;
 * check = 31 - sum mod 31 (31 → 0). Positions 9–17 of a USCC are the 组织机构代码, whose 9th
 * character is its own GB 11714 check (weights 3 7 9 10 5 8 4 2, 11 - sum mod 11, 10 → X, 11 → 0). */
#include "domain/idcheck.h"

#include <stdio.h>
#include <string.h>

#include "calendar/calendar.h"

static const char uscc_charset[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";

static int fail(char *err, size_t errsize, const char *msg)
{
	if (err && errsize)
		snprintf(err, errsize, "%s", msg);
	return -1;
}

static bool all_digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

static int digits_value(const char *s, size_t n)
{
	int v = 0;
	for (size_t i = 0; i < n; i++)
		v = v * 10 + (s[i] - '0');
	return v;
}

char idcheck_resident_check_char(const char *first17)
{
	if (strnlen(first17, 17) < 17 || !all_digits(first17, 17))
		return 0;
	int sum = 0, weight = 1;
	for (int i = 16; i >= 0; i--) {
		weight = weight * 2 % 11; /* 2^(17-i) mod 11, from the last digit backwards */
		sum += (first17[i] - '0') * weight;
	}
	int check = (12 - sum % 11) % 11;
	return check == 10 ? 'X' : (char)('0' + check);
}

static bool known_province(int code)
{
	static const int provinces[] = {11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43,
					44, 45, 46, 50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82, 83};
	for (size_t i = 0; i < sizeof provinces / sizeof *provinces; i++)
		if (provinces[i] == code)
			return true;
	return false;
}

int idcheck_resident_id_why(const char *id, int today, char *err, size_t errsize)
{
	bool shape_ok =
	    id && strlen(id) == 18 && all_digits(id, 17) && (all_digits(id + 17, 1) || id[17] == 'X' || id[17] == 'x');
	if (!shape_ok)
		return fail(err, errsize, "身份证号码应为 18 位：前 17 位是数字，最后一位是数字或 X");
	if (!known_province(digits_value(id, 2)))
		return fail(err, errsize, "身份证号码前两位不是有效的省级行政区划代码");
	int y = digits_value(id + 6, 4), m = digits_value(id + 10, 2), d = digits_value(id + 12, 2);
	if (!cal_date_valid(y, m, d))
		return fail(err, errsize, "身份证号码中的出生日期（第 7–14 位）不是有效日期");
	if (today != CAL_NO_DAY && cal_day_from_date(y, m, d) > today)
		return fail(err, errsize, "身份证号码中的出生日期晚于今天");
	char check = id[17] == 'x' ? 'X' : id[17];
	if (idcheck_resident_check_char(id) != check)
		return fail(err, errsize, "身份证号码校验位不符，请核对是否输错");
	return 0;
}

bool idcheck_resident_id(const char *id)
{
	return idcheck_resident_id_why(id, CAL_NO_DAY, NULL, 0) == 0;
}

/* Value 0–30 of a USCC character, or -1. */
static int uscc_value(char c)
{
	const char *p = c ? strchr(uscc_charset, c) : NULL;
	return p ? (int)(p - uscc_charset) : -1;
}

char idcheck_uscc_check_char(const char *first17)
{
	int sum = 0, weight = 1;
	for (int i = 0; i < 17; i++) {
		int v = uscc_value(first17[i]);
		if (v < 0)
			return 0;
		sum += v * weight;
		weight = weight * 3 % 31;
	}
	int check = (31 - sum % 31) % 31;
	return uscc_charset[check];
}

/* GB 11714 check of the 9-character 组织机构代码 inside a USCC (positions 9–17). */
static bool organization_code_ok(const char *code)
{
	static const int weights[8] = {3, 7, 9, 10, 5, 8, 4, 2};
	int sum = 0;
	for (int i = 0; i < 8; i++) {
		char c = code[i];
		int v = c >= '0' && c <= '9' ? c - '0' : c >= 'A' && c <= 'Z' ? c - 'A' + 10 : -1;
		if (v < 0)
			return false;
		sum += v * weights[i];
	}
	int check = 11 - sum % 11;
	char expected = check == 10 ? 'X' : check == 11 ? '0' : (char)('0' + check);
	return code[8] == expected;
}

int idcheck_uscc_why(const char *code, char *err, size_t errsize)
{
	if (!code || strlen(code) != 18)
		return fail(err, errsize, "统一社会信用代码应为 18 位");
	for (int i = 0; i < 18; i++)
		if (uscc_value(code[i]) < 0)
			return fail(err, errsize,
				    "统一社会信用代码含有无效字符（只能是数字和除 I、O、Z、S、V 以外的大写字母）");
	if (!strchr("123456789ANY", code[0]))
		return fail(err, errsize, "统一社会信用代码第 1 位（登记管理部门代码）无效");
	if (!all_digits(code + 2, 6))
		return fail(err, errsize, "统一社会信用代码第 3–8 位（登记管理机关行政区划码）应为数字");
	if (idcheck_uscc_check_char(code) != code[17])
		return fail(err, errsize, "统一社会信用代码校验位不符，请核对是否输错");
	if (!organization_code_ok(code + 8))
		return fail(err, errsize, "统一社会信用代码第 9–17 位（组织机构代码）的校验位不符");
	return 0;
}

bool idcheck_uscc(const char *code)
{
	return idcheck_uscc_why(code, NULL, 0) == 0;
}
