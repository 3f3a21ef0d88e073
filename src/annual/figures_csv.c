/* figures_csv.c — reading the table-二 figures from a CSV file as a spreadsheet exports it (util/csv.h:
 * quoted fields, commas inside quotes, doubled quotes, CRLF, a byte-order mark): a header naming the
 * columns in any order, then one row per year. Numbers may carry thousands separators ("1,234", which a
 * spreadsheet quotes) and full-width digits (２０２１, width-folded). Pure: no database; the import in
 * figures.c stores what this returns, and fuzz_figures_csv.c feeds it any bytes. */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "annual/annual.h"
#include "annual/annual_internal.h"
#include "util/csv.h"
#include "util/utf8.h"

enum csv_col { COL_YEAR, COL_LICENSING, COL_PUNISHMENT, COL_COERCION, COL_FEES, COL_COUNT };

static int column_of_header(const char *name)
{
	static const char *const names[][3] = {
	    [COL_YEAR] = {"年度", "year", "年份"},
	    [COL_LICENSING] = {"行政许可", "licensing", ""},
	    [COL_PUNISHMENT] = {"行政处罚", "punishment", ""},
	    [COL_COERCION] = {"行政强制", "coercion", ""},
	    [COL_FEES] = {"行政事业性收费（万元）", "fees_wan", "行政事业性收费(万元)"},
	};
	for (int c = 0; c < COL_COUNT; c++)
		for (int k = 0; k < 3; k++)
			if (names[c][k][0] && strcmp(name, names[c][k]) == 0)
				return c;
	return -1;
}

/* Reads the header into map[col] = field index. Returns 0 or -1 (err). */
static int read_header(const struct csv_record *rec, int map[COL_COUNT], char *err, size_t errsize)
{
	static const char *const wanted[COL_COUNT] = {"年度", "行政许可", "行政处罚", "行政强制",
						      "行政事业性收费（万元）"};
	for (int c = 0; c < COL_COUNT; c++)
		map[c] = -1;
	for (size_t i = 0; i < rec->count; i++) {
		const char *name = csv_field(rec, i);
		int c = column_of_header(name);
		if (c < 0 && strncmp(name, "行政事业性收费", strlen("行政事业性收费")) == 0)
			return annual_fail(err, errsize,
					   "第 %zu 行（表头）：“%s”的单位应为万元，请写作“行政事业性收费（万元）”",
					   rec->line, name);
		if (c < 0)
			return annual_fail(err, errsize, "第 %zu 行（表头）：不认识的列“%s”", rec->line, name);
		if (map[c] >= 0)
			return annual_fail(err, errsize, "第 %zu 行（表头）：列“%s”重复", rec->line, name);
		map[c] = (int)i;
	}
	for (int c = 0; c < COL_COUNT; c++)
		if (map[c] < 0)
			return annual_fail(err, errsize, "第 %zu 行（表头）：缺少列“%s”", rec->line, wanted[c]);
	return 0;
}

/* True when text is digits grouped by thousands separators: 1,234 or 12,345,678.5 */
static bool grouped_number(const char *text)
{
	size_t lead = strspn(text, "0123456789");
	if (lead == 0 || lead > 3 || text[lead] != ',')
		return false;
	const char *p = text + lead;
	while (*p == ',') {
		if (strspn(p + 1, "0123456789") < 3)
			return false;
		p += 4;
	}
	return *p == '\0' || (*p == '.' && strspn(p + 1, "0123456789") == strlen(p + 1));
}

/* The value of a number field as the figures parser wants it, into out: width-folded (２０２１ → 2021),
 * without blanks around it (also those inside the quotes), thousands separators removed when they group
 * correctly. A malformed number stays as it is otherwise, so the parser names it in its message. */
static void number_text(const char *field, struct buf *out)
{
	buf_reset(out);
	utf8_fold_width_buf(out, field, strlen(field));
	size_t lead = strspn(out->data, " \t");
	memmove(out->data, out->data + lead, out->len - lead + 1);
	out->len -= lead;
	while (out->len > 0 && (out->data[out->len - 1] == ' ' || out->data[out->len - 1] == '\t'))
		out->data[--out->len] = '\0';
	if (!grouped_number(out->data))
		return;
	size_t o = 0;
	for (size_t i = 0; i < out->len; i++)
		if (out->data[i] != ',')
			out->data[o++] = out->data[i];
	out->data[o] = '\0';
	out->len = o;
}

/* Checks one data row into fig. Returns 0 or -1 (err names the line). */
static int read_row(const struct csv_record *rec, const int map[COL_COUNT], struct annual_figures *fig, char *err,
		    size_t errsize)
{
	if (rec->count != COL_COUNT)
		return annual_fail(err, errsize, "第 %zu 行：应有 %d 个字段，实有 %zu 个", rec->line, COL_COUNT,
				   rec->count);
	struct buf v[COL_COUNT] = {{0}};
	for (int c = 0; c < COL_COUNT; c++)
		number_text(csv_field(rec, (size_t)map[c]), &v[c]);
	struct annual_figures_input in = {v[COL_YEAR].data, v[COL_LICENSING].data, v[COL_PUNISHMENT].data,
					  v[COL_COERCION].data, v[COL_FEES].data};
	char why[ANNUAL_ERR_SIZE];
	int rc = annual_figures_parse(&in, fig, why, sizeof why);
	for (int c = 0; c < COL_COUNT; c++)
		buf_free(&v[c]);
	return rc < 0 ? annual_fail(err, errsize, "第 %zu 行：%s", rec->line, why) : 0;
}

/* Appends fig to *figs unless its year is there already. Returns 0 or -1 (err). */
static int add_year(struct annual_figures **figs, size_t *count, size_t *cap, const struct annual_figures *fig,
		    size_t line, char *err, size_t errsize)
{
	for (size_t i = 0; i < *count; i++)
		if ((*figs)[i].year == fig->year)
			return annual_fail(err, errsize, "第 %zu 行：年度 %d 在文件中出现了两次", line, fig->year);
	if (*count == *cap) {
		*cap = *cap ? *cap * 2 : 8;
		*figs = xrealloc(*figs, *cap * sizeof **figs);
	}
	(*figs)[(*count)++] = *fig;
	return 0;
}

int annual_figures_read_csv(const char *csv, size_t len, struct annual_figures **figs, size_t *count, char *err,
			    size_t errsize)
{
	struct csv_reader rd;
	struct csv_record rec = {0};
	int map[COL_COUNT];
	size_t cap = 0;
	bool header = false;
	int rc = 0;
	const char *why = NULL;
	*figs = NULL;
	*count = 0;
	csv_reader_init(&rd, csv, len);
	for (int got; rc == 0 && (got = csv_next(&rd, &rec, &why)) != 0;) {
		struct annual_figures fig = {0};
		if (got < 0) {
			rc = annual_fail(err, errsize, "第 %zu 行：无法读取：%s", rec.line, why);
		} else if (!header) {
			rc = read_header(&rec, map, err, errsize);
			header = true;
		} else {
			rc = read_row(&rec, map, &fig, err, errsize);
			if (rc == 0)
				rc = add_year(figs, count, &cap, &fig, rec.line, err, errsize);
		}
	}
	csv_record_free(&rec);
	if (rc == 0 && !header)
		rc = annual_fail(err, errsize, "文件为空：应有表头和至少一行数据");
	else if (rc == 0 && *count == 0)
		rc = annual_fail(err, errsize, "文件只有表头，没有数据行");
	if (rc < 0) {
		free(*figs);
		*figs = NULL;
		*count = 0;
	}
	return rc;
}
