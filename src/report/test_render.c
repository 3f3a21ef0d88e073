/* test_render.c — the renderers: title, plain-text layout (tabs, blank cells, group labels), Markdown
 * tables, HTML structure (merged cells that tile each table exactly, captions, scopes, escaping) and
 * the round trip parse(render(r)) == r for every format. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/xpath.h>

#include "report/findings.h"
#include "report/report.h"
#include "report/report_json.h"
#include "report/report_parse.h"
#include "report/report_render.h"
#include "test_seed.h"

typedef void (*render_fn)(const struct report *, struct buf *);

static char *render(render_fn fn, const struct report *r)
{
	struct buf out = {0};
	fn(r, &out);
	return buf_take(&out);
}

static size_t count(const char *haystack, const char *needle)
{
	size_t n = 0;
	for (const char *p = strstr(haystack, needle); p; p = strstr(p + strlen(needle), needle))
		n++;
	return n;
}

/* True when text has a line exactly equal to line. */
static bool has_line(const char *text, const char *line)
{
	size_t len = strlen(line);
	for (const char *p = text; p; p = strchr(p, '\n')) {
		if (*p == '\n')
			p++;
		if (strncmp(p, line, len) == 0 && (p[len] == '\n' || p[len] == '\0'))
			return true;
	}
	return false;
}

/* The line of text starting with prefix (malloc'd, without its newline), or NULL. */
static char *line_starting(const char *text, const char *prefix)
{
	for (const char *p = text; p; p = strchr(p, '\n')) {
		if (*p == '\n')
			p++;
		if (strncmp(p, prefix, strlen(prefix)) == 0) {
			const char *eol = strchr(p, '\n');
			return xstrndup(p, eol ? (size_t)(eol - p) : strlen(p));
		}
	}
	return NULL;
}

/* A 2019-edition report with distinctive numbers, a negative 本年增/减, a unit and blank cells. */
static void report_2019(struct report *r)
{
	report_init(r, REPORT_EDITION_2019);
	report_zero(r);
	r->year = 2020;
	r->agency = xstrdup("某市某区生态环境分局");
	r->proactive[PRO_PUNISHMENT][0] = rcell_of(10);
	r->proactive[PRO_PUNISHMENT][1] = rcell_of(-3);
	r->proactive[PRO_PUNISHMENT][2] = rcell_of(5);
	r->proactive[PRO_PROCUREMENT][0] = rcell_of(2);
	r->proactive[PRO_PROCUREMENT][1] = rcell_of(12 * REPORT_MONEY_SCALE + REPORT_MONEY_SCALE / 2);
	r->procurement_unit = xstrdup("万元");
	r->applications[APP_OTHER][APP_COL_NATURAL] = rcell_of(4);
	r->applications[APP_GRANTED][APP_COL_RESEARCH] = (struct rcell){0};
	r->cases[CASE_LITIGATION_AFTER][CASE_TOTAL] = (struct rcell){0};
	report_set_text(&r->overview, "（一）主动公开情况\n本年度主动公开政府信息 12 条。");
	report_set_text(&r->problems, "公开栏目更新不及时。");
}

static void test_title(void **state)
{
	(void)state;
	struct report r;
	struct buf out = {0};
	seed_report(&r);
	report_title(&r, &out);
	assert_string_equal(out.data, "汝州市钟楼街道办事处2023年政府信息公开工作年度报告");
	report_free(&r);
	buf_reset(&out);
	report_init(&r, REPORT_EDITION_2021);
	report_title(&r, &out);
	assert_string_equal(out.data, "（机关名称）××××年政府信息公开工作年度报告");
	buf_free(&out);
}

static void test_txt_seed_layout(void **state)
{
	(void)state;
	struct report r;
	seed_report(&r);
	char *txt = render(report_render_txt, &r);
	assert_true(
	    strncmp(
		txt, "汝州市钟楼街道办事处2023年政府信息公开工作年度报告\n\n一、总体情况\n\n（一）主动公开情况\n\n",
		strlen(
		    "汝州市钟楼街道办事处2023年政府信息公开工作年度报告\n\n一、总体情况\n\n（一）主动公开情况\n\n")) ==
	    0);
	const char *last = txt;
	for (int s = 0; s < 6; s++) {
		assert_true(has_line(txt, report_section_titles[s]));
		const char *at = strstr(txt, report_section_titles[s]);
		assert_true(at >= last); /* in template order */
		last = at;
	}
	assert_true(has_line(txt, "第二十条第（一）项\t\t\t"));
	assert_true(has_line(txt, "信息内容\t本年制发件数\t本年废止件数\t现行有效件数"));
	assert_true(has_line(txt, "行政许可\t0\t\t"));
	assert_true(has_line(txt, "行政事业性收费\t0\t\t"));
	assert_true(has_line(
	    txt, "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）\t\t\t申请人情况\t\t\t\t\t\t"));
	assert_true(has_line(txt, "\t\t\t自然人\t法人或其他组织\t\t\t\t\t总计"));
	assert_true(has_line(txt, "\t\t\t\t商业企业\t科研机构\t社会公益组织\t法律服务机构\t其他\t"));
	assert_true(has_line(txt, "一、本年新收政府信息公开申请数量\t\t\t1\t0\t0\t0\t0\t0\t1"));
	assert_true(has_line(txt, "三、本年度办理结果\t（一）予以公开\t\t0\t0\t0\t0\t0\t0\t0"));
	assert_true(has_line(txt, "\t（三）不予公开\t1.属于国家秘密\t0\t0\t0\t0\t0\t0\t0"));
	assert_true(has_line(txt, "\t\t2.其他法律行政法规禁止公开\t0\t0\t0\t0\t0\t0\t0"));
	assert_true(has_line(txt, "\t（四）无法提供\t1.本机关不掌握相关政府信息\t1\t0\t0\t0\t0\t0\t1"));
	assert_true(has_line(txt, "\t\t3.其他\t0\t0\t0\t0\t0\t0\t0"));
	assert_true(has_line(txt, "\t（七）总计\t\t1\t0\t0\t0\t0\t0\t1"));
	assert_true(has_line(txt, "四、结转下年度继续办理\t\t\t0\t0\t0\t0\t0\t0\t0"));
	assert_true(has_line(txt, "行政复议\t\t\t\t\t行政诉讼\t\t\t\t\t\t\t\t\t"));
	assert_true(has_line(txt, "0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0"));
	/* every line of table 三 has ten cells, every line of table 四 fifteen */
	const char *t3 = strstr(txt, "（本列数据"), *t3_end = strstr(t3, "\n\n");
	int lines = 0;
	for (const char *p = t3; p < t3_end; p = strchr(p, '\n') + 1, lines++) {
		char *line = xstrndup(p, (size_t)(strchr(p, '\n') - p));
		assert_int_equal(count(line, "\t"), 9);
		free(line);
	}
	assert_int_equal(lines, 3 + 25);
	const char *t4 = strstr(txt, "\n行政复议\t") + 1, *t4_end = strstr(t4, "\n\n");
	for (const char *p = t4; p < t4_end; p = strchr(p, '\n') + 1) {
		char *line = xstrndup(p, (size_t)(strchr(p, '\n') - p));
		assert_int_equal(count(line, "\t"), 14);
		free(line);
	}
	assert_non_null(
	    strstr(txt, "\n\n六、其他需要报告的事项\n\n依据《国务院办公厅关于印发<政府信息公开信息处理费管理办法>"));
	free(txt);
	report_free(&r);
}

static void test_txt_2019_and_blank_cells(void **state)
{
	(void)state;
	struct report r;
	report_2019(&r);
	char *txt = render(report_render_txt, &r);
	assert_true(has_line(txt, "某市某区生态环境分局2020年政府信息公开工作年度报告"));
	assert_true(has_line(txt, "信息内容\t本年新制作数量\t本年新公开数量\t对外公开总数量"));
	assert_true(has_line(txt, "规范性文件\t0\t0\t0"));
	assert_true(has_line(txt, "其他对外管理服务事项\t0\t0\t0"));
	assert_true(has_line(txt, "行政处罚\t10\t-3\t5"));
	assert_true(has_line(txt, "行政事业性收费\t0\t0\t"));
	assert_true(has_line(txt, "第二十条第（九）项\t\t\t"));
	assert_true(has_line(txt, "信息内容\t采购项目数量\t采购总金额\t"));
	assert_true(has_line(txt, "政府集中采购\t2\t12.5万元\t"));
	assert_true(has_line(txt, "三、本年度办理结果\t（一）予以公开\t\t0\t0\t\t0\t0\t0\t0"));
	assert_true(has_line(txt, "\t（六）其他处理\t\t4\t0\t0\t0\t0\t0\t0"));
	assert_null(strstr(txt, "3.其他"));
	assert_null(strstr(txt, "行政规范性文件"));
	assert_true(has_line(txt, "0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t-")); /* last cell blank */
	free(txt);
	report_free(&r);
}

static void test_fee_sentence(void **state)
{
	(void)state;
	struct report r;
	seed_report(&r);
	report_set_text(&r.other, NULL);
	char *txt = render(report_render_txt, &r);
	assert_non_null(strstr(txt, "六、其他需要报告的事项\n\n本年度未收取信息处理费。\n"));
	free(txt);
	r.processing_fee = rcell_of(1500 * REPORT_MONEY_SCALE + REPORT_MONEY_SCALE / 4);
	txt = render(report_render_txt, &r);
	assert_non_null(strstr(txt, "六、其他需要报告的事项\n\n本年度收取信息处理费 1500.25 元。\n"));
	free(txt);
	r.processing_fee = (struct rcell){0};
	txt = render(report_render_txt, &r);
	size_t len = strlen(txt), tail = strlen("\n六、其他需要报告的事项\n");
	assert_true(len > tail && strcmp(txt + len - tail, "\n六、其他需要报告的事项\n") == 0);
	free(txt);
	report_free(&r);
}

static void test_md_structure(void **state)
{
	(void)state;
	struct report r;
	seed_report(&r);
	char *md = render(report_render_md, &r);
	assert_true(
	    strncmp(md,
		    "# 汝州市钟楼街道办事处2023年政府信息公开工作年度报告\n\n## 一、总体情况\n\n（一）主动公开情况\n",
		    strlen("# 汝州市钟楼街道办事处2023年政府信息公开工作年度报告\n\n## "
			   "一、总体情况\n\n（一）主动公开情况\n")) == 0);
	for (int s = 0; s < 6; s++) {
		char heading[128];
		snprintf(heading, sizeof heading, "## %s", report_section_titles[s]);
		assert_true(has_line(md, heading));
	}
	assert_int_equal(count(md, "\n|---|---|---|---|\n"), 4); /* the four sub-tables of table 二 */
	assert_int_equal(count(md, "\n|---|---|---|---|---|---|---|---|---|---|\n"), 1);
	assert_int_equal(count(md, "\n|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n"), 1);
	assert_true(has_line(md, "| 第二十条第（五）项 |  |  |  |"));
	assert_true(has_line(md, "| 行政许可 | 0 |  |  |"));
	assert_true(has_line(md, "|  | （四）无法提供 | 1.本机关不掌握相关政府信息 | 1 | 0 | 0 | 0 | 0 | 0 | 1 |"));
	char *row = line_starting(md, "| 四、结转下年度继续办理");
	assert_non_null(row);
	assert_int_equal(count(row, "|"), 11);
	free(row);
	/* sub-tables are separate pipe tables: a blank line before each heading row */
	assert_non_null(strstr(md, "| 行政许可 | 0 |  |  |\n\n| 第二十条第（六）项 |"));
	free(md);
	report_free(&r);

	report_2019(&r);
	free(r.procurement_unit);
	r.procurement_unit = xstrdup("万|元");
	md = render(report_render_md, &r);
	assert_true(has_line(md, "| 政府集中采购 | 2 | 12.5万\\|元 |  |"));
	free(md);
	report_free(&r);
}

static void test_html_document(void **state)
{
	(void)state;
	struct report r;
	seed_report(&r);
	free(r.agency);
	r.agency = xstrdup("<script>alert('x')</script>局");
	report_set_text(&r.overview, "（一）概况\n<b>加粗</b> & “引号” <script>alert(1)</script>");
	char *html = render(report_render_html, &r);
	assert_true(strncmp(html, "<!doctype html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n",
			    strlen("<!doctype html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n")) == 0);
	assert_non_null(strstr(html, "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"));
	assert_non_null(strstr(
	    html, "<title>&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;局2023年政府信息公开工作年度报告</title>"));
	assert_non_null(strstr(html, "<h1>&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;局2023年"));
	assert_non_null(strstr(html, "<h3>（一）概况</h3>"));
	assert_non_null(
	    strstr(html, "<p>&lt;b&gt;加粗&lt;/b&gt; &amp; “引号” &lt;script&gt;alert(1)&lt;/script&gt;</p>"));
	assert_null(strstr(html, "<script"));
	assert_null(strstr(html, "<b>"));
	assert_int_equal(count(html, "<style>"), 1);
	assert_null(strstr(html, "<link"));
	assert_null(strstr(html, "src="));
	assert_non_null(strstr(html, "@media print"));
	assert_int_equal(count(html, "<caption>"), 3);
	assert_int_equal(count(html, "<section>"), 6);
	assert_int_equal(count(html, "<thead>"), 3);
	size_t len = strlen(html);
	assert_string_equal(html + len - strlen("</article>\n</body>\n</html>\n"), "</article>\n</body>\n</html>\n");
	free(html);
	report_free(&r);
}

static void test_html_spans(void **state)
{
	(void)state;
	struct report r;
	seed_report(&r);
	char *html = render(report_render_html, &r);
	assert_non_null(strstr(html, "<th scope=\"rowgroup\" rowspan=\"22\">三、本年度办理结果</th>"));
	assert_non_null(strstr(html, "<th scope=\"rowgroup\" rowspan=\"8\">（三）不予公开</th>"));
	assert_non_null(strstr(html, "<th scope=\"rowgroup\" rowspan=\"3\">（四）无法提供</th>"));
	assert_non_null(strstr(html, "<th scope=\"rowgroup\" rowspan=\"5\">（五）不予处理</th>"));
	assert_non_null(strstr(html, "<th scope=\"rowgroup\" rowspan=\"3\">（六）其他处理</th>"));
	assert_non_null(strstr(html, "<td class=\"gk-note\" rowspan=\"3\" colspan=\"3\">（本列数据的勾稽关系为："));
	assert_non_null(strstr(html, "<th scope=\"colgroup\" colspan=\"7\">申请人情况</th>"));
	assert_non_null(strstr(html, "<th scope=\"col\" rowspan=\"2\">自然人</th>"));
	assert_non_null(strstr(html, "<th scope=\"colgroup\" colspan=\"5\">法人或其他组织</th>"));
	assert_non_null(strstr(html, "<th scope=\"colgroup\" colspan=\"5\">行政复议</th>"));
	assert_non_null(strstr(html, "<th scope=\"colgroup\" colspan=\"10\">行政诉讼</th>"));
	assert_non_null(strstr(html, "<th scope=\"colgroup\" colspan=\"5\">未经复议直接起诉</th>"));
	assert_non_null(
	    strstr(html, "<th scope=\"row\" colspan=\"3\">一、本年新收政府信息公开申请数量</th><td>1</td>"));
	assert_non_null(strstr(html, "<th scope=\"row\" colspan=\"2\">（七）总计</th><td>1</td>"));
	assert_int_equal(count(html, "<th>"), 0); /* every header cell has a scope */
	free(html);
	report_free(&r);

	report_2019(&r);
	html = render(report_render_html, &r);
	assert_non_null(strstr(html, "<th scope=\"rowgroup\" rowspan=\"20\">三、本年度办理结果</th>"));
	assert_non_null(strstr(html, "<th scope=\"row\" colspan=\"2\">（六）其他处理</th><td>4</td>"));
	assert_non_null(strstr(html, "<th scope=\"row\">政府集中采购</th><td>2</td><td colspan=\"2\">12.5万元</td>"));
	assert_non_null(strstr(html, "<td></td>")); /* blank cells stay empty */
	free(html);
	report_free(&r);
}

/* Lays the rows of an HTML table onto a grid and checks that the merged cells tile it exactly:
 * every row ends up with `width` slots, none covered twice. Returns the number of rows. */
static int check_table_tiles(xmlNodePtr table, int width)
{
	enum { MAX_ROWS = 40 }; /* the widest table has 15 columns */
	bool used[MAX_ROWS][16] = {{false}};
	xmlXPathContextPtr ctx = xmlXPathNewContext(table->doc);
	ctx->node = table;
	xmlXPathObjectPtr rows = xmlXPathEvalExpression((const xmlChar *)".//tr", ctx);
	int nrows = rows->nodesetval ? rows->nodesetval->nodeNr : 0;
	assert_true(nrows > 0 && nrows <= MAX_ROWS);
	for (int y = 0; y < nrows; y++) {
		int x = 0;
		for (xmlNodePtr c = rows->nodesetval->nodeTab[y]->children; c; c = c->next) {
			if (c->type != XML_ELEMENT_NODE)
				continue;
			xmlChar *cs = xmlGetProp(c, (const xmlChar *)"colspan"),
				*rs = xmlGetProp(c, (const xmlChar *)"rowspan");
			int colspan = cs ? atoi((const char *)cs) : 1, rowspan = rs ? atoi((const char *)rs) : 1;
			xmlFree(cs);
			xmlFree(rs);
			while (x < width && used[y][x])
				x++;
			assert_true(x + colspan <= width);
			assert_true(y + rowspan <= nrows);
			for (int dy = 0; dy < rowspan; dy++)
				for (int dx = 0; dx < colspan; dx++) {
					assert_false(used[y + dy][x + dx]);
					used[y + dy][x + dx] = true;
				}
			x += colspan;
		}
		for (int i = 0; i < width; i++)
			assert_true(used[y][i]);
	}
	xmlXPathFreeObject(rows);
	xmlXPathFreeContext(ctx);
	return nrows;
}

static void check_html_tables(const struct report *r, int apps_rows)
{
	char *html = render(report_render_html, r);
	htmlDocPtr doc = htmlReadMemory(html, (int)strlen(html), NULL, "UTF-8",
					HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET);
	assert_non_null(doc);
	xmlXPathContextPtr ctx = xmlXPathNewContext(doc);
	xmlXPathObjectPtr tables = xmlXPathEvalExpression((const xmlChar *)"//table", ctx);
	assert_int_equal(tables->nodesetval->nodeNr, 3);
	int pro_rows = r->edition == REPORT_EDITION_2019 ? 5 * 2 + 8 : 4 * 2 + 6;
	assert_int_equal(check_table_tiles(tables->nodesetval->nodeTab[0], 4), pro_rows);
	assert_int_equal(check_table_tiles(tables->nodesetval->nodeTab[1], 10), apps_rows);
	assert_int_equal(check_table_tiles(tables->nodesetval->nodeTab[2], 15), 4);
	xmlXPathFreeObject(tables);
	xmlXPathFreeContext(ctx);
	xmlFreeDoc(doc);
	free(html);
}

static void test_html_tables_tile(void **state)
{
	(void)state;
	struct report r;
	seed_report(&r);
	check_html_tables(&r, 3 + 25);
	report_free(&r);
	report_2019(&r);
	check_html_tables(&r, 3 + 23);
	report_free(&r);
}

static void test_html_fragment(void **state)
{
	(void)state;
	struct report r;
	seed_report(&r);
	char *frag = render(report_render_html_fragment, &r);
	assert_true(
	    strncmp(frag, "<article class=\"gk-report\">\n<h1>", strlen("<article class=\"gk-report\">\n<h1>")) == 0);
	assert_string_equal(frag + strlen(frag) - strlen("</article>\n"), "</article>\n");
	assert_null(strstr(frag, "<html"));
	assert_null(strstr(frag, "<style"));
	/* balanced and well-formed: an XML parser accepts it */
	xmlDocPtr doc = xmlReadMemory(frag, (int)strlen(frag), NULL, "UTF-8",
				      XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	assert_non_null(doc);
	xmlFreeDoc(doc);
	char *page = render(report_render_html, &r);
	assert_non_null(strstr(page, frag)); /* the page embeds exactly the fragment */
	free(page);
	free(frag);
	report_free(&r);
}

/* ---- round trips: parse(render(r)) == r ---- */

static char *json_of(const struct report *r)
{
	struct buf out = {0};
	report_to_json(r, &out);
	return buf_take(&out);
}

static const struct {
	const char *name;
	render_fn fn;
} formats[] = {
    {"txt", report_render_txt},
    {"html", report_render_html},
    {"html-fragment", report_render_html_fragment},
    {"md", report_render_md},
};

/* Renders r in every format, parses each back and compares the canonical JSON. */
static void assert_round_trips(const struct report *r)
{
	char *expected = json_of(r);
	for (size_t i = 0; i < sizeof formats / sizeof formats[0]; i++) {
		char *text = render(formats[i].fn, r);
		struct report back;
		struct findings f = {0};
		char err[256] = "";
		int rc = report_parse(text, strlen(text), &back, &f, err, sizeof err);
		char *got = rc == 0 ? json_of(&back) : xstrdup(err);
		if (strcmp(got, expected) != 0) {
			print_error(
			    "round trip through %s differs\n--- rendered:\n%s\n--- expected:\n%s\n--- parsed:\n%s\n",
			    formats[i].name, text, expected, got);
			for (size_t k = 0; k < f.n; k++)
				print_error("  finding %s %s\n", f.v[k].rule, f.v[k].message);
		}
		assert_int_equal(rc, 0);
		assert_string_equal(got, expected);
		assert_int_equal(findings_status(&f), 0); /* a rendered report is complete */
		free(got);
		free(text);
		report_free(&back);
		findings_free(&f);
	}
	free(expected);
}

static void test_round_trip_seed(void **state)
{
	(void)state;
	struct report seed, parsed;
	struct findings f = {0};
	struct buf file = {0};
	char err[256];
	/* the published seed, parsed, is the starting point; the hand-built model must agree with it */
	assert_int_equal(buf_read_file(&file, SEED_PATH, 1 << 20), 0);
	assert_int_equal(report_parse(file.data, file.len, &parsed, &f, err, sizeof err), 0);
	seed_report(&seed);
	char *a = json_of(&parsed), *b = json_of(&seed);
	assert_string_equal(a, b);
	free(a);
	free(b);
	assert_round_trips(&parsed);
	report_free(&seed);
	report_free(&parsed);
	findings_free(&f);
	buf_free(&file);
}

/* A small deterministic generator (xorshift), so that failures reproduce. */
static uint32_t next_random(uint32_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 17;
	*s ^= *s << 5;
	return *s;
}

static struct rcell random_cell(uint32_t *s, enum cell_kind kind)
{
	uint32_t roll = next_random(s) % 100;
	if (roll < 12)
		return (struct rcell){0};
	if (roll < 45)
		return rcell_of(0);
	int64_t v = next_random(s) % 500;
	if (kind == CELL_SIGNED && next_random(s) % 2)
		v = -v;
	if (kind == CELL_MONEY)
		v = v * REPORT_MONEY_SCALE + (int64_t)(next_random(s) % 100) * (REPORT_MONEY_SCALE / 100);
	return rcell_of(v);
}

static const char *const sentence_pool[] = {
    "（一）主动公开情况",
    "本年度通过政府门户网站主动公开政府信息，做到应公开尽公开。",
    "（二）依申请公开情况",
    "严格按照法定时限答复申请人，答复内容规范。",
    "（三）政府信息管理情况",
    "建立健全信息发布审核制度，落实保密审查。",
    "（四）平台建设情况",
    "持续优化政府信息公开专栏，方便群众查询。",
    "一是公开栏目更新不够及时；二是政策解读形式较为单一。",
    "下一步将加强业务培训，提高信息公开工作质量。",
};

/* Joins 1–4 sentences from the pool into a section text, or NULL. */
static void random_text(uint32_t *s, char **field)
{
	int n = (int)(next_random(s) % 5);
	struct buf text = {0};
	for (int i = 0; i < n; i++)
		buf_printf(&text, "%s%s", i ? "\n" : "",
			   sentence_pool[next_random(s) % (sizeof sentence_pool / sizeof sentence_pool[0])]);
	report_set_text(field, n ? text.data : NULL);
	buf_free(&text);
}

/* Section 六 and the fee as the parser reads them back: the fee comes from the text. */
static void random_other(uint32_t *s, struct report *r)
{
	switch (next_random(s) % 4) {
	case 0:
		report_set_text(&r->other, NULL);
		r->processing_fee = (struct rcell){0};
		break;
	case 1:
		report_set_text(&r->other, "本年度未收取信息处理费。");
		r->processing_fee = rcell_of(0);
		break;
	case 2:
		report_set_text(&r->other, "本年度收取信息处理费 120.5 元。");
		r->processing_fee = rcell_of(120 * REPORT_MONEY_SCALE + REPORT_MONEY_SCALE / 2);
		break;
	default:
		report_set_text(&r->other, "无其他需要报告的事项。");
		r->processing_fee = (struct rcell){0};
	}
}

static void random_report(struct report *r, int edition, uint32_t *s)
{
	static const char *const agencies[] = {"某市某区生态环境分局", "某县某镇人民政府", "某省人民政府办公厅",
					       "某市市场监督管理局"};
	report_init(r, edition);
	r->year = 2019 + (int)(next_random(s) % 7);
	r->agency = xstrdup(agencies[next_random(s) % 4]);
	for (int p = 0; p < PRO_ROW_COUNT; p++) {
		const struct pro_row_def *def = report_pro_row(edition, p);
		for (int c = 0; def && c < def->ncols; c++)
			r->proactive[p][c] = random_cell(s, def->kinds[c]);
	}
	if (r->proactive[PRO_PROCUREMENT][1].present && next_random(s) % 2)
		r->procurement_unit = xstrdup(next_random(s) % 2 ? "万元" : "元");
	for (int a = 0; a < APP_ROW_COUNT; a++)
		for (int c = 0; report_app_row_in(edition, a) && c < APP_COL_COUNT; c++)
			r->applications[a][c] = random_cell(s, CELL_COUNT);
	for (int b = 0; b < CASE_BLOCK_COUNT; b++)
		for (int c = 0; c < CASE_COL_COUNT; c++)
			r->cases[b][c] = random_cell(s, CELL_COUNT);
	random_text(s, &r->overview);
	random_text(s, &r->problems);
	random_other(s, r);
}

static void test_round_trip_generated(void **state)
{
	(void)state;
	uint32_t seed = 20240131;
	for (int i = 0; i < 60; i++) {
		struct report r;
		random_report(&r, i % 2 ? REPORT_EDITION_2019 : REPORT_EDITION_2021, &seed);
		assert_round_trips(&r);
		report_free(&r);
	}
}

/* Section 六 written from the fee alone parses back as that sentence with the same fee: the
 * renderer's sentence is a fixed point. */
static void test_round_trip_fee_sentence(void **state)
{
	(void)state;
	struct report r;
	seed_report(&r);
	report_set_text(&r.other, NULL);
	r.processing_fee = rcell_of(300 * REPORT_MONEY_SCALE);
	for (size_t i = 0; i < sizeof formats / sizeof formats[0]; i++) {
		char *text = render(formats[i].fn, &r);
		struct report back;
		struct findings f = {0};
		char err[256];
		assert_int_equal(report_parse(text, strlen(text), &back, &f, err, sizeof err), 0);
		assert_string_equal(back.other, "本年度收取信息处理费 300 元。");
		assert_true(back.processing_fee.present);
		assert_int_equal(back.processing_fee.value, 300 * REPORT_MONEY_SCALE);
		char *again = render(formats[i].fn, &back);
		assert_string_equal(again, text);
		free(again);
		free(text);
		report_free(&back);
		findings_free(&f);
	}
	report_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_title),
	    cmocka_unit_test(test_txt_seed_layout),
	    cmocka_unit_test(test_txt_2019_and_blank_cells),
	    cmocka_unit_test(test_fee_sentence),
	    cmocka_unit_test(test_md_structure),
	    cmocka_unit_test(test_html_document),
	    cmocka_unit_test(test_html_spans),
	    cmocka_unit_test(test_html_tables_tile),
	    cmocka_unit_test(test_html_fragment),
	    cmocka_unit_test(test_round_trip_seed),
	    cmocka_unit_test(test_round_trip_generated),
	    cmocka_unit_test(test_round_trip_fee_sentence),
	};
	int failed = cmocka_run_group_tests(tests, NULL, NULL);
	xmlCleanupParser();
	return failed;
}
