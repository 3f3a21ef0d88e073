-- 010_info.sql — 主动公开 (proactive disclosure): the catalogue (categories per agency), information
-- items with their 索引号, the review trail (保密审查 / 领导审批 / 发布 / 撤回), the per-agency settings of
-- the capability, and the search index. See src/info/ and docs/info.md.
-- Times are Unix seconds; calendar dates are ISO text 'YYYY-MM-DD' (China time); booleans are 0/1.

-- Per-agency settings of 主动公开: the 索引号 pattern and code, whether a leader must approve after
-- the confidentiality review, and the editable parts of the 政府信息公开指南.
CREATE TABLE info_settings (
	agency_id INTEGER PRIMARY KEY REFERENCES agency(id),
	index_pattern TEXT NOT NULL DEFAULT '{agency}-{category}/{year}-{serial:5}',
	agency_code TEXT NOT NULL DEFAULT '',
	leader_approval INTEGER NOT NULL DEFAULT 0,
	channel TEXT NOT NULL DEFAULT '',
	guide_extra TEXT NOT NULL DEFAULT '',
	updated_at INTEGER NOT NULL
);

-- The catalogue (政府信息公开目录): a tree per agency. Retired categories keep their items; a merged
-- category points at the category that received its items.
CREATE TABLE info_category (
	id INTEGER PRIMARY KEY,
	agency_id INTEGER NOT NULL REFERENCES agency(id),
	parent_id INTEGER REFERENCES info_category(id),
	code TEXT NOT NULL,
	name TEXT NOT NULL,
	basis TEXT NOT NULL DEFAULT '',
	sort_order INTEGER NOT NULL DEFAULT 0,
	retired_at INTEGER NOT NULL DEFAULT 0,
	merged_into INTEGER REFERENCES info_category(id),
	created_at INTEGER NOT NULL
);
CREATE UNIQUE INDEX info_category_code ON info_category(agency_id, code);
CREATE INDEX info_category_parent ON info_category(agency_id, parent_id, sort_order);

-- Serial counters of the 索引号: one row per agency and "scope" (the pattern rendered without its
-- serial, e.g. "AGENCY-A07/2024-"). Counters only grow, so a serial is never handed out twice.
CREATE TABLE info_index_serial (
	agency_id INTEGER NOT NULL REFERENCES agency(id),
	scope TEXT NOT NULL,
	last_serial INTEGER NOT NULL,
	PRIMARY KEY (agency_id, scope)
);

-- One piece of government information. status: draft, submitted (待保密审查), reviewed (待领导审批),
-- approved (待发布), published, returned, classified (涉密, final), withdrawn. A published item whose
-- published_at lies in the future is scheduled and invisible until then.
CREATE TABLE info_item (
	id INTEGER PRIMARY KEY,
	agency_id INTEGER NOT NULL REFERENCES agency(id),
	category_id INTEGER NOT NULL REFERENCES info_category(id),
	index_no TEXT NOT NULL,
	title TEXT NOT NULL,
	doc_no TEXT NOT NULL DEFAULT '',
	publisher TEXT NOT NULL,
	formed_on TEXT NOT NULL,
	summary TEXT NOT NULL DEFAULT '',
	body TEXT NOT NULL DEFAULT '',
	body_html TEXT NOT NULL DEFAULT '',
	body_text TEXT NOT NULL DEFAULT '',
	disclosure TEXT NOT NULL DEFAULT 'active',
	doc_type TEXT NOT NULL DEFAULT 'other' CHECK (doc_type IN ('regulation', 'normative', 'other')),
	validity TEXT NOT NULL DEFAULT 'valid' CHECK (validity IN ('valid', 'repealed', 'expired')),
	validity_on TEXT NOT NULL DEFAULT '',
	status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'submitted', 'reviewed', 'approved',
		'published', 'returned', 'classified', 'withdrawn')),
	published_at INTEGER NOT NULL DEFAULT 0,
	published_on TEXT NOT NULL DEFAULT '',
	pub_year INTEGER NOT NULL DEFAULT 0,
	due_on TEXT NOT NULL DEFAULT '',
	late INTEGER NOT NULL DEFAULT 0,
	withdrawn_at INTEGER NOT NULL DEFAULT 0,
	withdrawn_on TEXT NOT NULL DEFAULT '',
	withdraw_reason TEXT NOT NULL DEFAULT '',
	created_by INTEGER NOT NULL REFERENCES users(id),
	created_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL
);
CREATE UNIQUE INDEX info_item_index_no ON info_item(index_no);
CREATE INDEX info_item_public ON info_item(status, published_at);
CREATE INDEX info_item_agency_status ON info_item(agency_id, status, updated_at);
CREATE INDEX info_item_category ON info_item(category_id, status, published_at);
CREATE INDEX info_item_year ON info_item(agency_id, pub_year, status);
CREATE INDEX info_item_doc_no ON info_item(agency_id, doc_no);

-- Everyone who created or changed an item: none of them may review or approve it.
CREATE TABLE info_item_editor (
	item_id INTEGER NOT NULL REFERENCES info_item(id),
	user_id INTEGER NOT NULL REFERENCES users(id),
	PRIMARY KEY (item_id, user_id)
);

-- The item's trail: each workflow step with the actor's opinion (the reviewer's history). The same
-- steps are also written to the hash-chained audit_log.
CREATE TABLE info_review (
	id INTEGER PRIMARY KEY,
	item_id INTEGER NOT NULL REFERENCES info_item(id),
	user_id INTEGER NOT NULL REFERENCES users(id),
	action TEXT NOT NULL,
	from_status TEXT NOT NULL,
	to_status TEXT NOT NULL,
	opinion TEXT NOT NULL DEFAULT '',
	at INTEGER NOT NULL
);
CREATE INDEX info_review_item ON info_review(item_id, id);
CREATE INDEX info_review_user ON info_review(user_id, id);

-- Search (SQLite only; a PostgreSQL store would use pg_trgm): an external-content FTS5 trigram index
-- over title, 文号, summary and the plain text of the body. Trigram answers terms of three characters
-- or more; shorter terms are matched with instr() on the base table (src/info/search.c). Every query
-- joins back to info_item and keeps only published items.
CREATE VIRTUAL TABLE info_item_fts USING fts5(title, doc_no, summary, body_text, content='info_item',
	content_rowid='id', tokenize='trigram');

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
