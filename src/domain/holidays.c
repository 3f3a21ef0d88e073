/* holidays.c — holiday schedules loaded by an administrator (table holiday_schedule) and the effective
 * working-day calendar: the schedules built into the binary, each loaded year replacing its built-in one.
 *
 * Validation is the calendar parser's (calendar_load_text names the bad line in Chinese); on top of it
 * this file insists that one load is one year, so an administrator who pastes two years, or a text
 * without a single day of the year it claims, is told so instead of silently changing other years.
 * The calendar's "# version" label is set to the built-in label plus the load counter, which makes
 * calendar_version() — printed in every deadline derivation — change with every load. */
#include "domain/holidays.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/audit.h"
#include "util/buf.h"
#include "util/embedded.h"
#include "util/utf8.h"

#define LABEL_BASE_MAX 96 /* the version label may hold 128 bytes: room for "+loaded-r<n>" */

static int fail(char *err, size_t errlen, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static int fail(char *err, size_t errlen, const char *fmt, ...)
{
	if (err && errlen) {
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(err, errlen, fmt, ap);
		va_end(ap);
	}
	return -1;
}

/* ---- checking a text ------------------------------------------------------------------------ */

static bool blank_text(const char *text, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (text[i] != ' ' && text[i] != '\t' && text[i] != '\r' && text[i] != '\n')
			return false;
	return true;
}

/* The first blank-separated token of a line: *start and its length. */
static size_t first_token(const char *line, size_t len, const char **start)
{
	size_t i = 0;
	while (i < len && (line[i] == ' ' || line[i] == '\t'))
		i++;
	size_t j = i;
	while (j < len && line[j] != ' ' && line[j] != '\t' && line[j] != '\r')
		j++;
	*start = line + i;
	return j - i;
}

/* A day line may list a day of the year itself or of the preceding December (元旦 arrangements). */
static bool day_belongs(int day, int year)
{
	int y, m, d;
	cal_date_from_day(day, &y, &m, &d);
	return y == year || (y == year - 1 && m == 12);
}

/* Finds the first day line outside the year (the parser itself accepts year ± 1). Returns 0 or -1. */
static int check_day_lines(const char *text, size_t len, int year, char *err, size_t errlen)
{
	size_t line_no = 0;
	for (const char *p = text, *end = text + len; p < end;) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t line_len = (size_t)((nl ? nl : end) - p);
		const char *tok;
		size_t tok_len = first_token(p, line_len, &tok);
		int day;
		line_no++;
		if (cal_parse_iso(tok, tok_len, &day) == 0 && !day_belongs(day, year))
			return fail(err, errlen,
				    "第 %zu 行：日期 %.*s 不属于 %d 年度；一次只能载入一个年度，日期应在 %d 年内"
				    "（或因元旦调休列出的 %d 年 12 月）",
				    line_no, (int)tok_len, tok, year, year, year - 1);
		p = nl ? nl + 1 : end;
	}
	return 0;
}

struct day_counts {
	int off, work, in_year; /* in_year: listed days dated in the schedule year itself */
};

/* Counts the days a calendar holding only one schedule lists around that year. */
static struct day_counts count_listed(const struct calendar *cal, int year)
{
	struct day_counts c = {0};
	int first = cal_day_from_date(year - 1, 1, 1), last = cal_day_from_date(year + 1, 12, 31);
	int year_first = cal_day_from_date(year, 1, 1), year_last = cal_day_from_date(year, 12, 31);
	for (int day = first; day <= last; day++) {
		if (!calendar_day_name(cal, day))
			continue;
		if (calendar_is_workday(cal, day, NULL))
			c.work++;
		else
			c.off++;
		if (day >= year_first && day <= year_last)
			c.in_year++;
	}
	return c;
}

/* Writes the loaded years of cal as "2027、2028" into out. */
static void years_text(const struct calendar *cal, char *out, size_t size)
{
	struct buf b = {0};
	for (size_t i = 0; i < calendar_year_count(cal); i++)
		buf_printf(&b, "%s%d", i ? "、" : "", calendar_year_at(cal, i));
	snprintf(out, size, "%s", b.data ? b.data : "");
	buf_free(&b);
}

/* Checks what holidays_check promises once the parser accepted the text. Returns the year or 0. */
static int check_one_year(const struct calendar *cal, const char *text, size_t len, struct day_counts *counts,
			  char *err, size_t errlen)
{
	if (calendar_year_count(cal) != 1) {
		char years[128];
		years_text(cal, years, sizeof years);
		fail(err, errlen, "文本包含 %zu 个年度（%s）的安排；一次只能载入一个年度，请分别载入",
		     calendar_year_count(cal), years);
		return 0;
	}
	int year = calendar_year_at(cal, 0);
	if (check_day_lines(text, len, year, err, errlen) != 0)
		return 0;
	*counts = count_listed(cal, year);
	if (counts->in_year == 0) {
		fail(err, errlen,
		     "“year %d”之后没有任何 %d 年的日期行；请按“YYYY-MM-DD off 节日名称”和“YYYY-MM-DD work 节日名称”"
		     "逐行列出该年度的放假日和调休上班日",
		     year, year);
		return 0;
	}
	return year;
}

int holidays_check(const char *text, size_t len, int *off_days, int *work_days, char *err, size_t errlen)
{
	if (!text || blank_text(text, len)) {
		fail(err, errlen, "请填写放假安排：一行“year 年份”，其后每行一个日期（YYYY-MM-DD off|work 节日名称）");
		return 0;
	}
	if (len > HOLIDAYS_TEXT_MAX) {
		fail(err, errlen, "放假安排过长（%zu 字节），一个年度最多 %d 字节", len, HOLIDAYS_TEXT_MAX);
		return 0;
	}
	if (!utf8_valid(text, len)) {
		fail(err, errlen, "文本不是有效的 UTF-8 编码或含有空字符，请以 UTF-8 编码保存后重试");
		return 0;
	}
	struct calendar *cal = calendar_new();
	struct day_counts counts = {0};
	int year = calendar_load_text(cal, text, len, err, errlen) == 0
		       ? check_one_year(cal, text, len, &counts, err, errlen)
		       : 0;
	calendar_free(cal);
	if (year && off_days)
		*off_days = counts.off;
	if (year && work_days)
		*work_days = counts.work;
	return year;
}

/* ---- storing -------------------------------------------------------------------------------- */

/* Whether the binary carries a schedule of this year. */
static bool builtin_has_year(int year)
{
	struct calendar *cal = calendar_new();
	bool has = calendar_load_embedded(cal, NULL, 0) == 0 && calendar_has_year(cal, year);
	calendar_free(cal);
	return has;
}

static int store_row(struct db *w, int year, const char *text, const struct day_counts *c, int64_t user_id, int64_t now,
		     int64_t *revision, bool *existed)
{
	int64_t found = 0;
	struct db_stmt *st = db_prepare(w, "SELECT count(*) FROM holiday_schedule WHERE year = :year");
	db_bind_int(st, ":year", year);
	if (db_step_int(st, &found) != 1)
		return -1;
	if (db_step_int(db_prepare(w, "SELECT coalesce(max(revision), 0) + 1 FROM holiday_schedule"), revision) != 1)
		return -1;
	st = db_prepare(w, "DELETE FROM holiday_schedule WHERE year = :year");
	db_bind_int(st, ":year", year);
	if (db_step(st) != 0)
		return -1;
	st = db_prepare(w,
			"INSERT INTO holiday_schedule (year, schedule_text, off_days, work_days, revision, loaded_at, "
			"loaded_by) VALUES (:year, :text, :off, :work, :revision, :at, :by)");
	db_bind_int(st, ":year", year);
	db_bind_text(st, ":text", text);
	db_bind_int(st, ":off", c->off);
	db_bind_int(st, ":work", c->work);
	db_bind_int(st, ":revision", *revision);
	db_bind_int(st, ":at", now);
	db_bind_int(st, ":by", user_id);
	*existed = found > 0;
	return db_step(st) == 0 ? 0 : -1;
}

int holidays_load(struct db *w, const char *text, size_t len, int64_t user_id, const char *ip, int64_t now,
		  bool *replaced, char *err, size_t errlen)
{
	struct day_counts c = {0};
	int year = holidays_check(text, len, &c.off, &c.work, err, errlen);
	if (!year)
		return 0;
	char *copy = xstrndup(text, len);
	int64_t revision = 0;
	bool existed = false;
	int rc = store_row(w, year, copy, &c, user_id, now, &revision, &existed);
	free(copy);
	if (rc != 0)
		return fail(err, errlen, "保存放假安排失败：%s", db_errmsg(w));
	char detail[256];
	snprintf(detail, sizeof detail, "%d 年度放假安排：放假 %d 天，调休上班 %d 天；第 %" PRId64 " 次载入%s", year,
		 c.off, c.work, revision,
		 existed		  ? "，替换此前载入的安排"
		 : builtin_has_year(year) ? "，替换程序内置的安排"
					  : "");
	if (audit_append(w, user_id, 0, existed ? "calendar.replace" : "calendar.load", "holiday_schedule", year,
			 detail, ip, now) <= 0)
		return fail(err, errlen, "写入审计日志失败：%s", db_errmsg(w));
	if (replaced)
		*replaced = existed;
	return year;
}

/* ---- reading -------------------------------------------------------------------------------- */

int holidays_stamp(struct db *db, struct holidays_stamp *out)
{
	struct db_stmt *st = db_prepare(db, "SELECT count(*), coalesce(max(revision), 0) FROM holiday_schedule");
	if (db_step(st) != 1)
		return -1;
	out->count = db_column_int(st, 0);
	out->revision = db_column_int(st, 1);
	db_reset(st);
	return 0;
}

int holidays_text(struct db *db, int year, char **text)
{
	struct db_stmt *st = db_prepare(db, "SELECT schedule_text FROM holiday_schedule WHERE year = :year");
	db_bind_int(st, ":year", year);
	int rc = db_step(st);
	if (rc != 1)
		return rc;
	*text = db_column_dup(st, 0);
	db_reset(st);
	return 1;
}

/* A growable list of years. */
struct year_list {
	struct holidays_year *v;
	size_t n, cap;
};

static struct holidays_year *year_slot(struct year_list *l, int year)
{
	for (size_t i = 0; i < l->n; i++)
		if (l->v[i].year == year)
			return &l->v[i];
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 16;
		l->v = xrealloc(l->v, l->cap * sizeof *l->v);
	}
	l->v[l->n] = (struct holidays_year){.year = year};
	return &l->v[l->n++];
}

/* True when the line starting at p (of at most len bytes) is a "year" line. */
static bool is_year_line(const char *p, size_t len)
{
	const char *tok;
	size_t n = first_token(p, len, &tok);
	return n == 4 && memcmp(tok, "year", 4) == 0;
}

/* Adds one built-in year block (a "year" line and the lines up to the next one) to the list. */
static int add_builtin_block(struct year_list *l, const char *block, size_t len)
{
	struct calendar *cal = calendar_new();
	int rc = calendar_load_text(cal, block, len, NULL, 0);
	if (rc == 0 && calendar_year_count(cal) == 1) {
		int year = calendar_year_at(cal, 0);
		struct day_counts c = count_listed(cal, year);
		struct holidays_year *y = year_slot(l, year);
		y->builtin = true;
		y->off_days = c.off;
		y->work_days = c.work;
	}
	calendar_free(cal);
	return rc;
}

/* The years of the embedded schedule file, each counted on its own. */
static int list_builtin(struct year_list *l, char *err, size_t errlen)
{
	const struct embedded_file *f = embedded_find("data/holidays-cn.txt");
	if (!f)
		return fail(err, errlen, "程序中没有内置节假日数据（data/holidays-cn.txt）");
	const char *text = (const char *)f->data, *end = text + f->size, *block = NULL;
	for (const char *p = text; p < end;) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		if (is_year_line(p, (size_t)((nl ? nl : end) - p))) {
			if (block && add_builtin_block(l, block, (size_t)(p - block)) != 0)
				return fail(err, errlen, "内置节假日数据无法解析");
			block = p;
		}
		p = nl ? nl + 1 : end;
	}
	if (block && add_builtin_block(l, block, (size_t)(end - block)) != 0)
		return fail(err, errlen, "内置节假日数据无法解析");
	return 0;
}

static int list_loaded(struct db *db, struct year_list *l, char *err, size_t errlen)
{
	struct db_stmt *st = db_prepare(db, "SELECT h.year, h.off_days, h.work_days, h.revision, h.loaded_at, "
					    "h.loaded_by, coalesce(u.display_name, '') FROM holiday_schedule h "
					    "LEFT JOIN users u ON u.id = h.loaded_by ORDER BY h.year");
	int rc;
	while ((rc = db_step(st)) == 1) {
		struct holidays_year *y = year_slot(l, (int)db_column_int(st, 0));
		y->loaded = true;
		y->off_days = (int)db_column_int(st, 1);
		y->work_days = (int)db_column_int(st, 2);
		y->revision = db_column_int(st, 3);
		y->loaded_at = db_column_int(st, 4);
		y->loaded_by = db_column_int(st, 5);
		db_column_copy(st, 6, y->loaded_by_name, sizeof y->loaded_by_name);
	}
	return rc == 0 ? 0 : fail(err, errlen, "读取已载入的放假安排失败：%s", db_errmsg(db));
}

static int compare_years(const void *a, const void *b)
{
	const struct holidays_year *x = a, *y = b;
	return (x->year > y->year) - (x->year < y->year);
}

int holidays_list(struct db *db, struct holidays_year **out, size_t *count, char *err, size_t errlen)
{
	struct year_list l = {0};
	if (list_builtin(&l, err, errlen) != 0 || list_loaded(db, &l, err, errlen) != 0) {
		free(l.v);
		return -1;
	}
	if (l.n)
		qsort(l.v, l.n, sizeof *l.v, compare_years);
	*out = l.v;
	*count = l.n;
	return 0;
}

/* ---- the effective calendar ----------------------------------------------------------------- */

struct stored_year {
	int year;
	char *text;
};

/* Reads every stored schedule, in year order, and the highest revision among them. */
static int read_stored(struct db *db, struct stored_year **out, size_t *count, int64_t *revision)
{
	struct db_stmt *st = db_prepare(db, "SELECT year, schedule_text, revision FROM holiday_schedule ORDER BY year");
	struct stored_year *v = NULL;
	size_t n = 0, cap = 0;
	int rc;
	*revision = 0;
	while ((rc = db_step(st)) == 1) {
		if (n == cap) {
			cap = cap ? cap * 2 : 8;
			v = xrealloc(v, cap * sizeof *v);
		}
		v[n++] = (struct stored_year){(int)db_column_int(st, 0), db_column_dup(st, 1)};
		if (db_column_int(st, 2) > *revision)
			*revision = db_column_int(st, 2);
	}
	*out = v;
	*count = n;
	return rc == 0 ? 0 : -1;
}

/* The label for a calendar with loaded years: the built-in "# version" label plus the load counter. */
static void loaded_label(const struct calendar *cal, int64_t revision, char *out, size_t size)
{
	const char *version = calendar_version(cal);
	size_t base = strcspn(version, ";");
	if (base > LABEL_BASE_MAX)
		base = 0;
	snprintf(out, size, "%.*s%sloaded-r%" PRId64, (int)base, version, base ? "+" : "", revision);
}

/* Merges the stored schedules into cal, each one followed by the new version label. */
static int merge_stored(struct calendar *cal, const struct stored_year *v, size_t n, int64_t revision, char *err,
			size_t errlen)
{
	char label[160], why[HOLIDAYS_ERR_SIZE];
	loaded_label(cal, revision, label, sizeof label);
	for (size_t i = 0; i < n; i++) {
		struct buf text = {0};
		buf_printf(&text, "%s\n# version %s\n", v[i].text ? v[i].text : "", label);
		int rc = calendar_load_text(cal, text.data, text.len, why, sizeof why);
		buf_free(&text);
		if (rc != 0)
			return fail(err, errlen, "已载入的 %d 年度放假安排无法解析（%s），请重新载入该年度", v[i].year,
				    why);
	}
	return 0;
}

int holidays_calendar(struct db *db, struct calendar **out, char *version, size_t version_size,
		      struct holidays_stamp *stamp, char *err, size_t errlen)
{
	*out = NULL;
	struct holidays_stamp seen; /* read first: a load committed after it only causes one more rebuild */
	if (holidays_stamp(db, &seen) != 0)
		return fail(err, errlen, "读取放假安排失败：%s", db_errmsg(db));
	struct stored_year *rows = NULL;
	size_t n = 0;
	int64_t revision = 0;
	struct calendar *cal = calendar_new();
	int rc = calendar_load_embedded(cal, err, errlen);
	if (rc == 0 && read_stored(db, &rows, &n, &revision) != 0)
		rc = fail(err, errlen, "读取已载入的放假安排失败：%s", db_errmsg(db));
	if (rc == 0)
		rc = merge_stored(cal, rows, n, revision, err, errlen);
	for (size_t i = 0; i < n; i++)
		free(rows[i].text);
	free(rows);
	if (rc != 0) {
		calendar_free(cal);
		return -1;
	}
	if (version && version_size)
		snprintf(version, version_size, "%s", calendar_version(cal));
	if (stamp)
		*stamp = seen;
	*out = cal;
	return 0;
}

enum outcome_code holidays_load_job(struct db *w, void *job, struct outcome *out)
{
	struct holidays_load_job *j = job;
	char err[HOLIDAYS_ERR_SIZE] = "";
	j->replaced = false;
	j->year =
	    holidays_load(w, j->text, j->len, j->actor.user_id, j->actor.ip, j->now, &j->replaced, err, sizeof err);
	if (j->year > 0)
		return OUTCOME_OK;
	return outcome_fail(out, j->year == 0 ? OUTCOME_INVALID : OUTCOME_STORAGE, j->year == 0 ? "file" : NULL, "%s",
			    err[0] ? err : "保存放假安排失败，请稍后重试。");
}
