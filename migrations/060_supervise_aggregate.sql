-- 060_supervise_aggregate.sql — the aggregated report (汇总年报) of a supervising agency (src/supervise/
-- aggregate*.c, docs/supervision.md "汇总年报"): tables 二–四 summed over the reports of the agencies it
-- chooses, and its own narrative. Its versions (approved → published → superseded by a correction) are
-- the supervising agency's annual_report rows with source 'aggregate' (the annual lifecycle and triggers);
-- these tables hold what the supervisor edits before approval.

-- The supervisor's draft of a year: its own sections 一 (overview), 五 (problems), 六 (other) and whether
-- it chose the parts (selection_saved = 0: every agency with a report, by default).
CREATE TABLE supervise_aggregate_draft (
	agency_id INTEGER NOT NULL REFERENCES agency(id),
	year INTEGER NOT NULL,
	overview TEXT NOT NULL DEFAULT '',
	problems TEXT NOT NULL DEFAULT '',
	other TEXT NOT NULL DEFAULT '',
	selection_saved INTEGER NOT NULL DEFAULT 0 CHECK (selection_saved IN (0, 1)),
	updated_by INTEGER NOT NULL DEFAULT 0,
	updated_at INTEGER NOT NULL,
	PRIMARY KEY (agency_id, year)
);

-- The chosen parts when selection_saved = 1 (part_id may be the supervising agency itself: its own records).
CREATE TABLE supervise_aggregate_part (
	agency_id INTEGER NOT NULL REFERENCES agency(id),
	year INTEGER NOT NULL,
	part_id INTEGER NOT NULL REFERENCES agency(id),
	PRIMARY KEY (agency_id, year, part_id)
);
