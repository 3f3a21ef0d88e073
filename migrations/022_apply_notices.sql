-- 022_apply_notices.sql — the notices an application's handling sends the applicant under the 条例:
-- the 补正告知 (第三十条: what to correct and by when) and the 延长答复期限告知 (第三十三条第二款:
-- approved by the head of the 政府信息公开工作机构, told to the applicant). Owned by src/apply/
-- (apply_notice.c); also the applicant's own 补正 sent online (kind 'correction_reply', the text in
-- body). The event itself stays in application_event; this row keeps who approved it and
-- the text the applicant is given, frozen when the event is recorded.

CREATE TABLE application_notice (
	application_id INTEGER NOT NULL REFERENCES application(id),
	-- seq of the request_correction / extend / correction_received event in application_event.
	event_seq INTEGER NOT NULL,
	kind TEXT NOT NULL CHECK (kind IN ('correction', 'extension', 'correction_reply')),
	-- extension: the name of the 工作机构负责人 who approved it ('' for a correction).
	approver TEXT NOT NULL DEFAULT '',
	-- correction: last day of the 补正期限; extension: the new reply deadline (ISO date); else ''.
	due_on TEXT NOT NULL,
	-- the notice to the applicant (plain text, Chinese), or the applicant's correction.
	body TEXT NOT NULL,
	created_at INTEGER NOT NULL,
	PRIMARY KEY (application_id, event_seq)
);
