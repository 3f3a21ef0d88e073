/* report_render_doc.c — the layout of an annual report, once for every renderer: title, the six
 * sections of the template and the three tables with the template's merged cells (FORMAT.md §1.5,
 * §2.3–2.4). Writers (report_render_txt.c, _md.c, _html.c) only decide how each piece is written. */
#include "report/report_render.h"

#include <stdio.h>
#include <string.h>

#include "report/report_render_priv.h"

#define APPS_NOTE    "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
#define APPS_RESULTS "三、本年度办理结果"
#define APPS_COLS    10 /* three label columns + seven data columns */
#define CASES_COLS   15
#define CELL_TEXT    64

void report_title(const struct report *r, struct buf *out)
{
	buf_puts(out, r->agency && *r->agency ? r->agency : "（机关名称）");
	if (r->year)
		buf_printf(out, "%d", r->year);
	else
		buf_puts(out, "××××");
	buf_puts(out, "年政府信息公开工作年度报告");
}

static struct tcell cell(const char *text, int colspan, int rowspan, enum tcell_role role)
{
	return (struct tcell){.text = text, .colspan = colspan, .rowspan = rowspan, .role = role};
}

/* A blank cell is written as an empty string — except at the edge of a row, where it is written
 * "-": empty cells at the ends of a line vanish when a table is copied as text (and readers, our
 * parser included, must drop them to cope with stray tabs), so a blank there could not be told
 * from the padding of a label that spans several columns. That is the last cell of every row, and
 * the first cell of table 四's row, which has no label. "-" is how published reports mark a blank
 * cell, and it reads back as blank. */
#define BLANK_LAST_CELL "-"

static void mark_blank_edge(char *text)
{
	if (!*text)
		snprintf(text, CELL_TEXT, "%s", BLANK_LAST_CELL);
}

/* ---- sections ---- */

static void put_paragraphs(struct report_writer *w, const char *text)
{
	while (text && *text) {
		const char *eol = strchr(text, '\n');
		size_t len = eol ? (size_t)(eol - text) : strlen(text);
		if (len)
			w->paragraph(w, text, len);
		text = eol ? eol + 1 : text + len;
	}
}

/* Section 六: its text, or else a sentence stating the 信息处理费 when the amount is known. */
static void put_other_section(const struct report *r, struct report_writer *w)
{
	if (r->other) {
		put_paragraphs(w, r->other);
		return;
	}
	if (!r->processing_fee.present)
		return;
	struct buf sentence = {0};
	if (r->processing_fee.value == 0) {
		buf_puts(&sentence, "本年度未收取信息处理费。");
	} else {
		char amount[32];
		rcell_format(r->processing_fee, CELL_MONEY, amount, sizeof amount);
		buf_printf(&sentence, "本年度收取信息处理费 %s 元。", amount);
	}
	w->paragraph(w, sentence.data, sentence.len);
	buf_free(&sentence);
}

/* ---- table 二 ---- */

/* Formats a table-二 cell; the 2019 采购总金额 carries its unit as written ("12.5万元"). */
static void format_pro_cell(const struct report *r, int p, int c, const struct pro_row_def *def, char *out)
{
	rcell_format(r->proactive[p][c], def->kinds[c], out, CELL_TEXT);
	if (p == PRO_PROCUREMENT && def->kinds[c] == CELL_MONEY && r->proactive[p][c].present && r->procurement_unit)
		snprintf(out + strlen(out), CELL_TEXT - strlen(out), "%s", r->procurement_unit);
}

static void put_pro_header(struct report_writer *w, const struct pro_row_def *def, int width)
{
	struct tcell cells[RENDER_MAX_COLS];
	w->rows_begin(w, true);
	cells[0] = cell(def->item, width, 1, TCELL_COLGROUP);
	w->row(w, cells, 1);
	cells[0] = cell("信息内容", 1, 1, TCELL_COL);
	for (int c = 0; c < def->ncols; c++)
		cells[c + 1] = cell(def->col_labels[c], c == def->ncols - 1 ? width - def->ncols : 1, 1, TCELL_COL);
	w->row(w, cells, def->ncols + 1);
	w->rows_begin(w, false);
}

static void put_pro_row(const struct report *r, struct report_writer *w, int p, int width)
{
	const struct pro_row_def *def = report_pro_row(r->edition, p);
	struct tcell cells[RENDER_MAX_COLS];
	char text[PRO_MAX_COLS][CELL_TEXT];
	cells[0] = cell(def->label, 1, 1, TCELL_ROW);
	for (int c = 0; c < def->ncols; c++) {
		format_pro_cell(r, p, c, def, text[c]);
		if (c == def->ncols - 1)
			mark_blank_edge(text[c]);
		cells[c + 1] = cell(text[c], c == def->ncols - 1 ? width - def->ncols : 1, 1, TCELL_DATA);
	}
	w->row(w, cells, def->ncols + 1);
}

static void put_proactive(const struct report *r, struct report_writer *w)
{
	int width = 1 + PRO_MAX_COLS;
	const char *item = NULL;
	w->table_begin(w, "表二 主动公开数据", width);
	for (int p = 0; p < PRO_ROW_COUNT; p++) {
		const struct pro_row_def *def = report_pro_row(r->edition, p);
		if (!def)
			continue;
		if (!item || strcmp(item, def->item) != 0)
			put_pro_header(w, def, width);
		item = def->item;
		put_pro_row(r, w, p, width);
	}
	w->table_end(w);
}

/* ---- table 三 ---- */

static void put_apps_header(struct report_writer *w)
{
	static const char *const org_types[] = {"商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"};
	struct tcell cells[RENDER_MAX_COLS];
	w->rows_begin(w, true);
	cells[0] = cell(APPS_NOTE, 3, 3, TCELL_NOTE);
	cells[1] = cell("申请人情况", 7, 1, TCELL_COLGROUP);
	w->row(w, cells, 2);
	cells[0] = cell("自然人", 1, 2, TCELL_COL);
	cells[1] = cell("法人或其他组织", 5, 1, TCELL_COLGROUP);
	cells[2] = cell("总计", 1, 2, TCELL_COL);
	w->row(w, cells, 3);
	for (int i = 0; i < 5; i++)
		cells[i] = cell(org_types[i], 1, 1, TCELL_COL);
	w->row(w, cells, 5);
	w->rows_begin(w, false);
}

/* Rows of the edition in group g (the rowspan of its label). */
static int group_rows(int edition, enum app_group g)
{
	int n = 0;
	for (int a = 0; a < APP_ROW_COUNT; a++)
		n += report_app_row_in(edition, a) && report_app_rows[a].group == g;
	return n;
}

/* Rows under "三、本年度办理结果": the outcome rows and （七）总计 (22 in 2021, 20 in 2019). */
static int result_rows(int edition)
{
	int n = 0;
	for (int a = 0; a < APP_ROW_COUNT; a++)
		n += report_app_row_in(edition, a) && (report_app_rows[a].is_outcome || a == APP_TOTAL);
	return n;
}

/* Label cells of row a: the group labels start where their rowspan starts. Returns the count. */
static int apps_label_cells(int edition, int a, int prev, struct tcell *cells)
{
	const struct app_row_def *def = &report_app_rows[a];
	int n = 0;
	if (def->group == APP_GROUP_NONE && a != APP_TOTAL) {
		cells[n++] = cell(def->label, 3, 1, TCELL_ROW);
		return n;
	}
	if (a == APP_GRANTED)
		cells[n++] = cell(APPS_RESULTS, 1, result_rows(edition), TCELL_ROWGROUP);
	bool nested = def->group >= APP_GROUP_DENIED && a != APP_OTHER;
	if (!nested) {
		cells[n++] = cell(def->label, 2, 1, TCELL_ROW);
		return n;
	}
	if (prev < 0 || report_app_rows[prev].group != def->group)
		cells[n++] =
		    cell(report_app_group_labels[def->group], 1, group_rows(edition, def->group), TCELL_ROWGROUP);
	cells[n++] = cell(def->label, 1, 1, TCELL_ROW);
	return n;
}

static void put_applications(const struct report *r, struct report_writer *w)
{
	w->table_begin(w, "表三 申请人情况与申请办理结果", APPS_COLS);
	put_apps_header(w);
	int prev = -1;
	for (int a = 0; a < APP_ROW_COUNT; a++) {
		if (!report_app_row_in(r->edition, a))
			continue;
		struct tcell cells[RENDER_MAX_COLS];
		char text[APP_COL_COUNT][CELL_TEXT];
		int n = apps_label_cells(r->edition, a, prev, cells);
		for (int c = 0; c < APP_COL_COUNT; c++) {
			rcell_format(r->applications[a][c], CELL_COUNT, text[c], CELL_TEXT);
			if (c == APP_COL_COUNT - 1)
				mark_blank_edge(text[c]);
			cells[n++] = cell(text[c], 1, 1, TCELL_DATA);
		}
		w->row(w, cells, n);
		prev = a;
	}
	w->table_end(w);
}

/* ---- table 四 ---- */

static void put_cases(const struct report *r, struct report_writer *w)
{
	struct tcell cells[RENDER_MAX_COLS];
	char text[CASES_COLS][CELL_TEXT];
	w->table_begin(w, "表四 行政复议与行政诉讼结果", CASES_COLS);
	w->rows_begin(w, true);
	cells[0] = cell("行政复议", CASE_COL_COUNT, 1, TCELL_COLGROUP);
	cells[1] = cell("行政诉讼", 2 * CASE_COL_COUNT, 1, TCELL_COLGROUP);
	w->row(w, cells, 2);
	for (int c = 0; c < CASE_COL_COUNT; c++)
		cells[c] = cell(report_case_col_labels[c], 1, 2, TCELL_COL);
	cells[CASE_COL_COUNT] = cell("未经复议直接起诉", CASE_COL_COUNT, 1, TCELL_COLGROUP);
	cells[CASE_COL_COUNT + 1] = cell("复议后起诉", CASE_COL_COUNT, 1, TCELL_COLGROUP);
	w->row(w, cells, CASE_COL_COUNT + 2);
	for (int i = 0; i < 2 * CASE_COL_COUNT; i++)
		cells[i] = cell(report_case_col_labels[i % CASE_COL_COUNT], 1, 1, TCELL_COL);
	w->row(w, cells, 2 * CASE_COL_COUNT);
	w->rows_begin(w, false);
	for (int b = 0; b < CASE_BLOCK_COUNT; b++)
		for (int c = 0; c < CASE_COL_COUNT; c++) {
			rcell_format(r->cases[b][c], CELL_COUNT, text[b * CASE_COL_COUNT + c], CELL_TEXT);
			cells[b * CASE_COL_COUNT + c] = cell(text[b * CASE_COL_COUNT + c], 1, 1, TCELL_DATA);
		}
	mark_blank_edge(text[0]);
	mark_blank_edge(text[CASES_COLS - 1]);
	w->row(w, cells, CASES_COLS);
	w->table_end(w);
}

/* ---- the document ---- */

void render_report(const struct report *r, struct report_writer *w)
{
	struct buf title = {0};
	report_title(r, &title);
	w->title(w, title.data);
	buf_free(&title);

	w->section_begin(w, report_section_titles[0]);
	put_paragraphs(w, r->overview);
	w->section_end(w);
	w->section_begin(w, report_section_titles[1]);
	put_proactive(r, w);
	w->section_end(w);
	w->section_begin(w, report_section_titles[2]);
	put_applications(r, w);
	w->section_end(w);
	w->section_begin(w, report_section_titles[3]);
	put_cases(r, w);
	w->section_end(w);
	w->section_begin(w, report_section_titles[4]);
	put_paragraphs(w, r->problems);
	w->section_end(w);
	w->section_begin(w, report_section_titles[5]);
	put_other_section(r, w);
	w->section_end(w);
}

/* ---- grid expansion for the text formats ---- */

void render_grid_reset(struct report_writer *w, int ncols)
{
	w->ncols = ncols < RENDER_MAX_COLS ? ncols : RENDER_MAX_COLS;
	memset(w->covered, 0, sizeof w->covered);
	w->rows_in_table = 0;
}

void render_grid_row(struct report_writer *w, const struct tcell *cells, int n, const char **slots)
{
	int next = 0;
	for (int col = 0; col < w->ncols;) {
		if (w->covered[col] > 0) {
			w->covered[col]--;
			slots[col++] = "";
			continue;
		}
		if (next >= n) {
			slots[col++] = "";
			continue;
		}
		const struct tcell *c = &cells[next++];
		for (int k = 0; k < c->colspan && col < w->ncols; k++, col++) {
			slots[col] = k == 0 ? c->text : "";
			w->covered[col] = c->rowspan - 1;
		}
	}
}
