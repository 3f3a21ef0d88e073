-- 051_application_supervision.sql — 督办 notices on applications (issue 10, src/apply/apply_supervision.c).
-- A supervisor (公开办督查) of the application's agency or an agency above it writes a notice with a
-- reply deadline; the handler or leader of the application's agency answers it once. Both steps are
-- kept (never updated after the answer) and shown on the application's page and the 工作台.

CREATE TABLE application_supervision (
	id INTEGER PRIMARY KEY,
	application_id INTEGER NOT NULL REFERENCES application(id),
	from_agency_id INTEGER NOT NULL REFERENCES agency(id), -- the supervising agency
	sent_by INTEGER REFERENCES users(id), -- NULL: the system (command line)
	sent_at INTEGER NOT NULL,
	body TEXT NOT NULL CHECK (length(body) > 0),
	reply_by TEXT NOT NULL, -- YYYY-MM-DD, the day the answer is due
	answer TEXT,		-- NULL while unanswered
	answered_by INTEGER REFERENCES users(id),
	answered_at INTEGER,
	CHECK ((answer IS NULL) = (answered_at IS NULL))
);
CREATE INDEX application_supervision_app ON application_supervision(application_id);
CREATE INDEX application_supervision_open ON application_supervision(answered_at, application_id);
