-- 040_calendar.sql — holiday schedules (国务院办公厅放假安排) loaded by an administrator for years the
-- binary does not carry, or to correct a built-in year (src/domain/holidays.c, docs/calendar.md).
-- One row per year: the text of that year's lines in the format of data/holidays-cn.txt, validated by
-- the calendar parser before it is stored. A new load of the same year replaces the row; the audit log
-- keeps the history. revision grows with every load (max + 1), so "count(*), max(revision)" changes
-- whenever a schedule is loaded and servers rebuild their calendar. Times are Unix seconds; loaded_by
-- is a user id, 0 for the command line.

CREATE TABLE holiday_schedule (
	year INTEGER PRIMARY KEY CHECK (year BETWEEN 1901 AND 9998),
	schedule_text TEXT NOT NULL,
	off_days INTEGER NOT NULL CHECK (off_days >= 0),
	work_days INTEGER NOT NULL CHECK (work_days >= 0),
	revision INTEGER NOT NULL UNIQUE CHECK (revision > 0),
	loaded_at INTEGER NOT NULL,
	loaded_by INTEGER NOT NULL DEFAULT 0
);
