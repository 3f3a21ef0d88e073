/* aggregate_trends.c — year over year and across the agencies of a subtree (aggregate.h, issue 10 item 5):
 * per agency the trend of 新收, 办理结果总计, 结转 and cases over the years, each year's report taken as the
 * aggregate takes its parts; jumps of ×5 or ÷5 flagged; section 五 repeated from the year before or shared
 * with another agency of the same year found by shingle similarity (report/report_similarity.h); the
 * findings as CSV and the charts as SVG (the annual report's charts, src/annual/charts.c). */
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "annual/annual_charts.h"
#include "report/report_similarity.h"
#include "supervise/aggregate.h"
#include "util/csv.h"

/* One agency's section 五 shingles per year (parallel to trends.agencies). */
struct texts {
	struct report_shingles years[TRENDS_MAX_YEARS];
};

static void add_finding(struct trends *t, const struct trend_agency *a, int year, const char *rule, const char *msg)
{
	t->findings = xrealloc(t->findings, (t->nfindings + 1) * sizeof *t->findings);
	struct trend_finding *f = &t->findings[t->nfindings++];
	memset(f, 0, sizeof *f);
	f->agency_id = a->agency_id;
	snprintf(f->agency, sizeof f->agency, "%s", a->agency);
	f->year = year;
	snprintf(f->rule, sizeof f->rule, "%s", rule);
	snprintf(f->message, sizeof f->message, "%s", msg);
}

/* The agency of id in t, added (with every year unknown) when new. */
static struct trend_agency *agency_slot(struct trends *t, struct texts **texts, const struct aggregate_part *p)
{
	for (size_t i = 0; i < t->n; i++)
		if (t->agencies[i].agency_id == p->agency_id)
			return &t->agencies[i];
	t->agencies = xrealloc(t->agencies, (t->n + 1) * sizeof *t->agencies);
	*texts = xrealloc(*texts, (t->n + 1) * sizeof **texts);
	memset(&(*texts)[t->n], 0, sizeof **texts);
	struct trend_agency *a = &t->agencies[t->n++];
	memset(a, 0, sizeof *a);
	a->agency_id = p->agency_id;
	snprintf(a->agency, sizeof a->agency, "%s", p->agency);
	report_init(&a->last, REPORT_EDITION_2021);
	for (int k = 0; k < t->years; k++)
		a->points[k].year = t->year - t->years + 1 + k;
	return a;
}

static void take_point(struct trend_point *pt, const struct report *r)
{
	pt->known = true;
	pt->received = r->applications[APP_NEW][APP_COL_TOTAL].value;
	pt->answered = r->applications[APP_TOTAL][APP_COL_TOTAL].value;
	pt->carried_forward = r->applications[APP_CARRIED_FORWARD][APP_COL_TOTAL].value;
	pt->cases = 0;
	for (int b = 0; b < CASE_BLOCK_COUNT; b++)
		pt->cases += r->cases[b][CASE_TOTAL].value;
}

/* Reads every year's parts into t. Returns 0 or -1 (err). */
static int read_years(struct db *db, int64_t agency_id, struct trends *t, struct texts **texts, char *err,
		      size_t errsize)
{
	for (int k = 0; k < t->years; k++) {
		struct aggregate parts;
		if (aggregate_parts_of_year(db, agency_id, t->year - t->years + 1 + k, &parts, err, errsize) < 0) {
			aggregate_free(&parts);
			return -1;
		}
		for (size_t i = 0; i < parts.n; i++) {
			struct aggregate_part *p = &parts.parts[i];
			if (p->source == AGG_SOURCE_NONE)
				continue;
			struct trend_agency *a = agency_slot(t, texts, p);
			take_point(&a->points[k], &p->report);
			report_shingles(p->report.problems, &(*texts)[a - t->agencies].years[k]);
			if (k == t->years - 1) {
				report_free(&a->last);
				a->last = p->report; /* moves to the trend */
				report_init(&p->report, REPORT_EDITION_2021);
			}
		}
		aggregate_free(&parts);
	}
	return 0;
}

/* J1–J3: a number ×5 or ÷5 from the year before (both non-zero). */
static void check_jumps(struct trends *t, const struct trend_agency *a)
{
	static const char *const rules[] = {"J1", "J2", "J3"};
	static const char *const what[] = {"本年新收政府信息公开申请", "办理结果总计", "行政复议、行政诉讼案件总计"};
	for (int k = 1; k < t->years; k++) {
		const struct trend_point *prev = &a->points[k - 1], *cur = &a->points[k];
		if (!prev->known || !cur->known)
			continue;
		const int64_t before[] = {prev->received, prev->answered, prev->cases};
		const int64_t now[] = {cur->received, cur->answered, cur->cases};
		for (int m = 0; m < 3; m++) {
			if (before[m] <= 0 || now[m] <= 0 || (now[m] < 5 * before[m] && 5 * now[m] > before[m]))
				continue;
			char msg[512];
			bool up = now[m] > before[m];
			snprintf(msg, sizeof msg, "%s由 %d 年的 %" PRId64 " 件%s %d 年的 %" PRId64 " 件（%s），请核实",
				 what[m], prev->year, before[m], up ? "增至" : "降至", cur->year, now[m],
				 up ? "为上年的 5 倍以上" : "不足上年的五分之一");
			add_finding(t, a, cur->year, rules[m], msg);
		}
	}
}

/* S1: section 五 of a year against the same agency's latest earlier one (last year's, or the one before
 * when last year's report is missing). */
static void check_repeats(struct trends *t, const struct trend_agency *a, const struct texts *x)
{
	for (int k = 1; k < t->years; k++) {
		int j = k - 1;
		while (j > 0 && !x->years[j].n)
			j--;
		double s = report_shingle_similarity(&x->years[j], &x->years[k]);
		if (s < REPORT_SIMILAR_THRESHOLD)
			continue;
		char msg[512];
		snprintf(
		    msg, sizeof msg,
		    "五、存在的主要问题及改进情况 与本单位 %d 年年报的相似度为 %d%%（按 4 字片段计算，阈值 50%%），"
		    "疑似照搬往年内容",
		    a->points[j].year, (int)(s * 100));
		add_finding(t, a, a->points[k].year, "S1", msg);
	}
}

/* S2: section 五 of two agencies in the same year. Both get the finding, each naming the other. */
static void check_copies(struct trends *t, const struct texts *x)
{
	for (int k = 0; k < t->years; k++)
		for (size_t i = 0; i < t->n; i++)
			for (size_t j = i + 1; j < t->n; j++) {
				double s = report_shingle_similarity(&x[i].years[k], &x[j].years[k]);
				if (s < REPORT_SIMILAR_THRESHOLD)
					continue;
				for (int side = 0; side < 2; side++) {
					const struct trend_agency *a = &t->agencies[side ? j : i],
								  *b = &t->agencies[side ? i : j];
					char msg[512];
					snprintf(msg, sizeof msg,
						 "五、存在的主要问题及改进情况 与%s同年年报的相似度为 %d%%（按 4 "
						 "字片段计算，阈值 "
						 "50%%），疑似相互抄用",
						 b->agency, (int)(s * 100));
					add_finding(t, a, a->points[k].year, "S2", msg);
				}
			}
}

int aggregate_trends(struct db *db, int64_t agency_id, int year, int years, struct trends *out, char *err,
		     size_t errsize)
{
	memset(out, 0, sizeof *out);
	if (years < 1 || years > TRENDS_MAX_YEARS || year < 2008 || year > 2099) {
		snprintf(err, errsize, "年度范围无效：年数应为 1 至 %d，年度在 2008 年以后", TRENDS_MAX_YEARS);
		return -1;
	}
	out->year = year;
	out->years = years;
	struct texts *texts = NULL;
	int rc = read_years(db, agency_id, out, &texts, err, errsize);
	if (rc == 0) {
		for (size_t i = 0; i < out->n; i++) {
			check_jumps(out, &out->agencies[i]);
			check_repeats(out, &out->agencies[i], &texts[i]);
		}
		check_copies(out, texts);
	}
	for (size_t i = 0; i < out->n; i++)
		for (int k = 0; k < TRENDS_MAX_YEARS; k++)
			report_shingles_free(&texts[i].years[k]);
	free(texts);
	return rc;
}

void aggregate_trends_free(struct trends *t)
{
	for (size_t i = 0; i < t->n; i++)
		report_free(&t->agencies[i].last);
	free(t->agencies);
	free(t->findings);
	memset(t, 0, sizeof *t);
}

void aggregate_trends_csv(const struct trends *t, struct buf *out)
{
	buf_puts(out, "\xEF\xBB\xBF机关编号,机关,年度,规则,说明\r\n");
	for (size_t i = 0; i < t->nfindings; i++) {
		const struct trend_finding *f = &t->findings[i];
		buf_printf(out, "%" PRId64 ",", f->agency_id);
		csv_put_field(out, f->agency);
		buf_printf(out, ",%d,%s,", f->year, f->rule);
		csv_put_field(out, f->message);
		buf_puts(out, "\r\n");
	}
}

void aggregate_trends_charts(const struct trends *t, const struct trend_agency *a, struct buf *out)
{
	struct annual_trend_point points[TRENDS_MAX_YEARS];
	for (int k = 0; k < t->years; k++)
		points[k] = (struct annual_trend_point){.year = a->points[k].year,
							.known = a->points[k].known,
							.from_archive = true,
							.received = a->points[k].received,
							.answered = a->points[k].answered,
							.carried_forward = a->points[k].carried_forward};
	annual_chart_trend(points, (size_t)t->years, out);
	struct annual_case_point cases[TRENDS_MAX_YEARS];
	for (int k = 0; k < t->years; k++)
		cases[k] = (struct annual_case_point){
		    .year = a->points[k].year, .known = a->points[k].known, .cases = a->points[k].cases};
	annual_chart_cases(cases, (size_t)t->years, out);
	if (a->points[t->years - 1].known)
		annual_chart_outcomes(&a->last, out);
}
