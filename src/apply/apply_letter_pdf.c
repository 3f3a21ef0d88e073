/* apply_letter_pdf.c — the 答复书 as PDF. The letter is stored as editable plain text (apply_letter.c);
 * this file reads its layout back — title block, 文号, salutation, indented paragraphs, the flush-right
 * 答复主体 and 答复日期 — and sets it on A4 with util/pdf_text.h, so an edited letter prints the way it
 * reads on screen. The signature block (答复主体, 答复日期, （印章）) is kept together on one page. Lines that match
 * none of the shapes are set flush left, never dropped. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "apply/apply.h"
#include "util/buf.h"
#include "util/pdf_text.h"

#define IDEOGRAPHIC_SPACE "\xe3\x80\x80" /* U+3000 */

/* Leading indentation of a line in columns: an ASCII space counts 1, an ideographic space 2. */
static int indent_of(const char *line, const char **text)
{
	int cols = 0;
	for (;;) {
		if (*line == ' ' || *line == '\t') {
			cols += *line == '\t' ? 4 : 1;
			line++;
		} else if (strncmp(line, IDEOGRAPHIC_SPACE, 3) == 0) {
			cols += 2;
			line += 3;
		} else {
			break;
		}
	}
	*text = line;
	return cols;
}

static bool blank_line(const char *line)
{
	const char *text;
	indent_of(line, &text);
	return *text == '\0';
}

/* A 文号 such as "钟政信复〔2023〕3号" or the blank "〔    〕    号": one short line. */
static bool looks_like_doc_no(const char *const *lines, size_t n)
{
	return n == 1 && strlen(lines[0]) < 120 && (strstr(lines[0], "〔") || strstr(lines[0], "号"));
}

/* A line set flush right: indented by 8 or more, or the seal. */
static bool right_line(const char *line)
{
	const char *text;
	return indent_of(line, &text) >= 8 || strcmp(text, "（印章）") == 0;
}

/* Sets one line of an ordinary block by its indentation. */
static void put_line(struct pdf_text *d, const char *line)
{
	const char *text;
	int cols = indent_of(line, &text);
	if (right_line(line))
		pdf_text_paragraph(d, text, PDF_RIGHT | PDF_KEEP);
	else if (cols >= 4)
		pdf_text_paragraph(d, text, PDF_INDENT);
	else
		pdf_text_paragraph(d, text, 0);
}

/* The signature block (答复主体, 答复日期, （印章）) as one paragraph kept on one page, so the seal
 * never stands alone at the top of a page. Returns false (nothing set) unless every line is flush
 * right. */
static bool put_signature(struct pdf_text *d, char **lines, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!right_line(lines[i]))
			return false;
	struct buf b = {0};
	for (size_t i = 0; i < n; i++) {
		const char *text;
		indent_of(lines[i], &text);
		buf_printf(&b, "%s%s", i ? "\n" : "", text);
	}
	pdf_text_paragraph(d, b.data, PDF_RIGHT | PDF_KEEP);
	buf_free(&b);
	return true;
}

/* Sets block number `index` (lines[0..n)). */
static void put_block(struct pdf_text *d, size_t index, char **lines, size_t n)
{
	if (index == 0) {
		struct buf title = {0};
		for (size_t i = 0; i < n; i++) {
			const char *text;
			indent_of(lines[i], &text);
			buf_printf(&title, "%s%s", i ? "\n" : "", text);
		}
		pdf_text_heading(d, 1, title.data);
		buf_free(&title);
		pdf_text_space(d, 8);
		return;
	}
	if (index == 1 && looks_like_doc_no((const char *const *)lines, n)) {
		const char *text;
		indent_of(lines[0], &text);
		pdf_text_paragraph(d, text, PDF_CENTER);
		pdf_text_space(d, 12);
		return;
	}
	const char *first;
	if (indent_of(lines[0], &first) >= 8) {
		pdf_text_space(d, 16); /* room above the 答复主体 and the date (and the seal) */
		if (put_signature(d, lines, n))
			return;
	}
	for (size_t i = 0; i < n; i++)
		put_line(d, lines[i]);
	pdf_text_space(d, 4);
}

/* Splits text into lines (in place; the array is malloc'd). */
static char **split_lines(char *text, size_t *n)
{
	size_t cap = 16;
	char **lines = xmalloc(cap * sizeof *lines);
	*n = 0;
	for (char *p = text; p;) {
		char *nl = strchr(p, '\n');
		if (nl)
			*nl = '\0';
		if (nl > p && nl[-1] == '\r')
			nl[-1] = '\0';
		if (*n == cap)
			lines = xrealloc(lines, (cap *= 2) * sizeof *lines);
		lines[(*n)++] = p;
		p = nl ? nl + 1 : NULL;
	}
	return lines;
}

unsigned char *apply_letter_pdf(const char *body, const char *tracking_no, bool draft, size_t *len, char *err,
				size_t errsize)
{
	char title[96];
	snprintf(title, sizeof title, "政府信息公开申请答复书 %s", tracking_no ? tracking_no : "");
	struct pdf_text *d = pdf_text_new(title, NULL);
	if (draft)
		pdf_text_paragraph(d, "（草稿，尚未签发）", PDF_SMALL | PDF_RIGHT | PDF_SANS);
	char *copy = xstrdup(body ? body : "");
	size_t n;
	char **lines = split_lines(copy, &n);
	size_t block = 0;
	for (size_t i = 0; i < n;) {
		if (blank_line(lines[i])) {
			i++;
			continue;
		}
		size_t start = i;
		while (i < n && !blank_line(lines[i]))
			i++;
		put_block(d, block++, &lines[start], i - start);
	}
	free(lines);
	free(copy);
	return pdf_text_finish(d, len, err, errsize);
}
