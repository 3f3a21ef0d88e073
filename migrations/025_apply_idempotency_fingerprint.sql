-- 022_apply_idempotency_fingerprint.sql — an idempotency key replays a submission only when the
-- request is the same: SHA-256 of the canonical submitted fields, the key and the source (address and
-- staff user). Rows recorded before this migration have none, so their keys never replay (409).
ALTER TABLE application ADD COLUMN idempotency_fingerprint TEXT;
