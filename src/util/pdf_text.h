/* pdf_text.h — writing simple A4 documents as PDF: headings, paragraphs, bordered tables, page
 * numbers, in Chinese. Used for the 答复书 of 依申请公开 and meant for the annual report's PDF export.
 *
 * Pango lays out the text and cairo writes the PDF (ARCHITECTURE.md: libharu cannot load Noto CJK);
 * fonts are "Noto Serif CJK SC" for text and "Noto Sans CJK SC" for headings and tables
 * (fonts-noto-cjk), embedded as subsets, so the file shows the same everywhere. The page follows the
 * 党政机关公文格式 (GB/T 9704) margins: top 37 mm, bottom 35 mm, left 28 mm, right 26 mm; body text
 * 16 pt (三号); the page number "— N —" is centred below the text.
 *
 * Usage: d = pdf_text_new(…); pdf_text_heading/paragraph/table/space/page_break(d, …) in reading
 * order (text flows onto new pages as needed); bytes = pdf_text_finish(d, &len, …) ends the document,
 * frees d and returns the PDF. Each document is independent: threads may write different documents
 * at the same time. Text must be valid UTF-8 (invalid bytes are shown as replacement characters). */
#ifndef GONGKAI_UTIL_PDF_TEXT_H
#define GONGKAI_UTIL_PDF_TEXT_H

#include <stdbool.h>
#include <stddef.h>

#define PDF_FONT_SERIF "Noto Serif CJK SC"
#define PDF_FONT_SANS  "Noto Sans CJK SC"

struct pdf_text;

/* Paragraph styles, or-ed together. Default: serif 16 pt, left aligned and justified, no indent. */
enum pdf_para_flags {
	PDF_INDENT = 1 << 0, /* first line indented by two characters (首行缩进两字) */
	PDF_CENTER = 1 << 1,
	PDF_RIGHT = 1 << 2,
	PDF_BOLD = 1 << 3,
	PDF_SANS = 1 << 4,
	PDF_SMALL = 1 << 5, /* 12 pt instead of 16 pt (notes, footers) */
	PDF_KEEP = 1 << 6,  /* keep the paragraph on one page when it fits on a fresh one */
};

/* Starts a document. title/author go into the PDF metadata (may be NULL). Never NULL (out of memory
 * aborts). Finish with pdf_text_finish() or discard with pdf_text_free(). Pango and cairo are loaded
 * with the first document (util/pango_lib.h); when they cannot be, the document takes nothing and
 * pdf_text_finish returns NULL naming the missing library. */
struct pdf_text *pdf_text_new(const char *title, const char *author);

/* Discards an unfinished document. NULL allowed. */
void pdf_text_free(struct pdf_text *d);

/* A heading: level 1 is the document title (serif bold 22 pt, centred, 二号小标宋 in spirit), level 2
 * a section heading (sans bold 16 pt), level 3 a sub-heading (sans bold 14 pt). Kept with the next
 * line: never the last line of a page. */
void pdf_text_heading(struct pdf_text *d, int level, const char *text);

/* A paragraph of text with the given flags; '\n' inside text breaks the line. */
void pdf_text_paragraph(struct pdf_text *d, const char *text, unsigned flags);

/* Vertical space in points (at most the rest of the page). */
void pdf_text_space(struct pdf_text *d, double points);

/* Starts a new page (nothing happens on a page that is still empty). */
void pdf_text_page_break(struct pdf_text *d);

/* A bordered table: nrows × ncols cells (row by row, NULL = empty), sans 10.5 pt (五号). widths are
 * the columns' shares of the text width (any positive numbers, normalised; NULL = equal). The first
 * header_rows rows are bold and repeated at the top of each page the table continues on. */
void pdf_text_table(struct pdf_text *d, size_t ncols, const double *widths, const char *const *cells, size_t nrows,
		    size_t header_rows);

/* Number of pages so far (the current one included). */
int pdf_text_pages(const struct pdf_text *d);

/* Ends the document, frees d and returns the PDF bytes (malloc'd, caller frees; *len set), or NULL
 * with a message in err (err may be NULL when errsize is 0). */
unsigned char *pdf_text_finish(struct pdf_text *d, size_t *len, char *err, size_t errsize);

#endif
