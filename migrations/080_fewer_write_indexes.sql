-- 080_fewer_write_indexes.sql — fewer index B-trees written by every submission (issue 15, item 1;
-- docs/performance.md "Work per submission"). Each index a row goes into costs at least one page of the
-- write-ahead log per committed batch. Two indexes served one query each, for rows of one kind only,
-- but took an entry from every row: they become partial indexes holding only those rows, with the
-- same columns, so the queries keep the same plans (EXPLAIN QUERY PLAN on SQLite; on PostgreSQL the
-- query's own "action = '…'" / "type = 'fee_paid'" is what lets the planner use a partial index).

-- The fees paid in a year (apply_year_fees, apply_fees.c): only fee_paid events; the receive event of
-- every submission, and every other event, no longer goes into it.
DROP INDEX annual_event_fee;
CREATE INDEX application_event_fee_paid ON application_event(type, day, application_id, seq, fee_yuan)
	WHERE type = 'fee_paid';

-- The failed logins since the last login (accounts_failed_logins, migration 004): only the 'login' and
-- 'login_failed' entries; the audit entry of every submission, and of every other action, no longer
-- goes into it.
DROP INDEX audit_log_user_action;
CREATE INDEX audit_log_login_failed ON audit_log(user_id, action, id) WHERE action = 'login_failed';
CREATE INDEX audit_log_login ON audit_log(user_id, action, id) WHERE action = 'login';
