-- 012_info_attachments.sql — attachments of 主动公开 items (PDF, OFD, DOC/DOCX, XLS/XLSX, images).
-- The bytes live outside the database in a content store named by SHA-256 (<dir of db>/files/ab/cdef…,
-- src/info/attach_store.c); this table says which stored file is attached to which item, under which
-- sanitised name and sniffed type. Attachments are added and removed only while the item is editable;
-- a removed one keeps its row (removed_at, removed_by) so the trail and the audit log stay readable.
CREATE TABLE info_attachment (
	id INTEGER PRIMARY KEY,
	item_id INTEGER NOT NULL REFERENCES info_item(id),
	name TEXT NOT NULL,
	kind TEXT NOT NULL CHECK (kind IN ('pdf', 'ofd', 'doc', 'docx', 'xls', 'xlsx', 'png', 'jpeg', 'gif')),
	size INTEGER NOT NULL CHECK (size > 0),
	sha256 TEXT NOT NULL CHECK (length(sha256) = 64),
	created_by INTEGER NOT NULL REFERENCES users(id),
	created_at INTEGER NOT NULL,
	removed_at INTEGER NOT NULL DEFAULT 0,
	removed_by INTEGER REFERENCES users(id)
);
CREATE INDEX info_attachment_item ON info_attachment(item_id, removed_at, id);
CREATE INDEX info_attachment_sha256 ON info_attachment(sha256);
