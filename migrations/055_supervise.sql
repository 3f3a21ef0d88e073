-- 055_supervise.sql — collecting the 年报 of a 公开办's subtree (src/supervise/, docs/supervision.md):
-- the batches of published reports a supervisor uploads for agencies not on the platform, what became
-- of each file (attached to an agency's year as an imported annual_report, waiting for the user to
-- confirm which agency it is, or refused with the reason), and the 整改 notices a supervisor sends an
-- agency about a finding of its report, with the agency's answer. Times are Unix seconds.

CREATE TABLE supervise_batch (
	id INTEGER PRIMARY KEY,
	agency_id INTEGER NOT NULL REFERENCES agency(id), -- the supervising agency whose subtree it is for
	year INTEGER NOT NULL,				  -- the statistics year the files are expected to report
	created_by INTEGER NOT NULL DEFAULT 0,
	created_at INTEGER NOT NULL
);

-- state: attached (report_id is the imported annual_report of agency_id), unsure (the reader's agency
-- name matched no agency exactly: agency_id is the guess, json the report read, waiting for the user),
-- refused (message says why: unreadable, incomplete, wrong year, already received …).
CREATE TABLE supervise_file (
	id INTEGER PRIMARY KEY,
	batch_id INTEGER NOT NULL REFERENCES supervise_batch(id),
	seq INTEGER NOT NULL,
	file_name TEXT NOT NULL,
	url TEXT NOT NULL DEFAULT '', -- where the agency published it, as the supervisor entered it
	state TEXT NOT NULL CHECK (state IN ('attached', 'unsure', 'refused')),
	read_agency TEXT NOT NULL DEFAULT '', -- the agency name the reader found in the report
	read_year INTEGER NOT NULL DEFAULT 0,
	agency_id INTEGER REFERENCES agency(id),
	report_id INTEGER,
	json TEXT NOT NULL DEFAULT '',
	findings TEXT NOT NULL DEFAULT '[]', -- the reader's and the checker's findings (JSON array)
	message TEXT NOT NULL DEFAULT '',
	updated_at INTEGER NOT NULL,
	UNIQUE (batch_id, seq)
);

-- A 整改 notice: agency_id must answer by reply_due ('YYYY-MM-DD'); from_agency_id sent it.
CREATE TABLE supervise_notice (
	id INTEGER PRIMARY KEY,
	agency_id INTEGER NOT NULL REFERENCES agency(id),
	from_agency_id INTEGER NOT NULL REFERENCES agency(id),
	year INTEGER NOT NULL,
	rule TEXT NOT NULL DEFAULT '',
	finding TEXT NOT NULL DEFAULT '',
	body TEXT NOT NULL,
	reply_due TEXT NOT NULL,
	sent_by INTEGER NOT NULL DEFAULT 0,
	sent_at INTEGER NOT NULL,
	reply TEXT NOT NULL DEFAULT '',
	replied_by INTEGER NOT NULL DEFAULT 0,
	replied_at INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX supervise_notice_agency ON supervise_notice(agency_id, year);
CREATE INDEX supervise_notice_from ON supervise_notice(from_agency_id, year);

-- The checker's counts on the canonical JSON of a version received through a batch (a frozen version never
-- changes, so neither do they), so that the collection of hundreds of agencies need not re-read every
-- report: errors, warnings and the count per rule as "R1:2 R3:1". Versions without a row are checked live.
CREATE TABLE supervise_checked (
	report_id INTEGER PRIMARY KEY,
	errors INTEGER NOT NULL,
	warnings INTEGER NOT NULL,
	rules TEXT NOT NULL
);
