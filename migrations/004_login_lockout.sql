-- 004_login_lockout.sql — lockouts count per key (name and address together, or an address alone), so
-- each further lockout lasts twice as long; and an index to show a user the failed logins on their
-- account since their previous login (audit_log, action 'login_failed').
ALTER TABLE login_failures ADD COLUMN lockouts INTEGER NOT NULL DEFAULT 0;
CREATE INDEX audit_log_user_action ON audit_log(user_id, action, id);
