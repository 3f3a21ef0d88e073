/* wording_list.c — maintenance of the 错敏 wording list (info_wording: administrators add and retire
 * entries, audited) and the on-demand scan of an agency's published items with the full check
 * (wording_check.c), for the report page of the back office. See info_check.h. */
#include <stdlib.h>
#include <string.h>

#include "domain/accounts.h"
#include "domain/audit.h"
#include "info/info_check.h"
#include "info/info_internal.h"
#include "util/buf.h"
#include "util/utf8.h"

int info_wording_list(struct db *db, struct info_wording **out, size_t *count)
{
	*out = NULL;
	*count = 0;
	struct db_stmt *st = db_prepare(db, "SELECT id, kind, wrong, correct, note FROM info_wording WHERE "
					    "retired_at = 0 ORDER BY kind DESC, note, wrong");
	if (!st)
		return -1;
	size_t cap = 0;
	int rc;
	while ((rc = db_step(st)) == 1) {
		*out = info_grow(*out, *count, &cap, sizeof **out);
		struct info_wording *e = &(*out)[(*count)++];
		e->id = db_column_int(st, 0);
		db_column_copy(st, 1, e->kind, sizeof e->kind);
		db_column_copy(st, 2, e->wrong, sizeof e->wrong);
		db_column_copy(st, 3, e->correct, sizeof e->correct);
		db_column_copy(st, 4, e->note, sizeof e->note);
	}
	if (rc < 0) {
		free(*out);
		*out = NULL;
		*count = 0;
		return -1;
	}
	return 0;
}

static const char *kind_parse(const char *kind)
{
	if (!kind)
		return NULL;
	if (strcmp(kind, "misspelling") == 0 || strcmp(kind, "错别字") == 0)
		return "misspelling";
	if (strcmp(kind, "forbidden") == 0 || strcmp(kind, "禁用表述") == 0)
		return "forbidden";
	return NULL;
}

static enum outcome_code validate_entry(struct db *w, const char *kind, const char *wrong, const char *correct,
					struct outcome *out)
{
	if (!kind)
		return outcome_fail(out, OUTCOME_INVALID, "kind", "类型：应为错别字或禁用表述");
	size_t n = utf8_chars(wrong);
	if (n < 2 || n > 30 || strlen(wrong) >= sizeof((struct info_wording *)0)->wrong)
		return outcome_fail(out, OUTCOME_INVALID, "wrong", "错误或禁用表述：应为 2 至 30 个字");
	if (strcmp(kind, "misspelling") == 0 && !*correct)
		return outcome_fail(out, OUTCOME_INVALID, "correct", "正确表述：错别字必须填写正确写法");
	if (utf8_chars(correct) > 50)
		return outcome_fail(out, OUTCOME_INVALID, "correct", "正确表述：不能超过 50 个字");
	struct db_stmt *st = db_prepare(w, "SELECT count(*) FROM info_wording WHERE retired_at = 0 AND wrong = :wrong");
	int64_t dup = 0;
	if (!st || db_bind_text(st, ":wrong", wrong) < 0 || db_step_int(st, &dup) < 0)
		return outcome_fail(out, OUTCOME_STORAGE, NULL, "数据库错误");
	if (dup)
		return outcome_fail(out, OUTCOME_INVALID, "wrong", "错误或禁用表述：“%s”已在词表中", wrong);
	return OUTCOME_OK;
}

static enum outcome_code insert_entry(struct db *w, const struct actor *actor, const char *kind, const char *wrong,
				      const char *correct, const char *note, int64_t now, struct outcome *out)
{
	struct db_stmt *st = db_prepare(w, "INSERT INTO info_wording (kind, wrong, correct, note, created_by, "
					   "created_at) VALUES (:kind, :wrong, :correct, :note, :user, :now)");
	if (!st || db_bind_text(st, ":kind", kind) < 0 || db_bind_text(st, ":wrong", wrong) < 0 ||
	    db_bind_text(st, ":correct", correct) < 0 || db_bind_text(st, ":note", note) < 0 ||
	    db_bind_int(st, ":user", actor->user_id) < 0 || db_bind_int(st, ":now", now) < 0 || db_step(st) < 0)
		return outcome_fail(out, OUTCOME_STORAGE, NULL, "数据库错误");
	struct buf detail = {0};
	buf_printf(&detail, "错敏词表新增（%s）：%s → %s", kind, wrong, correct);
	int64_t rc = audit_append(w, actor->user_id, actor->agency_id, "info.wording.add", "info_wording", 0,
				  detail.data, actor->ip, now);
	buf_free(&detail);
	return rc < 0 ? outcome_fail(out, OUTCOME_STORAGE, NULL, "数据库错误") : OUTCOME_OK;
}

enum outcome_code info_wording_add(struct db *w, const struct actor *actor, const char *kind, const char *wrong,
				   const char *correct, const char *note, int64_t now, struct outcome *out)
{
	outcome_clear(out);
	if (!actor_has(actor, ROLE_ADMIN))
		return outcome_fail(out, OUTCOME_FORBIDDEN, NULL, "只有管理员可以维护错敏词表");
	char *w_trim = info_trim_dup(wrong), *c_trim = info_trim_dup(correct), *n_trim = info_trim_dup(note);
	const char *k = kind_parse(kind);
	enum outcome_code code = validate_entry(w, k, w_trim, c_trim, out);
	if (code == OUTCOME_OK && utf8_chars(n_trim) > 30)
		code = outcome_fail(out, OUTCOME_INVALID, "note", "说明：不能超过 30 个字");
	if (code == OUTCOME_OK)
		code = insert_entry(w, actor, k, w_trim, c_trim, n_trim, now, out);
	free(w_trim);
	free(c_trim);
	free(n_trim);
	return code;
}

void *info_grow(void *items, size_t count, size_t *cap, size_t size)
{
	if (count < *cap)
		return items;
	*cap = *cap ? *cap * 2 : 32;
	return xrealloc(items, *cap * size);
}

enum outcome_code info_retire_row(struct db *w, struct db_stmt *st, const struct actor *actor, int64_t id, int64_t now,
				  const struct info_retire_what *what, struct outcome *out)
{
	if (!st || db_bind_int(st, ":now", now) < 0 || db_bind_int(st, ":id", id) < 0 || db_step(st) < 0)
		return outcome_fail(out, OUTCOME_STORAGE, NULL, "数据库错误");
	if (db_changes(w) == 0)
		return outcome_fail(out, OUTCOME_NOT_FOUND, NULL, "%s", what->missing);
	if (audit_append(w, actor->user_id, actor->agency_id, what->action, what->record_type, id, what->detail,
			 actor->ip, now) < 0)
		return outcome_fail(out, OUTCOME_STORAGE, NULL, "数据库错误");
	return OUTCOME_OK;
}

enum outcome_code info_wording_retire(struct db *w, const struct actor *actor, int64_t id, int64_t now,
				      struct outcome *out)
{
	outcome_clear(out);
	if (!actor_has(actor, ROLE_ADMIN))
		return outcome_fail(out, OUTCOME_FORBIDDEN, NULL, "只有管理员可以维护错敏词表");
	static const struct info_retire_what what = {"info_wording", "info.wording.retire", "词表中没有这一条",
						     "错敏词表停用一条"};
	return info_retire_row(
	    w, db_prepare(w, "UPDATE info_wording SET retired_at = :now WHERE id = :id AND retired_at = 0"), actor, id,
	    now, &what, out);
}

void info_scan_free(struct info_scan_row *rows, size_t count)
{
	for (size_t i = 0; rows && i < count; i++)
		info_check_free(&rows[i].check);
	free(rows);
}

int info_check_scan(struct db *db, int64_t agency_id, struct info_scan_row **out, size_t *count, size_t *scanned)
{
	*out = NULL;
	*count = *scanned = 0;
	struct db_stmt *st = db_prepare(db, "SELECT id, index_no, title, body FROM info_item WHERE agency_id = "
					    ":agency AND status = 'published' ORDER BY published_at DESC, id DESC");
	if (!st || db_bind_int(st, ":agency", agency_id) < 0)
		return -1;
	/* The wording list is read by a statement of its own, so copy each row before checking it. */
	struct info_item *items = NULL;
	size_t n = 0;
	int rc;
	while ((rc = db_step(st)) == 1) {
		items = xrealloc(items, (n + 1) * sizeof *items);
		memset(&items[n], 0, sizeof items[n]);
		items[n].id = db_column_int(st, 0);
		db_column_copy(st, 1, items[n].index_no, sizeof items[n].index_no);
		items[n].title = db_column_dup(st, 2);
		items[n].body = db_column_dup(st, 3);
		n++;
	}
	for (size_t i = 0; rc == 0 && i < n; i++) {
		struct info_check c;
		if (info_check_text(db, items[i].title, items[i].body, &c) < 0) {
			rc = -1;
			break;
		}
		(*scanned)++;
		if (!c.count)
			continue;
		*out = xrealloc(*out, (*count + 1) * sizeof **out);
		struct info_scan_row *row = &(*out)[(*count)++];
		row->item_id = items[i].id;
		memcpy(row->index_no, items[i].index_no, sizeof row->index_no);
		snprintf(row->title, sizeof row->title, "%s", items[i].title ? items[i].title : "");
		row->check = c;
	}
	for (size_t i = 0; i < n; i++)
		info_item_free(&items[i]);
	free(items);
	if (rc < 0) {
		info_scan_free(*out, *count);
		*out = NULL;
		*count = 0;
		return -1;
	}
	return 0;
}
