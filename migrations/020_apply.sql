-- 020_apply.sql — 依申请公开: applications, their dated events, reply letters (答复书).
-- Owned by src/apply/. Dates of the statutory clock are ISO text 'YYYY-MM-DD' (calendar days, not
-- instants); created_at/updated_at are Unix seconds. The clock itself (due date, pauses) is never
-- stored: src/calendar/deadline.h derives it from the events, so a new holiday schedule changes it.

CREATE TABLE application (
	id INTEGER PRIMARY KEY,
	agency_id INTEGER NOT NULL REFERENCES agency(id),
	tracking_no TEXT NOT NULL UNIQUE,
	year INTEGER NOT NULL,
	seq INTEGER NOT NULL,
	-- SHA-256 (hex) of tracking_no ':' query code; the code itself is shown once and never stored.
	query_code_hash TEXT NOT NULL,
	-- Client-supplied key of a form submission: a second submission with it returns the first one.
	idempotency_key TEXT UNIQUE,
	-- Table 三 columns (src/report/report.h enum app_col).
	applicant_type TEXT NOT NULL CHECK (applicant_type IN
		('natural_person', 'commercial', 'research', 'social_welfare', 'legal_service', 'other')),
	name TEXT NOT NULL,
	id_type TEXT NOT NULL,
	id_number TEXT NOT NULL,
	-- SHA-256 (hex) of id_type ':' normalised id_number: finds the same applicant's earlier applications.
	applicant_key TEXT NOT NULL,
	phone TEXT NOT NULL DEFAULT '',
	email TEXT NOT NULL DEFAULT '',
	address TEXT NOT NULL DEFAULT '',
	description TEXT NOT NULL,
	doc_no TEXT NOT NULL DEFAULT '',
	form TEXT NOT NULL,
	delivery TEXT NOT NULL,
	channel TEXT NOT NULL CHECK (channel IN
		('online', 'in_person', 'mail', 'registered_mail', 'fax', 'oral')),
	submitted_on TEXT NOT NULL,
	handler_id INTEGER REFERENCES users(id),
	-- Set by the concluding event (reply, withdraw): a row key of table 三 and its legal basis.
	outcome TEXT,
	legal_basis TEXT,
	concluded_on TEXT,
	delivered_on TEXT,
	entered_by INTEGER NOT NULL DEFAULT 0,
	submitter_ip TEXT NOT NULL DEFAULT '',
	created_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL,
	UNIQUE (agency_id, year, seq)
);
CREATE INDEX application_agency_open ON application(agency_id, concluded_on);
CREATE INDEX application_applicant ON application(agency_id, applicant_key);
-- The rate limit of public submissions counts recent rows per address (entered_by = 0: public).
CREATE INDEX application_ip ON application(submitter_ip, entered_by, created_at);

-- The timeline. seq orders the events of one application (1, 2, …); day is the legal date.
CREATE TABLE application_event (
	id INTEGER PRIMARY KEY,
	application_id INTEGER NOT NULL REFERENCES application(id),
	seq INTEGER NOT NULL,
	type TEXT NOT NULL,
	day TEXT NOT NULL,
	workdays INTEGER NOT NULL DEFAULT 0,
	party TEXT NOT NULL DEFAULT '',
	outcome TEXT,
	legal_basis TEXT,
	fee_yuan INTEGER NOT NULL DEFAULT 0,
	note TEXT NOT NULL DEFAULT '',
	user_id INTEGER NOT NULL DEFAULT 0,
	created_at INTEGER NOT NULL,
	UNIQUE (application_id, seq)
);

-- The 答复书: a draft generated from the outcome, editable until issued, frozen afterwards.
CREATE TABLE application_letter (
	application_id INTEGER PRIMARY KEY REFERENCES application(id),
	doc_no TEXT NOT NULL DEFAULT '',
	body TEXT NOT NULL,
	issued_at INTEGER NOT NULL DEFAULT 0,
	updated_by INTEGER NOT NULL DEFAULT 0,
	updated_at INTEGER NOT NULL
);
