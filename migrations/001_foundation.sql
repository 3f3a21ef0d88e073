-- 001_foundation.sql — agencies, users, sessions, login failures, API tokens, the audit log and
-- stored settings. Applied by src/storage/migrate.c inside one transaction; the schema_migrations
-- table itself is created by the migration runner. Times are Unix seconds; booleans are 0/1.

CREATE TABLE agency (
	id INTEGER PRIMARY KEY,
	parent_id INTEGER REFERENCES agency(id),
	level INTEGER NOT NULL CHECK (level BETWEEN 1 AND 6),
	name TEXT NOT NULL,
	short_name TEXT NOT NULL DEFAULT '',
	uscc TEXT,
	address TEXT NOT NULL DEFAULT '',
	postcode TEXT NOT NULL DEFAULT '',
	office_hours TEXT NOT NULL DEFAULT '',
	phone TEXT NOT NULL DEFAULT '',
	fax TEXT NOT NULL DEFAULT '',
	email TEXT NOT NULL DEFAULT '',
	website_code TEXT NOT NULL DEFAULT '',
	icp TEXT NOT NULL DEFAULT '',
	police_record TEXT NOT NULL DEFAULT '',
	created_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL
);
CREATE UNIQUE INDEX agency_uscc ON agency(uscc);
CREATE INDEX agency_parent ON agency(parent_id);

-- roles is a bitmask of enum role (src/domain/accounts.h).
CREATE TABLE users (
	id INTEGER PRIMARY KEY,
	agency_id INTEGER NOT NULL REFERENCES agency(id),
	name TEXT NOT NULL UNIQUE,
	display_name TEXT NOT NULL,
	roles INTEGER NOT NULL DEFAULT 0,
	password_hash TEXT NOT NULL,
	disabled INTEGER NOT NULL DEFAULT 0,
	created_at INTEGER NOT NULL,
	password_changed_at INTEGER NOT NULL
);
CREATE INDEX users_agency ON users(agency_id);

-- id_hash is the SHA-256 (hex) of the session id held in the cookie; the id itself is never stored.
CREATE TABLE sessions (
	id INTEGER PRIMARY KEY,
	id_hash TEXT NOT NULL UNIQUE,
	user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	csrf TEXT NOT NULL,
	created_at INTEGER NOT NULL,
	last_seen INTEGER NOT NULL,
	ip TEXT
);
CREATE INDEX sessions_user ON sessions(user_id);

-- Consecutive failed logins per key ("user:NAME" or "ip:ADDRESS"); locked_until > now means refused.
CREATE TABLE login_failures (
	key TEXT PRIMARY KEY,
	failures INTEGER NOT NULL,
	last_failure INTEGER NOT NULL,
	locked_until INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE api_tokens (
	id INTEGER PRIMARY KEY,
	token_hash TEXT NOT NULL UNIQUE,
	user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	label TEXT NOT NULL DEFAULT '',
	created_at INTEGER NOT NULL,
	expires_at INTEGER NOT NULL DEFAULT 0,
	revoked_at INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX api_tokens_user ON api_tokens(user_id);

-- Append-only: hash = SHA-256 over prev_hash and the fields (see src/domain/audit.c).
CREATE TABLE audit_log (
	id INTEGER PRIMARY KEY,
	at INTEGER NOT NULL,
	user_id INTEGER NOT NULL DEFAULT 0,
	agency_id INTEGER NOT NULL DEFAULT 0,
	action TEXT NOT NULL,
	record_type TEXT NOT NULL DEFAULT '',
	record_id INTEGER NOT NULL DEFAULT 0,
	detail TEXT,
	ip TEXT NOT NULL DEFAULT '',
	prev_hash TEXT NOT NULL,
	hash TEXT NOT NULL
);
CREATE INDEX audit_log_agency ON audit_log(agency_id, id);

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
	SELECT RAISE(ABORT, 'audit_log is append-only');
END;

CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
	SELECT RAISE(ABORT, 'audit_log is append-only');
END;

-- Settings changed at run time through the web interface (the file/flags hold the rest).
CREATE TABLE settings (
	name TEXT PRIMARY KEY,
	value TEXT NOT NULL,
	updated_at INTEGER NOT NULL,
	updated_by INTEGER NOT NULL DEFAULT 0
);
