-- 016_info_empty_reason.sql — why a statutory category (条例第二十条/第二十一条) has no items, in the
-- administrator's words: shown on /info/statutory instead of an empty list (docs/portal-conventions.md
-- item 15). '' = the standard sentence for the category (src/info/statutory.c).
ALTER TABLE info_category ADD COLUMN empty_reason TEXT NOT NULL DEFAULT '';
