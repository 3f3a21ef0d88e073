-- 027_apply_reminders.sql — reminders to staff before due dates. Owned by src/apply/
-- (apply_remind.c). users.email is where a handler receives them (set with `gongkai user email NAME
-- ADDRESS`; '' = no reminders by e-mail). One application_reminder row per application and due date
-- whose reminder was queued (in the same transaction as its notify_outbox row), so each is sent once;
-- a due date that moves (extension, 补正) gets its own reminder.
ALTER TABLE users ADD COLUMN email TEXT NOT NULL DEFAULT '';

CREATE TABLE application_reminder (
	application_id INTEGER NOT NULL REFERENCES application(id),
	due_on TEXT NOT NULL,
	user_id INTEGER NOT NULL REFERENCES users(id),
	queued_at INTEGER NOT NULL,
	PRIMARY KEY (application_id, due_on)
);
