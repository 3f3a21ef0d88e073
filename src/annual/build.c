/* build.c — annual_build(): the whole 2021-edition report of an agency and year from the records
 * (tables from build_tables.c, cases.c, info_stats and the entered figures; section 一 from the
 * generated sentences plus the agency's text under the five headings; 五 and 六 likewise), then the
 * checker, with the cross-year rules against last year's report. Refuses what cannot be a report. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "annual/annual.h"
#include "annual/annual_internal.h"
#include "apply/apply.h"
#include "domain/agency.h"
#include "info/info.h"
#include "info/info_stats.h"
#include "report/report_check.h"
#include "util/buf.h"

#define FEE_NOTICE_CITE                                                                                                \
	"依据《国务院办公厅关于印发〈政府信息公开信息处理费管理办法〉的通知》（国办函〔2020〕109号）规定，"

/* Appends the agency's text of a section (if any) as its own lines. */
static void append_text(struct buf *b, struct db *db, int64_t agency_id, int year, int section)
{
	char *text = annual_text_get(db, agency_id, year, section);
	if (text) {
		buf_printf(b, "%s\n", text);
		free(text);
	}
}

/* "2023 年本机关收到政府信息公开申请 1 件，上年结转 0 件；本年办结 1 件，其中无法提供 1 件；结转下年度继续办理 0 件。"
 */
static void applications_sentence(const struct report *r, int year, struct buf *b)
{
	static const enum app_group groups[] = {APP_GROUP_GRANTED, APP_GROUP_PARTIAL,  APP_GROUP_DENIED,
						APP_GROUP_UNABLE,  APP_GROUP_REJECTED, APP_GROUP_OTHER};
	buf_printf(
	    b, "%d 年本机关收到政府信息公开申请 %" PRId64 " 件，上年结转 %" PRId64 " 件；本年办结 %" PRId64 " 件", year,
	    r->applications[APP_NEW][APP_COL_TOTAL].value, r->applications[APP_CARRIED_OVER][APP_COL_TOTAL].value,
	    r->applications[APP_TOTAL][APP_COL_TOTAL].value);
	bool first = true;
	for (size_t g = 0; g < sizeof groups / sizeof groups[0]; g++) {
		int64_t sum = 0;
		for (int row = 0; row < APP_ROW_COUNT; row++)
			if (report_app_rows[row].group == groups[g] && report_app_row_in(r->edition, row))
				sum += r->applications[row][APP_COL_TOTAL].value;
		if (sum == 0)
			continue;
		/* "（四）无法提供" → "无法提供" */
		const char *label = report_app_group_labels[groups[g]] + strlen("（一）");
		buf_printf(b, "%s%s %" PRId64 " 件", first ? "，其中" : "，", label, sum);
		first = false;
	}
	buf_printf(b, "；结转下年度继续办理 %" PRId64 " 件。\n",
		   r->applications[APP_CARRIED_FORWARD][APP_COL_TOTAL].value);
}

static void cases_sentence(const struct report *r, int year, struct buf *b)
{
	int64_t litigation =
	    r->cases[CASE_LITIGATION_DIRECT][CASE_TOTAL].value + r->cases[CASE_LITIGATION_AFTER][CASE_TOTAL].value;
	buf_printf(b, "%d 年本机关因政府信息公开工作被申请行政复议 %" PRId64 " 件，被提起行政诉讼 %" PRId64 " 件。\n",
		   year, r->cases[CASE_RECONSIDERATION][CASE_TOTAL].value, litigation);
}

/* Section 一: the five headings of the 2021 format, generated sentences first. */
static int build_overview(struct db *db, const struct agency *agency, int year, const struct info_year_stats *stats,
			  struct report *r)
{
	struct info_settings settings;
	if (info_settings_get(db, agency->id, &settings) < 0)
		return -1;
	struct buf b = {0};
	char *items = info_stats_sentence(stats, agency->name, settings.channel);
	info_settings_free(&settings);
	buf_printf(&b, "%s\n%s\n", annual_text_heading(ANNUAL_TEXT_PROACTIVE), items);
	free(items);
	append_text(&b, db, agency->id, year, ANNUAL_TEXT_PROACTIVE);
	buf_printf(&b, "%s\n", annual_text_heading(ANNUAL_TEXT_REQUESTS));
	applications_sentence(r, year, &b);
	append_text(&b, db, agency->id, year, ANNUAL_TEXT_REQUESTS);
	for (int s = ANNUAL_TEXT_MANAGEMENT; s <= ANNUAL_TEXT_SUPERVISION; s++) {
		buf_printf(&b, "%s\n", annual_text_heading(s));
		if (s == ANNUAL_TEXT_SUPERVISION)
			cases_sentence(r, year, &b);
		append_text(&b, db, agency->id, year, s);
	}
	report_set_text(&r->overview, b.data);
	buf_free(&b);
	return 0;
}

/* Section 六: the 信息处理费 of the year (cell and sentence) and the agency's text. */
static int build_other(struct db *db, int64_t agency_id, int year, struct report *r)
{
	int64_t yuan = 0;
	if (annual_processing_fees(db, agency_id, year, &yuan) < 0)
		return -1;
	r->processing_fee = rcell_of(yuan * REPORT_MONEY_SCALE);
	struct buf b = {0};
	if (yuan == 0)
		buf_puts(&b, FEE_NOTICE_CITE "本年度本机关未收取信息处理费。\n");
	else
		buf_printf(&b, FEE_NOTICE_CITE "本年度本机关共收取信息处理费 %" PRId64 " 元。\n", yuan);
	append_text(&b, db, agency_id, year, ANNUAL_TEXT_OTHER);
	report_set_text(&r->other, b.data);
	buf_free(&b);
	return 0;
}

/* Table 二: 规章 / 行政规范性文件 from the items, the other rows from the entered figures (0 when
 * none were entered; *entered tells). */
static int build_proactive(struct db *db, int64_t agency_id, int year, const struct info_year_stats *stats,
			   struct report *r, bool *entered)
{
	info_stats_fill_report(stats, r);
	struct annual_figures fig = {0};
	int rc = annual_figures_get(db, agency_id, year, &fig);
	if (rc < 0)
		return -1;
	*entered = rc == 1;
	r->proactive[PRO_LICENSING][0] = rcell_of(fig.licensing);
	r->proactive[PRO_PUNISHMENT][0] = rcell_of(fig.punishment);
	r->proactive[PRO_COERCION][0] = rcell_of(fig.coercion);
	r->proactive[PRO_FEES][0] = rcell_of(fig.fees_micro);
	return 0;
}

/* What the build saw, for the warnings. */
struct build_facts {
	bool figures_entered;
	int64_t items, cases;
};

static int fill_report(struct db *db, const struct agency *agency, int year, struct report *out,
		       struct build_facts *facts, char *err, size_t errsize)
{
	report_init(out, REPORT_EDITION_2021);
	report_zero(out);
	out->year = year;
	out->agency = xstrdup(agency->name);
	struct info_year_stats stats;
	if (info_stats_year(db, agency->id, year, &stats) < 0)
		return annual_fail(err, errsize, "读取主动公开统计失败：%s", db_errmsg(db));
	facts->items = stats.total;
	int rc = annual_fill_applications(db, agency->id, year, out) < 0 ||
			 annual_cases_count(db, agency->id, year, out->cases) < 0 ||
			 build_proactive(db, agency->id, year, &stats, out, &facts->figures_entered) < 0 ||
			 build_overview(db, agency, year, &stats, out) < 0 || build_other(db, agency->id, year, out) < 0
		     ? -1
		     : 0;
	info_stats_free(&stats);
	if (rc < 0)
		return annual_fail(err, errsize, "读取记录失败：%s", db_errmsg(db));
	char *problems = annual_text_get(db, agency->id, year, ANNUAL_TEXT_PROBLEMS);
	report_set_text(&out->problems, problems);
	free(problems);
	facts->cases = 0;
	for (int b = 0; b < CASE_BLOCK_COUNT; b++)
		facts->cases += out->cases[b][CASE_TOTAL].value;
	return 0;
}

static int load_agency(struct db *db, int64_t agency_id, struct agency *agency, char *err, size_t errsize)
{
	int rc = agency_get(db, agency_id, agency);
	if (rc < 0)
		return annual_fail(err, errsize, "读取机关失败：%s", db_errmsg(db));
	if (rc == 0)
		return annual_fail(err, errsize, "机关 %" PRId64 " 不存在", agency_id);
	return 0;
}

int annual_build_figures(struct db *db, int64_t agency_id, int year, struct report *out, char *err, size_t errsize)
{
	struct agency agency;
	struct build_facts facts;
	report_init(out, REPORT_EDITION_2021);
	if (load_agency(db, agency_id, &agency, err, errsize) < 0)
		return -1;
	report_free(out);
	return fill_report(db, &agency, year, out, &facts, err, errsize);
}

/* Refuses a year that cannot have a report yet or whose calendar is missing. */
static int check_year(const struct annual_env *env, int year, char *err, size_t errsize)
{
	int y, m, d;
	cal_date_from_day(env->today, &y, &m, &d);
	if (year < 2008)
		return annual_fail(err, errsize, "年度 %d 早于《政府信息公开条例》施行（2008 年），不能生成年报", year);
	if (year > y)
		return annual_fail(err, errsize, "%d 年尚未开始（今天是 %04d-%02d-%02d），不能生成该年度的报告", year,
				   y, m, d);
	if (!env->cal || !calendar_has_year(env->cal, year))
		return annual_fail(err, errsize,
				   "没有 %d 年的节假日安排（日历数据），不能生成该年度报告：请先载入该年的放假安排",
				   year);
	return 0;
}

bool annual_has_records_before(struct db *db, int64_t agency_id, int year)
{
	char start[16];
	snprintf(start, sizeof start, "%04d-01-01", year);
	if (apply_received_before(db, agency_id, start) == 1 || info_published_before(db, agency_id, start) == 1)
		return true;
	struct db_stmt *st =
	    db_prepare(db, "SELECT EXISTS (SELECT 1 FROM annual_case WHERE agency_id = :agency AND filed_on < :start)");
	int64_t yes = 0;
	if (!st)
		return false;
	db_bind_int(st, ":agency", agency_id);
	db_bind_text(st, ":start", start);
	return db_step_int(st, &yes) == 1 && yes;
}

/* The cross-year rules against the archived report of year − 1, else last year from the records. */
static void check_against_last_year(struct db *db, int64_t agency_id, const struct report *cur, struct findings *f)
{
	struct report prev;
	char err[ANNUAL_ERR_SIZE];
	int rc = annual_archived(db, agency_id, cur->year - 1, &prev);
	if (rc == 0 && annual_has_records_before(db, agency_id, cur->year))
		rc = annual_build_figures(db, agency_id, cur->year - 1, &prev, err, sizeof err) == 0 ? 1 : -1;
	if (rc == 1)
		report_check_years(&prev, cur, f);
	if (rc != 0)
		report_free(&prev);
}

static void build_warnings(const struct annual_env *env, const struct report *r, const struct build_facts *facts,
			   struct findings *f)
{
	int y, m, d;
	cal_date_from_day(env->today, &y, &m, &d);
	if (r->year == y)
		findings_add(f, "A1", SEV_WARNING, false, NULL, NULL, NULL,
			     "%d 年尚未结束：报告中的数字只统计到今天（%04d-%02d-%02d），正式报告请在次年生成", r->year,
			     y, m, d);
	int64_t applications =
	    r->applications[APP_NEW][APP_COL_TOTAL].value + r->applications[APP_CARRIED_OVER][APP_COL_TOTAL].value;
	if (applications == 0 && facts->items == 0 && facts->cases == 0 && !facts->figures_entered)
		findings_add(
		    f, "A2", SEV_WARNING, false, NULL, NULL, NULL,
		    "本机关 %d 年没有任何记录（公开信息、申请、复议诉讼案件、表二数字），报告各项均为 0，请核实",
		    r->year);
	if (!facts->figures_entered)
		findings_add(f, "A3", SEV_WARNING, false, "表二", NULL, NULL,
			     "表二 行政许可、行政处罚、行政强制、行政事业性收费 %d 年的数字尚未录入，暂按 0 填报",
			     r->year);
	if (!r->problems)
		findings_add(f, "A4", SEV_WARNING, false, "正文", "五、存在的主要问题及改进情况", NULL,
			     "五、存在的主要问题及改进情况 尚未填写");
}

int annual_build(struct db *db, const struct annual_env *env, int64_t agency_id, int year, struct report *out,
		 struct findings *f, char *err, size_t errsize)
{
	struct agency agency;
	struct build_facts facts;
	report_init(out, REPORT_EDITION_2021);
	if (load_agency(db, agency_id, &agency, err, errsize) < 0 || check_year(env, year, err, errsize) < 0)
		return -1;
	report_free(out);
	if (fill_report(db, &agency, year, out, &facts, err, errsize) < 0)
		return -1;
	build_warnings(env, out, &facts, f);
	report_check(out, f);
	check_against_last_year(db, agency_id, out, f);
	return 0;
}
