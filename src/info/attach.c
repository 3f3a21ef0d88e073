/* attach.c — the records of attachments (table info_attachment, migrations/012_info_attachments.sql):
 * checking an upload before it is stored, attaching a stored file to an item and removing it again —
 * only while the item is editable (draft or returned), by an editor of the item's agency, who thereby
 * becomes one of the item's editors and so cannot review it (what was reviewed is what is published) —
 * and reading the attachments of an item (the checks of the upload itself: src/files/check.c). Each change is a step of
 * the item's trail and an audit-log entry in the caller's transaction. See attach.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/accounts.h"
#include "info/attach.h"
#include "info/info_internal.h"

/* Loads the item an attachment change applies to and checks role, agency and state. On success the
 * caller owns *it. */
static enum outcome_code load_editable(struct db *w, const struct actor *actor, int64_t item_id, struct info_item *it,
				       struct outcome *out)
{
	memset(it, 0, sizeof *it);
	if (!actor_has(actor, ROLE_EDITOR))
		return outcome_fail(out, OUTCOME_FORBIDDEN, NULL, "只有编辑可以上传或删除附件");
	int rc = info_item_get(w, item_id, it);
	if (rc < 0)
		return outcome_fail(out, OUTCOME_STORAGE, NULL, "数据库错误");
	if (rc == 0 || it->agency_id != actor->agency_id) {
		info_item_free(it);
		return outcome_fail(out, OUTCOME_NOT_FOUND, NULL, "没有这条信息");
	}
	if (it->status != INFO_DRAFT && it->status != INFO_RETURNED) {
		enum info_status status = it->status;
		info_item_free(it);
		return outcome_fail(out, OUTCOME_CONFLICT, NULL,
				    "信息当前状态为“%s”，只有草稿或被退回的信息可以增删附件", info_status_zh(status));
	}
	return OUTCOME_OK;
}

/* The actor becomes one of the item's editors, and the item counts as changed now. */
static int mark_changed(struct db *w, const struct actor *actor, int64_t item_id, int64_t now)
{
	struct db_stmt *st = db_prepare(w, "INSERT INTO info_item_editor (item_id, user_id) VALUES (:item, :user) "
					   "ON CONFLICT DO NOTHING");
	if (db_bind_int(st, ":item", item_id) < 0 || db_bind_int(st, ":user", actor->user_id) < 0 || db_step(st) < 0)
		return -1;
	st = db_prepare(w, "UPDATE info_item SET updated_at = :now WHERE id = :item");
	if (db_bind_int(st, ":now", now) < 0 || db_bind_int(st, ":item", item_id) < 0)
		return -1;
	return db_step(st) < 0 ? -1 : 0;
}

/* The trail/audit text of an attachment: name, type, size and hash. */
static void describe(char *out, size_t size, const char *verb, const char *name, enum attach_kind kind, int64_t bytes,
		     const char *sha256)
{
	char size_text[32];
	snprintf(out, size, "%s附件“%s”（%s，%s，SHA-256 %s）", verb, name, attach_kind_label(kind),
		 attach_size_text(bytes, size_text, sizeof size_text), sha256);
}

static int64_t insert_attachment(struct db *w, const struct actor *actor, int64_t item_id,
				 const struct attach_upload *up, int64_t now)
{
	struct db_stmt *st = db_prepare(w, "INSERT INTO info_attachment (item_id, name, kind, size, sha256, "
					   "created_by, created_at) VALUES (:item, :name, :kind, :size, :sha, :user, "
					   ":now) RETURNING id");
	int64_t id = 0;
	if (db_bind_int(st, ":item", item_id) < 0 || db_bind_text(st, ":name", up->name) < 0 ||
	    db_bind_text(st, ":kind", attach_kind_name(up->kind)) < 0 || db_bind_int(st, ":size", up->size) < 0 ||
	    db_bind_text(st, ":sha", up->sha256) < 0 || db_bind_int(st, ":user", actor->user_id) < 0 ||
	    db_bind_int(st, ":now", now) < 0 || db_step_int(st, &id) != 1)
		return -1;
	return id;
}

enum outcome_code info_attach_add(struct db *w, const struct actor *actor, int64_t item_id,
				  const struct attach_upload *up, int64_t now, int64_t *id, struct outcome *out)
{
	outcome_clear(out);
	if (!up || up->kind == ATTACH_UNKNOWN || !*up->name || up->size <= 0 || strlen(up->sha256) != ATTACH_SHA256_HEX)
		return info_invalid(out, "file", "附件：请选择要上传的文件");
	struct info_item it;
	enum outcome_code code = load_editable(w, actor, item_id, &it, out);
	if (code != OUTCOME_OK)
		return code;
	char detail[1024];
	describe(detail, sizeof detail, "上传", up->name, up->kind, up->size, up->sha256);
	*id = insert_attachment(w, actor, item_id, up, now);
	if (*id <= 0 || mark_changed(w, actor, item_id, now) < 0 ||
	    info_record_step(w, actor, &it, "attach", it.status, detail, now) < 0)
		code = outcome_fail(out, OUTCOME_STORAGE, NULL, "数据库错误：%s", db_errmsg(w));
	info_item_free(&it);
	return code;
}

enum outcome_code info_attach_remove(struct db *w, const struct actor *actor, int64_t attachment_id, int64_t now,
				     struct outcome *out)
{
	outcome_clear(out);
	struct info_attachment a;
	int rc = info_attach_get(w, attachment_id, &a);
	if (rc < 0)
		return outcome_fail(out, OUTCOME_STORAGE, NULL, "数据库错误");
	if (rc == 0 || a.agency_id != actor->agency_id)
		return outcome_fail(out, OUTCOME_NOT_FOUND, NULL, "没有这个附件，或它已被删除");
	struct info_item it;
	enum outcome_code code = load_editable(w, actor, a.item_id, &it, out);
	if (code != OUTCOME_OK)
		return code;
	struct db_stmt *st = db_prepare(w, "UPDATE info_attachment SET removed_at = :now, removed_by = :user "
					   "WHERE id = :id AND removed_at = 0");
	char detail[1024];
	describe(detail, sizeof detail, "删除", a.name, a.kind, a.size, a.sha256);
	if (db_bind_int(st, ":now", now) < 0 || db_bind_int(st, ":user", actor->user_id) < 0 ||
	    db_bind_int(st, ":id", attachment_id) < 0 || db_step(st) < 0 || db_changes(w) != 1 ||
	    mark_changed(w, actor, a.item_id, now) < 0 ||
	    info_record_step(w, actor, &it, "detach", it.status, detail, now) < 0)
		code = outcome_fail(out, OUTCOME_STORAGE, NULL, "数据库错误：%s", db_errmsg(w));
	info_item_free(&it);
	return code;
}

#define ATTACHMENT_COLUMNS                                                                                             \
	"SELECT a.id, a.item_id, i.agency_id, a.name, a.kind, a.size, a.sha256, a.created_by, a.created_at, "          \
	"a.removed_at FROM info_attachment a JOIN info_item i ON i.id = a.item_id "

static void read_attachment(struct db_stmt *st, struct info_attachment *a)
{
	memset(a, 0, sizeof *a);
	a->id = db_column_int(st, 0);
	a->item_id = db_column_int(st, 1);
	a->agency_id = db_column_int(st, 2);
	db_column_copy(st, 3, a->name, sizeof a->name);
	const char *kind = db_column_text(st, 4);
	a->kind = attach_kind_parse(kind ? kind : "");
	a->size = db_column_int(st, 5);
	db_column_copy(st, 6, a->sha256, sizeof a->sha256);
	a->created_by = db_column_int(st, 7);
	a->created_at = db_column_int(st, 8);
	a->removed_at = db_column_int(st, 9);
}

int info_attach_list(struct db *db, int64_t item_id, struct info_attachment **out, size_t *count)
{
	*out = NULL;
	*count = 0;
	struct db_stmt *st =
	    db_prepare(db, ATTACHMENT_COLUMNS "WHERE a.item_id = :item AND a.removed_at = 0 ORDER BY a.id");
	if (db_bind_int(st, ":item", item_id) < 0)
		return -1;
	size_t cap = 0;
	int rc;
	while ((rc = db_step(st)) == 1) {
		if (*count == cap) {
			cap = cap ? 2 * cap : 4;
			*out = xrealloc(*out, cap * sizeof **out);
		}
		read_attachment(st, &(*out)[(*count)++]);
	}
	if (rc < 0) {
		free(*out);
		*out = NULL;
		*count = 0;
		return -1;
	}
	return 0;
}

int info_attach_get(struct db *db, int64_t id, struct info_attachment *out)
{
	struct db_stmt *st = db_prepare(db, ATTACHMENT_COLUMNS "WHERE a.id = :id AND a.removed_at = 0");
	if (db_bind_int(st, ":id", id) < 0)
		return -1;
	int rc = db_step(st);
	if (rc == 1) {
		read_attachment(st, out);
		db_reset(st);
	}
	return rc;
}
