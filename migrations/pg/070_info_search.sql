-- pg/070_info_search.sql — PostgreSQL's counterpart of SQLite's info_item_fts (see 070_info_search_pg.sql
-- and docs/info.md "Search"). One row per info_item, written by gongkai (src/info/search_index.c):
--   lexemes  every token the bigram tokenizer (src/storage/fts_bigram.c) emits for the item's title, 文号,
--            内容概述 and body text in document mode (CJK bigrams and single characters, lower-cased
--            Latin/digit words), without positions (array_to_tsvector): a term's tokens ANDed in a
--            tsquery find, through the GIN index, every item that can contain the term;
--   folded   the four fields as the tokenizer's positions — one unit per position (a CJK character or a
--            word), CJK characters of one run written together, other units separated by a space, each
--            field framed by spaces, fields separated by a newline — on which the term's phrase is
--            checked exactly (strpos, or a regular expression) and its occurrences counted for bm25;
--   units    the number of positions (FTS5's document length for bm25).
-- Positions are kept in `folded` rather than in the tsvector because tsvector positions stop at 16383
-- and at 256 per lexeme, which would make phrase queries on long bodies inexact.
CREATE TABLE info_item_search (
	item_id BIGINT PRIMARY KEY REFERENCES info_item(id) ON DELETE CASCADE,
	lexemes tsvector NOT NULL,
	folded TEXT NOT NULL,
	units BIGINT NOT NULL
);
CREATE INDEX info_item_search_lexemes ON info_item_search USING gin (lexemes);

-- A row is never stale: when another program changes an item's text, its row goes, and the next
-- `gongkai migrate` or `gongkai serve` writes it again (gongkai itself rewrites it in the same job).
CREATE FUNCTION info_item_search_stale() RETURNS trigger LANGUAGE plpgsql AS $gk$
BEGIN
	DELETE FROM info_item_search WHERE item_id = NEW.id;
	RETURN NULL;
END$gk$;
CREATE TRIGGER info_item_search_stale AFTER UPDATE OF title, doc_no, summary, body_text ON info_item
	FOR EACH ROW WHEN (OLD.title IS DISTINCT FROM NEW.title OR OLD.doc_no IS DISTINCT FROM NEW.doc_no OR
		OLD.summary IS DISTINCT FROM NEW.summary OR OLD.body_text IS DISTINCT FROM NEW.body_text)
	EXECUTE FUNCTION info_item_search_stale();
