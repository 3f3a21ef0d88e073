/* files.h — files people upload (attachments of 主动公开 items, documents with an application and with an
 * online 补正): what a file is, what it may be called, and where its bytes are kept. Shared by the
 * features that accept uploads (info, apply) so there is one sniffer, one name cleaner and one store.
 *
 *   1. pure checks (sniff.c, name.c, check.c): the type is decided by the content (magic bytes; for ZIP
 *      containers the entry names, for OLE2 containers the stream names), never by the file name; the
 *      client's name is sanitised (no path separators, control or bidi characters; Chinese kept) and
 *      must not claim a different kind of document than the content is;
 *   2. the content store (store.c): files named by their SHA-256 under a directory next to the database
 *      (<dir of db>/files/ab/cdef…), written to a temporary file, fsync'd, renamed and the directory
 *      fsync'd — so once the database commit that references it is acknowledged, the bytes are on disk;
 *      identical content is stored once.
 * Which file belongs to what (and who may read it) is the owning feature's business: info/attach.h for
 * items, apply/apply.h for applications. Depends on util only (and libsodium for the hash). */
#ifndef GONGKAI_FILES_FILES_H
#define GONGKAI_FILES_FILES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/buf.h"
#include "util/outcome.h"

/* ---- kinds and sniffing (sniff.c) ---- */

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

/* ---- names (name.c) ---- */

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

/* ---- content store (store.c) ---- */

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

/* An upload that passed the pure checks, ready to be stored and recorded. */
struct attach_upload {
	enum attach_kind kind;
	char name[ATTACH_NAME_MAX + 1];
	int64_t size;
	char sha256[ATTACH_SHA256_HEX + 1];
};

/* Checks one uploaded file (the form field is named in messages as 附件): not empty, at most max_bytes,
 * an accepted kind by content, and a name that does not contradict it. Fills up (sha256 included).
 * Returns OUTCOME_OK or OUTCOME_INVALID with out naming the field "file". (check.c) */
enum outcome_code attach_check_upload(const char *client_name, const unsigned char *data, size_t len, size_t max_bytes,
				      struct attach_upload *up, struct outcome *out);

#endif
