/* attach.h — attachments of 主动公开 items (PDF, OFD, DOC/DOCX, XLS/XLSX, PNG/JPEG/GIF images).
 *
 * The checks of an upload (type by content, sanitised name) and the content store of the bytes are shared
 * with the applications' files and live in src/files/files.h (included here). This part is the records
 * (attach.c, table info_attachment of migrations/012_info_attachments.sql): added and removed only
 * while the item is editable (draft or returned), by an editor of its agency, who becomes one of the
 * item's editors (so cannot review it); each change is a step of the item's trail and an audit-log
 * entry (info.attach / info.detach) in the same transaction.
 * Serving rules (public only when the item is public; safe headers) live in the HTTP layer,
 * src/http/page_info_attach.c. */
#ifndef GONGKAI_INFO_ATTACH_H
#define GONGKAI_INFO_ATTACH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "files/files.h"
#include "info/info.h"
#include "storage/db.h"

/* ---- records (attach.c) ---- */

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
