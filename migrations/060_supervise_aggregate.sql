-- 060_supervise_aggregate.sql — the aggregated report (汇总年报) of a supervising agency (src/supervise/
-- aggregate*.c, docs/supervision.md "汇总年报"): tables 二–四 summed over the reports of the agencies it
-- chooses, its own narrative, and its versions (approved → published → superseded by a correction), kept
-- apart from annual_report because the draft is a sum of other agencies' reports, not built from the
-- supervising agency's own records.

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

-- Versions. json: the canonical report JSON plus "parts" (what was approved and, once published, frozen);
-- findings: the checker's and the hierarchy rule's findings at publication.
CREATE TABLE supervise_aggregate_report (
	id INTEGER PRIMARY KEY,
	agency_id INTEGER NOT NULL REFERENCES agency(id),
	year INTEGER NOT NULL,
	version INTEGER NOT NULL,
	status TEXT NOT NULL CHECK (status IN ('approved', 'published', 'superseded')),
	json TEXT NOT NULL,
	findings TEXT NOT NULL DEFAULT '[]',
	change_note TEXT NOT NULL DEFAULT '',
	approved_by INTEGER NOT NULL DEFAULT 0,
	approved_at INTEGER NOT NULL DEFAULT 0,
	published_by INTEGER NOT NULL DEFAULT 0,
	published_at INTEGER NOT NULL DEFAULT 0,
	UNIQUE (agency_id, year, version)
);
CREATE UNIQUE INDEX supervise_aggregate_one_pending ON supervise_aggregate_report(agency_id, year)
	WHERE status = 'approved';

CREATE TRIGGER supervise_aggregate_frozen BEFORE UPDATE ON supervise_aggregate_report
WHEN old.status = 'superseded' OR (old.status = 'published' AND (new.status <> 'superseded' OR
	new.json <> old.json OR new.findings <> old.findings OR new.version <> old.version OR
	new.agency_id <> old.agency_id OR new.year <> old.year OR new.change_note <> old.change_note OR
	new.published_at <> old.published_at OR new.published_by <> old.published_by))
BEGIN
	SELECT RAISE(ABORT, 'a published aggregated report never changes (it can only be superseded)');
END;

CREATE TRIGGER supervise_aggregate_no_delete BEFORE DELETE ON supervise_aggregate_report
WHEN old.status IN ('published', 'superseded')
BEGIN
	SELECT RAISE(ABORT, 'a published aggregated report is never deleted');
END;
