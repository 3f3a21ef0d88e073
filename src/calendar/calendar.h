/* calendar.h — dates and the Chinese working-day calendar (工作日), with holidays and 调休 weekends.
 *
 * Every period in the 政府信息公开条例 is counted in 工作日, so deadlines need the State Council's
 * yearly holiday schedule. A date is a day number: days since 1970-01-01 (an int; CAL_NO_DAY means
 * "no date"). The calendar holds the schedules of the years loaded from text (data/holidays-cn.txt,
 * embedded in the binary, or a file an administrator supplies for a new year). A year whose schedule
 * was never loaded is *unknown*: its days still follow the weekday/weekend rule, but every function
 * that looks at such a day says so, so a deadline is never guessed silently.
 *
 * The module is pure: no I/O beyond the text buffer handed to calendar_load_text(), no global state.
 * A loaded calendar is read-only and may be shared between threads. */
#ifndef GONGKAI_CALENDAR_CALENDAR_H
#define GONGKAI_CALENDAR_CALENDAR_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>

#define CAL_NO_DAY   INT_MIN /* "no date" in any day-number field */
#define CAL_MIN_YEAR 1900
#define CAL_MAX_YEAR 9999
#define CAL_ISO_SIZE 11	  /* "YYYY-MM-DD" + NUL */
#define CAL_ZH_SIZE  48	  /* "2023年9月28日" + NUL; room for any int year, month and day */
#define CAL_MAX_ADD  3660 /* most working days calendar_add_workdays() accepts */

/* ---- dates ---------------------------------------------------------------------------------- */

/* True when y-m-d is a real date with CAL_MIN_YEAR <= y <= CAL_MAX_YEAR (2023-02-30 is not). */
bool cal_date_valid(int y, int m, int d);
/* Day number of a valid date (see cal_date_valid); undefined for invalid dates. */
int cal_day_from_date(int y, int m, int d);
/* Splits a day number into year, month (1–12) and day of month. */
void cal_date_from_day(int day, int *y, int *m, int *d);
/* Parses exactly len bytes of strict ISO "YYYY-MM-DD" into *day. Returns 0, or -1 when the text is
 * not of that shape or the date does not exist (2023-02-30). */
int cal_parse_iso(const char *s, size_t len, int *day);
/* Writes "YYYY-MM-DD" (NUL-terminated) into out and returns out. */
char *cal_format_iso(int day, char out[CAL_ISO_SIZE]);
/* Writes the date as applicants read it, "2023年9月28日", into out and returns out. */
char *cal_format_zh(int day, char out[CAL_ZH_SIZE]);
/* ISO weekday: 1 = Monday … 7 = Sunday. */
int cal_weekday(int day);
/* "周一" … "周日" (static string). */
const char *cal_weekday_zh(int day);

/* ---- the working-day calendar --------------------------------------------------------------- */

struct calendar;

/* Return values of the working-day arithmetic. */
enum cal_status {
	CAL_EINVAL = -1,      /* bad argument (negative or too large count, date out of range) */
	CAL_OK = 0,	      /* every day looked at lies in a year whose schedule is loaded */
	CAL_UNKNOWN_YEAR = 1, /* the answer is computed, but crossed a day of an unknown year */
};

/* Returns a new, empty calendar (every year unknown). Free with calendar_free(). */
struct calendar *calendar_new(void);
void calendar_free(struct calendar *cal);

/* Loads a schedule text (the format of data/holidays-cn.txt: "# version …", "year YYYY [source]",
 * "YYYY-MM-DD off|work 名称" lines). Every year the text declares replaces that year's schedule in
 * cal; other years are kept. The text is checked whole first: on any malformed line nothing is
 * changed, -1 is returned and err receives a Chinese message naming the line ("第 3 行：…").
 * Returns 0 on success. err may be NULL when errsize is 0. */
int calendar_load_text(struct calendar *cal, const char *text, size_t len, char *err, size_t errsize);
/* Loads the schedule compiled into the binary (data/holidays-cn.txt). Returns 0, or -1 with err. */
int calendar_load_embedded(struct calendar *cal, char *err, size_t errsize);

/* True when the schedule of this year is loaded. */
bool calendar_has_year(const struct calendar *cal, int year);
/* Number of loaded years, and the i-th of them in ascending order. */
size_t calendar_year_count(const struct calendar *cal);
int calendar_year_at(const struct calendar *cal, size_t i);

/* Whether day is a working day: Monday–Friday unless the schedule lists it as "off", Saturday and
 * Sunday only when listed as "work" (调休). *known (may be NULL) is set false when the schedule
 * that decides the day is not loaded: the day's own year, and for the last days of December
 * (from the 25th) also the next year, whose 元旦 arrangement may move them (as 2018-12-29…31). */
bool calendar_is_workday(const struct calendar *cal, int day, bool *known);
/* The schedule's name for a listed day ("国庆节", "春节"), or NULL for an ordinary day. */
const char *calendar_day_name(const struct calendar *cal, int day);

/* The n-th working day after start (期间开始的当日不计入: start itself never counts); n = 0 gives
 * start. Stores it in *out and returns CAL_OK, CAL_UNKNOWN_YEAR when a day of an unknown year was
 * counted or skipped on the way, or CAL_EINVAL (n < 0, n > CAL_MAX_ADD, start or result outside
 * CAL_MIN_YEAR…CAL_MAX_YEAR; *out is then unchanged). */
enum cal_status calendar_add_workdays(const struct calendar *cal, int start, int n, int *out);
/* Working days after a up to and including b; negative (minus the working days after b up to and
 * including a) when b is before a. *unknown (may be NULL) is set true when a day of an unknown
 * year was looked at, and left alone otherwise. A day outside CAL_MIN_YEAR…CAL_MAX_YEAR gives 0 with
 * *unknown set. */
int calendar_workdays_between(const struct calendar *cal, int a, int b, bool *unknown);

/* A short text identifying exactly what is loaded, for derivations and audit records:
 * "<# version label>; years 2019-2026; content 1a2b3c4d" (the hash covers every listed day and
 * every loaded year, so two calendars with the same content have the same version). Owned by cal,
 * valid until the next load or calendar_free(). */
const char *calendar_version(const struct calendar *cal);

#endif
