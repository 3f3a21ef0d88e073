/* index_no.c — the 索引号 (index number) of an information item, built from a configurable pattern
 * because every province numbers differently (gov.cn "000014349/2017-00110", 广东 "USCC/2021-00050",
 * 连云港 "地区及部门编号-类别号-年度号-流水号"). Placeholders: {agency} {category} {year} {serial[:N]}.
 * Pure functions; the serial counter itself lives in item.c (table info_index_serial). */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "info/info.h"

#define SERIAL_MAX_WIDTH 9

enum token { TOKEN_AGENCY, TOKEN_CATEGORY, TOKEN_YEAR, TOKEN_SERIAL, TOKEN_BAD };

/* Recognises the placeholder starting at p ('{'); sets *len to its length and *width for serials
 * (0 = unpadded). */
static enum token read_token(const char *p, size_t *len, int *width)
{
	static const struct {
		const char *text;
		enum token token;
	} plain[] = {{"{agency}", TOKEN_AGENCY},
		     {"{category}", TOKEN_CATEGORY},
		     {"{year}", TOKEN_YEAR},
		     {"{serial}", TOKEN_SERIAL}};
	*width = 0;
	for (size_t i = 0; i < sizeof plain / sizeof plain[0]; i++) {
		size_t n = strlen(plain[i].text);
		if (strncmp(p, plain[i].text, n) == 0) {
			*len = n;
			return plain[i].token;
		}
	}
	if (strncmp(p, "{serial:", 8) == 0 && p[8] >= '1' && p[8] <= '0' + SERIAL_MAX_WIDTH && p[9] == '}') {
		*width = p[8] - '0';
		*len = 10;
		return TOKEN_SERIAL;
	}
	return TOKEN_BAD;
}

bool info_index_pattern_valid(const char *pattern, char *err, size_t errlen)
{
	int serials = 0;
	const char *why = NULL;
	if (!pattern || !*pattern)
		why = "索引号规则不能为空";
	for (const char *p = pattern; !why && *p;) {
		if (*p == '}') {
			why = "索引号规则中有多余的“}”";
		} else if (*p == '{') {
			size_t len;
			int width;
			enum token t = read_token(p, &len, &width);
			if (t == TOKEN_BAD) {
				why =
				    "索引号规则只能使用 {agency} {category} {year} {serial} 或 {serial:N}（N 为 1–9）";
			} else {
				serials += t == TOKEN_SERIAL;
				p += len;
			}
		} else if ((unsigned char)*p < 0x20) {
			why = "索引号规则不能包含控制字符";
		} else {
			p++;
		}
	}
	if (!why && serials != 1)
		why = "索引号规则必须恰好包含一个流水号 {serial}";
	if (!why && strlen(pattern) > 100)
		why = "索引号规则过长（最多 100 字节）";
	if (why && err && errlen)
		snprintf(err, errlen, "%s", why);
	return why == NULL;
}

/* Appends text to out at *pos; false when it does not fit. */
static bool put(char *out, size_t size, size_t *pos, const char *text)
{
	size_t n = strlen(text);
	if (*pos + n >= size)
		return false;
	memcpy(out + *pos, text, n);
	*pos += n;
	out[*pos] = '\0';
	return true;
}

int info_index_format(const char *pattern, const char *agency_code, const char *category_code, int year, int64_t serial,
		      char *out, size_t size)
{
	if (!out || size == 0 || !info_index_pattern_valid(pattern, NULL, 0))
		return -1;
	size_t pos = 0;
	out[0] = '\0';
	for (const char *p = pattern; *p;) {
		char piece[32];
		const char *text = piece;
		size_t len = 1;
		int width = 0;
		if (*p != '{') {
			piece[0] = *p, piece[1] = '\0';
		} else {
			switch (read_token(p, &len, &width)) {
			case TOKEN_AGENCY:
				text = agency_code ? agency_code : "";
				break;
			case TOKEN_CATEGORY:
				text = category_code ? category_code : "";
				break;
			case TOKEN_YEAR:
				snprintf(piece, sizeof piece, "%04d", year);
				break;
			default:
				if (serial < 0)
					piece[0] = '\0';
				else
					snprintf(piece, sizeof piece, "%0*" PRId64, width, serial);
				break;
			}
		}
		if (!put(out, size, &pos, text))
			return -1;
		p += len;
	}
	return 0;
}
