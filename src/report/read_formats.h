/* read_formats.h — the readers of annual reports as files are published (PDF, DOCX, OFD, and the
 * formats refused with a message: old Word/Excel, images, scans). Not a public interface: callers
 * use report_parse(), which hands the raw bytes to read_published() first.
 *
 * Every reader turns its file into the cell grid of parse_internal.h (struct plines): table rows
 * become lines of cells with merged slots left empty, narrative text becomes one-cell lines in
 * reading order. The table assembler then reads them exactly as it reads an HTML page. Every reader
 * is bounded (pages, inflated bytes, zip entries, glyphs) so that hostile files cost bounded memory
 * and time and get a Chinese message naming the limit that was hit. */
#ifndef GONGKAI_REPORT_READ_FORMATS_H
#define GONGKAI_REPORT_READ_FORMATS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "report/parse_internal.h"

#define READ_PDF_MAX_PAGES    200	  /* an annual report has 5–40 pages */
#define READ_PDF_MAX_GLYPHS   (2u << 20)  /* characters read from one PDF */
#define READ_ZIP_MAX_ENTRIES  5000	  /* entries of a DOCX/OFD zip */
#define READ_ZIP_MAX_INFLATED (48u << 20) /* bytes inflated from one zip entry */
#define READ_ZIP_MAX_TOTAL    (96u << 20) /* bytes inflated from one zip altogether */
#define READ_OFD_MAX_PAGES    READ_PDF_MAX_PAGES

/* What the first bytes say a file is. */
enum read_format {
	READ_TEXT,  /* anything else: plain text or HTML, read by the text front end */
	READ_PDF,   /* %PDF- */
	READ_ZIP,   /* a zip: DOCX, OFD or something else (decided by its entries) */
	READ_OLE2,  /* D0 CF 11 E0: old binary Word/Excel (.doc/.xls) */
	READ_IMAGE, /* PNG, JPEG, TIFF, GIF, BMP, WebP */
};

/* Classifies data by its content (magic bytes), never by a file name. */
enum read_format read_detect(const char *data, size_t len);

/* Reads data into pl when it is a published file format (PDF, DOCX, OFD). Returns 1 when pl was
 * filled, 0 when data is text or HTML for the text front end (pl untouched), -1 when the file
 * cannot be read (old DOC/XLS, image, scan without text, encrypted or damaged file, a limit hit):
 * err then holds a Chinese message. */
int read_published(const char *data, size_t len, struct plines *pl, char *err, size_t errsize);

/* ---- read_pdf_grid.c: rows and columns rebuilt from positioned glyphs ---- */

/* One glyph as the PDF places it: a box in points (y grows downwards) and its UTF-8 text, a slice
 * of the owning pdf_glyphs' text buffer. */
struct pdf_glyph {
	double x0, y0, x1, y1;
	uint32_t page;
	uint32_t off, len;
};

/* The glyphs of a document, pages in order, with each page's height (for page furniture). */
struct pdf_glyphs {
	struct pdf_glyph *g;
	size_t n, cap;
	struct buf text;
	double *page_height;
	uint32_t npages;
	bool truncated; /* READ_PDF_MAX_GLYPHS was reached */
};

/* Starts page number npages (0-based, consecutive) of the given height. */
void pdf_glyphs_new_page(struct pdf_glyphs *pg, double height);
/* Adds a glyph to the last page started; whitespace glyphs and non-finite boxes are ignored. */
void pdf_glyphs_add(struct pdf_glyphs *pg, double x0, double y0, double x1, double y1, const char *s, size_t len);
void pdf_glyphs_free(struct pdf_glyphs *pg);

/* Rebuilds the lines of cells of every page: glyphs on one baseline form a line, split into cells
 * where the gap is wide; numbers in a run of table rows are put into column slots inferred from
 * their x positions (a missing number leaves its slot empty); a label wrapped over several lines
 * beside a row of numbers joins that row; a label written one character per line (a vertical group
 * label) becomes one cell of the first row beside it; page numbers ("-4-", "第 4 页") in the top or
 * bottom margin are dropped. */
void pdf_glyphs_to_lines(const struct pdf_glyphs *pg, struct plines *pl);

/* ---- read_pdf.c ---- */

/* Reads the text layer of a PDF with poppler-glib into pl. Returns 0, or -1 with err set
 * (encrypted, damaged, too many pages, no text layer). */
int read_pdf(const char *data, size_t len, struct plines *pl, char *err, size_t errsize);

/* ---- read_zip.c: bounded access to zip entries ---- */

struct zip;
/* Opens a zip held in memory (not copied: data must outlive the zip). Returns NULL with err set. */
struct zip *read_zip_open(const char *data, size_t len, char *err, size_t errsize);
/* True when the zip has an entry of that exact name. */
bool read_zip_has(struct zip *z, const char *name);
/* Inflates the entry name into out (appended), in chunks, stopping with an error past
 * READ_ZIP_MAX_INFLATED bytes or when *budget (bytes left for the whole zip) runs out.
 * Returns 0, or -1 with err set. */
int read_zip_entry(struct zip *z, const char *name, struct buf *out, size_t *budget, char *err, size_t errsize);
void read_zip_close(struct zip *z);

/* ---- read_docx.c ---- */

/* Turns the XML of word/document.xml into lines: paragraphs become one-cell lines, w:tbl rows
 * grid lines with w:gridSpan (covered slots empty), w:vMerge continuation cells (empty, the text
 * stays in the top cell) and w:gridBefore/w:gridAfter applied. Returns 0, or -1 with err set. */
int read_docx_xml(const char *xml, size_t len, struct plines *pl, char *err, size_t errsize);
/* Reads a DOCX held in the zip z. Returns 0, or -1 with err set. */
int read_docx(struct zip *z, struct plines *pl, char *err, size_t errsize);

/* ---- read_ofd.c ---- */

/* Reads an OFD (GB/T 33190) held in the zip z: the text codes of every page with their positions,
 * through the same grid rebuilding as a PDF. Returns 0, or -1 with err set. */
int read_ofd(struct zip *z, struct plines *pl, char *err, size_t errsize);

#endif
