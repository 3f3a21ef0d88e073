/* util.c — small helpers of the annual module: messages, names, dates, decimals, the actor check. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "annual/annual.h"
#include "annual/annual_internal.h"
#include "calendar/calendar.h"
#include "domain/accounts.h"

int annual_fail(char *err, size_t errsize, const char *fmt, ...)
{
	if (err && errsize > 0) {
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(err, errsize, fmt, ap);
		va_end(ap);
	}
	return -1;
}

int annual_name_index(const char *const *names, int n, const char *name)
{
	for (int i = 0; name && i < n; i++)
		if (strcmp(names[i], name) == 0)
			return i;
	return -1;
}

int annual_parse_day(const char *label, const char *text, int today, int *day, char *err, size_t errsize)
{
	if (!text || !*text)
		return annual_fail(err, errsize, "请填写%s（YYYY-MM-DD）", label);
	if (cal_parse_iso(text, strlen(text), day) < 0)
		return annual_fail(err, errsize, "%s “%s” 不是有效日期（应为 YYYY-MM-DD）", label, text);
	if (*day > today)
		return annual_fail(err, errsize, "%s %s 晚于今天", label, text);
	return 0;
}

int annual_day_of(const char *iso)
{
	int day;
	if (!iso || !*iso || cal_parse_iso(iso, strlen(iso), &day) < 0)
		return CAL_NO_DAY;
	return day;
}

int annual_parse_decimal(const char *text, int64_t *micro)
{
	int64_t whole = 0, frac = 0;
	int digits = 0, places = -1;
	for (const char *p = text; *p; p++) {
		if (*p == '.' && places < 0 && digits > 0) {
			places = 0;
		} else if (*p >= '0' && *p <= '9') {
			if (places >= 0) {
				if (++places > 6)
					return -1;
				frac = frac * 10 + (*p - '0');
			} else {
				if (whole > 1000000000000LL) /* beyond any agency's budget, and far from overflow */
					return -1;
				whole = whole * 10 + (*p - '0');
			}
			digits++;
		} else {
			return -1;
		}
	}
	if (digits == 0 || places == 0)
		return -1;
	for (; places > 0 && places < 6; places++)
		frac *= 10;
	*micro = whole * REPORT_MONEY_SCALE + frac;
	return 0;
}

bool annual_actor_may(const struct actor *actor, int64_t agency_id, unsigned roles)
{
	if (!actor)
		return false;
	if (actor->system)
		return true;
	return actor->agency_id == agency_id && (actor->roles & roles) != 0;
}

enum outcome_code annual_outcome(int64_t rc, const char *err, struct outcome *out)
{
	if (rc > 0)
		return OUTCOME_OK;
	if (rc == 0)
		return outcome_fail(out, OUTCOME_CONFLICT, NULL, "%s", err && *err ? err : "未作任何更改。");
	return outcome_fail(out, OUTCOME_STORAGE, NULL, "保存失败，未作任何更改，请稍后重试。");
}

struct annual_app_place annual_app_place(int received, int concluded, int start, int end, const char *outcome)
{
	struct annual_app_place p = {0};
	p.is_new = received >= start;
	p.carried_over = received < start;
	p.concluded = concluded != CAL_NO_DAY && concluded <= end;
	p.carried_forward = !p.concluded;
	p.outcome_row = p.concluded ? annual_app_row(outcome) : -1;
	return p;
}
