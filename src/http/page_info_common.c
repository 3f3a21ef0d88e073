/* page_info_common.c — what every 主动公开 handler needs: the acting user, the shared process
 * calendar, outcome → HTTP status and message, ids, dates and URLs. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/calendar_cache.h"
#include "http/page_info.h"
#include "http/site_url.h"
#include "util/china_time.h"

const struct calendar *info_http_calendar(const struct req *r)
{
	return calendar_cache_get(r->app->calendars, r->app->store, r->id);
}

const char *info_http_time(struct req *r, int64_t t)
{
	char text[CHINA_TIME_SIZE];
	return arena_strdup(&r->arena, china_time_format(t, CHINA_MINUTE, text));
}

const char *info_http_day(struct req *r, int64_t t)
{
	char text[CHINA_TIME_SIZE];
	return arena_strdup(&r->arena, china_time_format(t, CHINA_DATE, text));
}

const char *info_http_date(int day, char out[CAL_ISO_SIZE])
{
	if (day == CAL_NO_DAY) {
		out[0] = '\0';
		return out;
	}
	return cal_format_iso(day, out);
}

const char *info_http_item_path(struct req *r, int64_t id)
{
	return arena_printf(&r->arena, "/info/item/%lld", (long long)id);
}

const char *info_http_base_url(struct req *r)
{
	return site_base_url(r); /* configuration only, never the Host header (site_url.c) */
}

int info_http_parse_time(const char *text, int64_t *out)
{
	*out = 0;
	if (!text || !*text)
		return 0;
	int64_t seconds = req_positive(text);
	if (seconds > 0) {
		*out = seconds;
		return 0;
	}
	int day, hour, minute;
	size_t len = strlen(text);
	if (len != 16 || (text[10] != ' ' && text[10] != 'T') || text[13] != ':' || cal_parse_iso(text, 10, &day) < 0)
		return -1;
	if (text[11] < '0' || text[11] > '2' || text[12] < '0' || text[12] > '9' || text[14] < '0' || text[14] > '5' ||
	    text[15] < '0' || text[15] > '9')
		return -1;
	hour = (text[11] - '0') * 10 + text[12] - '0';
	minute = (text[14] - '0') * 10 + text[15] - '0';
	if (hour > 23)
		return -1;
	*out = china_day_start(day) + hour * 3600 + minute * 60;
	return 0;
}

const char *info_http_step(const char *action)
{
	const char *zh = info_step_zh(action);
	return zh ? zh : "其他操作";
}
