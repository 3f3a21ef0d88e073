-- 026_apply_files.sql — the applicant's files: documents sent with an online application (proof of
-- identity, a description of the information sought) and with an online 补正. Owned by src/apply/
-- (apply_files.c). The bytes live in the shared content store named by SHA-256 (src/files/store.c,
-- <dir of db>/files/ab/cdef…), written and fsync'd before the transaction that records them commits;
-- the type was decided by the content (src/files/sniff.c). event_seq is 0 for files sent with the
-- application, else the seq of the correction_received event they came with. Rows are never changed
-- or removed: they are part of what the applicant submitted. Personal data: only handlers and leaders
-- of the application's agency read them.
CREATE TABLE application_file (
	id INTEGER PRIMARY KEY,
	application_id INTEGER NOT NULL REFERENCES application(id),
	event_seq INTEGER NOT NULL DEFAULT 0 CHECK (event_seq >= 0),
	name TEXT NOT NULL,
	kind TEXT NOT NULL CHECK (kind IN ('pdf', 'ofd', 'doc', 'docx', 'xls', 'xlsx', 'png', 'jpeg', 'gif')),
	size INTEGER NOT NULL CHECK (size > 0),
	sha256 TEXT NOT NULL CHECK (length(sha256) = 64),
	created_at INTEGER NOT NULL
);
CREATE INDEX application_file_app ON application_file(application_id, id);
CREATE TRIGGER application_file_immutable BEFORE UPDATE ON application_file
BEGIN
	SELECT RAISE(ABORT, 'application_file rows are never changed');
END;
CREATE TRIGGER application_file_kept BEFORE DELETE ON application_file
BEGIN
	SELECT RAISE(ABORT, 'application_file rows are never removed');
END;
