/* attach.h — attachments of 主动公开 items (PDF, OFD, DOC/DOCX, XLS/XLSX, PNG/JPEG/GIF images).
 *
 * Three layers, used in this order by the upload handler:
 *   1. pure checks (attach_sniff.c, attach_name.c): the type is decided by the content (magic bytes; for
 *      ZIP containers the entry names, for OLE2 containers the stream names), never by the file name;
 *      the client's name is sanitised (no path separators, control or bidi characters; Chinese kept)
 *      and must not claim a different kind of document than the content is;
 *   2. the content store (attach_store.c): files named by their SHA-256 under a directory next to the
 *      database (<dir of db>/files/ab/cdef…), written to a temporary file, fsync'd, renamed and the
 *      directory fsync'd — so once the database commit that references it is acknowledged, the bytes
 *      are on disk; identical content is stored once;
 *   3. the records (attach.c, table info_attachment of migrations/012_info_attachments.sql): added and
 *      removed only while the item is editable (draft or returned), by an editor of its agency, who
 *      becomes one of the item's editors (so cannot review it); each change is a step of the item's
 *      trail and an audit-log entry (info.attach / info.detach) in the same transaction.
 * Serving rules (public only when the item is public; safe headers) live in the HTTP layer,
 * src/http/page_info_attach.c. */
#ifndef GONGKAI_INFO_ATTACH_H
#define GONGKAI_INFO_ATTACH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "info/info.h"
#include "storage/db.h"
#include "util/buf.h"

/* ---- kinds and sniffing (attach_sniff.c) ---- */

enum attach_kind {
	ATTACH_UNKNOWN = 0, /* not an accepted type */
	ATTACH_PDF,
	ATTACH_OFD,  /* GB/T 33190 版式文档: ZIP with OFD.xml at its root */
	ATTACH_DOC,  /* OLE2 with a WordDocument stream */
	ATTACH_DOCX, /* ZIP with word/document.xml */
	ATTACH_XLS,  /* OLE2 with a Workbook (or Book) stream */
	ATTACH_XLSX, /* ZIP with xl/workbook.xml */
	ATTACH_PNG,
	ATTACH_JPEG,
	ATTACH_GIF,
	ATTACH_KIND_COUNT
};

/* Decides the kind from the bytes alone. Never reads outside data[0..len). */
enum attach_kind attach_sniff(const unsigned char *data, size_t len);

/* Stored name ("pdf", "docx", …), Chinese label ("PDF 文档", "Word 文档（DOCX）"…), MIME type, and the
 * canonical file extension without the dot ("jpg" for JPEG). NULL for ATTACH_UNKNOWN / out of range. */
const char *attach_kind_name(enum attach_kind kind);
const char *attach_kind_label(enum attach_kind kind);
const char *attach_kind_mime(enum attach_kind kind);
const char *attach_kind_ext(enum attach_kind kind);

/* The kind whose stored name is text, or ATTACH_UNKNOWN. */
enum attach_kind attach_kind_parse(const char *text);

/* The kind a file extension (without the dot, any case: "PDF", "jpeg") names, or ATTACH_UNKNOWN. */
enum attach_kind attach_kind_of_ext(const char *ext);

/* True when two kinds are the same sort of document (Word DOC/DOCX, Excel XLS/XLSX, an image), so a
 * name claiming one while the content is the other only needs its extension corrected. */
bool attach_kind_same_family(enum attach_kind a, enum attach_kind b);

/* ---- names (attach_name.c) ---- */

enum { ATTACH_NAME_MAX = 240 }; /* bytes of a stored name, extension included */

/* Sanitises the client's file name for a file whose content is kind: drops any directory part, control
 * characters (C0, DEL, C1), bidi and zero-width formatting characters and invalid UTF-8; replaces the
 * characters Windows forbids (< > : " / \ | ? *) with '_'; trims spaces and dots at both ends; keeps
 * Chinese; shortens to ATTACH_NAME_MAX bytes on a character boundary keeping the extension. The
 * extension is then reconciled with the content: one of kind's own is kept; one of the same family is
 * replaced by kind's; any other accepted type's extension is refused (returns -1 and a Chinese reason
 * naming the field 附件 in err); anything else gets kind's extension appended. An empty result becomes
 * "附件.<ext>". Returns 0 with the name in out (size >= ATTACH_NAME_MAX + 1), or -1. */
int attach_sanitize_name(const char *client_name, enum attach_kind kind, char *out, size_t size, char *err,
			 size_t errlen);

/* Appends the value of a Content-Disposition header for downloading name: `attachment;
 * filename="<ASCII fallback>"; filename*=UTF-8''<percent-encoded name>` (RFC 6266 / RFC 5987). The
 * fallback replaces every byte that is not printable ASCII, and '"', '\\', '%', with '_'. */
void attach_content_disposition(struct buf *out, const char *name);

/* Human-readable size in Chinese style: "512 字节", "12.3 KB", "1.2 MB". Returns out. */
const char *attach_size_text(int64_t bytes, char *out, size_t size);

/* ---- content store (attach_store.c) ---- */

enum { ATTACH_SHA256_HEX = 64 };

/* The directory of the content store for a database path: "<dir of db_path>/files". Returns 0, or -1
 * when it does not fit in out. */
int attach_store_root(const char *db_path, char *out, size_t size);

/* Hex SHA-256 of data into hex (ATTACH_SHA256_HEX + 1 bytes). */
void attach_sha256_hex(const unsigned char *data, size_t len, char hex[ATTACH_SHA256_HEX + 1]);

/* Stores data under root (created if missing) as <root>/<hex[0..2)>/<hex[2..64)>, unless a file of that
 * name and size is there already: temporary file in the same directory, full write, fsync, rename,
 * fsync of the directory. Fills hex. Returns 0, or -1 with a Chinese message in err. */
int attach_store_put(const char *root, const unsigned char *data, size_t len, char hex[ATTACH_SHA256_HEX + 1],
		     char *err, size_t errlen);

/* Reads the stored file for hex into a malloc'd buffer (*data, caller frees; *len its size) and checks
 * that its SHA-256 is hex (a damaged or replaced file is an error, never served). Returns 0, or -1
 * (missing, unreadable, or corrupted; err says which). */
int attach_store_read(const char *root, const char *hex, unsigned char **data, size_t *len, char *err, size_t errlen);

/* ---- records (attach.c) ---- */

/* An upload that passed the pure checks, ready to be stored and recorded. */
struct attach_upload {
	enum attach_kind kind;
	char name[ATTACH_NAME_MAX + 1];
	int64_t size;
	char sha256[ATTACH_SHA256_HEX + 1];
};

/* Checks one uploaded file (the form field is named in messages as 附件): not empty, at most max_bytes,
 * an accepted kind by content, and a name that does not contradict it. Fills up (sha256 included).
 * Returns OUTCOME_OK or OUTCOME_INVALID with out naming the field "file". */
enum outcome_code attach_check_upload(const char *client_name, const unsigned char *data, size_t len, size_t max_bytes,
				      struct attach_upload *up, struct outcome *out);

struct info_attachment {
	int64_t id, item_id, agency_id; /* agency_id: the item's agency */
	enum attach_kind kind;
	char name[ATTACH_NAME_MAX + 1];
	int64_t size;
	char sha256[ATTACH_SHA256_HEX + 1];
	int64_t created_by, created_at;
	int64_t removed_at; /* 0 while attached */
};

/* Records an uploaded file (already in the content store) on an item: editor of the item's agency, item
 * in draft or returned. Audited (info.attach) and added to the item's trail; the actor becomes one of
 * the item's editors. Returns OUTCOME_OK with *id set, or a code with out filled. */
enum outcome_code info_attach_add(struct db *w, const struct actor *actor, int64_t item_id,
				  const struct attach_upload *up, int64_t now, int64_t *id, struct outcome *out);

/* Removes an attachment from its item under the same rules (audited as info.detach). The stored bytes
 * stay in the content store (other attachments may share them); the record keeps removed_at. */
enum outcome_code info_attach_remove(struct db *w, const struct actor *actor, int64_t attachment_id, int64_t now,
				     struct outcome *out);

/* The current attachments of an item, in upload order. *out malloc'd (free()), NULL when *count == 0.
 * Returns 0 or -1. */
int info_attach_list(struct db *db, int64_t item_id, struct info_attachment **out, size_t *count);

/* One attachment that is still attached, by id. Returns 1, 0 (none or removed), -1. */
int info_attach_get(struct db *db, int64_t id, struct info_attachment *out);

#endif
