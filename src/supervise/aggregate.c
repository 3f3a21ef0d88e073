/* aggregate.c — building the draft aggregated report of a supervising agency (aggregate.h): the parts of
 * its subtree with the report each one counts with, the selection, the sum (report_sum) and the
 * narrative; its JSON with the parts; the supervisor's draft (selection and texts). The lifecycle is in
 * aggregate_lifecycle.c. */
#include "supervise/aggregate.h"

#include <inttypes.h>
#include <stdint.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "annual/annual_archive.h"
#include "domain/accounts.h"
#include "domain/agency.h"
#include "domain/audit.h"
#include "report/report_check.h"
#include "report/report_json.h"
#include "report/report_sum.h"

#define SAVE_ROLES (ROLE_SUPERVISOR | ROLE_ADMIN | ROLE_LEADER)
#define TEXT_MAX   20000 /* bytes of one narrative section */

static const char *const source_names[] = {"", "records", "published", "external"};
static const char *const source_labels[] = {"无年报", "由记录生成", "已发布年报", "报送的年报"};

const char *aggregate_source_name(int source)
{
	return source >= 0 && source <= AGG_SOURCE_EXTERNAL ? source_names[source] : "";
}

const char *aggregate_source_zh(int source)
{
	return source >= 0 && source <= AGG_SOURCE_EXTERNAL ? source_labels[source] : "";
}

int aggregate_deadline(int year)
{
	return cal_day_from_date(year + 1, 3, 31);
}

bool aggregate_actor_may(struct db *db, const struct actor *actor, int64_t agency_id, unsigned roles)
{
	if (!actor)
		return false;
	if (actor->system)
		return true;
	return (actor->roles & roles) != 0 && agency_within(db, agency_id, actor->agency_id) == 1;
}

static int fail(char *err, size_t errsize, const char *message)
{
	snprintf(err, errsize, "%s", message);
	return -1;
}

/* ---- parts ----------------------------------------------------------------------------------------- */

/* True when a report built from records holds anything: a non-zero cell or a text. */
static bool has_content(const struct report *r)
{
	if (r->problems || r->other)
		return true;
	for (int p = 0; p < PRO_ROW_COUNT; p++)
		for (int c = 0; c < PRO_MAX_COLS; c++)
			if (r->proactive[p][c].value)
				return true;
	for (int a = 0; a < APP_ROW_COUNT; a++)
		if (r->applications[a][APP_COL_TOTAL].value)
			return true;
	for (int b = 0; b < CASE_BLOCK_COUNT; b++)
		if (r->cases[b][CASE_TOTAL].value)
			return true;
	return false;
}

/* Loads the report part p counts with (see aggregate.h). Returns 0 (p->source set) or -1. */
static int load_part(struct db *db, int64_t supervisor, int year, struct aggregate_part *p)
{
	struct annual_version v;
	/* the supervising agency's own published report of the year is this very aggregate: its part is
	 * always its records */
	int rc = p->agency_id == supervisor ? 0 : annual_version_public(db, p->agency_id, year, 0, &v);
	report_init(&p->report, REPORT_EDITION_UNKNOWN);
	if (rc < 0)
		return -1;
	if (rc == 1) {
		report_free(&p->report);
		if (annual_version_report(db, v.id, &p->report) < 0)
			return -1;
		p->source = p->external ? AGG_SOURCE_EXTERNAL : AGG_SOURCE_PUBLISHED;
		p->aggregate = strcmp(v.source, AGGREGATE_SOURCE) == 0;
		return 0;
	}
	if (p->external)
		return 0;
	char err[ANNUAL_ERR_SIZE];
	report_free(&p->report);
	if (annual_build_figures(db, p->agency_id, year, &p->report, err, sizeof err) < 0)
		return -1;
	if (p->agency_id == supervisor || has_content(&p->report))
		p->source = AGG_SOURCE_RECORDS;
	else
		report_free(&p->report);
	return 0;
}

/* The supervising agency and every agency below it, except retired ones without a report and those
 * below a part whose report is an aggregate (it already sums them). */
static int load_parts(struct db *db, struct aggregate *a, char *err, size_t errsize)
{
	struct agency *list;
	size_t count, top = SIZE_MAX;
	if (agency_list(db, &list, &count) < 0)
		return fail(err, errsize, "读取机关失败");
	for (size_t i = 0; i < count && top == SIZE_MAX; i++)
		if (list[i].id == a->agency_id)
			top = i;
	if (top == SIZE_MAX) {
		free(list);
		snprintf(err, errsize, "机关 %" PRId64 " 不存在", a->agency_id);
		return -1;
	}
	snprintf(a->agency, sizeof a->agency, "%s", list[top].name);
	a->parts = xcalloc(count - top, sizeof *a->parts);
	int rc = 0, covered_below = INT32_MAX; /* depth of the aggregate part whose subtree is being skipped */
	for (size_t i = top; i < count && rc == 0 && (i == top || list[i].depth > list[top].depth); i++) {
		if (list[i].depth > covered_below)
			continue;
		covered_below = INT32_MAX;
		struct aggregate_part *p = &a->parts[a->n];
		p->agency_id = list[i].id;
		snprintf(p->agency, sizeof p->agency, "%s", list[i].name);
		p->depth = list[i].depth - list[top].depth;
		p->external = list[i].external;
		rc = load_part(db, a->agency_id, a->year, p);
		if (rc == 0 && list[i].retired_at && p->source == AGG_SOURCE_NONE) {
			report_free(&p->report); /* retired without a report: not listed */
			continue;
		}
		if (p->aggregate)
			covered_below = list[i].depth;
		a->n++;
	}
	free(list);
	return rc < 0 ? fail(err, errsize, "读取下级机关的年报失败") : 0;
}

/* Marks the selected parts: the given ids, else the stored selection, else every part with a report. */
static int apply_selection(struct db *db, struct aggregate *a, const int64_t *ids, size_t n_ids)
{
	struct db_stmt *st = db_prepare(db, "SELECT selection_saved FROM supervise_aggregate_draft WHERE "
					    "agency_id = :agency AND year = :year");
	int64_t saved = 0;
	if (!st)
		return -1;
	db_bind_int(st, ":agency", a->agency_id);
	db_bind_int(st, ":year", a->year);
	if (db_step_int(st, &saved) < 0)
		return -1;
	a->selection_saved = ids || saved;
	st = db_prepare(db, "SELECT 1 FROM supervise_aggregate_part WHERE agency_id = :agency AND year = :year AND "
			    "part_id = :part");
	for (size_t i = 0; i < a->n; i++) {
		struct aggregate_part *p = &a->parts[i];
		bool chosen = !a->selection_saved;
		for (size_t k = 0; ids && k < n_ids; k++)
			chosen = chosen || ids[k] == p->agency_id;
		if (!ids && saved) {
			int64_t one = 0;
			db_bind_int(st, ":agency", a->agency_id);
			db_bind_int(st, ":year", a->year);
			db_bind_int(st, ":part", p->agency_id);
			if (db_step_int(st, &one) < 0)
				return -1;
			chosen = one == 1;
		}
		p->selected = chosen && p->source != AGG_SOURCE_NONE;
	}
	return 0;
}

/* ---- the sum and its narrative ---------------------------------------------------------------------- */

/* Section 一: the list of the summed agencies, then the supervisor's own text. */
static void set_overview(struct db *db, struct aggregate *a)
{
	struct buf b = {0};
	size_t selected = 0;
	for (size_t i = 0; i < a->n; i++)
		selected += a->parts[i].selected;
	buf_printf(&b, "本报告由%s汇总以下 %zu 个单位的%d年政府信息公开工作年度报告编制而成（汇总单位）：", a->agency,
		   selected, a->year);
	for (size_t i = 0, k = 0; i < a->n; i++)
		if (a->parts[i].selected)
			buf_printf(&b, "%s%s%s", k++ ? "、" : "", a->parts[i].agency,
				   a->parts[i].agency_id == a->agency_id ? "（本机关）" : "");
	buf_puts(&b, selected ? "。\n" : "（无）。\n");
	char *own = aggregate_text(db, a->agency_id, a->year, 0);
	if (own)
		buf_puts(&b, own);
	report_set_text(&a->report.overview, b.data);
	free(own);
	buf_free(&b);
}

static int sum_parts(struct db *db, struct aggregate *a, char *err, size_t errsize)
{
	struct report_part *parts = xcalloc(a->n ? a->n : 1, sizeof *parts);
	size_t k = 0;
	for (size_t i = 0; i < a->n; i++)
		if (a->parts[i].selected)
			parts[k++] = (struct report_part){&a->parts[i].report, a->parts[i].agency};
	report_free(&a->report);
	int rc = report_sum(parts, k, a->year, a->agency, &a->report, &a->findings, err, errsize);
	free(parts);
	if (rc < 0)
		return -1;
	set_overview(db, a);
	char *problems = aggregate_text(db, a->agency_id, a->year, 1),
	     *other = aggregate_text(db, a->agency_id, a->year, 2);
	report_set_text(&a->report.problems, problems);
	report_set_text(&a->report.other, other);
	free(problems);
	free(other);
	return 0;
}

static int check_year(const struct annual_env *env, int year, char *err, size_t errsize)
{
	int y, m, d;
	cal_date_from_day(env->today, &y, &m, &d);
	if (year < 2008 || year > y) {
		snprintf(err, errsize, "年度 %d 无效：汇总年报的年度应在 2008 年至 %d 年之间", year, y);
		return -1;
	}
	return 0;
}

int aggregate_parts_of_year(struct db *db, int64_t agency_id, int year, struct aggregate *out, char *err,
			    size_t errsize)
{
	memset(out, 0, sizeof *out);
	out->agency_id = agency_id;
	out->year = year;
	report_init(&out->report, REPORT_EDITION_2021);
	return load_parts(db, out, err, errsize);
}

int aggregate_build(struct db *db, const struct annual_env *env, int64_t agency_id, int year, const int64_t *selection,
		    size_t n_selection, struct aggregate *out, char *err, size_t errsize)
{
	if (check_year(env, year, err, errsize) < 0) {
		memset(out, 0, sizeof *out);
		report_init(&out->report, REPORT_EDITION_2021);
		return -1;
	}
	if (aggregate_parts_of_year(db, agency_id, year, out, err, errsize) < 0)
		return -1;
	if (apply_selection(db, out, selection, n_selection) < 0)
		return fail(err, errsize, "读取汇总范围失败");
	if (sum_parts(db, out, err, errsize) < 0)
		return -1;
	report_check(&out->report, &out->findings);
	return 0;
}

void aggregate_free(struct aggregate *a)
{
	for (size_t i = 0; i < a->n; i++)
		report_free(&a->parts[i].report);
	free(a->parts);
	report_free(&a->report);
	findings_free(&a->findings);
	memset(a, 0, sizeof *a);
}

void aggregate_to_json(const struct aggregate *a, struct buf *out)
{
	struct buf report = {0};
	report_to_json(&a->report, &report);
	/* the canonical JSON ends with "\n  }\n}\n": the parts go before its last brace */
	if (report.len >= 3 && strcmp(report.data + report.len - 3, "\n}\n") == 0)
		report.len -= 3;
	buf_append(out, report.data, report.len);
	json_t *parts = json_array();
	for (size_t i = 0; i < a->n; i++)
		if (a->parts[i].selected)
			json_array_append_new(
			    parts, json_pack("{sI ss ss}", "agency_id", (json_int_t)a->parts[i].agency_id, "agency",
					     a->parts[i].agency, "source", aggregate_source_name(a->parts[i].source)));
	char *text = json_dumps(parts, JSON_COMPACT);
	buf_printf(out, ",\n  \"parts\": %s\n}\n", text ? text : "[]");
	free(text);
	json_decref(parts);
	buf_free(&report);
}

/* ---- the supervisor's draft ------------------------------------------------------------------------ */

char *aggregate_text(struct db *db, int64_t agency_id, int year, int section)
{
	if (section < 0 || section > 2)
		return NULL;
	struct db_stmt *st =
	    db_prepare(db, "SELECT CASE :section WHEN 0 THEN overview WHEN 1 THEN problems ELSE other "
			   "END FROM supervise_aggregate_draft WHERE agency_id = :agency AND year = :year");
	if (!st)
		return NULL;
	db_bind_int(st, ":section", section);
	db_bind_int(st, ":agency", agency_id);
	db_bind_int(st, ":year", year);
	char *text = NULL;
	if (db_step(st) == 1) {
		const char *t = db_column_text(st, 0);
		text = t && *t ? xstrdup(t) : NULL;
		db_reset(st);
	}
	return text;
}

/* Checks the input. Returns 0 or -1 refused (err), -2 database error. */
static int check_draft(struct db *w, int64_t agency_id, const struct aggregate_draft_input *in, char *err,
		       size_t errsize)
{
	const char *texts[] = {in->overview, in->problems, in->other};
	static const char *const labels[] = {"一、总体情况", "五、存在的主要问题及改进情况", "六、其他需要报告的事项"};
	for (int s = 0; s < 3; s++)
		if (texts[s] && strlen(texts[s]) > TEXT_MAX) {
			snprintf(err, errsize, "%s 不能超过 %d 字节", labels[s], TEXT_MAX);
			return -1;
		}
	for (size_t i = 0; in->parts && i < in->n_parts; i++) {
		int rc = agency_within(w, in->parts[i], agency_id);
		if (rc < 0)
			return -2;
		if (rc == 0) {
			snprintf(err, errsize, "汇总单位 %" PRId64 " 不是本机关或其下级机关", in->parts[i]);
			return -1;
		}
	}
	return 0;
}

static int store_draft(struct db *w, const struct actor *actor, int64_t agency_id, int year,
		       const struct aggregate_draft_input *in, int64_t now)
{
	struct db_stmt *st = db_prepare(
	    w, "INSERT INTO supervise_aggregate_draft (agency_id, year, overview, problems, other, selection_saved, "
	       "updated_by, updated_at) VALUES (:agency, :year, coalesce(:overview, ''), coalesce(:problems, ''), "
	       "coalesce(:other, ''), :saved, :user, :now) ON CONFLICT (agency_id, year) DO UPDATE SET overview = "
	       "coalesce(:overview, supervise_aggregate_draft.overview), problems = coalesce(:problems, "
	       "supervise_aggregate_draft.problems), other = coalesce(:other, supervise_aggregate_draft.other), "
	       "selection_saved = CASE WHEN :saved = 1 THEN 1 ELSE supervise_aggregate_draft.selection_saved END, "
	       "updated_by = :user, updated_at = :now");
	if (!st)
		return -1;
	db_bind_int(st, ":agency", agency_id);
	db_bind_int(st, ":year", year);
	db_bind_text(st, ":overview", in->overview);
	db_bind_text(st, ":problems", in->problems);
	db_bind_text(st, ":other", in->other);
	db_bind_bool(st, ":saved", in->parts != NULL);
	db_bind_int(st, ":user", actor->user_id);
	db_bind_int(st, ":now", now);
	if (db_step(st) != 0)
		return -1;
	if (!in->parts)
		return 0;
	st = db_prepare(w, "DELETE FROM supervise_aggregate_part WHERE agency_id = :agency AND year = :year");
	db_bind_int(st, ":agency", agency_id);
	db_bind_int(st, ":year", year);
	if (db_step(st) != 0)
		return -1;
	st = db_prepare(w, "INSERT OR IGNORE INTO supervise_aggregate_part (agency_id, year, part_id) VALUES (:agency, "
			   ":year, :part)");
	for (size_t i = 0; i < in->n_parts; i++) {
		db_bind_int(st, ":agency", agency_id);
		db_bind_int(st, ":year", year);
		db_bind_int(st, ":part", in->parts[i]);
		if (db_step(st) != 0)
			return -1;
	}
	return 0;
}

int aggregate_save(struct db *w, const struct actor *actor, int64_t agency_id, int year,
		   const struct aggregate_draft_input *in, int64_t now, char *err, size_t errsize)
{
	if (!aggregate_actor_may(w, actor, agency_id, SAVE_ROLES))
		return fail(err, errsize, "只有本机关或上级机关的公开办督查、审批领导或管理员可以编辑汇总年报") + 1;
	if (year < 2008 || year > 2099)
		return fail(err, errsize, "年度无效") + 1;
	int rc = check_draft(w, agency_id, in, err, errsize);
	if (rc < 0)
		return rc == -1 ? 0 : -1;
	char detail[64];
	snprintf(detail, sizeof detail, "%d%s", year, in->parts ? " 汇总范围" : "");
	if (store_draft(w, actor, agency_id, year, in, now) < 0 ||
	    audit_append(w, actor->user_id, agency_id, "aggregate.save", "supervise_aggregate_draft", 0, detail,
			 actor->ip, now) < 0)
		return -1;
	return 1;
}
