/* agency.c — the agency tree: validation (including the GB 32100-2015 check character of the
 * 统一社会信用代码, via idcheck.h), storage and tree queries (WITH RECURSIVE, portable to PostgreSQL). See agency.h. */
#include "domain/agency.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "domain/idcheck.h"
#include "util/buf.h"

static const char *const level_names[] = {NULL, "province", "city", "county", "township", "subdistrict", "department"};
static const char *const level_names_zh[] = {NULL, "省", "市", "县", "乡镇", "街道", "部门"};

const char *agency_level_name(enum agency_level level)
{
	return level >= AGENCY_PROVINCE && level <= AGENCY_DEPARTMENT ? level_names[level] : NULL;
}

const char *agency_level_name_zh(enum agency_level level)
{
	return level >= AGENCY_PROVINCE && level <= AGENCY_DEPARTMENT ? level_names_zh[level] : NULL;
}

int agency_level_parse(const char *text, enum agency_level *level)
{
	if (strcmp(text, "乡镇街道") == 0) {
		*level = AGENCY_TOWNSHIP;
		return 0;
	}
	for (int i = AGENCY_PROVINCE; i <= AGENCY_DEPARTMENT; i++) {
		if (strcmp(text, level_names[i]) == 0 || strcmp(text, level_names_zh[i]) == 0) {
			*level = (enum agency_level)i;
			return 0;
		}
	}
	return -1;
}

bool agency_uscc_valid(const char *code)
{
	return idcheck_uscc(code);
}

/* A field's byte limit check: "" ok; too long → message naming the field. */
static bool fits(const char *value, size_t size, const char *label, char *err, size_t errlen)
{
	if (strnlen(value, size) < size)
		return true;
	snprintf(err, errlen, "%s过长", label);
	return false;
}

static bool email_plausible(const char *email)
{
	const char *at = strchr(email, '@');
	return at && at != email && strchr(at + 1, '.') && !strchr(at + 1, '@') && !strpbrk(email, " \t<>\"");
}

bool agency_validate(const struct agency *a, char *err, size_t errlen)
{
	if (!agency_level_name(a->level)) {
		snprintf(err, errlen, "机关层级无效（应为 省/市/县/乡镇/街道/部门）");
		return false;
	}
	if (a->name[0] == '\0') {
		snprintf(err, errlen, "机关名称不能为空");
		return false;
	}
	char why[256];
	if (a->uscc[0] && idcheck_uscc_why(a->uscc, why, sizeof why) < 0) {
		snprintf(err, errlen, "%s（“%.18s”）", why, a->uscc);
		return false;
	}
	if (a->email[0] && !email_plausible(a->email)) {
		snprintf(err, errlen, "电子邮箱“%.100s”格式不正确", a->email);
		return false;
	}
	return fits(a->name, sizeof a->name, "机关名称", err, errlen) &&
	       fits(a->short_name, sizeof a->short_name, "简称", err, errlen) &&
	       fits(a->address, sizeof a->address, "办公地址", err, errlen) &&
	       fits(a->postcode, sizeof a->postcode, "邮政编码", err, errlen) &&
	       fits(a->office_hours, sizeof a->office_hours, "办公时间", err, errlen) &&
	       fits(a->phone, sizeof a->phone, "联系电话", err, errlen) &&
	       fits(a->fax, sizeof a->fax, "传真", err, errlen) &&
	       fits(a->email, sizeof a->email, "电子邮箱", err, errlen) &&
	       fits(a->website_code, sizeof a->website_code, "政府网站标识码", err, errlen) &&
	       fits(a->icp, sizeof a->icp, "ICP 备案号", err, errlen) &&
	       fits(a->police_record, sizeof a->police_record, "公安机关备案号", err, errlen);
}

/* Binds the fields shared by INSERT and UPDATE. */
static void bind_fields(struct db_stmt *st, const struct agency *a)
{
	if (a->parent_id)
		db_bind_int(st, ":parent", a->parent_id);
	else
		db_bind_null(st, ":parent");
	db_bind_int(st, ":level", a->level);
	db_bind_text(st, ":name", a->name);
	db_bind_text(st, ":short_name", a->short_name);
	db_bind_text(st, ":uscc", a->uscc[0] ? a->uscc : NULL);
	db_bind_text(st, ":address", a->address);
	db_bind_text(st, ":postcode", a->postcode);
	db_bind_text(st, ":office_hours", a->office_hours);
	db_bind_text(st, ":phone", a->phone);
	db_bind_text(st, ":fax", a->fax);
	db_bind_text(st, ":email", a->email);
	db_bind_text(st, ":website_code", a->website_code);
	db_bind_text(st, ":icp", a->icp);
	db_bind_text(st, ":police_record", a->police_record);
	db_bind_int(st, ":external", a->external ? 1 : 0);
	if (a->retired_at)
		db_bind_int(st, ":retired_at", a->retired_at);
	else
		db_bind_null(st, ":retired_at");
}

/* Explains a failed write: duplicate code, unknown parent or the database message. */
static void write_error(struct db *w, char *err, size_t errlen)
{
	if (db_last_error(w) == DB_ERR_CONSTRAINT && strstr(db_errmsg(w), "uscc"))
		snprintf(err, errlen, "统一社会信用代码已被其他机关使用");
	else if (db_last_error(w) == DB_ERR_CONSTRAINT && strstr(db_errmsg(w), "FOREIGN KEY"))
		snprintf(err, errlen, "上级机关不存在");
	else
		snprintf(err, errlen, "保存机关失败：%s", db_errmsg(w));
}

int64_t agency_add(struct db *w, const struct agency *a, char *err, size_t errlen)
{
	return agency_add_at(w, a, (int64_t)time(NULL), err, errlen);
}

int64_t agency_add_at(struct db *w, const struct agency *a, int64_t now, char *err, size_t errlen)
{
	if (!agency_validate(a, err, errlen))
		return -1;
	struct db_stmt *st = db_prepare(
	    w, "INSERT INTO agency (parent_id, level, name, short_name, uscc, address, postcode, office_hours, phone, "
	       "fax, email, website_code, icp, police_record, external, retired_at, created_at, updated_at) VALUES "
	       "(:parent, :level, :name, :short_name, :uscc, :address, :postcode, :office_hours, :phone, :fax, "
	       ":email, :website_code, :icp, :police_record, :external, :retired_at, :now, :now) RETURNING id");
	bind_fields(st, a);
	db_bind_int(st, ":now", now);
	int64_t id = 0;
	if (db_step_int(st, &id) != 1) {
		write_error(w, err, errlen);
		return -1;
	}
	return id;
}

int agency_update(struct db *w, const struct agency *a, char *err, size_t errlen)
{
	return agency_update_at(w, a, (int64_t)time(NULL), err, errlen);
}

int agency_update_at(struct db *w, const struct agency *a, int64_t now, char *err, size_t errlen)
{
	if (!agency_validate(a, err, errlen))
		return -1;
	if (a->parent_id) {
		int loop = agency_within(w, a->parent_id, a->id);
		if (loop != 0) {
			snprintf(err, errlen, loop > 0 ? "上级机关不能是本机关或其下级机关" : "查询机关层级失败");
			return -1;
		}
	}
	struct db_stmt *st = db_prepare(
	    w, "UPDATE agency SET parent_id = :parent, level = :level, name = :name, short_name = :short_name, "
	       "uscc = :uscc, address = :address, postcode = :postcode, office_hours = :office_hours, "
	       "phone = :phone, fax = :fax, email = :email, website_code = :website_code, icp = :icp, "
	       "police_record = :police_record, external = :external, retired_at = :retired_at, updated_at = :now "
	       "WHERE id = :id");
	bind_fields(st, a);
	db_bind_int(st, ":now", now);
	db_bind_int(st, ":id", a->id);
	if (db_step(st) < 0) {
		write_error(w, err, errlen);
		return -1;
	}
	return db_changes(w) > 0 ? 1 : 0;
}

#define AGENCY_COLUMNS                                                                                                 \
	"id, coalesce(parent_id, 0), level, name, short_name, coalesce(uscc, ''), address, postcode, office_hours, "   \
	"phone, fax, email, website_code, icp, police_record, external, coalesce(retired_at, 0)"

static void agency_fill(struct db_stmt *st, struct agency *a)
{
	memset(a, 0, sizeof *a);
	a->id = db_column_int(st, 0);
	a->parent_id = db_column_int(st, 1);
	a->level = (enum agency_level)db_column_int(st, 2);
	db_column_copy(st, 3, a->name, sizeof a->name);
	db_column_copy(st, 4, a->short_name, sizeof a->short_name);
	db_column_copy(st, 5, a->uscc, sizeof a->uscc);
	db_column_copy(st, 6, a->address, sizeof a->address);
	db_column_copy(st, 7, a->postcode, sizeof a->postcode);
	db_column_copy(st, 8, a->office_hours, sizeof a->office_hours);
	db_column_copy(st, 9, a->phone, sizeof a->phone);
	db_column_copy(st, 10, a->fax, sizeof a->fax);
	db_column_copy(st, 11, a->email, sizeof a->email);
	db_column_copy(st, 12, a->website_code, sizeof a->website_code);
	db_column_copy(st, 13, a->icp, sizeof a->icp);
	db_column_copy(st, 14, a->police_record, sizeof a->police_record);
	a->external = db_column_int(st, 15) != 0;
	a->retired_at = db_column_int(st, 16);
}

int agency_get(struct db *db, int64_t id, struct agency *out)
{
	struct db_stmt *st = db_prepare(db, "SELECT " AGENCY_COLUMNS " FROM agency WHERE id = :id");
	db_bind_int(st, ":id", id);
	int rc = db_step(st);
	if (rc == 1) {
		agency_fill(st, out);
		db_reset(st);
	}
	return rc;
}

/* Collects every row of st into a malloc'd array. */
static int collect(struct db_stmt *st, struct agency **out, size_t *count)
{
	*out = NULL;
	*count = 0;
	size_t cap = 0;
	int rc;
	while ((rc = db_step(st)) == 1) {
		if (*count == cap) {
			cap = cap ? cap * 2 : 16;
			*out = xrealloc(*out, cap * sizeof **out);
		}
		agency_fill(st, &(*out)[(*count)++]);
	}
	if (rc < 0) {
		free(*out);
		*out = NULL;
		*count = 0;
		return -1;
	}
	return 0;
}

/* Every agency ordered by level, name, id (the sibling order). */
static int agency_children_all(struct db *db, struct agency **out, size_t *count)
{
	struct db_stmt *st = db_prepare(db, "SELECT " AGENCY_COLUMNS " FROM agency ORDER BY level, name, id");
	return collect(st, out, count);
}

int agency_children(struct db *db, int64_t parent_id, struct agency **out, size_t *count)
{
	struct db_stmt *st = db_prepare(db, "SELECT " AGENCY_COLUMNS " FROM agency WHERE coalesce(parent_id, 0) = "
					    ":parent ORDER BY level, name, id");
	db_bind_int(st, ":parent", parent_id);
	return collect(st, out, count);
}

/* Appends the descendants of parent (in the flat, sibling-ordered list all[]) to out in depth-first
 * order. done[] marks rows already emitted (guards against a cycle). */
static void emit_subtree(const struct agency *all, size_t n, bool *done, int64_t parent, int depth, struct agency *out,
			 size_t *count)
{
	for (size_t i = 0; i < n; i++) {
		if (done[i] || all[i].parent_id != parent)
			continue;
		done[i] = true;
		out[*count] = all[i];
		out[(*count)++].depth = depth;
		emit_subtree(all, n, done, all[i].id, depth + 1, out, count);
	}
}

int agency_list(struct db *db, struct agency **out, size_t *count)
{
	struct agency *flat;
	size_t n;
	if (agency_children_all(db, &flat, &n) < 0)
		return -1;
	*out = n ? xmalloc(n * sizeof **out) : NULL;
	*count = 0;
	bool *done = xcalloc(n ? n : 1, sizeof *done);
	emit_subtree(flat, n, done, 0, 0, *out, count);
	for (size_t i = 0; i < n; i++)
		if (!done[i]) /* unreachable from a root: list it anyway rather than hide it */
			(*out)[(*count)++] = flat[i];
	free(done);
	free(flat);
	return 0;
}

int agency_within(struct db *db, int64_t agency_id, int64_t ancestor_id)
{
	struct db_stmt *st = db_prepare(db, "WITH RECURSIVE up(id, parent_id) AS ("
					    " SELECT id, parent_id FROM agency WHERE id = :agency"
					    " UNION ALL"
					    " SELECT a.id, a.parent_id FROM agency a JOIN up ON a.id = up.parent_id)"
					    " SELECT count(*) FROM up WHERE id = :ancestor");
	db_bind_int(st, ":agency", agency_id);
	db_bind_int(st, ":ancestor", ancestor_id);
	int64_t n = 0;
	if (db_step_int(st, &n) < 0)
		return -1;
	return n > 0 ? 1 : 0;
}

int agency_subtree(struct db *db, int64_t root_id, bool active_only, struct agency **out, size_t *count)
{
	struct agency *all;
	size_t n;
	*out = NULL;
	*count = 0;
	if (agency_list(db, &all, &n) != 0)
		return -1;
	size_t start = n;
	for (size_t i = 0; i < n && start == n; i++)
		if (all[i].id == root_id)
			start = i;
	/* in tree order the subtree is the run after the root whose depth is greater than the root's */
	size_t end = start;
	while (end < n && (end == start || all[end].depth > all[start].depth))
		end++;
	if (end > start)
		*out = xmalloc((end - start) * sizeof **out);
	for (size_t i = start; i < end; i++) {
		if (active_only && all[i].retired_at)
			continue;
		(*out)[*count] = all[i];
		(*out)[(*count)++].depth = all[i].depth - all[start].depth;
	}
	free(all);
	if (*count == 0) {
		free(*out);
		*out = NULL;
	}
	return 0;
}

int agency_retire(struct db *w, int64_t id, int64_t now, char *err, size_t errlen)
{
	struct agency a;
	int rc = agency_get(w, id, &a);
	if (rc <= 0) {
		if (rc < 0)
			snprintf(err, errlen, "读取机关失败");
		return rc;
	}
	if (a.retired_at) {
		snprintf(err, errlen, "机关“%s”已撤销", a.name);
		return -1;
	}
	int64_t active = 0;
	struct db_stmt *st = db_prepare(w, "SELECT count(*) FROM agency WHERE parent_id = :id AND retired_at IS NULL");
	db_bind_int(st, ":id", id);
	if (db_step_int(st, &active) < 0) {
		snprintf(err, errlen, "读取下级机关失败");
		return -1;
	}
	if (active > 0) {
		snprintf(err, errlen, "机关“%s”还有 %lld 个未撤销的下级机关，请先撤销或移走它们", a.name,
			 (long long)active);
		return -1;
	}
	st = db_prepare(w, "UPDATE agency SET retired_at = :now, updated_at = :now WHERE id = :id");
	db_bind_int(st, ":now", now);
	db_bind_int(st, ":id", id);
	if (db_step(st) < 0) {
		snprintf(err, errlen, "撤销机关失败：%s", db_errmsg(w));
		return -1;
	}
	return 1;
}

int64_t agency_count(struct db *db)
{
	int64_t n = 0;
	return db_step_int(db_prepare(db, "SELECT count(*) FROM agency"), &n) < 0 ? -1 : n;
}

int64_t agency_site_id(struct db *db)
{
	int64_t id = 0;
	struct db_stmt *st =
	    db_prepare(db, "SELECT a.id FROM settings s JOIN agency a ON a.id = CAST(s.value AS INTEGER) "
			   "WHERE s.name = 'site_agency_id'");
	int rc = db_step_int(st, &id);
	if (rc < 0)
		return -1;
	if (rc == 1)
		return id;
	st = db_prepare(db, "SELECT id FROM agency WHERE parent_id IS NULL ORDER BY level, name, id LIMIT 1");
	rc = db_step_int(st, &id);
	return rc < 0 ? -1 : rc == 1 ? id : 0;
}

int agency_set_site(struct db *w, int64_t agency_id, int64_t by, int64_t now, char *err, size_t errlen)
{
	struct agency a;
	if (agency_get(w, agency_id, &a) != 1) {
		snprintf(err, errlen, "机关 %lld 不存在", (long long)agency_id);
		return -1;
	}
	char value[32];
	snprintf(value, sizeof value, "%lld", (long long)agency_id);
	struct db_stmt *st = db_prepare(w, "INSERT INTO settings (name, value, updated_at, updated_by) "
					   "VALUES ('site_agency_id', :value, :now, :by) "
					   "ON CONFLICT (name) DO UPDATE SET value = excluded.value, "
					   "updated_at = excluded.updated_at, updated_by = excluded.updated_by");
	db_bind_text(st, ":value", value);
	db_bind_int(st, ":now", now);
	db_bind_int(st, ":by", by);
	if (db_step(st) < 0) {
		snprintf(err, errlen, "保存门户所属机关失败");
		return -1;
	}
	return 0;
}
