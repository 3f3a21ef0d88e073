-- 023_notify_outbox.sql — the durable outbox of notices to applicants (e-mail and SMS). Owned by
-- src/notify/ (outbox.c). A notice is written in the same write transaction as the event it tells
-- about (receipt, 补正, extension, fee notice, reply), so nothing acknowledged is lost; the sender
-- thread delivers it afterwards, outside any write transaction, so a slow SMTP server never holds
-- the writer. Rows are kept after delivery as the record of what the applicant was told.

CREATE TABLE notify_outbox (
	id INTEGER PRIMARY KEY,
	application_id INTEGER NOT NULL REFERENCES application(id),
	-- receipt | correction | extension | fee_notice | reply | query_code
	kind TEXT NOT NULL,
	channel TEXT NOT NULL CHECK (channel IN ('email', 'sms')),
	recipient TEXT NOT NULL,
	subject TEXT NOT NULL DEFAULT '',
	body TEXT NOT NULL,
	-- what to attach, rendered when sending: '' or 'letter' (the issued 答复书 as PDF)
	attachment TEXT NOT NULL DEFAULT '',
	-- pending → sending → sent; failed after the last retry; skipped when the channel is not configured
	status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sending', 'sent', 'failed', 'skipped')),
	attempts INTEGER NOT NULL DEFAULT 0,
	next_attempt_at INTEGER NOT NULL DEFAULT 0,
	last_error TEXT NOT NULL DEFAULT '',
	created_at INTEGER NOT NULL,
	sent_at INTEGER
);
CREATE INDEX notify_outbox_due ON notify_outbox (status, next_attempt_at);
