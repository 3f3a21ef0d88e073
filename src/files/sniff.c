/* sniff.c — what an uploaded attachment really is, decided from its bytes: PDF by "%PDF-";
 * PNG, JPEG and GIF by their signatures; ZIP containers by the names in the central directory (OFD.xml
 * → OFD, word/document.xml → DOCX, xl/workbook.xml → XLSX); OLE2 compound files (D0 CF 11 E0 …) by the
 * names of their directory entries (WordDocument → DOC, Workbook/Book → XLS). Everything else — HTML,
 * scripts, executables, other containers — is ATTACH_UNKNOWN and refused. Also the table of kinds:
 * names, Chinese labels, MIME types, extensions and families. Pure code, fuzzed by fuzz_sniff.c. */
#include <string.h>
#include <strings.h>

#include "files/files.h"

enum family { FAMILY_NONE, FAMILY_PDF, FAMILY_OFD, FAMILY_WORD, FAMILY_EXCEL, FAMILY_IMAGE };

struct kind_info {
	const char *name, *label, *mime, *ext, *alt_ext;
	enum family family;
};

static const struct kind_info kinds[ATTACH_KIND_COUNT] = {
    [ATTACH_PDF] = {"pdf", "PDF 文档", "application/pdf", "pdf", NULL, FAMILY_PDF},
    [ATTACH_OFD] = {"ofd", "OFD 版式文档", "application/ofd", "ofd", NULL, FAMILY_OFD},
    [ATTACH_DOC] = {"doc", "Word 文档（DOC）", "application/msword", "doc", NULL, FAMILY_WORD},
    [ATTACH_DOCX] = {"docx", "Word 文档（DOCX）",
		     "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx", NULL,
		     FAMILY_WORD},
    [ATTACH_XLS] = {"xls", "Excel 表格（XLS）", "application/vnd.ms-excel", "xls", NULL, FAMILY_EXCEL},
    [ATTACH_XLSX] = {"xlsx", "Excel 表格（XLSX）", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
		     "xlsx", NULL, FAMILY_EXCEL},
    [ATTACH_PNG] = {"png", "PNG 图片", "image/png", "png", NULL, FAMILY_IMAGE},
    [ATTACH_JPEG] = {"jpeg", "JPEG 图片", "image/jpeg", "jpg", "jpeg", FAMILY_IMAGE},
    [ATTACH_GIF] = {"gif", "GIF 图片", "image/gif", "gif", NULL, FAMILY_IMAGE},
};

static const struct kind_info *kind_info(enum attach_kind kind)
{
	return kind > ATTACH_UNKNOWN && kind < ATTACH_KIND_COUNT ? &kinds[kind] : NULL;
}

const char *attach_kind_name(enum attach_kind kind)
{
	return kind_info(kind) ? kind_info(kind)->name : NULL;
}

const char *attach_kind_label(enum attach_kind kind)
{
	return kind_info(kind) ? kind_info(kind)->label : NULL;
}

const char *attach_kind_mime(enum attach_kind kind)
{
	return kind_info(kind) ? kind_info(kind)->mime : NULL;
}

const char *attach_kind_ext(enum attach_kind kind)
{
	return kind_info(kind) ? kind_info(kind)->ext : NULL;
}

enum attach_kind attach_kind_parse(const char *text)
{
	for (int k = ATTACH_UNKNOWN + 1; text && k < ATTACH_KIND_COUNT; k++)
		if (strcmp(kinds[k].name, text) == 0)
			return (enum attach_kind)k;
	return ATTACH_UNKNOWN;
}

enum attach_kind attach_kind_of_ext(const char *ext)
{
	for (int k = ATTACH_UNKNOWN + 1; ext && k < ATTACH_KIND_COUNT; k++)
		if (strcasecmp(kinds[k].ext, ext) == 0 || (kinds[k].alt_ext && strcasecmp(kinds[k].alt_ext, ext) == 0))
			return (enum attach_kind)k;
	return ATTACH_UNKNOWN;
}

bool attach_kind_same_family(enum attach_kind a, enum attach_kind b)
{
	const struct kind_info *x = kind_info(a), *y = kind_info(b);
	return x && y && x->family == y->family;
}

/* ---- little-endian readers; callers check bounds first ---- */

static unsigned get16(const unsigned char *p)
{
	return (unsigned)p[0] | (unsigned)p[1] << 8;
}

static unsigned long get32(const unsigned char *p)
{
	return (unsigned long)p[0] | (unsigned long)p[1] << 8 | (unsigned long)p[2] << 16 | (unsigned long)p[3] << 24;
}

static bool starts_with(const unsigned char *data, size_t len, const void *magic, size_t n)
{
	return len >= n && memcmp(data, magic, n) == 0;
}

/* ---- ZIP: OFD, DOCX, XLSX ---- */

enum { ZIP_EOCD_SIZE = 22, ZIP_CDH_SIZE = 46, ZIP_MAX_COMMENT = 65535 };

/* Offset of the End Of Central Directory record, or -1. */
static long zip_find_eocd(const unsigned char *data, size_t len)
{
	if (len < ZIP_EOCD_SIZE)
		return -1;
	size_t lowest = len - ZIP_EOCD_SIZE > ZIP_MAX_COMMENT ? len - ZIP_EOCD_SIZE - ZIP_MAX_COMMENT : 0;
	for (size_t at = len - ZIP_EOCD_SIZE + 1; at-- > lowest;)
		if (memcmp(data + at, "PK\x05\x06", 4) == 0 && at + ZIP_EOCD_SIZE + get16(data + at + 20) <= len)
			return (long)at;
	return -1;
}

static bool name_is(const unsigned char *name, size_t n, const char *want)
{
	return n == strlen(want) && memcmp(name, want, n) == 0;
}

/* Walks the central directory and classifies the archive by its entry names. */
static enum attach_kind zip_kind(const unsigned char *data, size_t len)
{
	long eocd = zip_find_eocd(data, len);
	if (eocd < 0)
		return ATTACH_UNKNOWN;
	unsigned entries = get16(data + eocd + 10);
	unsigned long offset = get32(data + eocd + 16);
	if (entries == 0xFFFF || offset == 0xFFFFFFFFul || offset >= len) /* ZIP64 is not accepted */
		return ATTACH_UNKNOWN;
	bool ofd = false, docx = false, xlsx = false;
	size_t at = offset;
	for (unsigned i = 0; i < entries; i++) {
		if (at > len || len - at < ZIP_CDH_SIZE || memcmp(data + at, "PK\x01\x02", 4) != 0)
			return ATTACH_UNKNOWN;
		size_t name_len = get16(data + at + 28), extra = get16(data + at + 30), comment = get16(data + at + 32);
		if (len - at - ZIP_CDH_SIZE < name_len)
			return ATTACH_UNKNOWN;
		const unsigned char *name = data + at + ZIP_CDH_SIZE;
		ofd = ofd || name_is(name, name_len, "OFD.xml");
		docx = docx || name_is(name, name_len, "word/document.xml");
		xlsx = xlsx || name_is(name, name_len, "xl/workbook.xml");
		at += ZIP_CDH_SIZE + name_len + extra + comment;
	}
	if (ofd + docx + xlsx != 1) /* none, or a confusing mixture */
		return ATTACH_UNKNOWN;
	return ofd ? ATTACH_OFD : docx ? ATTACH_DOCX : ATTACH_XLSX;
}

/* ---- OLE2 compound files: DOC, XLS ---- */

enum { OLE_HEADER = 512, OLE_DIRENT = 128, OLE_STREAM = 2 };

/* True when the directory entry at e is a stream called want (ASCII, compared as UTF-16LE). */
static bool ole_entry_is(const unsigned char *e, const char *want)
{
	size_t n = strlen(want);
	if (get16(e + 64) != 2 * (n + 1) || e[66] != OLE_STREAM)
		return false;
	for (size_t i = 0; i < n; i++)
		if (e[2 * i] != (unsigned char)want[i] || e[2 * i + 1] != 0)
			return false;
	return true;
}

/* Directory entries are 128 bytes and sectors are multiples of 128, so every entry of the directory
 * chain sits at a 128-aligned offset after the header: scanning those offsets finds the stream names
 * without following the FAT (a type check, not a validation of the file). */
static enum attach_kind ole_kind(const unsigned char *data, size_t len)
{
	if (len < OLE_HEADER + OLE_DIRENT)
		return ATTACH_UNKNOWN;
	unsigned shift = get16(data + 30);
	if (shift != 9 && shift != 12)
		return ATTACH_UNKNOWN;
	bool word = false, excel = false;
	for (size_t at = (size_t)1 << shift; at <= len - OLE_DIRENT; at += OLE_DIRENT) {
		word = word || ole_entry_is(data + at, "WordDocument");
		excel = excel || ole_entry_is(data + at, "Workbook") || ole_entry_is(data + at, "Book");
	}
	if (word == excel)
		return ATTACH_UNKNOWN;
	return word ? ATTACH_DOC : ATTACH_XLS;
}

enum attach_kind attach_sniff(const unsigned char *data, size_t len)
{
	if (!data)
		return ATTACH_UNKNOWN;
	if (starts_with(data, len, "%PDF-", 5))
		return ATTACH_PDF;
	if (starts_with(data, len, "\x89PNG\r\n\x1a\n", 8))
		return ATTACH_PNG;
	if (starts_with(data, len, "\xff\xd8\xff", 3))
		return ATTACH_JPEG;
	if (starts_with(data, len, "GIF87a", 6) || starts_with(data, len, "GIF89a", 6))
		return ATTACH_GIF;
	if (starts_with(data, len, "PK\x03\x04", 4))
		return zip_kind(data, len);
	if (starts_with(data, len, "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", 8))
		return ole_kind(data, len);
	return ATTACH_UNKNOWN;
}
