/* china_time.c — China time (UTC+8), day numbers and the displayed forms of a time (see china_time.h).
 * Replaces the `8 * 3600` arithmetic and the three CHINA_UTC_OFFSET definitions that pages, the CLI and
 * the 主动公开 module each carried, and the localtime() calls that showed the server's own zone. */
#include "util/china_time.h"

/* Floor division: -1 second is day -1, not day 0. */
static int64_t floor_div(int64_t a, int64_t b)
{
	return a / b - (a % b != 0 && (a < 0) != (b < 0));
}

int china_day(int64_t unix_seconds)
{
	return (int)floor_div(unix_seconds + CHINA_UTC_OFFSET, DAY_SECONDS);
}

int64_t china_day_start(int day)
{
	return (int64_t)day * DAY_SECONDS - CHINA_UTC_OFFSET;
}

int china_seconds_of_day(int64_t unix_seconds)
{
	return (int)(unix_seconds + CHINA_UTC_OFFSET -
		     floor_div(unix_seconds + CHINA_UTC_OFFSET, DAY_SECONDS) * DAY_SECONDS);
}

/* Howard Hinnant's days_from_civil / civil_from_days (public domain), 1970-01-01 = day 0. */
int civil_day_from_date(int y, int m, int d)
{
	y -= m <= 2;
	int era = (y >= 0 ? y : y - 399) / 400;
	int yoe = y - era * 400;
	int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

void civil_date_from_day(int day, int *y, int *m, int *d)
{
	int z = day + 719468;
	int era = (z >= 0 ? z : z - 146096) / 146097;
	int doe = z - era * 146097;
	int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int mp = (5 * doy + 2) / 153;
	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp < 10 ? mp + 3 : mp - 9;
	*y = yoe + era * 400 + (*m <= 2);
}

/* Writes v (0 <= v < 10^width) as exactly width digits at p; returns the end. */
static char *put_digits(char *p, int v, int width)
{
	for (int i = width - 1; i >= 0; i--, v /= 10)
		p[i] = (char)('0' + v % 10);
	return p + width;
}

static char *put_text(char *p, const char *text)
{
	while (*text)
		*p++ = *text++;
	return p;
}

char *china_time_format(int64_t unix_seconds, enum china_time_format format, char out[CHINA_TIME_SIZE])
{
	int y, mo, d;
	civil_date_from_day(china_day(unix_seconds), &y, &mo, &d);
	if (y < 0 || y > 9999)
		y = 0; /* outside what a database of this century holds; keep the shape */
	int s = china_seconds_of_day(unix_seconds);
	char *p = put_digits(out, y, 4);
	p = put_digits(put_text(p, "-"), mo, 2);
	p = put_digits(put_text(p, "-"), d, 2);
	if (format != CHINA_DATE) {
		p = put_digits(put_text(p, format == CHINA_RFC3339 ? "T" : " "), s / 3600, 2);
		p = put_digits(put_text(p, ":"), s % 3600 / 60, 2);
		if (format != CHINA_MINUTE)
			p = put_digits(put_text(p, ":"), s % 60, 2);
		if (format == CHINA_RFC3339)
			p = put_text(p, "+08:00");
	}
	*p = '\0';
	return out;
}
