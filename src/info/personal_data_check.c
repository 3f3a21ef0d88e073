/* personal_data_check.c — finds personal data in text about to be published (条例第十五条: 个人隐私
 * is not disclosed): 18-digit 身份证号码 whose check digit is valid (domain/idcheck.c), 11-digit mobile
 * numbers (1[3-9]…) and 16–19-digit bank card numbers passing the Luhn check. Digit groups separated by
 * single spaces or hyphens ("6222 0212 3456 7890 128", "138-0013-8000") count as one number; a run
 * touching letters or further digits is not a number of these kinds. Found numbers are masked in the
 * findings so the back office does not spread them further. Pure functions. */
#include <stdio.h>
#include <string.h>

#include "domain/idcheck.h"
#include "info/info_check.h"
#include "util/buf.h"

#define MAX_DIGITS 24

bool info_luhn_valid(const char *digits, size_t len)
{
	if (len < 2)
		return false;
	unsigned sum = 0;
	for (size_t i = 0; i < len; i++) {
		unsigned d = (unsigned)(digits[len - 1 - i] - '0');
		if (d > 9)
			return false;
		if (i % 2 == 1)
			d = d * 2 > 9 ? d * 2 - 9 : d * 2;
		sum += d;
	}
	return sum % 10 == 0;
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool is_word_char(char c)
{
	return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* Collects the digits of the number starting at s (digits, single separators between digits, an
 * optional final X/x). Returns the bytes consumed; fills digits (NUL-terminated) and *len. */
static size_t collect_number(const char *s, char digits[MAX_DIGITS + 2], size_t *len)
{
	size_t i = 0, n = 0;
	while (n <= MAX_DIGITS) {
		if (is_digit(s[i])) {
			digits[n++] = s[i++];
			continue;
		}
		if ((s[i] == ' ' || s[i] == '-') && is_digit(s[i + 1]) && i > 0) {
			i++;
			continue;
		}
		if ((s[i] == 'X' || s[i] == 'x') && n == 17 && !is_word_char(s[i + 1])) {
			digits[n++] = 'X';
			i++;
		}
		break;
	}
	digits[n] = '\0';
	*len = n;
	while (is_word_char(s[i])) /* a longer token: not one of our numbers */
		i++, *len = 0;
	return i;
}

static void add_finding(struct info_check *c, enum info_finding_kind kind, bool in_title, const char *digits,
			size_t keep_head, const char *advice)
{
	c->items = xrealloc(c->items, (c->count + 1) * sizeof *c->items);
	struct info_finding *f = &c->items[c->count++];
	memset(f, 0, sizeof *f);
	f->kind = kind;
	f->in_title = in_title;
	size_t len = strlen(digits), tail = 4;
	size_t i = 0;
	for (; i < len && i < sizeof f->found - 1; i++)
		f->found[i] = (i < keep_head || i + tail >= len) ? digits[i] : '*';
	f->found[i] = '\0';
	snprintf(f->advice, sizeof f->advice, "%s", advice);
}

/* Adds a finding when digits form one of the kinds; returns whether it did. */
static bool classify(const char *digits, size_t len, bool in_title, struct info_check *c)
{
	size_t before = c->count;
	if (len == 18 && idcheck_resident_id(digits))
		add_finding(c, INFO_FIND_RESIDENT_ID, in_title, digits, 6,
			    "疑似公民身份证号码（校验位有效）：公开前应删除或去标识化（如隐去出生日期和顺序码）");
	else if (len == 11 && digits[0] == '1' && digits[1] >= '3' && digits[1] <= '9')
		add_finding(c, INFO_FIND_MOBILE, in_title, digits, 3,
			    "疑似个人手机号码：除本机关公开的联系电话外，公开前应隐去中间四位");
	else if (len >= 16 && len <= 19 && info_luhn_valid(digits, len))
		add_finding(c, INFO_FIND_BANK_CARD, in_title, digits, 4,
			    "疑似银行卡号（通过 Luhn 校验）：公开前应删除或只保留后四位");
	return c->count > before;
}

/* The groups of a separated number one by one (two mobile numbers separated by a space). */
static void classify_groups(const char *span, size_t span_len, bool in_title, struct info_check *c)
{
	char digits[MAX_DIGITS + 2];
	size_t n = 0;
	for (size_t i = 0; i <= span_len; i++) {
		char ch = i < span_len ? span[i] : ' ';
		if (ch != ' ' && ch != '-' && n <= MAX_DIGITS) {
			digits[n++] = ch;
			continue;
		}
		digits[n] = '\0';
		if (n)
			classify(digits, n, in_title, c);
		n = 0;
	}
}

void info_check_personal_data(const char *text, bool in_title, struct info_check *c)
{
	if (!text)
		return;
	for (size_t i = 0; text[i];) {
		if (!is_digit(text[i]) || (i > 0 && is_word_char(text[i - 1]))) {
			i++;
			continue;
		}
		char digits[MAX_DIGITS + 2];
		size_t len;
		size_t used = collect_number(text + i, digits, &len);
		bool separated = used != len;
		if (len && !classify(digits, len, in_title, c) && separated)
			classify_groups(text + i, used, in_title, c);
		i += used;
	}
}
