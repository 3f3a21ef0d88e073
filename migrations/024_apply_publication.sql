-- 024_apply_publication.sql — 依申请公开转主动公开 (条例第四十四条): a concluded application whose
-- information was released (予以公开 / 部分公开) proposed for 主动公开 by its handler; an editor turns the
-- proposal into a draft information item, which then goes through the normal review. Owned by
-- src/apply/ (apply_publication.c).

CREATE TABLE application_publication (
	application_id INTEGER PRIMARY KEY REFERENCES application(id),
	reason TEXT NOT NULL DEFAULT '',
	proposed_by INTEGER NOT NULL,
	proposed_at INTEGER NOT NULL,
	-- the draft information item made from the proposal (NULL until an editor makes it)
	item_id INTEGER REFERENCES info_item(id)
);
