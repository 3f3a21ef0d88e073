/* test_parse.c — unit tests of the published-report parser (report_parse and its parse_* pieces).
 *
 * The fixtures in tests/fixtures/reports/ are the seed report (tests/fixtures/reports/ruzhou-zhonglou-2023.txt) in the
 * layouts real copies take, made by tests/fixtures/reports/make_fixtures.py; most carry "rich" numbers so that a value
 * read into the wrong row or column fails a test. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "report/parse_internal.h"
#include "report/report_check.h"
#include "report/report_parse.h"

#define FIXTURE(name) GONGKAI_SOURCE_DIR "/tests/fixtures/reports/" name
#define SEED	      GONGKAI_SOURCE_DIR "/tests/fixtures/reports/ruzhou-zhonglou-2023.txt"
#define M(x)	      ((int64_t)((x) * (double)REPORT_MONEY_SCALE))

struct parsed {
	struct report r;
	struct findings f;
	char err[512];
	int rc;
};

static void parse_bytes(struct parsed *p, const char *data, size_t len)
{
	memset(p, 0, sizeof *p);
	p->rc = report_parse(data, len, &p->r, &p->f, p->err, sizeof p->err);
}

static void parse_file(struct parsed *p, const char *path)
{
	struct buf b = {0};
	assert_int_equal(buf_read_file(&b, path, REPORT_PARSE_MAX_BYTES), 0);
	parse_bytes(p, b.data, b.len);
	buf_free(&b);
}

static void parsed_free(struct parsed *p)
{
	report_free(&p->r);
	findings_free(&p->f);
}

static void assert_row(const struct report *r, enum app_row row, const int64_t *want)
{
	for (int c = 0; c < APP_COL_COUNT; c++) {
		if (!r->applications[row][c].present || r->applications[row][c].value != want[c])
			print_error("row %s col %d: present=%d value=%lld, want %lld\n", report_app_rows[row].key, c,
				    r->applications[row][c].present, (long long)r->applications[row][c].value,
				    (long long)want[c]);
		assert_true(r->applications[row][c].present);
		assert_int_equal(r->applications[row][c].value, want[c]);
	}
}

static void assert_row_blank(const struct report *r, enum app_row row)
{
	for (int c = 0; c < APP_COL_COUNT; c++)
		assert_false(r->applications[row][c].present);
}

static void assert_cell(struct rcell c, int64_t want)
{
	assert_true(c.present);
	assert_int_equal(c.value, want);
}

static size_t count_incomplete(const struct findings *f)
{
	size_t n = 0;
	for (size_t i = 0; i < f->n; i++)
		n += f->v[i].incomplete;
	return n;
}

/* The finding with this rule whose row (or message) mentions text, or NULL. */
static const struct finding *find(const struct findings *f, const char *rule, const char *text)
{
	for (size_t i = 0; i < f->n; i++) {
		const struct finding *x = &f->v[i];
		if (strcmp(x->rule, rule) == 0 && ((x->row && strstr(x->row, text)) || strstr(x->message, text)))
			return x;
	}
	return NULL;
}

/* ---- the seed ---- */

static void test_seed_exact(void **state)
{
	(void)state;
	struct parsed p;
	parse_file(&p, SEED);
	assert_int_equal(p.rc, 0);
	assert_int_equal(p.r.edition, REPORT_EDITION_2021);
	assert_int_equal(p.r.year, 2023);
	assert_string_equal(p.r.agency, "汝州市钟楼街道办事处");
	static const int64_t one[7] = {1, 0, 0, 0, 0, 0, 1}, zero[7] = {0};
	for (int a = 0; a < APP_ROW_COUNT; a++) {
		if (a == APP_OTHER) {
			assert_row_blank(&p.r, a); /* 2019 only */
			continue;
		}
		assert_row(&p.r, a, a == APP_NEW || a == APP_UNABLE_NO_INFO || a == APP_TOTAL ? one : zero);
	}
	for (int row = 0; row < PRO_ROW_COUNT; row++) {
		const struct pro_row_def *def = report_pro_row(REPORT_EDITION_2021, row);
		for (int c = 0; def && c < def->ncols; c++)
			assert_cell(p.r.proactive[row][c], 0);
	}
	for (int b = 0; b < CASE_BLOCK_COUNT; b++)
		for (int c = 0; c < CASE_COL_COUNT; c++)
			assert_cell(p.r.cases[b][c], 0);
	assert_non_null(p.r.overview);
	assert_non_null(strstr(p.r.overview, "（一）主动公开情况\n2023 年汝州市钟楼街道办事处"));
	assert_non_null(p.r.problems);
	assert_true(strncmp(p.r.problems, "（一）存在的主要问题\n", strlen("（一）存在的主要问题\n")) == 0);
	assert_non_null(p.r.other);
	assert_non_null(strstr(p.r.other, "未收取信息处理费"));
	assert_cell(p.r.processing_fee, 0);
	assert_int_equal(count_incomplete(&p.f), 0);
	assert_int_equal(p.f.n, 0);
	parsed_free(&p);
}

/* ---- the rich fixtures in every layout ---- */

static void assert_rich(const char *path)
{
	struct parsed p;
	parse_file(&p, path);
	if (p.rc != 0)
		print_error("%s: %s\n", path, p.err);
	assert_int_equal(p.rc, 0);
	for (size_t i = 0; i < p.f.n; i++)
		print_message("%s: finding %s %s\n", path, p.f.v[i].rule, p.f.v[i].message);
	assert_int_equal(p.f.n, 0);
	assert_int_equal(p.r.edition, REPORT_EDITION_2021);
	assert_int_equal(p.r.year, 2023);
	assert_string_equal(p.r.agency, "汝州市钟楼街道办事处");
	static const int64_t zero[7] = {0};
	static const struct {
		enum app_row row;
		int64_t v[7];
	} want[] = {
	    {APP_NEW, {4, 1, 1, 0, 1, 0, 7}},
	    {APP_CARRIED_OVER, {1, 0, 0, 0, 0, 0, 1}},
	    {APP_GRANTED, {1, 0, 0, 0, 0, 0, 1}},
	    {APP_PARTIAL, {0, 1, 0, 0, 0, 0, 1}},
	    {APP_DENIED_THIRD_PARTY, {1, 0, 0, 0, 0, 0, 1}},
	    {APP_UNABLE_NO_INFO, {1, 0, 0, 0, 1, 0, 2}},
	    {APP_REJECTED_REPEAT, {0, 0, 1, 0, 0, 0, 1}},
	    {APP_TOTAL, {3, 1, 1, 0, 1, 0, 6}},
	    {APP_CARRIED_FORWARD, {2, 0, 0, 0, 0, 0, 2}},
	};
	for (int a = 0; a < APP_ROW_COUNT; a++) {
		if (a == APP_OTHER)
			continue;
		const int64_t *v = zero;
		for (size_t k = 0; k < sizeof want / sizeof *want; k++)
			if (want[k].row == (enum app_row)a)
				v = want[k].v;
		assert_row(&p.r, a, v);
	}
	assert_cell(p.r.proactive[PRO_REGULATIONS][0], 1);
	assert_cell(p.r.proactive[PRO_REGULATIONS][1], 0);
	assert_cell(p.r.proactive[PRO_REGULATIONS][2], 3);
	assert_cell(p.r.proactive[PRO_NORMATIVE][0], 2);
	assert_cell(p.r.proactive[PRO_NORMATIVE][1], 1);
	assert_cell(p.r.proactive[PRO_NORMATIVE][2], 7);
	assert_cell(p.r.proactive[PRO_LICENSING][0], 12);
	assert_cell(p.r.proactive[PRO_PUNISHMENT][0], 5);
	assert_cell(p.r.proactive[PRO_COERCION][0], 2);
	assert_cell(p.r.proactive[PRO_FEES][0], M(0.5));
	static const int64_t cases[15] = {1, 0, 0, 0, 1, 0, 1, 0, 0, 1, 0, 0, 0, 1, 1};
	for (int i = 0; i < 15; i++)
		assert_cell(p.r.cases[i / 5][i % 5], cases[i]);
	assert_non_null(p.r.overview);
	assert_non_null(strstr(p.r.overview, "（一）主动公开情况"));
	assert_non_null(p.r.problems);
	assert_non_null(p.r.other);
	assert_null(strstr(p.r.other, "网站标识码")); /* page footer is not section text */
	assert_cell(p.r.processing_fee, 0);
	parsed_free(&p);
}

static void test_rich_tabs(void **state)
{
	(void)state;
	assert_rich(FIXTURE("seed-tabs-rich.txt"));
}

static void test_spaces_layout(void **state)
{
	(void)state;
	assert_rich(FIXTURE("seed-spaces.txt"));
}

static void test_pipe_layout(void **state)
{
	(void)state;
	assert_rich(FIXTURE("seed-pipes.md"));
}

static void test_one_cell_per_line(void **state)
{
	(void)state;
	assert_rich(FIXTURE("seed-one-cell.txt"));
}

static void test_wrapped_labels(void **state)
{
	(void)state;
	assert_rich(FIXTURE("seed-wrapped.txt"));
}

static void test_fullwidth_and_nbsp(void **state)
{
	(void)state;
	assert_rich(FIXTURE("seed-fullwidth.txt"));
}

static void test_gb18030(void **state)
{
	(void)state;
	assert_rich(FIXTURE("seed-gb18030.txt"));
}

static void test_html_merged_cells(void **state)
{
	(void)state;
	assert_rich(FIXTURE("seed-merged.html"));
}

static void test_html_layout_table(void **state)
{
	(void)state;
	assert_rich(FIXTURE("seed-layout-table.html"));
}

static void test_html_word_gbk(void **state)
{
	(void)state;
	assert_rich(FIXTURE("seed-word-gbk.html"));
}

/* A file cut in the middle of a character is read up to the cut, as a truncated report. */
static void test_cut_mid_character(void **state)
{
	(void)state;
	struct buf b = {0};
	assert_int_equal(buf_read_file(&b, SEED, REPORT_PARSE_MAX_BYTES), 0);
	size_t cut = 4000;
	assert_true(((unsigned char)b.data[cut] & 0xC0) == 0x80); /* inside a character */
	struct parsed p;
	parse_bytes(&p, b.data, cut);
	assert_int_equal(p.rc, 0);
	assert_int_equal(p.r.edition, REPORT_EDITION_2021);
	assert_int_equal(findings_status(&p.f), 2);
	assert_non_null(find(&p.f, "P1", "表四"));
	parsed_free(&p);
	buf_free(&b);
}

/* ---- numbers run together ---- */

static void test_runtogether_text(void **state)
{
	(void)state;
	struct parsed p;
	parse_file(&p, FIXTURE("seed-runtogether.txt"));
	assert_int_equal(p.rc, 0);
	static const int64_t granted[7] = {23, 0, 0, 0, 0, 0, 23};
	assert_row(&p.r, APP_GRANTED, granted);
	const struct finding *x = find(&p.f, "P2", "予以公开");
	assert_non_null(x);
	assert_int_equal(x->severity, SEV_WARNING);
	assert_false(x->incomplete);
	assert_non_null(strstr(x->message, "230 000023"));
	assert_non_null(strstr(x->message, "23、0、0、0、0、0、23"));
	assert_int_equal(count_incomplete(&p.f), 0);
	assert_int_equal(findings_status(&p.f), 0);
	parsed_free(&p);
}

static void test_runtogether_html(void **state)
{
	(void)state;
	struct parsed p;
	parse_file(&p, FIXTURE("seed-runtogether.html"));
	assert_int_equal(p.rc, 0);
	static const int64_t granted[7] = {1, 0, 0, 0, 0, 0, 1}, total[7] = {3, 1, 1, 0, 1, 0, 6};
	assert_row(&p.r, APP_GRANTED, granted);
	assert_row(&p.r, APP_TOTAL, total); /* "3 1 1 0 1 0 6" in one cell: plain splitting, no warning */
	assert_non_null(find(&p.f, "P2", "予以公开"));
	assert_null(find(&p.f, "P2", "总计"));
	assert_int_equal(p.f.n, 1);
	parsed_free(&p);
}

/* Two rows "112 0 0 0 0 13" read 11,2,… or 1,12,…; every combination satisfies the identities, so
 * the table keeps what the readings share and names the cells that differ. */
static void test_runtogether_ambiguous(void **state)
{
	(void)state;
	struct parsed p;
	parse_file(&p, FIXTURE("seed-ambiguous.txt"));
	assert_int_equal(p.rc, 0);
	const enum app_row rows[] = {APP_PARTIAL, APP_DENIED_THIRD_PARTY};
	for (size_t i = 0; i < 2; i++) {
		const struct rcell *cells = p.r.applications[rows[i]];
		assert_true(cells[APP_COL_NATURAL].unknown && !cells[APP_COL_NATURAL].present);
		assert_true(cells[APP_COL_COMMERCIAL].unknown && !cells[APP_COL_COMMERCIAL].present);
		for (int c = APP_COL_RESEARCH; c < APP_COL_TOTAL; c++)
			assert_cell(cells[c], 0);
		assert_cell(cells[APP_COL_TOTAL], 13);
	}
	const struct finding *a = find(&p.f, "P2", "部分公开"), *b = find(&p.f, "P2", "保护第三方合法权益");
	assert_non_null(a);
	assert_non_null(b);
	assert_false(a->incomplete || b->incomplete);
	assert_non_null(strstr(a->message, "自然人、商业企业 无法确定"));
	assert_string_equal(a->table, "表三");
	assert_int_not_equal(findings_status(&p.f), 2);
	static const int64_t granted[7] = {1, 0, 0, 0, 0, 0, 1};
	assert_row(&p.r, APP_GRANTED, granted); /* the other rows are still read */
	parsed_free(&p);
}

static void test_runtogether_column_rules(void **state)
{
	(void)state;
	struct parsed p;
	parse_file(&p, FIXTURE("seed-column-resolved.txt"));
	assert_int_equal(p.rc, 0);
	static const int64_t partial[7] = {1, 12, 0, 0, 0, 0, 13};
	assert_row(&p.r, APP_PARTIAL, partial);
	const struct finding *x = find(&p.f, "P2", "部分公开");
	assert_non_null(x);
	assert_non_null(strstr(x->message, "勾稽"));
	assert_int_equal(count_incomplete(&p.f), 0);
	parsed_free(&p);
}

/* ---- other editions and damaged reports ---- */

static void test_edition_2019(void **state)
{
	(void)state;
	struct parsed p;
	parse_file(&p, FIXTURE("seed-2019.txt"));
	assert_int_equal(p.rc, 0);
	assert_int_equal(p.r.edition, REPORT_EDITION_2019);
	assert_int_equal(p.r.year, 2019);
	assert_int_equal(count_incomplete(&p.f), 0);
	static const int64_t other[7] = {0, 0, 0, 0, 1, 0, 1}, total[7] = {1, 0, 0, 0, 1, 0, 2};
	assert_row(&p.r, APP_OTHER, other);
	assert_row(&p.r, APP_TOTAL, total);
	assert_row_blank(&p.r, APP_OTHER_NO_CORRECTION);
	assert_row_blank(&p.r, APP_OTHER_OTHER);
	assert_cell(p.r.proactive[PRO_NORMATIVE][2], 9);
	assert_cell(p.r.proactive[PRO_LICENSING][0], 14);
	assert_cell(p.r.proactive[PRO_LICENSING][1], -2);
	assert_cell(p.r.proactive[PRO_LICENSING][2], 30);
	assert_cell(p.r.proactive[PRO_OTHER_SERVICES][2], 4);
	assert_cell(p.r.proactive[PRO_COERCION][1], -1);
	assert_cell(p.r.proactive[PRO_FEES][0], 2);
	assert_cell(p.r.proactive[PRO_FEES][1], 0);
	assert_cell(p.r.proactive[PRO_PROCUREMENT][0], 3);
	assert_cell(p.r.proactive[PRO_PROCUREMENT][1], M(12.5));
	assert_string_equal(p.r.procurement_unit, "万元");
	assert_cell(p.r.processing_fee, 0);
	parsed_free(&p);
}

static void test_truncated_report(void **state)
{
	(void)state;
	struct parsed p;
	parse_file(&p, FIXTURE("seed-truncated.txt"));
	assert_int_equal(p.rc, 0);
	assert_int_equal(findings_status(&p.f), 2);
	static const int64_t zero[7] = {0};
	assert_row(&p.r, APP_DENIED_ADMIN_QUERY, zero); /* the last row before the cut */
	assert_row_blank(&p.r, APP_TOTAL);
	const struct finding *x = find(&p.f, "P1", "（七）总计");
	assert_non_null(x);
	assert_true(x->incomplete);
	assert_non_null(find(&p.f, "P1", "表四"));
	assert_non_null(find(&p.f, "P6", "五、存在的主要问题及改进情况")); /* missing prose: a warning */
	assert_non_null(find(&p.f, "P6", "六、其他需要报告的事项"));
	assert_false(p.r.processing_fee.present);
	parsed_free(&p);
}

static void test_eight_columns(void **state)
{
	(void)state;
	struct parsed p;
	parse_file(&p, FIXTURE("seed-8col.txt"));
	assert_int_equal(p.rc, 0);
	size_t p3 = 0;
	for (size_t i = 0; i < p.f.n; i++)
		p3 += strcmp(p.f.v[i].rule, "P3") == 0 && p.f.v[i].incomplete;
	assert_int_equal(p3, 25);
	assert_row_blank(&p.r, APP_NEW);
	assert_row_blank(&p.r, APP_TOTAL);
	const struct finding *x = find(&p.f, "P3", "（七）总计");
	assert_non_null(x);
	assert_string_equal(x->table, "表三");
	assert_cell(p.r.cases[0][0], 0); /* the other tables are unaffected */
	parsed_free(&p);
}

static void test_blank_markers(void **state)
{
	(void)state;
	struct parsed p;
	parse_file(&p, FIXTURE("seed-dashes.txt"));
	assert_int_equal(p.rc, 0);
	assert_false(p.r.proactive[PRO_LICENSING][0].present);
	assert_false(p.r.proactive[PRO_COERCION][0].present);
	assert_cell(p.r.proactive[PRO_PUNISHMENT][0], 5);
	const struct rcell *rep = p.r.applications[APP_REJECTED_REPEAT];
	assert_cell(rep[0], 0);
	assert_false(rep[1].present);
	assert_cell(rep[2], 1);
	assert_false(rep[3].present);
	assert_false(rep[4].present);
	assert_cell(rep[5], 0);
	assert_cell(rep[6], 1);
	assert_int_equal(count_incomplete(&p.f), 0);
	parsed_free(&p);
}

static void assert_refused(const char *path, const char *message_part)
{
	struct parsed p;
	parse_file(&p, path);
	assert_int_equal(p.rc, -1);
	assert_non_null(strstr(p.err, message_part));
	parsed_free(&p);
}

static void test_refuses_binary(void **state)
{
	(void)state;
	assert_refused(FIXTURE("junk.bin"), "二进制");
}

static void test_refuses_invalid_encoding(void **state)
{
	(void)state;
	assert_refused(FIXTURE("invalid-encoding.txt"), "编码");
}

static void test_refuses_non_report(void **state)
{
	(void)state;
	assert_refused(FIXTURE("not-a-report.txt"), "不是政府信息公开工作年度报告");
	struct parsed p;
	parse_bytes(&p, "", 0);
	assert_int_equal(p.rc, -1);
	assert_non_null(strstr(p.err, "为空"));
	parsed_free(&p);
}

/* The seed with the line starting with `line` replaced by `with` (or, when insert, `with` added
 * after it). */
static void parse_seed_edited(struct parsed *p, const char *line, const char *with, bool insert)
{
	struct buf b = {0}, out = {0};
	assert_int_equal(buf_read_file(&b, SEED, REPORT_PARSE_MAX_BYTES), 0);
	char *at = strstr(b.data, line);
	assert_non_null(at);
	char *eol = strchr(at, '\n');
	buf_append(&out, b.data, (size_t)((insert ? eol + 1 : at) - b.data));
	buf_puts(&out, with);
	buf_puts(&out, insert ? eol + 1 : eol);
	parse_bytes(p, out.data, out.len);
	buf_free(&b);
	buf_free(&out);
}

/* An HTML cell left blank (<td>&nbsp;</td>) is blank, not zero and not a missing row: R8 names it
 * and the sums count it as 0, so the row and column totals fail too. */
static void test_html_blank_cell(void **state)
{
	(void)state;
	struct buf b = {0}, out = {0};
	assert_int_equal(buf_read_file(&b, FIXTURE("seed-merged.html"), REPORT_PARSE_MAX_BYTES), 0);
	const char *row = strstr(b.data, "予以公开</td><td>1</td>");
	assert_non_null(row);
	const char *cell = strstr(row, "<td>1</td>");
	buf_append(&out, b.data, (size_t)(cell - b.data));
	buf_puts(&out, "<td>&nbsp;</td>");
	buf_puts(&out, cell + strlen("<td>1</td>"));
	struct parsed p;
	parse_bytes(&p, out.data, out.len);
	assert_int_equal(p.rc, 0);
	assert_false(p.r.applications[APP_GRANTED][APP_COL_NATURAL].present);
	assert_false(p.r.applications[APP_GRANTED][APP_COL_NATURAL].unknown);
	report_check(&p.r, &p.f);
	const struct finding *x = find(&p.f, "R8", "（一）予以公开");
	assert_non_null(x);
	assert_non_null(strstr(x->message, "按 0 计"));
	assert_non_null(find(&p.f, "R2", "（一）予以公开"));
	assert_int_equal(findings_status(&p.f), 1);
	parsed_free(&p);
	buf_free(&b);
	buf_free(&out);
}

static void test_subtotal_row_ignored(void **state)
{
	(void)state;
	struct parsed p;
	parse_seed_edited(&p, "\t\t8. 属于行政查询事项", "\t\t小计\t0\t0\t0\t0\t0\t0\t0\n", true);
	assert_int_equal(p.rc, 0);
	static const int64_t zero[7] = {0}, one[7] = {1, 0, 0, 0, 0, 0, 1};
	assert_row(&p.r, APP_DENIED_ADMIN_QUERY, zero);
	assert_row(&p.r, APP_UNABLE_NO_INFO, one);
	const struct finding *x = find(&p.f, "P4", "小计");
	assert_non_null(x);
	assert_false(x->incomplete);
	assert_int_equal(findings_status(&p.f), 0);
	parsed_free(&p);
}

static void test_truncated_label(void **state)
{
	(void)state;
	struct parsed p;
	parse_seed_edited(&p, "\t(二) 部分公开", "\t(二) 部分公开 (区分处理的\t0\t0\t0\t0\t0\t0\t0\t", false);
	assert_int_equal(p.rc, 0);
	static const int64_t zero[7] = {0};
	assert_row(&p.r, APP_PARTIAL, zero);
	assert_int_equal(p.f.n, 0);
	parsed_free(&p);
}

static void test_too_few_cells(void **state)
{
	(void)state;
	struct parsed p;
	parse_seed_edited(&p, "(七) 总计", "(七) 总计  1 0 0 0 0 1", false);
	assert_int_equal(p.rc, 0);
	assert_row_blank(&p.r, APP_TOTAL);
	const struct finding *x = find(&p.f, "R8", "（七）总计"); /* a cell was left blank: which one is unknown */
	assert_non_null(x);
	assert_false(x->incomplete);
	assert_true(p.r.applications[APP_TOTAL][APP_COL_NATURAL].unknown);
	assert_non_null(strstr(x->message, "少于"));
	assert_int_equal(findings_status(&p.f), 1);
	parsed_free(&p);
}

static void test_invalid_cell_names_column(void **state)
{
	(void)state;
	struct parsed p;
	parse_seed_edited(&p, "二、上年结转", "二、上年结转政府信息公开申请数量\t\t1.5\t0\t0\t0\t0\t0\t0\t", false);
	assert_int_equal(p.rc, 0);
	assert_false(p.r.applications[APP_CARRIED_OVER][APP_COL_NATURAL].present);
	assert_cell(p.r.applications[APP_CARRIED_OVER][APP_COL_COMMERCIAL], 0);
	const struct finding *x = find(&p.f, "P3", "上年结转");
	assert_non_null(x);
	assert_string_equal(x->column, "自然人");
	assert_non_null(strstr(x->message, "1.5"));
	parsed_free(&p);
}

/* ---- pieces ---- */

/* The hard-coded row keys are the keys of the template labels (report.c), so they cannot drift. */
static void test_row_keys_match_labels(void **state)
{
	(void)state;
	char key[PARSE_KEY_MAX];
	for (int a = 0; a < APP_ROW_COUNT; a++) {
		const char *label = report_app_rows[a].label;
		size_t kl = parse_label_key(label, strlen(label), key);
		bool found = false;
		for (size_t i = 0; i < parse_label_count; i++)
			found |= parse_labels[i].kind == PL_ROW && parse_labels[i].table == 3 &&
				 parse_labels[i].row == a && word_is(key, kl, parse_labels[i].key);
		if (!found)
			print_error("no key for %s (%s)\n", label, key);
		assert_true(found);
	}
	for (int ed = 2019; ed <= 2021; ed += 2)
		for (int row = 0; row < PRO_ROW_COUNT; row++) {
			const struct pro_row_def *def = report_pro_row(ed, row);
			if (!def)
				continue;
			size_t kl = parse_label_key(def->label, strlen(def->label), key);
			bool found = false;
			for (size_t i = 0; i < parse_label_count; i++)
				found |= parse_labels[i].kind == PL_ROW && parse_labels[i].table == 2 &&
					 parse_labels[i].row == row && word_is(key, kl, parse_labels[i].key);
			assert_true(found);
		}
}

static void test_label_key(void **state)
{
	(void)state;
	char key[PARSE_KEY_MAX];
	const char *s = "三、本年度办理结果（一）予以公开";
	assert_int_equal(parse_label_key(s, strlen(s), key), strlen("本年度办理结果予以公开"));
	assert_string_equal(key, "本年度办理结果予以公开");
	s = "(三) 不予公开 1. 属于国家秘密";
	parse_label_key(s, strlen(s), key);
	assert_string_equal(key, "不予公开属于国家秘密");
	s = "3.危及“三安全一稳定”";
	parse_label_key(s, strlen(s), key);
	assert_string_equal(key, "危及三安全一稳定");
	s = "2.申请人逾期未按收费通知要求缴纳费用，行政机关不再处理其政府信息公开申请";
	parse_label_key(s, strlen(s), key);
	assert_string_equal(key, "申请人逾期未按收费通知要求缴纳费用行政机关不再处理其政府信息公开申请");
}

static void test_value_cells(void **state)
{
	(void)state;
	struct pnum n;
	assert_int_equal(parse_value("1,234.5", 7, &n), VK_NUMBER);
	assert_int_equal(n.whole, 1234);
	assert_int_equal(n.frac, 500000);
	assert_int_equal(parse_value("-3", 2, &n), VK_NUMBER);
	assert_true(n.negative);
	assert_int_equal(parse_value("12.5万元", strlen("12.5万元"), &n), VK_NUMBER);
	assert_string_equal(n.unit, "万元");
	assert_int_equal(parse_value("000023", 6, &n), VK_NUMBER);
	assert_true(n.leading_zero && n.plain_digits);
	assert_int_equal(parse_value("-", 1, NULL), VK_BLANK);
	assert_int_equal(parse_value("——", strlen("——"), NULL), VK_BLANK);
	assert_int_equal(parse_value("/", 1, NULL), VK_BLANK);
	assert_int_equal(parse_value("〃", strlen("〃"), NULL), VK_EMPTY);
	assert_int_equal(parse_value("↑", strlen("↑"), NULL), VK_EMPTY);
	assert_int_equal(parse_value("1. 属于国家秘密", strlen("1. 属于国家秘密"), NULL), VK_LABEL);
	assert_int_equal(parse_value("1,2", 3, NULL), VK_LABEL);
}

static void test_normalize(void **state)
{
	(void)state;
	struct buf b = {0};
	const char *s = "１２\xC2\xA0（三）\xE3\x80\x80－5\r\nx\xE2\x80\x8B"
			"y";
	parse_normalize(&b, s, strlen(s));
	assert_string_equal(b.data, "12 （三） -5\nxy");
	buf_free(&b);
}

/* Normalising while checking the UTF-8 (the one pass parse_decode makes over flat text): the same
 * text as parse_normalize, the controls counted as the binary test needs them, and a stop at the
 * first malformed sequence — wherever it stands in a run that needs no rule. */
static void test_normalize_utf8(void **state)
{
	(void)state;
	struct buf b = {0};
	size_t controls = 0;
	bool nul = false;
	const char *s = "\xEF\xBB\xBF一、１２\xC2\xA0（三）\x01\x7F\v\f\r\t件。";
	assert_true(parse_normalize_utf8(&b, s, strlen(s), &controls, &nul));
	assert_string_equal(b.data, "一、12 （三）\n\n\n\t件。");
	assert_int_equal(controls, 2); /* \x01 and DEL; \v \f \r are layout */
	assert_false(nul);
	buf_reset(&b);
	const char nul_text[] = "a\0b";
	assert_true(parse_normalize_utf8(&b, nul_text, 3, &controls, &nul));
	assert_true(nul);
	assert_string_equal(b.data, "ab");
	const char *const invalid[] = {"信息\xE4\xBF", "信息\xE4\xBF公开", "（\xEF\xBC",       "ab\200cd",
				       "\xC0\xAF",     "\xED\xA0\x80",	   "\xF5\x80\x80\x80", "公\xFF"};
	for (size_t i = 0; i < sizeof invalid / sizeof *invalid; i++) {
		buf_reset(&b);
		assert_false(parse_normalize_utf8(&b, invalid[i], strlen(invalid[i]), &controls, &nul));
	}
	buf_free(&b);
}

static void test_recover(void **state)
{
	(void)state;
	struct recovery rec;
	const char *toks[] = {"230", "000023"};
	size_t lens[] = {3, 6};
	parse_recover(toks, lens, 2, 7, RULE_APP, &rec);
	assert_int_equal(rec.count, 1);
	static const int64_t want[7] = {23, 0, 0, 0, 0, 0, 23};
	assert_memory_equal(rec.readings[0], want, sizeof want);
	const char *amb[] = {"112", "0", "0", "0", "0", "13"};
	size_t alens[] = {3, 1, 1, 1, 1, 2};
	parse_recover(amb, alens, 6, 7, RULE_APP, &rec);
	assert_int_equal(rec.count, 2);
	/* a hostile run of digits: the search stops within its budget */
	static char digits[201];
	memset(digits, '1', 200);
	const char *long_tok[] = {digits};
	size_t long_len[] = {200};
	parse_recover(long_tok, long_len, 1, 15, RULE_NONE, &rec);
	assert_int_equal(rec.count, 0); /* 200 digits cannot make 15 numbers of <= 12 digits */
	assert_false(rec.exhausted);
	long_len[0] = 60;
	parse_recover(long_tok, long_len, 1, 15, RULE_NONE, &rec);
	assert_true(rec.exhausted);
}

static void test_html_grid(void **state)
{
	(void)state;
	const char *html = "<html><body><p>标题</p><table>"
			   "<tr><td rowspan=\"2\">A</td><td colspan=\"2\">B</td></tr>"
			   "<tr><td>C</td><td>D</td></tr></table><p>x<br>y</p></body></html>";
	struct plines pl = {0};
	assert_true(parse_looks_like_html(html, strlen(html)));
	char err[256];
	assert_int_equal(parse_html(html, strlen(html), &pl, err, sizeof err), 0);
	assert_int_equal(pl.nlines, 5);
	const struct pline *row1 = &pl.lines[1], *row2 = &pl.lines[2];
	assert_int_equal(row1->n, 3);
	assert_int_equal(row2->n, 3);
	assert_memory_equal(pcell_text(&pl, &pl.cells[row1->first]), "A", 1);
	assert_memory_equal(pcell_text(&pl, &pl.cells[row1->first + 1]), "B", 1);
	assert_int_equal(pl.cells[row1->first + 2].len, 0);
	assert_int_equal(pl.cells[row2->first].len, 0); /* covered by A's rowspan */
	assert_memory_equal(pcell_text(&pl, &pl.cells[row2->first + 1]), "C", 1);
	assert_memory_equal(pcell_text(&pl, &pl.cells[row2->first + 2]), "D", 1);
	plines_free(&pl);
}

static void test_text_split(void **state)
{
	(void)state;
	struct plines pl = {0};
	const char *t =
	    "| 规章 | 1 | 0 |\n|---|---|---|\n行政许可  12\n一、本年新收政府信息公开申请数量 1 0 0 0 0 0 1\n";
	parse_normalize(&pl.text, t, strlen(t));
	parse_text_lines(&pl, 0, pl.text.len);
	assert_int_equal(pl.nlines, 3);
	assert_int_equal(pl.lines[0].n, 3);
	assert_int_equal(pl.lines[1].n, 2);
	assert_int_equal(pl.lines[2].n, 8);
	plines_free(&pl);
}

/* A report around the given section 六 text and title, for the title and fee tests. */
static void parse_with(struct parsed *p, const char *title, const char *section6)
{
	struct buf b = {0};
	buf_printf(
	    &b,
	    "%s\n一、总体情况\n概述。\n二、主动公开政府信息情况\n信息内容\t本年制发件数\t本年废止件数\t现行有效件数\n"
	    "规章\t0\t0\t0\n行政规范性文件\t0\t0\t0\n五、存在的主要问题及改进情况\n问题。\n六、其他需要报告的事项\n%"
	    "s\n",
	    title, section6);
	parse_bytes(p, b.data, b.len);
	buf_free(&b);
}

static void test_title_and_fee(void **state)
{
	(void)state;
	struct parsed p;
	parse_with(&p, "XX市自然资源局2022年政府信息公开工作年度报告", "本年度收取信息处理费 120 元。");
	assert_int_equal(p.rc, 0);
	assert_int_equal(p.r.year, 2022);
	assert_string_equal(p.r.agency, "XX市自然资源局");
	assert_cell(p.r.processing_fee, M(120));
	assert_non_null(find(&p.f, "P1", "表三"));
	parsed_free(&p);

	parse_with(&p, "2021年度XX县人民政府政府信息公开工作年度报告", "共收取信息处理费0.5万元。");
	assert_int_equal(p.rc, 0);
	assert_int_equal(p.r.year, 2021);
	assert_string_equal(p.r.agency, "XX县人民政府");
	assert_cell(p.r.processing_fee, M(5000));
	parsed_free(&p);

	parse_with(&p, "## XX镇2023年政府信息公开工作年报", "无其他需要报告的事项。");
	assert_int_equal(p.rc, 0);
	assert_string_equal(p.r.agency, "XX镇");
	assert_false(p.r.processing_fee.present); /* not said: blank, not zero */
	parsed_free(&p);
}

/* A large input is read in bounded memory and time, without a crash. */
static void test_large_input(void **state)
{
	(void)state;
	struct buf b = {0};
	buf_puts(&b, "XX局2023年政府信息公开工作年度报告\n本年制发件数\n");
	while (b.len < (4u << 20))
		buf_puts(&b, "规章\t0\t0\t0\t0\t0\t0\t0\t0\n0 1 2 3 4 5 6 7 8 9\n");
	struct parsed p;
	parse_bytes(&p, b.data, b.len);
	assert_int_equal(p.rc, 0);
	assert_int_equal(findings_status(&p.f), 2);
	parsed_free(&p);
	buf_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_seed_exact),
	    cmocka_unit_test(test_rich_tabs),
	    cmocka_unit_test(test_spaces_layout),
	    cmocka_unit_test(test_pipe_layout),
	    cmocka_unit_test(test_one_cell_per_line),
	    cmocka_unit_test(test_wrapped_labels),
	    cmocka_unit_test(test_fullwidth_and_nbsp),
	    cmocka_unit_test(test_gb18030),
	    cmocka_unit_test(test_html_merged_cells),
	    cmocka_unit_test(test_html_layout_table),
	    cmocka_unit_test(test_html_word_gbk),
	    cmocka_unit_test(test_cut_mid_character),
	    cmocka_unit_test(test_runtogether_text),
	    cmocka_unit_test(test_runtogether_html),
	    cmocka_unit_test(test_runtogether_ambiguous),
	    cmocka_unit_test(test_html_blank_cell),
	    cmocka_unit_test(test_runtogether_column_rules),
	    cmocka_unit_test(test_edition_2019),
	    cmocka_unit_test(test_truncated_report),
	    cmocka_unit_test(test_eight_columns),
	    cmocka_unit_test(test_blank_markers),
	    cmocka_unit_test(test_subtotal_row_ignored),
	    cmocka_unit_test(test_truncated_label),
	    cmocka_unit_test(test_too_few_cells),
	    cmocka_unit_test(test_invalid_cell_names_column),
	    cmocka_unit_test(test_refuses_binary),
	    cmocka_unit_test(test_refuses_invalid_encoding),
	    cmocka_unit_test(test_refuses_non_report),
	    cmocka_unit_test(test_row_keys_match_labels),
	    cmocka_unit_test(test_label_key),
	    cmocka_unit_test(test_value_cells),
	    cmocka_unit_test(test_normalize),
	    cmocka_unit_test(test_normalize_utf8),
	    cmocka_unit_test(test_recover),
	    cmocka_unit_test(test_html_grid),
	    cmocka_unit_test(test_text_split),
	    cmocka_unit_test(test_title_and_fee),
	    cmocka_unit_test(test_large_input),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
