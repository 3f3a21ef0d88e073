/* item.c — information items: validation of the editable fields (with Chinese messages naming the
 * field), allocation of the 索引号 from the agency's pattern and its never-decreasing serial counter,
 * creation and editing of drafts, and reading items back. Workflow steps live in workflow.c. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/accounts.h"
#include "domain/agency.h"
#include "domain/audit.h"
#include "info/info_internal.h"
#include "info/info_meta.h"
#include "info/info_search_index.h"
#include "util/buf.h"
#include "util/china_time.h"
#include "util/utf8.h"

#define TITLE_MAX_CHARS		200
#define DOC_NO_MAX_CHARS	64
#define PUBLISHER_MAX_CHARS	96
#define SUMMARY_MAX_CHARS	2000
#define BODY_MAX_BYTES		(512 * 1024)
#define SUMMARY_FROM_BODY_CHARS 120
#define INDEX_ATTEMPTS		50

/* The fields after validation, owned (malloc'd) by this struct. */
struct item_fields {
	struct info_category category;
	char *title, *doc_no, *publisher, *summary, *body, *body_html, *body_text;
	int formed_on;
	enum info_doc_type doc_type;
	char theme[16]; /* 主题分类 of a new item: the category's default (info_meta.h) */
};

static void fields_free(struct item_fields *f)
{
	free(f->title);
	free(f->doc_no);
	free(f->publisher);
	free(f->summary);
	free(f->body);
	free(f->body_html);
	free(f->body_text);
	memset(f, 0, sizeof *f);
}

/* The first n characters of text (whitespace runs folded to one space), malloc'd. */
static char *first_chars(const char *text, size_t n)
{
	struct buf b = {0};
	buf_puts(&b, "");
	bool space = false;
	for (const char *p = text; *p && n > 0; p++) {
		if (*p == '\n' || *p == '\r' || *p == '\t' || *p == ' ') {
			space = b.len > 0;
			continue;
		}
		if (space)
			buf_putc(&b, ' ');
		space = false;
		size_t len = utf8_char_len(p);
		buf_append(&b, p, len);
		p += len - 1;
		n--;
	}
	return buf_take(&b);
}

static enum outcome_code check_lengths(const struct item_fields *f, struct outcome *out)
{
	if (utf8_chars(f->title) == 0)
		return outcome_fail(out, OUTCOME_INVALID, "title", "标题：不能为空");
	if (utf8_chars(f->title) > TITLE_MAX_CHARS)
		return outcome_fail(out, OUTCOME_INVALID, "title", "标题：不能超过 %d 个字", TITLE_MAX_CHARS);
	if (utf8_chars(f->doc_no) > DOC_NO_MAX_CHARS)
		return outcome_fail(out, OUTCOME_INVALID, "doc_no", "文号：不能超过 %d 个字", DOC_NO_MAX_CHARS);
	if (utf8_chars(f->publisher) > PUBLISHER_MAX_CHARS)
		return outcome_fail(out, OUTCOME_INVALID, "publisher", "发布机构：不能超过 %d 个字",
				    PUBLISHER_MAX_CHARS);
	if (utf8_chars(f->summary) > SUMMARY_MAX_CHARS)
		return outcome_fail(out, OUTCOME_INVALID, "summary", "内容概述：不能超过 %d 个字", SUMMARY_MAX_CHARS);
	if (strlen(f->body) > BODY_MAX_BYTES)
		return outcome_fail(out, OUTCOME_INVALID, "body", "正文：过长（最多 %d KB）", BODY_MAX_BYTES / 1024);
	return OUTCOME_OK;
}

static enum outcome_code check_date_and_type(const struct info_item_input *in, int64_t now, struct item_fields *f,
					     struct outcome *out)
{
	const char *formed = in->formed_on ? in->formed_on : "";
	if (!*formed)
		return outcome_fail(out, OUTCOME_INVALID, "formed_on", "生成日期：不能为空");
	if (cal_parse_iso(formed, strlen(formed), &f->formed_on) < 0)
		return outcome_fail(out, OUTCOME_INVALID, "formed_on", "生成日期：应为有效日期，格式 YYYY-MM-DD");
	if (f->formed_on > china_day(now))
		return outcome_fail(out, OUTCOME_INVALID, "formed_on", "生成日期：不能晚于今天");
	int type = in->doc_type && *in->doc_type ? info_doc_type_parse(in->doc_type) : INFO_DOC_OTHER;
	if (type < 0)
		return outcome_fail(out, OUTCOME_INVALID, "doc_type",
				    "文件类型：应为 regulation（规章）、normative（行政规范性文件）或 other（其他）");
	f->doc_type = (enum info_doc_type)type;
	return OUTCOME_OK;
}

/* Validates the input into f (which the caller frees with fields_free in every case). */
static enum outcome_code validate(struct db *w, const struct actor *actor, const struct info_item_input *in,
				  int64_t now, struct item_fields *f, struct outcome *out)
{
	memset(f, 0, sizeof *f);
	int rc = info_category_resolve(w, actor->agency_id, in->category, &f->category);
	if (rc < 0)
		return outcome_fail(out, OUTCOME_STORAGE, NULL, "数据库错误");
	if (rc == 0)
		return outcome_fail(out, OUTCOME_INVALID, "category",
				    in->category && *in->category ? "信息类别：本机关没有这个类别（或已停用）"
								  : "信息类别：请选择");
	f->title = info_trim_dup(in->title);
	f->doc_no = info_trim_dup(in->doc_no);
	f->publisher = info_trim_dup(in->publisher);
	f->summary = info_trim_dup(in->summary);
	f->body = xstrdup(in->body ? in->body : "");
	enum outcome_code code = check_lengths(f, out);
	if (code == OUTCOME_OK)
		code = check_date_and_type(in, now, f, out);
	if (code != OUTCOME_OK)
		return code;
	if (!*f->publisher) {
		struct agency a;
		if (agency_get(w, actor->agency_id, &a) != 1)
			return outcome_fail(out, OUTCOME_STORAGE, NULL, "找不到本机关");
		free(f->publisher);
		f->publisher = xstrdup(a.name);
	}
	if ((code = info_publisher_check(w, actor->agency_id, f->publisher, out)) != OUTCOME_OK ||
	    (code = info_theme_default_of(w, f->category.code, f->theme, out)) != OUTCOME_OK)
		return code;
	f->body_html = info_markdown_html(f->body);
	f->body_text = info_markdown_text(f->body);
	if (!*f->summary) {
		free(f->summary);
		f->summary = first_chars(*f->body_text ? f->body_text : f->title, SUMMARY_FROM_BODY_CHARS);
	}
	return OUTCOME_OK;
}

/* The {agency} code of the pattern: the setting, else the 统一社会信用代码, else the agency id. */
static void agency_code(struct db *w, const struct info_settings *s, int64_t agency_id, char *out, size_t size)
{
	struct agency a;
	if (*s->agency_code)
		snprintf(out, size, "%s", s->agency_code);
	else if (agency_get(w, agency_id, &a) == 1 && *a.uscc)
		snprintf(out, size, "%s", a.uscc);
	else
		snprintf(out, size, "%" PRId64, agency_id);
}

static int64_t next_serial(struct db *w, int64_t agency_id, const char *scope)
{
	struct db_stmt *st = db_prepare(w, "INSERT INTO info_index_serial (agency_id, scope, last_serial) "
					   "VALUES (:agency, :scope, 1) ON CONFLICT (agency_id, scope) "
					   "DO UPDATE SET last_serial = info_index_serial.last_serial + 1 "
					   "RETURNING last_serial");
	int64_t serial = -1;
	if (!st || db_bind_int(st, ":agency", agency_id) < 0 || db_bind_text(st, ":scope", scope) < 0 ||
	    db_step_int(st, &serial) != 1)
		return -1;
	return serial;
}

static int index_taken(struct db *w, const char *index_no)
{
	int64_t n = 0;
	struct db_stmt *st = db_prepare(w, "SELECT count(*) FROM info_item WHERE index_no = :no");
	if (!st || db_bind_text(st, ":no", index_no) < 0 || db_step_int(st, &n) != 1)
		return -1;
	return n > 0;
}

/* Allocates the next free 索引号 of the scope into out. Returns 0 or -1. */
static int allocate_index(struct db *w, int64_t agency_id, const struct item_fields *f, char *out, size_t size)
{
	struct info_settings s;
	if (info_settings_get(w, agency_id, &s) < 0)
		return -1;
	char code[64], scope[96];
	agency_code(w, &s, agency_id, code, sizeof code);
	int year;
	cal_date_from_day(f->formed_on, &year, &(int){0}, &(int){0});
	int rc = info_index_format(s.index_pattern, code, f->category.code, year, -1, scope, sizeof scope);
	for (int attempt = 0; rc == 0 && attempt < INDEX_ATTEMPTS; attempt++) {
		int64_t serial = next_serial(w, agency_id, scope);
		if (serial < 0 ||
		    info_index_format(s.index_pattern, code, f->category.code, year, serial, out, size) < 0)
			break;
		int taken = index_taken(w, out);
		if (taken == 0) {
			info_settings_free(&s);
			return 0;
		}
		if (taken < 0)
			break;
	}
	info_settings_free(&s);
	return -1;
}

static int add_editor(struct db *w, int64_t item_id, int64_t user_id)
{
	struct db_stmt *st = db_prepare(w, "INSERT INTO info_item_editor (item_id, user_id) VALUES (:item, :user) "
					   "ON CONFLICT DO NOTHING");
	if (!st || db_bind_int(st, ":item", item_id) < 0 || db_bind_int(st, ":user", user_id) < 0)
		return -1;
	return db_step(st) < 0 ? -1 : 0;
}

int64_t info_doc_no_duplicates(struct db *db, int64_t agency_id, const char *doc_no, int64_t except_id)
{
	if (!doc_no || !*doc_no)
		return 0;
	int64_t n = -1;
	struct db_stmt *st =
	    db_prepare(db, "SELECT count(*) FROM info_item WHERE agency_id = :agency AND "
			   "doc_no = :doc_no AND id <> :id AND status NOT IN ('classified', 'withdrawn')");
	if (!st || db_bind_int(st, ":agency", agency_id) < 0 || db_bind_text(st, ":doc_no", doc_no) < 0 ||
	    db_bind_int(st, ":id", except_id) < 0 || db_step_int(st, &n) != 1)
		return -1;
	return n;
}

static void warn_duplicate_doc_no(struct db *w, int64_t agency_id, const char *doc_no, int64_t id, struct outcome *out)
{
	int64_t dup = info_doc_no_duplicates(w, agency_id, doc_no, id);
	if (dup > 0 && out)
		snprintf(out->warning, sizeof out->warning, "文号“%s”已被本机关另外 %lld 条信息使用，请核对", doc_no,
			 (long long)dup);
}

static int64_t insert_item(struct db *w, const struct actor *actor, const struct item_fields *f, const char *index_no,
			   int64_t now)
{
	char formed[CAL_ISO_SIZE];
	struct db_stmt *st = db_prepare(
	    w, "INSERT INTO info_item (agency_id, category_id, index_no, title, doc_no, publisher, formed_on, "
	       "summary, body, body_html, body_text, doc_type, theme_code, status, created_by, created_at, updated_at) "
	       "VALUES (:agency, :category, :index_no, :title, :doc_no, :publisher, :formed_on, :summary, :body, "
	       ":body_html, :body_text, :doc_type, :theme, 'draft', :user, :now, :now) RETURNING id");
	if (!st)
		return -1;
	db_bind_int(st, ":agency", actor->agency_id);
	db_bind_int(st, ":category", f->category.id);
	db_bind_text(st, ":index_no", index_no);
	db_bind_text(st, ":title", f->title);
	db_bind_text(st, ":doc_no", f->doc_no);
	db_bind_text(st, ":publisher", f->publisher);
	db_bind_text(st, ":formed_on", cal_format_iso(f->formed_on, formed));
	db_bind_text(st, ":summary", f->summary);
	db_bind_text(st, ":body", f->body);
	db_bind_text(st, ":body_html", f->body_html);
	db_bind_text(st, ":body_text", f->body_text);
	db_bind_text(st, ":doc_type", info_doc_type_name(f->doc_type));
	db_bind_text(st, ":theme", f->theme);
	db_bind_int(st, ":user", actor->user_id);
	db_bind_int(st, ":now", now);
	int64_t id = 0;
	return db_step_int(st, &id) == 1 ? id : -1;
}

/* Writes the item's search index row (PostgreSQL; SQLite's triggers keep FTS5 in step) in the job that
 * wrote its text: OUTCOME_OK, OUTCOME_INVALID for a text with more distinct terms than PostgreSQL's
 * tsvector holds (a body of random characters), OUTCOME_STORAGE. */
static enum outcome_code index_item(struct db *w, int64_t id, const struct item_fields *f, struct outcome *out)
{
	int rc = search_index_item(w, id, f->title, f->doc_no, f->summary, f->body_text);
	if (rc > 0)
		return outcome_fail(out, OUTCOME_INVALID, "body", "正文：不同的字词过多，无法建立检索索引");
	if (rc < 0)
		return outcome_fail(out, OUTCOME_STORAGE, NULL, "数据库错误：%s", db_errmsg(w));
	return OUTCOME_OK;
}

enum outcome_code info_item_create(struct db *w, const struct actor *actor, const struct info_item_input *in,
				   int64_t now, int64_t *id, struct outcome *out)
{
	outcome_clear(out);
	*id = 0;
	if (!actor_has(actor, ROLE_EDITOR))
		return outcome_fail(out, OUTCOME_FORBIDDEN, NULL, "只有编辑可以起草信息");
	struct item_fields f;
	enum outcome_code code = validate(w, actor, in, now, &f, out);
	char index_no[96];
	if (code == OUTCOME_OK && allocate_index(w, actor->agency_id, &f, index_no, sizeof index_no) < 0)
		code = outcome_fail(out, OUTCOME_STORAGE, NULL, "无法生成索引号（请检查索引号规则）");
	if (code == OUTCOME_OK && (*id = insert_item(w, actor, &f, index_no, now)) < 0)
		code = outcome_fail(out, OUTCOME_STORAGE, NULL, "数据库错误：%s", db_errmsg(w));
	if (code == OUTCOME_OK)
		code = index_item(w, *id, &f, out);
	struct info_item it = {0};
	if (code == OUTCOME_OK && (add_editor(w, *id, actor->user_id) < 0 || info_item_get(w, *id, &it) != 1 ||
				   info_record_step(w, actor, &it, "create", INFO_DRAFT, NULL, now) < 0))
		code = outcome_fail(out, OUTCOME_STORAGE, NULL, "数据库错误：%s", db_errmsg(w));
	if (code == OUTCOME_OK)
		warn_duplicate_doc_no(w, actor->agency_id, f.doc_no, *id, out);
	info_item_free(&it);
	fields_free(&f);
	if (code != OUTCOME_OK)
		*id = 0;
	return code;
}

static int update_row(struct db *w, int64_t id, const struct item_fields *f, int64_t now)
{
	char formed[CAL_ISO_SIZE];
	struct db_stmt *st =
	    db_prepare(w, "UPDATE info_item SET category_id = :category, title = :title, doc_no = :doc_no, "
			  "publisher = :publisher, formed_on = :formed_on, summary = :summary, body = :body, "
			  "body_html = :body_html, body_text = :body_text, doc_type = :doc_type, updated_at = :now "
			  "WHERE id = :id");
	if (!st)
		return -1;
	db_bind_int(st, ":category", f->category.id);
	db_bind_text(st, ":title", f->title);
	db_bind_text(st, ":doc_no", f->doc_no);
	db_bind_text(st, ":publisher", f->publisher);
	db_bind_text(st, ":formed_on", cal_format_iso(f->formed_on, formed));
	db_bind_text(st, ":summary", f->summary);
	db_bind_text(st, ":body", f->body);
	db_bind_text(st, ":body_html", f->body_html);
	db_bind_text(st, ":body_text", f->body_text);
	db_bind_text(st, ":doc_type", info_doc_type_name(f->doc_type));
	db_bind_int(st, ":now", now);
	db_bind_int(st, ":id", id);
	return db_step(st) < 0 ? -1 : 0;
}

enum outcome_code info_item_update(struct db *w, const struct actor *actor, int64_t id,
				   const struct info_item_input *in, int64_t now, struct outcome *out)
{
	outcome_clear(out);
	if (!actor_has(actor, ROLE_EDITOR))
		return outcome_fail(out, OUTCOME_FORBIDDEN, NULL, "只有编辑可以修改信息");
	struct info_item it = {0};
	int rc = info_item_get(w, id, &it);
	enum outcome_code code = OUTCOME_OK;
	if (rc < 0)
		code = outcome_fail(out, OUTCOME_STORAGE, NULL, "数据库错误");
	else if (rc == 0 || it.agency_id != actor->agency_id)
		code = outcome_fail(out, OUTCOME_NOT_FOUND, NULL, "没有这条信息");
	else if (it.status != INFO_DRAFT && it.status != INFO_RETURNED)
		code = outcome_fail(out, OUTCOME_CONFLICT, NULL, "信息处于“%s”状态，只有草稿或被退回的信息可以修改",
				    info_status_zh(it.status));
	struct item_fields f = {0};
	if (code == OUTCOME_OK)
		code = validate(w, actor, in, now, &f, out);
	if (code == OUTCOME_OK && (update_row(w, id, &f, now) < 0 || add_editor(w, id, actor->user_id) < 0 ||
				   info_record_step(w, actor, &it, "update", it.status, NULL, now) < 0))
		code = outcome_fail(out, OUTCOME_STORAGE, NULL, "数据库错误：%s", db_errmsg(w));
	if (code == OUTCOME_OK)
		code = index_item(w, id, &f, out);
	if (code == OUTCOME_OK)
		warn_duplicate_doc_no(w, actor->agency_id, f.doc_no, id, out);
	fields_free(&f);
	info_item_free(&it);
	return code;
}

/* ---- reading ---- */

#define ITEM_SELECT                                                                                                    \
	"SELECT i.id, i.agency_id, i.category_id, i.index_no, coalesce(c.name, ''), i.title, i.doc_no, i.publisher, "  \
	"i.summary, i.body, i.body_html, i.body_text, i.formed_on, i.doc_type, i.validity, i.validity_on, i.status, "  \
	"i.published_at, i.published_on, i.due_on, i.late, i.withdrawn_at, i.withdraw_reason, i.created_by, "          \
	"i.created_at, i.updated_at, i.theme_code, coalesce(t.name, ''), i.replaced_by FROM info_item i "              \
	"LEFT JOIN info_category c ON c.id = i.category_id LEFT JOIN info_theme t ON t.code = i.theme_code "

static int day_column(struct db_stmt *st, int col)
{
	const char *text = db_column_text(st, col);
	int day;
	if (!text || cal_parse_iso(text, strlen(text), &day) < 0)
		return CAL_NO_DAY;
	return day;
}

static char *text_column(struct db_stmt *st, int col)
{
	char *s = db_column_dup(st, col);
	return s ? s : xstrdup("");
}

static void read_item(struct db_stmt *st, struct info_item *it)
{
	memset(it, 0, sizeof *it);
	it->id = db_column_int(st, 0);
	it->agency_id = db_column_int(st, 1);
	it->category_id = db_column_int(st, 2);
	db_column_copy(st, 3, it->index_no, sizeof it->index_no);
	db_column_copy(st, 4, it->category_name, sizeof it->category_name);
	it->title = text_column(st, 5);
	it->doc_no = text_column(st, 6);
	it->publisher = text_column(st, 7);
	it->summary = text_column(st, 8);
	it->body = text_column(st, 9);
	it->body_html = text_column(st, 10);
	it->body_text = text_column(st, 11);
	it->formed_on = day_column(st, 12);
	int type = info_doc_type_parse(db_column_text(st, 13));
	it->doc_type = type < 0 ? INFO_DOC_OTHER : (enum info_doc_type)type;
	int validity = info_validity_parse(db_column_text(st, 14));
	it->validity = validity < 0 ? INFO_VALID : (enum info_validity)validity;
	it->validity_on = day_column(st, 15);
	int status = info_status_parse(db_column_text(st, 16));
	it->status = status < 0 ? INFO_DRAFT : (enum info_status)status;
	it->published_at = db_column_int(st, 17);
	it->published_on = day_column(st, 18);
	it->due_on = day_column(st, 19);
	it->late = db_column_bool(st, 20);
	it->withdrawn_at = db_column_int(st, 21);
	it->withdraw_reason = text_column(st, 22);
	it->created_by = db_column_int(st, 23);
	it->created_at = db_column_int(st, 24);
	it->updated_at = db_column_int(st, 25);
	db_column_copy(st, 26, it->theme_code, sizeof it->theme_code);
	db_column_copy(st, 27, it->theme_name, sizeof it->theme_name);
	it->replaced_by = db_column_int(st, 28);
}

int info_item_get(struct db *db, int64_t id, struct info_item *out)
{
	memset(out, 0, sizeof *out);
	struct db_stmt *st = db_prepare(db, ITEM_SELECT "WHERE i.id = :id");
	if (!st || db_bind_int(st, ":id", id) < 0)
		return -1;
	int rc = db_step(st);
	if (rc == 1) {
		read_item(st, out);
		db_reset(st);
	}
	return rc;
}

bool info_item_public(const struct info_item *it, int64_t now)
{
	return it->status == INFO_PUBLISHED && it->published_at > 0 && it->published_at <= now;
}

int info_item_get_public(struct db *db, int64_t id, int64_t now, struct info_item *out)
{
	int rc = info_item_get(db, id, out);
	if (rc == 1 && !info_item_public(out, now)) {
		info_item_free(out);
		return 0;
	}
	return rc;
}

void info_item_free(struct info_item *it)
{
	if (!it)
		return;
	free(it->title);
	free(it->doc_no);
	free(it->publisher);
	free(it->summary);
	free(it->body);
	free(it->body_html);
	free(it->body_text);
	free(it->withdraw_reason);
	memset(it, 0, sizeof *it);
}

int info_item_edited_by(struct db *db, int64_t item_id, int64_t user_id)
{
	int64_t n = 0;
	struct db_stmt *st = db_prepare(db, "SELECT count(*) FROM info_item_editor WHERE item_id = :item AND "
					    "user_id = :user");
	if (!st || db_bind_int(st, ":item", item_id) < 0 || db_bind_int(st, ":user", user_id) < 0 ||
	    db_step_int(st, &n) != 1)
		return -1;
	return n > 0;
}

/* ---- back-office list ---- */

static void read_row(struct db_stmt *st, struct info_row *row)
{
	memset(row, 0, sizeof *row);
	row->id = db_column_int(st, 0);
	db_column_copy(st, 1, row->index_no, sizeof row->index_no);
	db_column_copy(st, 2, row->title, sizeof row->title);
	row->category_id = db_column_int(st, 3);
	db_column_copy(st, 4, row->category_name, sizeof row->category_name);
	int status = info_status_parse(db_column_text(st, 5));
	row->status = status < 0 ? INFO_DRAFT : (enum info_status)status;
	row->updated_at = db_column_int(st, 6);
	row->formed_on = day_column(st, 7);
	row->published_on = day_column(st, 8);
	row->due_on = day_column(st, 9);
	row->late = db_column_bool(st, 10);
	row->published_at = db_column_int(st, 11);
}

#define ROW_FILTER "WHERE i.agency_id = :agency AND (:status = '' OR i.status = :status) AND (:late = 0 OR i.late = 1) "

int64_t info_item_list(struct db *db, int64_t agency_id, int status, bool late_only, size_t limit, size_t offset,
		       struct info_row **out, size_t *count)
{
	*out = NULL;
	*count = 0;
	const char *status_name = status >= 0 ? info_status_name((enum info_status)status) : "";
	int64_t total = -1;
	struct db_stmt *st = db_prepare(db, "SELECT count(*) FROM info_item i " ROW_FILTER);
	if (!st || db_bind_int(st, ":agency", agency_id) < 0 || db_bind_text(st, ":status", status_name) < 0 ||
	    db_bind_bool(st, ":late", late_only) < 0 || db_step_int(st, &total) != 1)
		return -1;
	st = db_prepare(db, "SELECT i.id, i.index_no, i.title, i.category_id, coalesce(c.name, ''), i.status, "
			    "i.updated_at, i.formed_on, i.published_on, i.due_on, i.late, i.published_at "
			    "FROM info_item i LEFT JOIN info_category c ON c.id = i.category_id " ROW_FILTER
			    "ORDER BY i.updated_at DESC, i.id DESC LIMIT :limit OFFSET :offset");
	if (!st)
		return -1;
	db_bind_int(st, ":agency", agency_id);
	db_bind_text(st, ":status", status_name);
	db_bind_bool(st, ":late", late_only);
	db_bind_int(st, ":limit", (int64_t)limit);
	db_bind_int(st, ":offset", (int64_t)offset);
	*out = xcalloc(limit ? limit : 1, sizeof **out);
	int rc;
	while ((rc = db_step(st)) == 1 && *count < limit)
		read_row(st, &(*out)[(*count)++]);
	if (rc == 1)
		db_reset(st);
	if (rc < 0) {
		free(*out);
		*out = NULL;
		*count = 0;
		return -1;
	}
	return total;
}
