/* figures.c — the table-二 figures that come from other systems (第二十条第（五）（六）（八）项: 行政许可,
 * 行政处罚, 行政强制 decision counts and 行政事业性收费 in 万元), entered per year by staff or imported
 * from CSV (read by figures_csv.c). A CSV import is all or nothing: every row is checked before the first
 * is written. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "annual/annual.h"
#include "annual/annual_internal.h"
#include "domain/accounts.h"
#include "domain/audit.h"
#include "util/buf.h"

#define FIGURE_ROLES (ROLE_EDITOR | ROLE_LEADER | ROLE_ADMIN)
#define MAX_COUNT    100000000LL /* a hundred million decisions a year: anything larger is a typing error */

static void trim(const char **s, size_t *len)
{
	while (*len > 0 && (**s == ' ' || **s == '\t')) {
		(*s)++;
		(*len)--;
	}
	while (*len > 0 && ((*s)[*len - 1] == ' ' || (*s)[*len - 1] == '\t'))
		(*len)--;
}

static int parse_count(const char *label, const char *text, int64_t *out, char *err, size_t errsize)
{
	if (!text || !*text)
		return annual_fail(err, errsize, "请填写%s（非负整数）", label);
	int64_t v = 0;
	for (const char *p = text; *p; p++) {
		if (*p < '0' || *p > '9' || v > MAX_COUNT)
			return annual_fail(err, errsize, "%s 应为不超过 %lld 的非负整数，实为“%s”", label, MAX_COUNT,
					   text);
		v = v * 10 + (*p - '0');
	}
	if (v > MAX_COUNT)
		return annual_fail(err, errsize, "%s 应为不超过 %lld 的非负整数，实为“%s”", label, MAX_COUNT, text);
	*out = v;
	return 0;
}

/* 万元 with an optional unit suffix; 元 is refused so that a figure in 元 is not read as 万元. */
static int parse_fees(const char *text, int64_t *micro, char *err, size_t errsize)
{
	static const char label[] = "行政事业性收费（万元）";
	if (!text || !*text)
		return annual_fail(err, errsize, "请填写%s", label);
	char number[64];
	size_t len = strlen(text);
	size_t unit = strlen("万元");
	if (len > unit && strcmp(text + len - unit, "万元") == 0)
		len -= unit;
	else if (len >= strlen("元") && strcmp(text + len - strlen("元"), "元") == 0)
		return annual_fail(err, errsize, "%s 的单位是万元，不是元：请把“%s”换算为万元", label, text);
	if (len == 0 || len >= sizeof number)
		return annual_fail(err, errsize, "%s 应为非负数（万元，最多六位小数），实为“%s”", label, text);
	memcpy(number, text, len);
	number[len] = '\0';
	const char *s = number;
	trim(&s, &len);
	char clean[64];
	memcpy(clean, s, len);
	clean[len] = '\0';
	if (annual_parse_decimal(clean, micro) < 0)
		return annual_fail(err, errsize, "%s 应为非负数（万元，最多六位小数），实为“%s”", label, text);
	return 0;
}

int annual_figures_parse(const struct annual_figures_input *in, struct annual_figures *out, char *err, size_t errsize)
{
	int64_t year;
	if (parse_count("年度", in->year, &year, err, errsize) < 0)
		return -1;
	if (year < 2008 || year > CAL_MAX_YEAR)
		return annual_fail(err, errsize, "年度 %" PRId64 " 不在 2008 年（条例施行）之后", year);
	out->year = (int)year;
	if (parse_count("行政许可 本年处理决定数量", in->licensing, &out->licensing, err, errsize) < 0 ||
	    parse_count("行政处罚 本年处理决定数量", in->punishment, &out->punishment, err, errsize) < 0 ||
	    parse_count("行政强制 本年处理决定数量", in->coercion, &out->coercion, err, errsize) < 0 ||
	    parse_fees(in->fees_wan, &out->fees_micro, err, errsize) < 0)
		return -1;
	return 0;
}

static int store_figures(struct db *w, const struct annual_figures *fig)
{
	struct db_stmt *st = db_prepare(
	    w, "INSERT INTO annual_figures (agency_id, year, licensing, punishment, coercion, fees_micro, source, "
	       "entered_by, entered_at) VALUES (:agency, :year, :lic, :pun, :coe, :fees, :source, :by, :at) "
	       "ON CONFLICT (agency_id, year) DO UPDATE SET licensing = excluded.licensing, punishment = "
	       "excluded.punishment, coercion = excluded.coercion, fees_micro = excluded.fees_micro, source = "
	       "excluded.source, entered_by = excluded.entered_by, entered_at = excluded.entered_at");
	if (!st)
		return -1;
	db_bind_int(st, ":agency", fig->agency_id);
	db_bind_int(st, ":year", fig->year);
	db_bind_int(st, ":lic", fig->licensing);
	db_bind_int(st, ":pun", fig->punishment);
	db_bind_int(st, ":coe", fig->coercion);
	db_bind_int(st, ":fees", fig->fees_micro);
	db_bind_text(st, ":source", fig->source);
	db_bind_int(st, ":by", fig->entered_by);
	db_bind_int(st, ":at", fig->entered_at);
	return db_step(st) == 0 ? 0 : -1;
}

static int audit_figures(struct db *w, const struct actor *actor, const struct annual_figures *fig)
{
	char detail[160], fees[32];
	rcell_format(rcell_of(fig->fees_micro), CELL_MONEY, fees, sizeof fees);
	snprintf(detail, sizeof detail, "%d %s: 许可 %" PRId64 " 处罚 %" PRId64 " 强制 %" PRId64 " 收费 %s 万元",
		 fig->year, fig->source, fig->licensing, fig->punishment, fig->coercion, fees);
	return audit_append(w, actor->user_id, fig->agency_id, "annual.figures", "annual_figures", fig->year, detail,
			    actor->ip, fig->entered_at) < 0
		   ? -1
		   : 0;
}

int annual_figures_set(struct db *w, const struct actor *actor, int64_t agency_id,
		       const struct annual_figures_input *in, int64_t now, char *err, size_t errsize)
{
	if (!annual_actor_may(actor, agency_id, FIGURE_ROLES))
		return annual_fail(err, errsize, "只有本机关的编辑、审批领导或管理员可以录入表二数字") + 1;
	struct annual_figures fig = {.agency_id = agency_id, .entered_by = actor->user_id, .entered_at = now};
	snprintf(fig.source, sizeof fig.source, "manual");
	if (annual_figures_parse(in, &fig, err, errsize) < 0)
		return 0;
	return store_figures(w, &fig) < 0 || audit_figures(w, actor, &fig) < 0 ? -1 : 1;
}

int annual_figures_get(struct db *db, int64_t agency_id, int year, struct annual_figures *out)
{
	struct db_stmt *st =
	    db_prepare(db, "SELECT licensing, punishment, coercion, fees_micro, source, entered_by, "
			   "entered_at FROM annual_figures WHERE agency_id = :agency AND year = :year");
	if (!st)
		return -1;
	db_bind_int(st, ":agency", agency_id);
	db_bind_int(st, ":year", year);
	int rc = db_step(st);
	if (rc == 1) {
		memset(out, 0, sizeof *out);
		out->agency_id = agency_id;
		out->year = year;
		out->licensing = db_column_int(st, 0);
		out->punishment = db_column_int(st, 1);
		out->coercion = db_column_int(st, 2);
		out->fees_micro = db_column_int(st, 3);
		db_column_copy(st, 4, out->source, sizeof out->source);
		out->entered_by = db_column_int(st, 5);
		out->entered_at = db_column_int(st, 6);
		db_reset(st);
	}
	return rc;
}

int annual_figures_import_csv(struct db *w, const struct actor *actor, int64_t agency_id, const char *csv, size_t len,
			      int64_t now, char *err, size_t errsize)
{
	if (!annual_actor_may(actor, agency_id, FIGURE_ROLES))
		return annual_fail(err, errsize, "只有本机关的编辑、审批领导或管理员可以导入表二数字");
	struct annual_figures *figs = NULL;
	size_t count = 0;
	if (annual_figures_read_csv(csv, len, &figs, &count, err, errsize) < 0) {
		free(figs);
		return -1;
	}
	int rc = (int)count;
	for (size_t i = 0; i < count && rc >= 0; i++) {
		figs[i].agency_id = agency_id;
		figs[i].entered_by = actor->user_id;
		figs[i].entered_at = now;
		snprintf(figs[i].source, sizeof figs[i].source, "csv");
		if (store_figures(w, &figs[i]) < 0 || audit_figures(w, actor, &figs[i]) < 0)
			rc = annual_fail(err, errsize, "写入数据库失败（第 %zu 个数据行）：%s", i + 1, db_errmsg(w));
	}
	free(figs);
	return rc;
}
