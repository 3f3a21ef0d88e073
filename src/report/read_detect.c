/* read_detect.c — telling what a published report file is by its content (never by its name) and
 * handing it to the right reader: PDF, DOCX and OFD to their readers, old binary Word/Excel files,
 * images and other zips refused with a message that says what to do, everything else left to the
 * text front end (plain text, HTML). */
#include <stdio.h>
#include <string.h>

#include "report/read_formats.h"

static bool starts(const char *data, size_t len, const char *magic, size_t n)
{
	return len >= n && memcmp(data, magic, n) == 0;
}

enum read_format read_detect(const char *data, size_t len)
{
	/* a PDF may have a few bytes of junk before its header (the format allows 1024) */
	size_t scan = len < 1024 ? len : 1024; /* memchr first: most files hold no '%' there at all */
	if (scan >= 5 && memchr(data, '%', scan) && memmem(data, scan, "%PDF-", 5))
		return READ_PDF;
	if (starts(data, len, "PK\x03\x04", 4) || starts(data, len, "PK\x05\x06", 4))
		return READ_ZIP;
	if (starts(data, len, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8))
		return READ_OLE2;
	if (starts(data, len, "\x89PNG\r\n\x1A\n", 8) || starts(data, len, "\xFF\xD8\xFF", 3) ||
	    starts(data, len, "II*\0", 4) || starts(data, len, "MM\0*", 4) || starts(data, len, "GIF8", 4) ||
	    (starts(data, len, "BM", 2) && len >= 26 && memcmp(data + 6, "\0\0\0\0", 4) == 0) ||
	    (starts(data, len, "RIFF", 4) && len >= 12 && memcmp(data + 8, "WEBP", 4) == 0))
		return READ_IMAGE;
	return READ_TEXT;
}

static int read_zip_report(const char *data, size_t len, struct plines *pl, char *err, size_t errsize)
{
	struct zip *z = read_zip_open(data, len, err, errsize);
	if (!z)
		return -1;
	int rc;
	if (read_zip_has(z, "word/document.xml")) {
		rc = read_docx(z, pl, err, errsize);
	} else if (read_zip_has(z, "OFD.xml")) {
		rc = read_ofd(z, pl, err, errsize);
	} else if (read_zip_has(z, "xl/workbook.xml")) {
		snprintf(err, errsize,
			 "这是 Excel 表格文件（.xlsx），不是年度报告全文；请提供报告的 Word、PDF 文件或网页");
		rc = -1;
	} else {
		snprintf(err, errsize, "这是一个压缩包，但不是 Word（.docx）或 OFD 文件，无法读取");
		rc = -1;
	}
	read_zip_close(z);
	return rc;
}

int read_published(const char *data, size_t len, struct plines *pl, char *err, size_t errsize)
{
	int rc;
	switch (read_detect(data, len)) {
	case READ_PDF:
		rc = read_pdf(data, len, pl, err, errsize);
		break;
	case READ_ZIP:
		rc = read_zip_report(data, len, pl, err, errsize);
		break;
	case READ_OLE2:
		snprintf(err, errsize, "这是旧版 Word/Excel 文件（.doc/.xls），请另存为 .docx 或 PDF 后再检查");
		return -1;
	case READ_IMAGE:
		snprintf(err, errsize, "这是扫描件/图片，没有可读取的文字；请提供含文字的 PDF、Word 文件或网页");
		return -1;
	default:
		return 0;
	}
	if (rc < 0) {
		plines_free(pl);
		return -1;
	}
	return 1;
}
