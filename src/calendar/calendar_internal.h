/* calendar_internal.h — the layout of struct calendar, shared by calendar.c (dates and queries)
 * and calendar_load.c (the schedule parser). Not for use outside src/calendar/. */
#ifndef GONGKAI_CALENDAR_INTERNAL_H
#define GONGKAI_CALENDAR_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>

/* One day the schedule changes: a holiday (off) or a 调休 working weekend (!off). */
struct cal_entry {
	int day;
	int year; /* the schedule year that lists it (2022-12-31 belongs to the 2023 schedule) */
	bool off;
	char *name;
};

struct cal_year {
	int year;
	char *source; /* rest of the "year" line (URLs of the notice), may be "" */
};

struct calendar {
	struct cal_entry *days; /* sorted by (day, year) */
	size_t ndays, capdays;
	struct cal_year *years; /* sorted by year */
	size_t nyears, capyears;
	char *label;   /* text of the last "# version" line loaded, or NULL */
	char *version; /* see calendar_version() */
};

/* Recomputes cal->version from the current content. */
void calendar_update_version(struct calendar *cal);
/* Sorts days and years into the order the lookups expect. */
void calendar_sort(struct calendar *cal);

#endif
