/* read_docx.c — a published report as a Word file (DOCX): word/document.xml read with libxml2's
 * streaming reader, so memory stays bounded whatever the size of the XML.
 *
 * Paragraphs become one-cell lines. A table (w:tbl) becomes a grid exactly as Word lays it out:
 * a cell spanning columns (w:gridSpan) is its text followed by empty slots, a cell continuing a
 * vertical merge (w:vMerge without "restart") is an empty slot (the text stays in the top cell, as
 * parse_html.c does with rowspan), w:gridBefore/w:gridAfter add empty slots. A table inside a cell
 * is read as the text of that cell. Deleted text (w:delText) and field codes are not text. libxml2 is
 * opened with the first DOCX (report/xml_lib.h). */
#include <stdio.h>
#include <string.h>

#include "report/read_formats.h"
#include "report/xml_lib.h"

#define W_NS	       "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
#define DOCX_MAX_SPAN  64
#define DOCX_MAX_DEPTH 256

struct docx {
	struct plines *pl;
	struct buf text;  /* text of the paragraph or cell being read (raw, not normalised) */
	int table_depth;  /* nesting of w:tbl */
	bool in_cell;	  /* inside a w:tc of the outermost table */
	bool in_text;	  /* inside w:t */
	bool vmerge_cont; /* the current cell continues a vertical merge */
	int span;	  /* w:gridSpan of the current cell */
	int grid_after;	  /* w:gridAfter of the current row */
};

static bool is_w(xmlTextReaderPtr r, const char *local)
{
	const xmlChar *ns = xmlTextReaderConstNamespaceUri(r);
	return ns && strcmp((const char *)ns, W_NS) == 0 &&
	       strcmp((const char *)xmlTextReaderConstLocalName(r), local) == 0;
}

/* The w:val attribute as a number (1 when absent or unreadable), clamped to [0, DOCX_MAX_SPAN]. */
static int val_attr(xmlTextReaderPtr r, int absent)
{
	xmlChar *v = xmlTextReaderGetAttributeNs(r, (const xmlChar *)"val", (const xmlChar *)W_NS);
	if (!v)
		return absent;
	long x = strtol((const char *)v, NULL, 10);
	xmlFree(v);
	return x < 0 ? 0 : x > DOCX_MAX_SPAN ? DOCX_MAX_SPAN : (int)x;
}

/* True when a w:vMerge element continues a merge (no w:val, or w:val="continue"). */
static bool vmerge_continues(xmlTextReaderPtr r)
{
	xmlChar *v = xmlTextReaderGetAttributeNs(r, (const xmlChar *)"val", (const xmlChar *)W_NS);
	bool cont = !v || strcmp((const char *)v, "restart") != 0;
	xmlFree(v);
	return cont;
}

static void add_text_cell(struct docx *d)
{
	struct plines *pl = d->pl;
	if (pl->text.len + d->text.len > PLINES_MAX_TEXT) {
		pl->truncated = true;
		buf_reset(&d->text);
		return;
	}
	size_t off = pl->text.len;
	parse_normalize(&pl->text, d->text.data ? d->text.data : "", d->text.len);
	plines_add_cell(pl, off, pl->text.len - off);
	buf_reset(&d->text);
}

static void add_empty_cells(struct plines *pl, int n)
{
	for (int i = 0; i < n; i++)
		plines_add_cell(pl, pl->text.len, 0);
}

/* Ends a paragraph outside tables: its text is a one-cell line. */
static void end_paragraph(struct docx *d)
{
	if (d->text.len == 0)
		return;
	size_t off = d->pl->text.len;
	plines_open_line(d->pl);
	add_text_cell(d);
	plines_close_line(d->pl, off, d->pl->text.len - off);
}

static void separate(struct buf *b)
{
	if (b->len && b->data[b->len - 1] != ' ')
		buf_putc(b, ' ');
}

static void on_start(struct docx *d, xmlTextReaderPtr r)
{
	bool empty = xmlTextReaderIsEmptyElement(r);
	if (is_w(r, "tbl")) {
		if (d->table_depth++ == 0)
			end_paragraph(d);
		else
			separate(&d->text);
	} else if (d->table_depth != 1) {
		if (is_w(r, "t") && !empty)
			d->in_text = true;
		else if (is_w(r, "tab") || is_w(r, "br") || is_w(r, "cr"))
			separate(&d->text);
	} else if (is_w(r, "tr")) {
		plines_open_line(d->pl);
		d->grid_after = 0;
	} else if (is_w(r, "gridBefore") && !d->in_cell) {
		add_empty_cells(d->pl, val_attr(r, 0));
	} else if (is_w(r, "gridAfter") && !d->in_cell) {
		d->grid_after = val_attr(r, 0);
	} else if (is_w(r, "tc")) {
		d->in_cell = true, d->vmerge_cont = false, d->span = 1;
		buf_reset(&d->text);
	} else if (is_w(r, "gridSpan") && d->in_cell) {
		d->span = val_attr(r, 1);
	} else if (is_w(r, "vMerge") && d->in_cell) {
		d->vmerge_cont = vmerge_continues(r);
	} else if (is_w(r, "t") && !empty) {
		d->in_text = true;
	} else if (is_w(r, "tab") || is_w(r, "br") || is_w(r, "cr")) {
		separate(&d->text);
	}
}

static void on_end(struct docx *d, xmlTextReaderPtr r)
{
	if (is_w(r, "t")) {
		d->in_text = false;
	} else if (is_w(r, "tbl")) {
		d->table_depth -= d->table_depth > 0;
	} else if (is_w(r, "p")) {
		if (d->table_depth == 0)
			end_paragraph(d);
		else
			separate(&d->text);
	} else if (d->table_depth != 1) {
		return;
	} else if (is_w(r, "tc") && d->in_cell) {
		if (d->vmerge_cont)
			buf_reset(&d->text), add_empty_cells(d->pl, 1);
		else
			add_text_cell(d);
		add_empty_cells(d->pl, d->span - 1);
		d->in_cell = false;
	} else if (is_w(r, "tr")) {
		add_empty_cells(d->pl, d->grid_after);
		plines_close_line(d->pl, PLINE_NO_RAW, 0);
	}
}

int read_docx_xml(const char *xml, size_t len, struct plines *pl, char *err, size_t errsize)
{
	if (gk_xml_load(err, errsize) < 0)
		return -1;
	if (len > (size_t)INT32_MAX) {
		snprintf(err, errsize, "Word 文件的正文过大，未读取");
		return -1;
	}
	xmlTextReaderPtr r = xmlReaderForMemory(
	    xml, (int)len, NULL, NULL, XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_COMPACT);
	if (!r) {
		snprintf(err, errsize, "Word 文件的正文（word/document.xml）无法解析");
		return -1;
	}
	struct docx d = {.pl = pl};
	buf_append(&pl->text, "", 0); /* empty cells point into the storage: it must exist */
	int rc;
	while ((rc = xmlTextReaderRead(r)) == 1 && !pl->truncated) {
		if (xmlTextReaderDepth(r) > DOCX_MAX_DEPTH) {
			rc = -1;
			break;
		}
		switch (xmlTextReaderNodeType(r)) {
		case XML_READER_TYPE_ELEMENT:
			on_start(&d, r);
			if (xmlTextReaderIsEmptyElement(r))
				on_end(&d, r);
			break;
		case XML_READER_TYPE_END_ELEMENT:
			on_end(&d, r);
			break;
		case XML_READER_TYPE_TEXT:
		case XML_READER_TYPE_CDATA:
		case XML_READER_TYPE_SIGNIFICANT_WHITESPACE:
			if (d.in_text) {
				const xmlChar *v = xmlTextReaderConstValue(r);
				if (v)
					buf_puts(&d.text, (const char *)v);
			}
			break;
		default:
			break;
		}
	}
	if (rc == 0)
		end_paragraph(&d);
	xmlFreeTextReader(r);
	buf_free(&d.text);
	if (rc < 0) {
		snprintf(err, errsize, "Word 文件的正文（word/document.xml）不是完整的 XML，文件可能已损坏");
		return -1;
	}
	return 0;
}

int read_docx(struct zip *z, struct plines *pl, char *err, size_t errsize)
{
	struct buf xml = {0};
	size_t budget = READ_ZIP_MAX_TOTAL;
	int rc = read_zip_entry(z, "word/document.xml", &xml, &budget, err, errsize);
	if (rc == 0)
		rc = read_docx_xml(xml.data, xml.len, pl, err, errsize);
	buf_free(&xml);
	return rc;
}
