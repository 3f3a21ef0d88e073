-- 003_audit_keyed.sql — the audit chain becomes keyed: entries appended from now on carry keyed = 1
-- and their hash is HMAC-SHA256 under the installation's audit key, a file kept outside the database
-- (<db>.audit-key, 0600). Entries written before (keyed = 0) keep their SHA-256 chain; the first
-- keyed entry links to the last of them, so they are sealed by it. See src/domain/audit.c.
ALTER TABLE audit_log ADD COLUMN keyed INTEGER NOT NULL DEFAULT 0;
