-- 011_info_search_bigram.sql — Chinese search for every term length: replaces the FTS5 trigram index of
-- 010 (which cannot answer terms of one or two characters, so those were scanned) with the same
-- external-content table tokenized by gongkai's "bigram" tokenizer (src/storage/fts_bigram.c: CJK
-- bigrams with colocated single characters, lower-cased Latin words, full-width folded to half-width),
-- and rebuilds it from info_item. src/info/search.c turns each term into a phrase query of its tokens.
--
-- The tokenizer lives in the gongkai binary (registered on every connection), so from now on anything
-- that writes info_item through another program (the sqlite3 shell, Python) must load it first as an
-- extension — see docs/info.md ("Search"). columnsize=0: search never ranks, so no per-row sizes.

DROP TRIGGER info_item_fts_insert;
DROP TRIGGER info_item_fts_delete;
DROP TRIGGER info_item_fts_update;
DROP TABLE info_item_fts;

CREATE VIRTUAL TABLE info_item_fts USING fts5(title, doc_no, summary, body_text, content='info_item',
	content_rowid='id', tokenize='bigram', columnsize=0);

CREATE TRIGGER info_item_fts_insert AFTER INSERT ON info_item BEGIN
	INSERT INTO info_item_fts(rowid, title, doc_no, summary, body_text)
	VALUES (new.id, new.title, new.doc_no, new.summary, new.body_text);
END;

CREATE TRIGGER info_item_fts_delete AFTER DELETE ON info_item BEGIN
	INSERT INTO info_item_fts(info_item_fts, rowid, title, doc_no, summary, body_text)
	VALUES ('delete', old.id, old.title, old.doc_no, old.summary, old.body_text);
END;

CREATE TRIGGER info_item_fts_update AFTER UPDATE OF title, doc_no, summary, body_text ON info_item BEGIN
	INSERT INTO info_item_fts(info_item_fts, rowid, title, doc_no, summary, body_text)
	VALUES ('delete', old.id, old.title, old.doc_no, old.summary, old.body_text);
	INSERT INTO info_item_fts(rowid, title, doc_no, summary, body_text)
	VALUES (new.id, new.title, new.doc_no, new.summary, new.body_text);
END;

INSERT INTO info_item_fts(info_item_fts) VALUES ('rebuild');
