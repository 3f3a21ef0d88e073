/* china_time.h — the one place that knows China's clock: UTC+8 all year (no daylight saving since 1991),
 * day numbers (days since 1970-01-01, the calendar module's dates) and the text forms gongkai shows.
 *
 * Every "what day is it in China" and every displayed time goes through here, so a deadline computed by
 * the domain, a date on a page and a line of the CLI agree at midnight: 31 December 16:00 UTC is already
 * 1 January in China. Pure code. */
#ifndef GONGKAI_UTIL_CHINA_TIME_H
#define GONGKAI_UTIL_CHINA_TIME_H

#include <stdint.h>

#define CHINA_UTC_OFFSET (8 * 3600) /* seconds China time is ahead of UTC */
#define DAY_SECONDS	 86400

/* The China-time calendar day of a Unix time, as a day number (floor: times before 1970 work too). */
int china_day(int64_t unix_seconds);

/* Unix time of 00:00 China time on a day number. china_day(china_day_start(d)) == d. */
int64_t china_day_start(int day);

/* Seconds since 00:00 China time of a Unix time (0–86399). */
int china_seconds_of_day(int64_t unix_seconds);

/* Proleptic Gregorian conversions between (year, month 1–12, day 1–31) and day numbers. Any int year
 * that keeps the day number in range works; no validation (see cal_parse_iso for checked input). */
int civil_day_from_date(int y, int m, int d);
void civil_date_from_day(int day, int *y, int *m, int *d);

enum china_time_format {
	CHINA_DATE,    /* 2024-03-01 */
	CHINA_MINUTE,  /* 2024-03-01 10:00 */
	CHINA_SECOND,  /* 2024-03-01 10:00:00 */
	CHINA_RFC3339, /* 2024-03-01T10:00:00+08:00 (feeds, sitemaps, JSON) */
};
#define CHINA_TIME_SIZE 32

/* Writes a Unix time in China time in the given form into out and returns out. */
char *china_time_format(int64_t unix_seconds, enum china_time_format format, char out[CHINA_TIME_SIZE]);

#endif
