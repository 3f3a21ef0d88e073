/* charts.c — the annual report's charts as server-rendered SVG (no scripts, no styles: presentation
 * attributes only, so the pages' Content-Security-Policy holds): applications answered by outcome,
 * applications received by applicant type, and the five-year trend of received / answered / carried
 * forward. Each chart is a <figure> whose <svg role="img"> has a <title> and a <desc> that say what
 * it shows in words, followed by a visually-hidden table with the same numbers for screen readers.
 * Every text goes through buf_html, so the output is trusted HTML. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "annual/annual_charts.h"

#define BAR_COLOR "#1f5fa8"
#define CHART_W	  640
#define LABEL_W	  150

static const char *const trend_colors[3] = {"#1f5fa8", "#3a8f3a", "#c0762a"};
static const char *const trend_names[3] = {"新收申请", "本年办结", "结转下年度"};

/* kind names the chart in a class (not an id: a page may show the same chart for several agencies). */
static void figure_begin(struct buf *b, const char *kind, const char *title, const char *desc, int w, int h)
{
	/* the accessible name and description are on the <svg> itself (aria-label), and repeated in
	 * <title>/<desc> for SVG viewers; the data table after the chart carries the numbers */
	buf_printf(b,
		   "<figure class=\"gk-chart gk-%s\">\n<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" "
		   "viewBox=\"0 0 %d %d\" width=\"100%%\" preserveAspectRatio=\"xMinYMin meet\" aria-label=\"",
		   kind, w, h);
	buf_html(b, title);
	buf_puts(b, "：");
	buf_html(b, desc);
	buf_puts(b, "\">\n<title>");
	buf_html(b, title);
	buf_puts(b, "</title>\n<desc>");
	buf_html(b, desc);
	buf_puts(b, "</desc>\n");
}

/* Closes the SVG and writes the hidden data table: rows of label + values under the column heads. */
static void figure_end(struct buf *b, const char *caption, const char *const *heads, int ncols,
		       const char *const *labels, const int64_t *values, int nrows)
{
	buf_puts(b, "</svg>\n<figcaption>");
	buf_html(b, caption);
	buf_puts(b, "</figcaption>\n<table class=\"visually-hidden\">\n<caption>");
	buf_html(b, caption);
	buf_puts(b, "（数据表）</caption>\n<thead><tr>");
	for (int c = 0; c <= ncols; c++) {
		buf_puts(b, "<th scope=\"col\">");
		buf_html(b, heads[c]);
		buf_puts(b, "</th>");
	}
	buf_puts(b, "</tr></thead>\n<tbody>\n");
	if (nrows == 0)
		buf_printf(b, "<tr><td colspan=\"%d\">暂无数据</td></tr>\n", ncols + 1);
	for (int r = 0; r < nrows; r++) {
		buf_puts(b, "<tr><th scope=\"row\">");
		buf_html(b, labels[r]);
		buf_puts(b, "</th>");
		for (int c = 0; c < ncols; c++)
			buf_printf(b, "<td>%" PRId64 "</td>", values[r * ncols + c]);
		buf_puts(b, "</tr>\n");
	}
	buf_puts(b, "</tbody>\n</table>\n</figure>\n");
}

/* Horizontal bars: one per label, scaled to the largest value (an all-zero chart draws no bars). */
static void bars(struct buf *b, const char *const *labels, const int64_t *values, int n)
{
	int64_t max = 0;
	for (int i = 0; i < n; i++)
		if (values[i] > max)
			max = values[i];
	double scale = max > 0 ? (double)(CHART_W - LABEL_W - 60) / (double)max : 0;
	for (int i = 0; i < n; i++) {
		int y = 10 + i * 30;
		buf_printf(b, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\" fill=\"#222\">", LABEL_W - 8, y + 15);
		buf_html(b, labels[i]);
		buf_printf(b,
			   "</text>\n<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"20\" fill=\"" BAR_COLOR "\"/>\n"
			   "<text x=\"%.1f\" y=\"%d\" fill=\"#222\">%" PRId64 "</text>\n",
			   LABEL_W, y, (double)values[i] * scale, LABEL_W + (double)values[i] * scale + 6, y + 15,
			   values[i]);
	}
}

/* "予以公开 3 件，部分公开 1 件" — the description of a bar chart in words. */
static void describe(struct buf *d, const char *const *labels, const int64_t *values, int n, const char *unit)
{
	for (int i = 0; i < n; i++)
		buf_printf(d, "%s%s %" PRId64 " %s", i ? "，" : "", labels[i], values[i], unit);
	buf_puts(d, "。");
}

void annual_chart_outcomes(const struct report *r, struct buf *out)
{
	static const char *const labels[] = {"予以公开", "部分公开", "不予公开", "无法提供", "不予处理", "其他处理"};
	int64_t values[6] = {0};
	for (int row = 0; row < APP_ROW_COUNT; row++) {
		int g = report_app_rows[row].group;
		if (report_app_rows[row].is_outcome && g >= APP_GROUP_GRANTED && g <= APP_GROUP_OTHER &&
		    report_app_row_in(r->edition, row))
			values[g - APP_GROUP_GRANTED] += r->applications[row][APP_COL_TOTAL].value;
	}
	struct buf title = {0}, desc = {0};
	buf_printf(&title, "%d 年政府信息公开申请办理结果", r->year);
	buf_printf(&desc, "本年办结 %" PRId64 " 件：", r->applications[APP_TOTAL][APP_COL_TOTAL].value);
	describe(&desc, labels, values, 6, "件");
	figure_begin(out, "outcomes", title.data, desc.data, CHART_W, 10 + 6 * 30);
	bars(out, labels, values, 6);
	static const char *const heads[] = {"办理结果", "件数"};
	figure_end(out, title.data, heads, 1, labels, values, 6);
	buf_free(&title);
	buf_free(&desc);
}

void annual_chart_applicants(const struct report *r, struct buf *out)
{
	const char *labels[APP_COL_TOTAL];
	int64_t values[APP_COL_TOTAL];
	for (int c = 0; c < APP_COL_TOTAL; c++) {
		labels[c] = report_app_col_labels[c];
		values[c] = r->applications[APP_NEW][c].value;
	}
	struct buf title = {0}, desc = {0};
	buf_printf(&title, "%d 年新收政府信息公开申请的申请人类型", r->year);
	buf_printf(&desc, "本年新收申请 %" PRId64 " 件：", r->applications[APP_NEW][APP_COL_TOTAL].value);
	describe(&desc, labels, values, APP_COL_TOTAL, "件");
	figure_begin(out, "applicants", title.data, desc.data, CHART_W, 10 + APP_COL_TOTAL * 30);
	bars(out, labels, values, APP_COL_TOTAL);
	static const char *const heads[] = {"申请人类型", "新收申请件数"};
	figure_end(out, title.data, heads, 1, labels, values, APP_COL_TOTAL);
	buf_free(&title);
	buf_free(&desc);
}

/* Grouped vertical bars per year: received, answered, carried forward; "无数据" for unknown years. */
static void trend_bars(struct buf *b, const struct annual_trend_point *p, size_t n, int h)
{
	int64_t max = 0;
	for (size_t i = 0; i < n; i++) {
		int64_t v[3] = {p[i].received, p[i].answered, p[i].carried_forward};
		for (int k = 0; k < 3; k++)
			if (v[k] > max)
				max = v[k];
	}
	int base = h - 50, group = (CHART_W - 40) / (int)(n ? n : 1);
	double scale = max > 0 ? (double)(base - 30) / (double)max : 0;
	buf_printf(b, "<line x1=\"20\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#555\"/>\n", base, CHART_W - 20, base);
	for (size_t i = 0; i < n; i++) {
		int x0 = 20 + (int)i * group + group / 2 - 45;
		int64_t v[3] = {p[i].received, p[i].answered, p[i].carried_forward};
		for (int k = 0; p[i].known && k < 3; k++) {
			double bh = (double)v[k] * scale;
			buf_printf(b,
				   "<rect x=\"%d\" y=\"%.1f\" width=\"28\" height=\"%.1f\" fill=\"%s\"/>\n"
				   "<text x=\"%d\" y=\"%.1f\" text-anchor=\"middle\" font-size=\"11\">%" PRId64
				   "</text>\n",
				   x0 + k * 30, base - bh, bh, trend_colors[k], x0 + k * 30 + 14, base - bh - 4, v[k]);
		}
		if (!p[i].known)
			buf_printf(b, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" fill=\"#777\">无数据</text>\n",
				   x0 + 44, base - 8);
		buf_printf(b, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%d 年</text>\n", x0 + 44, base + 18,
			   p[i].year);
	}
	for (int k = 0; k < 3; k++) {
		buf_printf(b,
			   "<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"12\" fill=\"%s\"/><text x=\"%d\" "
			   "y=\"%d\">%s</text>\n",
			   30 + k * 130, h - 18, trend_colors[k], 48 + k * 130, h - 8, trend_names[k]);
	}
}

void annual_chart_trend(const struct annual_trend_point *p, size_t n, struct buf *out)
{
	struct buf title = {0}, desc = {0};
	if (n == 0)
		return;
	buf_printf(&title, "%d—%d 年政府信息公开申请数量趋势", p[0].year, p[n - 1].year);
	for (size_t i = 0; i < n; i++) {
		if (p[i].known)
			buf_printf(&desc, "%d 年新收 %" PRId64 " 件、办结 %" PRId64 " 件、结转下年度 %" PRId64 " 件；",
				   p[i].year, p[i].received, p[i].answered, p[i].carried_forward);
		else
			buf_printf(&desc, "%d 年无数据；", p[i].year);
	}
	int h = 260;
	figure_begin(out, "trend", title.data, desc.data, CHART_W, h);
	trend_bars(out, p, n, h);
	const char *labels[16];
	char years[16][16];
	int64_t values[16 * 3];
	size_t rows = 0;
	for (size_t i = 0; i < n && rows < 16; i++) {
		if (!p[i].known)
			continue;
		snprintf(years[rows], sizeof years[rows], "%d 年", p[i].year);
		labels[rows] = years[rows];
		values[rows * 3] = p[i].received;
		values[rows * 3 + 1] = p[i].answered;
		values[rows * 3 + 2] = p[i].carried_forward;
		rows++;
	}
	static const char *const heads[] = {"年度", "新收申请", "本年办结", "结转下年度"};
	figure_end(out, title.data, heads, 3, labels, values, (int)rows);
	buf_free(&title);
	buf_free(&desc);
}

void annual_chart_cases(const struct annual_case_point *p, size_t n, struct buf *out)
{
	if (n == 0)
		return;
	const char *labels[16];
	char names[16][32];
	int64_t values[16];
	struct buf title = {0}, desc = {0};
	buf_printf(&title, "%d—%d 年行政复议和行政诉讼案件数", p[0].year, p[n - 1].year);
	int rows = 0;
	for (size_t i = 0; i < n && rows < 16; i++) {
		snprintf(names[rows], sizeof names[rows], p[i].known ? "%d 年" : "%d 年（无数据）", p[i].year);
		labels[rows] = names[rows];
		values[rows] = p[i].known ? p[i].cases : 0;
		if (p[i].known)
			buf_printf(&desc, "%d 年 %" PRId64 " 件；", p[i].year, p[i].cases);
		else
			buf_printf(&desc, "%d 年无数据；", p[i].year);
		rows++;
	}
	figure_begin(out, "cases", title.data, desc.data, CHART_W, 10 + rows * 30);
	bars(out, labels, values, rows);
	static const char *const heads[] = {"年度", "行政复议和行政诉讼案件数"};
	figure_end(out, title.data, heads, 1, labels, values, rows);
	buf_free(&title);
	buf_free(&desc);
}
