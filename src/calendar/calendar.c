/* calendar.c — date arithmetic (day numbers, ISO and Chinese formats, weekdays) and the working-day
 * queries on a loaded holiday schedule. The schedule parser lives in calendar_load.c. */
#include "calendar/calendar.h"
#include "calendar/calendar_internal.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "util/buf.h"
#include "util/china_time.h"
#include "util/fnv.h"

/* Days from the 25th of December on are also decided by the next year's 元旦 arrangement. */
#define CAL_YEAR_TAIL_MONTH 12
#define CAL_YEAR_TAIL_DAY   25

/* ---- dates ---------------------------------------------------------------------------------- */

static bool is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int days_in_month(int y, int m)
{
	static const int mdays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	return m == 2 && is_leap(y) ? 29 : mdays[m - 1];
}

bool cal_date_valid(int y, int m, int d)
{
	return y >= CAL_MIN_YEAR && y <= CAL_MAX_YEAR && m >= 1 && m <= 12 && d >= 1 && d <= days_in_month(y, m);
}

/* Howard Hinnant's days_from_civil, for the proleptic Gregorian calendar. */
int cal_day_from_date(int y, int m, int d)
{
	return civil_day_from_date(y, m, d);
}

void cal_date_from_day(int day, int *y, int *m, int *d)
{
	civil_date_from_day(day, y, m, d);
}

static int parse_digits(const char *s, int count)
{
	int v = 0;
	for (int i = 0; i < count; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

int cal_parse_iso(const char *s, size_t len, int *day)
{
	if (len != 10 || s[4] != '-' || s[7] != '-')
		return -1;
	int y = parse_digits(s, 4), m = parse_digits(s + 5, 2), d = parse_digits(s + 8, 2);
	if (y < 0 || m < 0 || d < 0 || !cal_date_valid(y, m, d))
		return -1;
	*day = cal_day_from_date(y, m, d);
	return 0;
}

/* Writes value as exactly width decimal digits (value must fit and be non-negative). */
static void put_digits(char *out, int value, int width)
{
	for (int i = width - 1; i >= 0; i--) {
		out[i] = (char)('0' + value % 10);
		value /= 10;
	}
}

char *cal_format_iso(int day, char out[CAL_ISO_SIZE])
{
	int y, m, d;
	cal_date_from_day(day, &y, &m, &d);
	if (y < 0 || y > 9999)
		y = 0; /* outside CAL_MIN_YEAR…CAL_MAX_YEAR no caller gets here; keep the shape anyway */
	put_digits(out, y, 4);
	out[4] = '-';
	put_digits(out + 5, m, 2);
	out[7] = '-';
	put_digits(out + 8, d, 2);
	out[10] = '\0';
	return out;
}

char *cal_format_zh(int day, char out[CAL_ZH_SIZE])
{
	int y, m, d;
	cal_date_from_day(day, &y, &m, &d);
	snprintf(out, CAL_ZH_SIZE, "%d年%d月%d日", y, m, d);
	return out;
}

int cal_weekday(int day)
{
	/* 1970-01-01 was a Thursday (4). */
	return ((day % 7) + 7 + 3) % 7 + 1;
}

const char *cal_weekday_zh(int day)
{
	static const char *const names[7] = {"周一", "周二", "周三", "周四", "周五", "周六", "周日"};
	return names[cal_weekday(day) - 1];
}

/* ---- construction --------------------------------------------------------------------------- */

struct calendar *calendar_new(void)
{
	struct calendar *cal = xcalloc(1, sizeof *cal);
	calendar_update_version(cal);
	return cal;
}

void calendar_free(struct calendar *cal)
{
	if (!cal)
		return;
	for (size_t i = 0; i < cal->ndays; i++)
		free(cal->days[i].name);
	for (size_t i = 0; i < cal->nyears; i++)
		free(cal->years[i].source);
	free(cal->days);
	free(cal->years);
	free(cal->label);
	free(cal->version);
	free(cal);
}

static int compare_entries(const void *a, const void *b)
{
	const struct cal_entry *x = a, *y = b;
	if (x->day != y->day)
		return x->day < y->day ? -1 : 1;
	return (x->year > y->year) - (x->year < y->year);
}

static int compare_years(const void *a, const void *b)
{
	const struct cal_year *x = a, *y = b;
	return (x->year > y->year) - (x->year < y->year);
}

void calendar_sort(struct calendar *cal)
{
	if (cal->ndays)
		qsort(cal->days, cal->ndays, sizeof *cal->days, compare_entries);
	if (cal->nyears)
		qsort(cal->years, cal->nyears, sizeof *cal->years, compare_years);
}

/* ---- version -------------------------------------------------------------------------------- */

/* Appends the loaded years as ranges: "2019-2024,2026". */
static void put_year_ranges(const struct calendar *cal, struct buf *out)
{
	for (size_t i = 0; i < cal->nyears;) {
		size_t j = i;
		while (j + 1 < cal->nyears && cal->years[j + 1].year == cal->years[j].year + 1)
			j++;
		buf_printf(out, "%s%d", i ? "," : "", cal->years[i].year);
		if (j > i)
			buf_printf(out, "-%d", cal->years[j].year);
		i = j + 1;
	}
}

void calendar_update_version(struct calendar *cal)
{
	uint32_t h = FNV1A32_INIT;
	for (size_t i = 0; i < cal->nyears; i++)
		h = fnv1a32(h, &cal->years[i].year, sizeof cal->years[i].year);
	for (size_t i = 0; i < cal->ndays; i++) {
		const struct cal_entry *e = &cal->days[i];
		int fields[3] = {e->day, e->year, e->off};
		h = fnv1a32(h, fields, sizeof fields);
	}
	struct buf v = {0};
	buf_printf(&v, "%s; years ", cal->label ? cal->label : "unlabelled");
	if (cal->nyears)
		put_year_ranges(cal, &v);
	else
		buf_puts(&v, "none");
	buf_printf(&v, "; content %08x", (unsigned)h);
	free(cal->version);
	cal->version = buf_take(&v);
}

const char *calendar_version(const struct calendar *cal)
{
	return cal->version;
}

/* ---- queries -------------------------------------------------------------------------------- */

bool calendar_has_year(const struct calendar *cal, int year)
{
	size_t lo = 0, hi = cal->nyears;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (cal->years[mid].year == year)
			return true;
		if (cal->years[mid].year < year)
			lo = mid + 1;
		else
			hi = mid;
	}
	return false;
}

size_t calendar_year_count(const struct calendar *cal)
{
	return cal->nyears;
}

int calendar_year_at(const struct calendar *cal, size_t i)
{
	return i < cal->nyears ? cal->years[i].year : CAL_NO_DAY;
}

/* The entry deciding this day: of several schedules listing it, the latest year's wins. */
static const struct cal_entry *find_entry(const struct calendar *cal, int day)
{
	size_t lo = 0, hi = cal->ndays;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (cal->days[mid].day <= day)
			lo = mid + 1;
		else
			hi = mid;
	}
	/* lo is the first entry after day; the one before it, if it is this day, has the highest year. */
	if (lo > 0 && cal->days[lo - 1].day == day)
		return &cal->days[lo - 1];
	return NULL;
}

static bool day_is_known(const struct calendar *cal, int day)
{
	int y, m, d;
	cal_date_from_day(day, &y, &m, &d);
	if (!calendar_has_year(cal, y))
		return false;
	if (m == CAL_YEAR_TAIL_MONTH && d >= CAL_YEAR_TAIL_DAY)
		return calendar_has_year(cal, y + 1);
	return true;
}

bool calendar_is_workday(const struct calendar *cal, int day, bool *known)
{
	if (known)
		*known = day_is_known(cal, day);
	const struct cal_entry *e = find_entry(cal, day);
	if (e)
		return !e->off;
	return cal_weekday(day) <= 5;
}

const char *calendar_day_name(const struct calendar *cal, int day)
{
	const struct cal_entry *e = find_entry(cal, day);
	return e ? e->name : NULL;
}

static bool day_in_range(int day)
{
	return day >= cal_day_from_date(CAL_MIN_YEAR, 1, 1) && day <= cal_day_from_date(CAL_MAX_YEAR, 12, 31);
}

enum cal_status calendar_add_workdays(const struct calendar *cal, int start, int n, int *out)
{
	if (n < 0 || n > CAL_MAX_ADD || !day_in_range(start))
		return CAL_EINVAL;
	bool all_known = true;
	int day = start;
	for (int counted = 0; counted < n;) {
		bool known;
		if (!day_in_range(++day))
			return CAL_EINVAL; /* ran past 9999-12-31 */
		if (calendar_is_workday(cal, day, &known))
			counted++;
		all_known = all_known && known;
	}
	*out = day;
	return all_known ? CAL_OK : CAL_UNKNOWN_YEAR;
}

int calendar_workdays_between(const struct calendar *cal, int a, int b, bool *unknown)
{
	if (!day_in_range(a) || !day_in_range(b)) {
		if (unknown)
			*unknown = true;
		return 0;
	}
	if (b < a)
		return -calendar_workdays_between(cal, b, a, unknown);
	int count = 0;
	for (int day = a + 1; day <= b; day++) {
		bool known;
		if (calendar_is_workday(cal, day, &known))
			count++;
		if (!known && unknown)
			*unknown = true;
	}
	return count;
}
