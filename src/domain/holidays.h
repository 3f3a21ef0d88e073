/* holidays.h — the holiday schedules (放假安排) an administrator loads for a new year, stored in the
 * database, and the working-day calendar built from them.
 *
 * The binary carries the official schedules 2019–2026 (data/holidays-cn.txt). When the State Council
 * publishes the next year's notice, an administrator loads that year's lines (same text format, see
 * data/README.md) with `gongkai calendar load FILE` or the page /admin/calendar. A loaded year replaces
 * the built-in schedule of that year, if any. src/calendar/ stays pure: this module is the one that
 * reads and writes the table holiday_schedule (migrations/040_calendar.sql) and hands a ready calendar
 * to everyone who computes deadlines, with a version string that changes on every load so each
 * derivation names the data it used. */
#ifndef GONGKAI_DOMAIN_HOLIDAYS_H
#define GONGKAI_DOMAIN_HOLIDAYS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "calendar/calendar.h"
#include "domain/actor.h"
#include "storage/db.h"

#define HOLIDAYS_TEXT_MAX (64 * 1024) /* largest schedule text accepted for one year */
#define HOLIDAYS_ERR_SIZE 320	      /* room for any message of this module */

/* One year of the effective calendar, for listings. */
struct holidays_year {
	int year;
	bool loaded;		  /* loaded by an administrator (it then replaces any built-in schedule of the year) */
	bool builtin;		  /* the binary carries a schedule of this year (replaced when loaded is true) */
	int off_days;		  /* days listed "off" by the effective schedule of the year */
	int work_days;		  /* 调休 working weekends listed "work" */
	int64_t revision;	  /* load counter (0 for built-in years) */
	int64_t loaded_at;	  /* Unix seconds, 0 for built-in years */
	int64_t loaded_by;	  /* user id; 0 = the command line or built-in */
	char loaded_by_name[128]; /* display name of that user, "" when none */
};

/* What the stored schedules look like right now: changes whenever a schedule is loaded, and is cheap
 * to read (one aggregate over a tiny table), so a server can poll it to keep its calendar current. */
struct holidays_stamp {
	int64_t count;	  /* stored years */
	int64_t revision; /* highest load counter, 0 when nothing was ever loaded */
};

/* Checks a schedule text meant for one year, without touching the database: valid UTF-8 of at most
 * HOLIDAYS_TEXT_MAX bytes, accepted by calendar_load_text(), exactly one "year" line, at least one
 * listed day of that year, and only days of that year or of the preceding December (a 元旦 arrangement
 * may move 12-29…12-31). Returns the year (> 0) with the counts of off and work days (either pointer may
 * be NULL), or 0 with a Chinese message in err naming the line ("第 3 行：…") or what is missing. */
int holidays_check(const char *text, size_t len, int *off_days, int *work_days, char *err, size_t errlen);

/* Validates text (holidays_check) and stores it as the schedule of its year, replacing an earlier load
 * of the same year, with an audit entry (calendar.load or calendar.replace) in the same transaction.
 * w: writer inside a transaction; user_id 0 = the command line; ip may be NULL. *replaced (may be NULL)
 * tells whether a loaded schedule of the year was replaced. Returns the year (> 0); 0 when the text is
 * refused (nothing stored, err names the line); -1 on a database error (err says so; roll back). */
int holidays_load(struct db *w, const char *text, size_t len, int64_t user_id, const char *ip, int64_t now,
		  bool *replaced, char *err, size_t errlen);

/* holidays_load as a store job (storage/db.h), for the back office and the command line:
 *     struct holidays_load_job job = {actor, text, len, now};
 *     store_write(store, holidays_load_job, &job, &out);
 * OUTCOME_INVALID ("file") with the reason naming the line when the text is refused. */
struct holidays_load_job {
	struct actor actor;
	const char *text;
	size_t len;
	int64_t now;
	int year;      /* out: the year loaded */
	bool replaced; /* out: a schedule of the year was replaced */
};
enum outcome_code holidays_load_job(struct db *w, void *job, struct outcome *out);

/* Every year of the effective calendar — built-in and loaded — in ascending order, with its source
 * and counts. *out is malloc'd (free it); *count may be 0. Returns 0, or -1 with err. */
int holidays_list(struct db *db, struct holidays_year **out, size_t *count, char *err, size_t errlen);

/* The stored schedule text of a loaded year. Returns 1 with a malloc'd *text (caller frees), 0 when the
 * year was never loaded, -1 on a database error. */
int holidays_text(struct db *db, int year, char **text);

/* Reads the stamp of the stored schedules. Returns 0, or -1 on a database error. */
int holidays_stamp(struct db *db, struct holidays_stamp *out);

/* Builds the effective working-day calendar: the embedded schedules, then every loaded year replacing
 * its built-in one. Its calendar_version() — also copied into version when version is not NULL —
 * names the built-in data, the load counter, the years and a content hash, so it changes whenever a
 * schedule is loaded. *stamp (may be NULL) receives the stamp the calendar was built from. Returns 0
 * with *out (free with calendar_free), or -1 with err (*out NULL). */
int holidays_calendar(struct db *db, struct calendar **out, char *version, size_t version_size,
		      struct holidays_stamp *stamp, char *err, size_t errlen);

#endif
