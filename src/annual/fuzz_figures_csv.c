/* fuzz_figures_csv.c — libFuzzer target for the CSV import of table-二 figures: the RFC 4180 reader
 * (util/csv.h) and annual_figures_read_csv on any bytes. Beyond "no crash" it checks:
 *   - every record has 1…CSV_MAX_FIELDS fields without NUL bytes, and records come in line order;
 *   - reader round trip: a fully readable input, written back with every field quoted (quotes doubled,
 *     CRLF), reads back to the very same records;
 *   - figures: an accepted file yields distinct years in range and non-negative counts and fees, and
 *     those figures written as a spreadsheet would (quoted header, "1,234" grouping) read back equal. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "annual/annual.h"
#include "util/csv.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(bool ok)
{
	if (!ok)
		abort();
}

/* Reads every record of csv; appends each, every field quoted, to out (when out is not NULL) and to
 * fields (as "field\0" per field and "\n" per record, for comparison). Returns csv_next's last result. */
static int walk(const char *csv, size_t len, struct buf *out, struct buf *fields)
{
	struct csv_reader rd;
	struct csv_record rec = {0};
	size_t last_line = 0;
	int rc;
	csv_reader_init(&rd, csv, len);
	while ((rc = csv_next(&rd, &rec, NULL)) == 1) {
		check(rec.count >= 1 && rec.count <= CSV_MAX_FIELDS && rec.line > last_line);
		last_line = rec.line;
		for (size_t i = 0; i < rec.count; i++) {
			const char *f = csv_field(&rec, i);
			size_t flen = (i + 1 < rec.count ? rec.start[i + 1] : rec.text.len) - rec.start[i] - 1;
			check(strlen(f) == flen && flen <= CSV_MAX_FIELD_LEN);
			buf_append(fields, f, flen + 1);
			if (!out)
				continue;
			buf_puts(out, i ? ",\"" : "\"");
			for (const char *c = f; *c; c++)
				buf_puts(out, *c == '"' ? "\"\"" : (char[]){*c, '\0'});
			buf_putc(out, '"');
		}
		buf_putc(fields, '\n');
		if (out)
			buf_puts(out, "\r\n");
	}
	csv_record_free(&rec);
	return rc;
}

static void check_reader(const char *csv, size_t len)
{
	struct buf out = {0}, first = {0}, second = {0};
	if (walk(csv, len, &out, &first) == 0) {
		check(walk(out.data ? out.data : "", out.len, NULL, &second) == 0);
		check(first.len == second.len && (first.len == 0 || memcmp(first.data, second.data, first.len) == 0));
	}
	buf_free(&out);
	buf_free(&first);
	buf_free(&second);
}

/* Writes n with thousands separators ("1,234,567"). */
static void put_grouped(struct buf *b, int64_t n)
{
	char digits[32];
	int len = snprintf(digits, sizeof digits, "%lld", (long long)n);
	for (int i = 0; i < len; i++) {
		if (i > 0 && (len - i) % 3 == 0)
			buf_putc(b, ',');
		buf_putc(b, digits[i]);
	}
}

/* The figures as a spreadsheet writes them: BOM, quoted header in another order, CRLF, counts of a
 * thousand or more grouped and quoted, small ones plain. */
static void write_figures(const struct annual_figures *figs, size_t n, struct buf *out)
{
	buf_puts(out, "\xEF\xBB\xBF\"行政事业性收费（万元）\",\"年度\",\"行政许可\",\"行政处罚\",\"行政强制\"\r\n");
	for (size_t i = 0; i < n; i++) {
		const struct annual_figures *f = &figs[i];
		const int64_t values[] = {f->licensing, f->punishment, f->coercion};
		buf_putc(out, '"');
		put_grouped(out, f->fees_micro / 1000000);
		buf_printf(out, ".%06lld\",%d", (long long)(f->fees_micro % 1000000), f->year);
		for (size_t k = 0; k < 3; k++) {
			buf_puts(out, values[k] >= 1000 ? ",\"" : ",");
			put_grouped(out, values[k]);
			if (values[k] >= 1000)
				buf_putc(out, '"');
		}
		buf_puts(out, "\r\n");
	}
}

static void check_figures(const char *csv, size_t len)
{
	struct annual_figures *figs = NULL, *again = NULL;
	size_t n = 0, n2 = 0;
	char err[ANNUAL_ERR_SIZE] = "";
	if (annual_figures_read_csv(csv, len, &figs, &n, err, sizeof err) != 0) {
		check(figs == NULL && n == 0 && err[0] != '\0');
		return;
	}
	check(n > 0);
	for (size_t i = 0; i < n; i++) {
		const struct annual_figures *f = &figs[i];
		check(f->year >= 2008 && f->licensing >= 0 && f->punishment >= 0 && f->coercion >= 0 &&
		      f->fees_micro >= 0);
		for (size_t k = 0; k < i; k++)
			check(figs[k].year != f->year);
	}
	struct buf out = {0};
	write_figures(figs, n, &out);
	check(annual_figures_read_csv(out.data, out.len, &again, &n2, err, sizeof err) == 0 && n2 == n);
	for (size_t i = 0; i < n; i++)
		check(again[i].year == figs[i].year && again[i].licensing == figs[i].licensing &&
		      again[i].punishment == figs[i].punishment && again[i].coercion == figs[i].coercion &&
		      again[i].fees_micro == figs[i].fees_micro);
	buf_free(&out);
	free(figs);
	free(again);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	check_reader((const char *)data, size);
	check_figures((const char *)data, size);
	return 0;
}
