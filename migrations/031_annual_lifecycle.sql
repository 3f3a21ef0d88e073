-- 031_annual_lifecycle.sql — the lifecycle of the annual report (src/annual/lifecycle.c, docs/annual.md):
-- draft (built live from the records, never stored) → approved by a leader (an 'approved' row of
-- annual_report holding the JSON the leader saw) → published (the same row, frozen) → superseded by a
-- correction (a new version with a change note). Published versions keep, beside their canonical JSON,
-- the findings the checker gave at publication and the rendered forms (text, Markdown, HTML page and
-- portal fragment) exactly as first published, so a later change of a renderer never alters them.
-- 030 froze json/year/version/agency of published rows; this migration freezes every column of a
-- superseded or imported row, and lets a published row change only its status, to 'superseded'.

ALTER TABLE annual_report ADD COLUMN findings TEXT NOT NULL DEFAULT '[]';

CREATE TRIGGER annual_report_closed BEFORE UPDATE ON annual_report
WHEN old.status IN ('superseded', 'imported')
BEGIN
	SELECT RAISE(ABORT, 'a superseded or imported annual report never changes');
END;

CREATE TRIGGER annual_report_published_only_superseded BEFORE UPDATE ON annual_report
WHEN old.status = 'published' AND (new.status <> 'superseded' OR new.change_note <> old.change_note OR
	new.findings <> old.findings OR new.source <> old.source OR new.created_by <> old.created_by OR
	new.created_at <> old.created_at OR new.approved_by <> old.approved_by OR new.approved_at <> old.approved_at OR
	new.published_by <> old.published_by OR new.published_at <> old.published_at)
BEGIN
	SELECT RAISE(ABORT, 'a published annual report never changes (it can only be superseded by a correction)');
END;

-- One version per (agency, year) may wait for publication.
CREATE UNIQUE INDEX annual_report_one_pending ON annual_report(agency_id, year) WHERE status = 'approved';

-- Rendered forms of a published version. format: txt, md, html (whole page), fragment (portal body).
CREATE TABLE annual_report_render (
	report_id INTEGER NOT NULL REFERENCES annual_report(id),
	format TEXT NOT NULL CHECK (format IN ('txt', 'md', 'html', 'fragment')),
	body TEXT NOT NULL,
	PRIMARY KEY (report_id, format)
);

CREATE TRIGGER annual_report_render_frozen BEFORE UPDATE ON annual_report_render
BEGIN
	SELECT RAISE(ABORT, 'a published annual report never changes');
END;

CREATE TRIGGER annual_report_render_no_delete BEFORE DELETE ON annual_report_render
BEGIN
	SELECT RAISE(ABORT, 'a published annual report is never deleted');
END;
