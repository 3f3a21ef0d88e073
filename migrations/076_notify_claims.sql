-- 076_notify_claims.sql — several `gongkai serve` processes deliver one outbox (issue 12, item 4;
-- docs/deploy.md "Several instances on one database"). Owned by src/notify/ (outbox.c, sender.c).
-- A row being sent names its sender (claimed_by: host, process and start time of the sender thread)
-- and when it was claimed: a sender puts back only its own claims after a failure, and a claim older
-- than the lease (NOTIFY_CLAIM_LEASE, far longer than a send may take) is due again — its sender
-- died — instead of every sender releasing every "sending" row at its start.
ALTER TABLE notify_outbox ADD COLUMN claimed_by TEXT NOT NULL DEFAULT '';
ALTER TABLE notify_outbox ADD COLUMN claimed_at INTEGER NOT NULL DEFAULT 0;
