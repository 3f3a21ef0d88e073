/* read_ofd.c — a published report as an OFD file (GB/T 33190, the Chinese fixed-layout format: a zip
 * of XML). OFD.xml names the document root; its Document.xml lists the pages and their size; each
 * page's Content.xml places text objects (ofd:TextObject, a Boundary box, an optional CTM, a font
 * Size) holding text codes (ofd:TextCode: X/Y of the first glyph's baseline, DeltaX/DeltaY between
 * glyphs, "g N v" meaning N times v). Every glyph is handed, with its box, to the same grid
 * rebuilder as a PDF's (read_pdf_grid.c). Every XML is streamed; pages are capped. Templates
 * (running headers) are not read. libxml2 is opened with the first OFD (report/xml_lib.h). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/read_formats.h"
#include "report/xml_lib.h"
#include "util/utf8.h"

#define MM_TO_PT       (72.0 / 25.4)
#define OFD_MAX_DELTAS 4096
#define OFD_MAX_PATH   512
/* the box of a glyph around its baseline, in font sizes: what poppler reports for common CJK fonts */
#define GLYPH_ASCENT  1.0
#define GLYPH_DESCENT 0.25

static bool local_is(xmlTextReaderPtr r, const char *name)
{
	return strcmp((const char *)xmlTextReaderConstLocalName(r), name) == 0;
}

static xmlTextReaderPtr reader_for(const struct buf *xml)
{
	if (xml->len > (size_t)INT32_MAX)
		return NULL;
	return xmlReaderForMemory(xml->data, (int)xml->len, NULL, NULL,
				  XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_COMPACT);
}

/* Reads up to max numbers of a space-separated list ("g N v" expands to N times v). */
static size_t read_numbers(const char *s, double *out, size_t max)
{
	size_t n = 0;
	char *end;
	while (s && *s && n < max) {
		while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
			s++;
		if (*s == 'g') {
			long times = strtol(s + 1, &end, 10);
			if (end == s + 1)
				break;
			double v = strtod(end, &end);
			for (long k = 0; k < times && n < max; k++)
				out[n++] = v;
			s = end;
			continue;
		}
		double v = strtod(s, &end);
		if (end == s)
			break;
		out[n++] = v;
		s = end;
	}
	return n;
}

/* The text of the first element called name (its first text child), malloc'd, or NULL. */
static char *first_text(const struct buf *xml, const char *name)
{
	xmlTextReaderPtr r = reader_for(xml);
	char *found = NULL;
	bool inside = false;
	while (r && !found && xmlTextReaderRead(r) == 1) {
		int type = xmlTextReaderNodeType(r);
		if (type == XML_READER_TYPE_ELEMENT && local_is(r, name))
			inside = !xmlTextReaderIsEmptyElement(r);
		else if (inside && type == XML_READER_TYPE_TEXT)
			found = xstrdup((const char *)xmlTextReaderConstValue(r));
		else if (type == XML_READER_TYPE_END_ELEMENT)
			inside = false;
	}
	if (r)
		xmlFreeTextReader(r);
	return found;
}

/* Resolves an OFD location against the directory of base ("Doc_0/Document.xml"): "/x" is from the
 * package root, "x" relative to base's directory. Writes the entry name into out. */
static void resolve(const char *base, const char *loc, char *out, size_t size)
{
	while (*loc == ' ' || *loc == '\n')
		loc++;
	if (*loc == '/') {
		snprintf(out, size, "%s", loc + 1);
		return;
	}
	const char *slash = strrchr(base, '/');
	int dir = slash ? (int)(slash - base + 1) : 0;
	snprintf(out, size, "%.*s%s", dir, base, loc);
	size_t n = strlen(out);
	while (n && (out[n - 1] == ' ' || out[n - 1] == '\n'))
		out[--n] = '\0';
}

struct ofd_doc {
	char (*pages)[OFD_MAX_PATH];
	size_t npages;
	double page_height; /* mm */
};

/* Reads the page list and the page height of Document.xml. Returns 0, or -1 with err set. */
static int read_document(const struct buf *xml, const char *docroot, struct ofd_doc *d, char *err, size_t errsize)
{
	xmlTextReaderPtr r = reader_for(xml);
	if (!r) {
		snprintf(err, errsize, "OFD 文件的 Document.xml 无法解析");
		return -1;
	}
	d->page_height = 297;
	bool in_box = false, box_seen = false;
	int rc;
	while ((rc = xmlTextReaderRead(r)) == 1) {
		int type = xmlTextReaderNodeType(r);
		if (type == XML_READER_TYPE_ELEMENT && local_is(r, "Page")) {
			xmlChar *loc = xmlTextReaderGetAttribute(r, (const xmlChar *)"BaseLoc");
			if (loc && d->npages < READ_OFD_MAX_PAGES + 1) {
				d->pages = xrealloc(d->pages, (d->npages + 1) * sizeof *d->pages);
				resolve(docroot, (const char *)loc, d->pages[d->npages++], OFD_MAX_PATH);
			}
			xmlFree(loc);
		} else if (type == XML_READER_TYPE_ELEMENT && local_is(r, "PhysicalBox") && !box_seen) {
			in_box = true;
		} else if (in_box && type == XML_READER_TYPE_TEXT) {
			double box[4];
			if (read_numbers((const char *)xmlTextReaderConstValue(r), box, 4) == 4 && box[3] > 0)
				d->page_height = box[3];
			in_box = false, box_seen = true;
		}
	}
	xmlFreeTextReader(r);
	if (rc < 0) {
		snprintf(err, errsize, "OFD 文件的 Document.xml 不是完整的 XML，文件可能已损坏");
		return -1;
	}
	return 0;
}

/* The text object being read: its box origin, transform and font size (mm). */
struct text_object {
	double bx, by, size;
	double ctm[6];
};

static double attr_number(xmlTextReaderPtr r, const char *name, double absent)
{
	xmlChar *v = xmlTextReaderGetAttribute(r, (const xmlChar *)name);
	double x = absent;
	if (v && read_numbers((const char *)v, &x, 1) != 1)
		x = absent;
	xmlFree(v);
	return x;
}

static void start_text_object(xmlTextReaderPtr r, struct text_object *t)
{
	double box[4] = {0}, ctm[6] = {1, 0, 0, 1, 0, 0};
	xmlChar *v = xmlTextReaderGetAttribute(r, (const xmlChar *)"Boundary");
	read_numbers((const char *)v, box, 4);
	xmlFree(v);
	v = xmlTextReaderGetAttribute(r, (const xmlChar *)"CTM");
	if (v && read_numbers((const char *)v, ctm, 6) != 6)
		memcpy(ctm, (double[]){1, 0, 0, 1, 0, 0}, sizeof ctm);
	xmlFree(v);
	t->bx = box[0], t->by = box[1];
	t->size = attr_number(r, "Size", 3.5);
	memcpy(t->ctm, ctm, sizeof ctm);
}

/* Adds the glyphs of one ofd:TextCode (the reader is on its element) to pg. */
static void read_text_code(xmlTextReaderPtr r, const struct text_object *t, struct pdf_glyphs *pg, double *dx,
			   double *dy)
{
	double x = attr_number(r, "X", 0), y = attr_number(r, "Y", 0);
	xmlChar *v = xmlTextReaderGetAttribute(r, (const xmlChar *)"DeltaX");
	size_t ndx = read_numbers((const char *)v, dx, OFD_MAX_DELTAS);
	xmlFree(v);
	v = xmlTextReaderGetAttribute(r, (const xmlChar *)"DeltaY");
	size_t ndy = read_numbers((const char *)v, dy, OFD_MAX_DELTAS);
	xmlFree(v);
	xmlChar *text = xmlTextReaderReadString(r);
	const double *m = t->ctm;
	double scale = sqrt(fabs(m[0] * m[3] - m[1] * m[2]));
	double size = t->size * (scale > 0 ? scale : 1);
	size_t i = 0;
	for (const char *s = (const char *)text; s && *s && !pg->truncated; i++) {
		size_t n = utf8_char_len(s);
		double px = t->bx + m[0] * x + m[2] * y + m[4], base = t->by + m[1] * x + m[3] * y + m[5];
		/* a glyph spans its advance when DeltaX gives it (OFD carries no glyph widths) */
		double advance = i < ndx ? dx[i] : i > 0 && i - 1 < ndx ? dx[i - 1] : 0;
		double w = advance > 0 ? advance * fabs(m[0]) : n == 1 ? size / 2 : size;
		pdf_glyphs_add(pg, px * MM_TO_PT, (base - GLYPH_ASCENT * size) * MM_TO_PT, (px + w) * MM_TO_PT,
			       (base + GLYPH_DESCENT * size) * MM_TO_PT, s, n);
		x += i < ndx ? dx[i] : (ndx ? 0 : w);
		y += i < ndy ? dy[i] : 0;
		s += n;
	}
	xmlFree(text);
}

/* Adds the glyphs of one page's Content.xml to pg. Returns 0, or -1 with err set. */
static int read_page(const struct buf *xml, const char *name, struct pdf_glyphs *pg, char *err, size_t errsize)
{
	xmlTextReaderPtr r = reader_for(xml);
	if (!r) {
		snprintf(err, errsize, "OFD 文件的页面 %s 无法解析", name);
		return -1;
	}
	struct text_object t = {0, 0, 3.5, {1, 0, 0, 1, 0, 0}};
	double *dx = xmalloc(OFD_MAX_DELTAS * sizeof *dx), *dy = xmalloc(OFD_MAX_DELTAS * sizeof *dy);
	int rc;
	while ((rc = xmlTextReaderRead(r)) == 1 && !pg->truncated) {
		if (xmlTextReaderNodeType(r) != XML_READER_TYPE_ELEMENT)
			continue;
		if (local_is(r, "TextObject"))
			start_text_object(r, &t);
		else if (local_is(r, "TextCode"))
			read_text_code(r, &t, pg, dx, dy);
	}
	free(dx);
	free(dy);
	xmlFreeTextReader(r);
	if (rc < 0) {
		snprintf(err, errsize, "OFD 文件的页面 %s 不是完整的 XML，文件可能已损坏", name);
		return -1;
	}
	return 0;
}

/* Reads every page of the document into pg. Returns 0, or -1 with err set. */
static int read_pages(struct zip *z, const struct ofd_doc *d, size_t *budget, struct pdf_glyphs *pg, char *err,
		      size_t errsize)
{
	if (d->npages > READ_OFD_MAX_PAGES) {
		snprintf(err, errsize, "OFD 文件超过 %d 页的上限（年度报告通常不超过 40 页），未读取",
			 READ_OFD_MAX_PAGES);
		return -1;
	}
	struct buf xml = {0};
	int rc = 0;
	for (size_t i = 0; i < d->npages && rc == 0; i++) {
		buf_reset(&xml);
		pdf_glyphs_new_page(pg, d->page_height * MM_TO_PT);
		rc = read_zip_entry(z, d->pages[i], &xml, budget, err, errsize);
		if (rc == 0)
			rc = read_page(&xml, d->pages[i], pg, err, errsize);
	}
	buf_free(&xml);
	return rc;
}

int read_ofd(struct zip *z, struct plines *pl, char *err, size_t errsize)
{
	if (gk_xml_load(err, errsize) < 0)
		return -1;
	size_t budget = READ_ZIP_MAX_TOTAL;
	struct buf xml = {0};
	struct ofd_doc d = {0};
	struct pdf_glyphs pg = {0};
	char *docroot = NULL;
	int rc = read_zip_entry(z, "OFD.xml", &xml, &budget, err, errsize);
	if (rc == 0 && !(docroot = first_text(&xml, "DocRoot"))) {
		snprintf(err, errsize, "OFD 文件的 OFD.xml 没有指明文档（DocRoot），无法读取");
		rc = -1;
	}
	char root[OFD_MAX_PATH];
	if (rc == 0) {
		resolve("", docroot, root, sizeof root);
		buf_reset(&xml);
		rc = read_zip_entry(z, root, &xml, &budget, err, errsize);
	}
	if (rc == 0)
		rc = read_document(&xml, root, &d, err, errsize);
	if (rc == 0)
		rc = read_pages(z, &d, &budget, &pg, err, errsize);
	if (rc == 0 && pg.truncated) {
		snprintf(err, errsize, "OFD 文件的文字超过 %u 个字符的上限，未读取", READ_PDF_MAX_GLYPHS);
		rc = -1;
	}
	if (rc == 0 && pg.n == 0) {
		snprintf(err, errsize, "这是扫描件/图片（OFD 文件没有文字），没有可读取的文字");
		rc = -1;
	}
	if (rc == 0)
		pdf_glyphs_to_lines(&pg, pl);
	pdf_glyphs_free(&pg);
	free(d.pages);
	free(docroot);
	buf_free(&xml);
	return rc;
}
