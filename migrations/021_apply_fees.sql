-- 021_apply_fees.sql — 信息处理费 of an application (国办函〔2020〕109号): how the fee of each 收费通知
-- was computed. Owned by src/apply/ (apply_fees.c). The fee_notice event itself stays in
-- application_event (its fee_yuan is the amount; the fee_paid event repeats the amount paid, which
-- is what section 六 of the annual report adds up); this table keeps the method, the quantity and the
-- band-by-band explanation that staff and the applicant are shown.

CREATE TABLE application_fee (
	application_id INTEGER NOT NULL REFERENCES application(id),
	-- seq of the fee_notice event in application_event.
	event_seq INTEGER NOT NULL,
	-- 'item' 按件计收 (第四条) or 'page' 按量计收 (第五条): one method per notice, never both (第三条).
	method TEXT NOT NULL CHECK (method IN ('item', 'page')),
	-- items of this application (按件) or pages (按量).
	quantity INTEGER NOT NULL CHECK (quantity > 0),
	-- 按件: the applicant's earlier applications to this agency in the same natural month, counted
	-- from the records by applicant identity when the notice was recorded (0 for 按量).
	items_before INTEGER NOT NULL DEFAULT 0,
	yuan INTEGER NOT NULL CHECK (yuan > 0),
	explanation TEXT NOT NULL,
	PRIMARY KEY (application_id, event_seq)
);
