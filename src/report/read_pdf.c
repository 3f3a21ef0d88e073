/* read_pdf.c — the text layer of a published PDF report, read with poppler-glib: every glyph with
 * its box, page by page, handed to the grid rebuilder (read_pdf_grid.c).
 *
 * Encrypted files, files poppler cannot open, files with more pages than any annual report has and
 * scans without a text layer are refused with a Chinese message before anything else is read. */
#include <stdio.h>
#include <string.h>

#include "report/poppler_lib.h"
#include "report/read_formats.h"

#define SCAN_MIN_GLYPHS 20 /* fewer characters than this in the whole file: a scan */

/* Adds the glyphs of one page: poppler gives one rectangle per character of the page text. */
static void read_page_glyphs(PopplerPage *page, struct pdf_glyphs *pg)
{
	double w, h;
	poppler_page_get_size(page, &w, &h);
	pdf_glyphs_new_page(pg, h);
	char *text = poppler_page_get_text(page);
	PopplerRectangle *rects = NULL;
	guint n = 0;
	if (text && poppler_page_get_text_layout(page, &rects, &n)) {
		const char *s = text;
		for (guint i = 0; i < n && *s && !pg->truncated; i++) {
			const char *next = g_utf8_next_char(s);
			pdf_glyphs_add(pg, rects[i].x1, rects[i].y1, rects[i].x2, rects[i].y2, s, (size_t)(next - s));
			s = next;
		}
	}
	g_free(rects);
	g_free(text);
}

static PopplerDocument *open_document(const char *data, size_t len, char *err, size_t errsize)
{
	GBytes *bytes = g_bytes_new_static(data, len);
	GError *error = NULL;
	PopplerDocument *doc = poppler_document_new_from_bytes(bytes, NULL, &error);
	g_bytes_unref(bytes);
	if (doc)
		return doc;
	if (error && error->domain == POPPLER_ERROR && error->code == POPPLER_ERROR_ENCRYPTED)
		snprintf(err, errsize, "PDF 文件已加密（设有打开密码），无法读取其中的文字；请提供未加密的文件");
	else
		snprintf(err, errsize, "PDF 文件已损坏或格式无法识别，无法打开");
	g_clear_error(&error);
	return NULL;
}

int read_pdf(const char *data, size_t len, struct plines *pl, char *err, size_t errsize)
{
	if (gk_poppler_load(err, errsize) < 0)
		return -1;
	PopplerDocument *doc = open_document(data, len, err, errsize);
	if (!doc)
		return -1;
	int pages = poppler_document_get_n_pages(doc);
	if (pages > READ_PDF_MAX_PAGES) {
		snprintf(err, errsize, "PDF 共 %d 页，超过 %d 页的上限（年度报告通常不超过 40 页），未读取", pages,
			 READ_PDF_MAX_PAGES);
		g_object_unref(doc);
		return -1;
	}
	struct pdf_glyphs pg = {0};
	for (int i = 0; i < pages && !pg.truncated; i++) {
		PopplerPage *page = poppler_document_get_page(doc, i);
		if (!page)
			continue;
		read_page_glyphs(page, &pg);
		g_object_unref(page);
	}
	g_object_unref(doc);
	if (pg.truncated) {
		snprintf(err, errsize, "PDF 的文字超过 %u 个字符的上限，未读取", READ_PDF_MAX_GLYPHS);
		pdf_glyphs_free(&pg);
		return -1;
	}
	if (pg.n < SCAN_MIN_GLYPHS) {
		snprintf(err, errsize,
			 "这是扫描件/图片（PDF 共 %d 页，没有文字层），没有可读取的文字；请提供含文字的 PDF、"
			 "Word 文件或网页",
			 pages);
		pdf_glyphs_free(&pg);
		return -1;
	}
	pdf_glyphs_to_lines(&pg, pl);
	pdf_glyphs_free(&pg);
	return 0;
}
