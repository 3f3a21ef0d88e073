/* test_files.c — unit tests of uploaded files (src/files): sniffing by content (signatures, ZIP entry
 * names, OLE2 stream names; HTML and other containers refused), name sanitising (paths, control and bidi
 * characters, Windows-forbidden characters, extensions reconciled with the content, length), the
 * Content-Disposition value (RFC 5987), the content store (round trip, one copy per content, damage
 * detected) and the upload check that combines them (empty, too large, wrong type, name kept). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "files/files.h"
#include "util/test_dir.h"
#include "util/utf8.h"

/* ---- sample files ---- */

static void put16(struct buf *b, unsigned v)
{
	buf_putc(b, (char)(v & 0xFF));
	buf_putc(b, (char)(v >> 8 & 0xFF));
}

static void put32(struct buf *b, unsigned long v)
{
	put16(b, (unsigned)(v & 0xFFFF));
	put16(b, (unsigned)(v >> 16 & 0xFFFF));
}

static void put_zeros(struct buf *b, size_t n)
{
	for (size_t i = 0; i < n; i++)
		buf_putc(b, 0);
}

/* A ZIP archive with empty stored entries of these names (local headers, central directory, EOCD). */
static struct buf zip_of(const char *const *names, size_t n)
{
	struct buf b = {0};
	unsigned long offsets[16];
	for (size_t i = 0; i < n; i++) {
		offsets[i] = b.len;
		buf_append(&b, "PK\x03\x04", 4);
		put_zeros(&b, 22); /* version … uncompressed size */
		put16(&b, (unsigned)strlen(names[i]));
		put16(&b, 0);
		buf_append(&b, names[i], strlen(names[i]));
	}
	unsigned long cd = b.len;
	for (size_t i = 0; i < n; i++) {
		buf_append(&b, "PK\x01\x02", 4);
		put_zeros(&b, 24); /* versions … uncompressed size */
		put16(&b, (unsigned)strlen(names[i]));
		put_zeros(&b, 12); /* extra, comment, disk, attributes */
		put32(&b, offsets[i]);
		buf_append(&b, names[i], strlen(names[i]));
	}
	unsigned long cd_size = b.len - cd;
	buf_append(&b, "PK\x05\x06", 4);
	put_zeros(&b, 4);
	put16(&b, (unsigned)n);
	put16(&b, (unsigned)n);
	put32(&b, cd_size);
	put32(&b, cd);
	put16(&b, 0);
	return b;
}

static void ole_entry(struct buf *b, const char *name, unsigned char type)
{
	size_t start = b->len;
	for (const char *c = name; *c; c++)
		put16(b, (unsigned char)*c);
	put_zeros(b, 64 - 2 * strlen(name));
	put16(b, (unsigned)(2 * (strlen(name) + 1)));
	buf_putc(b, (char)type);
	put_zeros(b, 128 - (b->len - start));
}

/* An OLE2 compound file (512-byte sectors) whose directory holds the root and one stream. */
static struct buf ole_of(const char *stream)
{
	struct buf b = {0};
	buf_append(&b, "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", 8);
	put_zeros(&b, 16);
	put16(&b, 0x3E);
	put16(&b, 3);
	put16(&b, 0xFFFE);
	put16(&b, 9); /* sector shift: 512 */
	put_zeros(&b, 512 - b.len);
	ole_entry(&b, "Root Entry", 5);
	ole_entry(&b, stream, 2);
	put_zeros(&b, 256);
	return b;
}

static enum attach_kind sniff_text(const char *s)
{
	return attach_sniff((const unsigned char *)s, strlen(s));
}

static enum attach_kind sniff_buf(struct buf b)
{
	enum attach_kind k = attach_sniff((const unsigned char *)b.data, b.len);
	buf_free(&b);
	return k;
}

/* ---- sniffing ---- */

static void test_sniff_signatures(void **state)
{
	(void)state;
	assert_int_equal(sniff_text("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj"), ATTACH_PDF);
	assert_int_equal(attach_sniff((const unsigned char *)"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16), ATTACH_PNG);
	assert_int_equal(sniff_text("\xff\xd8\xff\xe0\x00\x10JFIF"), ATTACH_JPEG);
	assert_int_equal(sniff_text("GIF89a\x01\x00\x01\x00"), ATTACH_GIF);
	assert_int_equal(sniff_text("GIF87a"), ATTACH_GIF);
	/* what a renamed web page or script looks like */
	assert_int_equal(sniff_text("<!DOCTYPE html><html><script>alert(1)</script>"), ATTACH_UNKNOWN);
	assert_int_equal(sniff_text("  %PDF-1.4"), ATTACH_UNKNOWN);
	assert_int_equal(sniff_text("%PDF"), ATTACH_UNKNOWN);
	assert_int_equal(sniff_text("MZ\x90\x00"), ATTACH_UNKNOWN);
	assert_int_equal(sniff_text("GIF90a"), ATTACH_UNKNOWN);
	assert_int_equal(attach_sniff((const unsigned char *)"", 0), ATTACH_UNKNOWN);
	assert_int_equal(attach_sniff(NULL, 10), ATTACH_UNKNOWN);
}

static void test_sniff_zip(void **state)
{
	(void)state;
	const char *docx[] = {"[Content_Types].xml", "_rels/.rels", "word/document.xml", "word/styles.xml"};
	const char *xlsx[] = {"[Content_Types].xml", "xl/workbook.xml", "xl/worksheets/sheet1.xml"};
	const char *ofd[] = {"OFD.xml", "Doc_0/Document.xml", "Doc_0/Pages/Page_0/Content.xml"};
	const char *plain[] = {"readme.txt", "index.html"};
	const char *odt[] = {"mimetype", "content.xml"};
	const char *mixed[] = {"word/document.xml", "xl/workbook.xml"};
	const char *nested[] = {"sub/OFD.xml", "docs/word/document.xml"};
	assert_int_equal(sniff_buf(zip_of(docx, 4)), ATTACH_DOCX);
	assert_int_equal(sniff_buf(zip_of(xlsx, 3)), ATTACH_XLSX);
	assert_int_equal(sniff_buf(zip_of(ofd, 3)), ATTACH_OFD);
	assert_int_equal(sniff_buf(zip_of(plain, 2)), ATTACH_UNKNOWN);
	assert_int_equal(sniff_buf(zip_of(odt, 2)), ATTACH_UNKNOWN);
	assert_int_equal(sniff_buf(zip_of(mixed, 2)), ATTACH_UNKNOWN);
	assert_int_equal(sniff_buf(zip_of(nested, 2)), ATTACH_UNKNOWN);

	/* damaged archives: no end record, a central directory offset beyond the end, truncation */
	struct buf b = zip_of(docx, 4);
	assert_int_equal(attach_sniff((const unsigned char *)b.data, b.len - 22), ATTACH_UNKNOWN);
	assert_int_equal(attach_sniff((const unsigned char *)b.data, b.len - 1), ATTACH_UNKNOWN);
	b.data[b.len - 5] = 0x7F; /* offset of the central directory → far away */
	assert_int_equal(attach_sniff((const unsigned char *)b.data, b.len), ATTACH_UNKNOWN);
	buf_free(&b);
	b = zip_of(docx, 4);
	b.data[b.len - 12] = 9; /* more entries than the directory holds */
	assert_int_equal(attach_sniff((const unsigned char *)b.data, b.len), ATTACH_UNKNOWN);
	buf_free(&b);
}

static void test_sniff_ole2(void **state)
{
	(void)state;
	assert_int_equal(sniff_buf(ole_of("WordDocument")), ATTACH_DOC);
	assert_int_equal(sniff_buf(ole_of("Workbook")), ATTACH_XLS);
	assert_int_equal(sniff_buf(ole_of("Book")), ATTACH_XLS);
	assert_int_equal(sniff_buf(ole_of("PowerPoint Document")), ATTACH_UNKNOWN);
	struct buf b = ole_of("WordDocument");
	assert_int_equal(attach_sniff((const unsigned char *)b.data, 600), ATTACH_UNKNOWN); /* truncated */
	b.data[30] = 7;									    /* impossible sector size */
	assert_int_equal(attach_sniff((const unsigned char *)b.data, b.len), ATTACH_UNKNOWN);
	buf_free(&b);
}

static void test_kind_table(void **state)
{
	(void)state;
	for (int k = ATTACH_UNKNOWN + 1; k < ATTACH_KIND_COUNT; k++) {
		assert_non_null(attach_kind_label((enum attach_kind)k));
		assert_int_equal(attach_kind_parse(attach_kind_name((enum attach_kind)k)), k);
		assert_int_equal(attach_kind_of_ext(attach_kind_ext((enum attach_kind)k)), k);
	}
	assert_string_equal(attach_kind_mime(ATTACH_PDF), "application/pdf");
	assert_int_equal(attach_kind_of_ext("JPEG"), ATTACH_JPEG);
	assert_int_equal(attach_kind_of_ext("html"), ATTACH_UNKNOWN);
	assert_null(attach_kind_name(ATTACH_UNKNOWN));
	assert_true(attach_kind_same_family(ATTACH_DOC, ATTACH_DOCX));
	assert_false(attach_kind_same_family(ATTACH_PDF, ATTACH_PNG));
}

/* ---- names ---- */

static const char *sanitized(const char *client, enum attach_kind kind)
{
	static char out[ATTACH_NAME_MAX + 1];
	char err[200] = "";
	if (attach_sanitize_name(client, kind, out, sizeof out, err, sizeof err) < 0)
		snprintf(out, sizeof out, "ERROR %s", err);
	return out;
}

static void test_name_paths_and_characters(void **state)
{
	(void)state;
	assert_string_equal(sanitized("../../etc/passwd", ATTACH_PDF), "passwd.pdf");
	assert_string_equal(sanitized("C:\\Users\\张三\\2023年度报告.pdf", ATTACH_PDF), "2023年度报告.pdf");
	assert_string_equal(sanitized("年报\r\n\t\x01.pdf", ATTACH_PDF), "年报.pdf");
	/* right-to-left override would display "年报exe.pdf" */
	assert_string_equal(sanitized("年报\u202efdp.exe", ATTACH_PDF), "年报fdp.exe.pdf");
	assert_string_equal(sanitized("a\u200bb\ufeff.pdf", ATTACH_PDF), "ab.pdf");
	assert_string_equal(sanitized("a<b>:c?\"d|*.pdf", ATTACH_PDF), "a_b__c__d__.pdf");
	assert_string_equal(sanitized("  　.关于公开的通知. .pdf", ATTACH_PDF), "关于公开的通知.pdf");
	assert_string_equal(sanitized("bad\xff\xfe utf8.pdf", ATTACH_PDF), "bad utf8.pdf");
	assert_string_equal(sanitized("", ATTACH_PDF), "附件.pdf");
	assert_string_equal(sanitized(NULL, ATTACH_GIF), "附件.gif");
	assert_string_equal(sanitized("../..", ATTACH_PNG), "附件.png");
}

static void test_name_extension_follows_content(void **state)
{
	(void)state;
	assert_string_equal(sanitized("报告.PDF", ATTACH_PDF), "报告.PDF");
	assert_string_equal(sanitized("photo.jpeg", ATTACH_JPEG), "photo.jpeg");
	assert_string_equal(sanitized("表格.xls", ATTACH_XLSX), "表格.xlsx"); /* same family: corrected */
	assert_string_equal(sanitized("通知.docx", ATTACH_DOC), "通知.doc");
	assert_string_equal(sanitized("scan.png", ATTACH_JPEG), "scan.jpg");
	assert_string_equal(sanitized("readme", ATTACH_PDF), "readme.pdf");
	assert_string_equal(sanitized("page.html", ATTACH_PDF), "page.html.pdf");
	assert_string_equal(sanitized("v1.2 final", ATTACH_OFD), "v1.2 final.ofd");
	const char *refused = sanitized("年报.pdf", ATTACH_PNG);
	assert_non_null(strstr(refused, "ERROR 附件："));
	assert_non_null(strstr(refused, "PNG"));
	assert_non_null(strstr(sanitized("table.xlsx", ATTACH_DOCX), "ERROR"));
}

static void test_name_length(void **state)
{
	(void)state;
	struct buf long_name = {0};
	for (int i = 0; i < 300; i++)
		buf_puts(&long_name, "政");
	buf_puts(&long_name, ".docx");
	const char *name = sanitized(long_name.data, ATTACH_DOCX);
	assert_true(strlen(name) <= ATTACH_NAME_MAX);
	assert_true(strlen(name) > ATTACH_NAME_MAX - 8);
	assert_true(utf8_valid(name, strlen(name)));
	assert_string_equal(name + strlen(name) - 5, ".docx");
	assert_int_equal(strncmp(name, "政政政", 9), 0);
	buf_free(&long_name);
}

static void test_content_disposition(void **state)
{
	(void)state;
	struct buf b = {0};
	attach_content_disposition(&b, "年报 2023.pdf");
	assert_string_equal(b.data, "attachment; filename=\"__ 2023.pdf\"; "
				    "filename*=UTF-8''%E5%B9%B4%E6%8A%A5%202023.pdf");
	b.len = 0;
	attach_content_disposition(&b, "a\"b\\c%d;e.pdf");
	assert_string_equal(b.data, "attachment; filename=\"a_b_c_d;e.pdf\"; filename*=UTF-8''a%22b%5Cc%25d%3Be.pdf");
	buf_free(&b);
	char size[32];
	assert_string_equal(attach_size_text(512, size, sizeof size), "512 字节");
	assert_string_equal(attach_size_text(12600, size, sizeof size), "12.3 KB");
	assert_string_equal(attach_size_text(5 * 1024 * 1024 + 100, size, sizeof size), "5.0 MB");
}

/* ---- content store ---- */

static size_t files_in(const char *dir)
{
	DIR *d = opendir(dir);
	size_t n = 0;
	for (struct dirent *e; d && (e = readdir(d));)
		n += e->d_name[0] != '.';
	if (d)
		closedir(d);
	return n;
}

static void test_store(void **state)
{
	(void)state;
	char dir[] = "/tmp/gongkai-test-attach-store-XXXXXX";
	assert_non_null(mkdtemp(dir));
	char root[256], db[256];
	snprintf(db, sizeof db, "%s/var/gongkai.db", dir);
	assert_int_equal(attach_store_root(db, root, sizeof root), 0);
	assert_string_equal(root + strlen(dir), "/var/files");
	char var[256];
	snprintf(var, sizeof var, "%s/var", dir);
	assert_int_equal(mkdir(var, 0700), 0);
	const unsigned char data[] = "%PDF-1.4 公开的附件";
	char hex[ATTACH_SHA256_HEX + 1], again[ATTACH_SHA256_HEX + 1], err[256];
	assert_int_equal(attach_store_put(root, data, sizeof data, hex, err, sizeof err), 0);
	assert_int_equal(attach_store_put(root, data, sizeof data, again, err, sizeof err), 0);
	assert_string_equal(hex, again);
	char sub[300];
	snprintf(sub, sizeof sub, "%s/%.2s", root, hex);
	assert_int_equal(files_in(root), 1);
	assert_int_equal(files_in(sub), 1); /* one copy, no temporary file left */

	unsigned char *back;
	size_t len;
	assert_int_equal(attach_store_read(root, hex, &back, &len, err, sizeof err), 0);
	assert_int_equal(len, sizeof data);
	assert_memory_equal(back, data, len);
	free(back);

	/* damage is detected, and a new upload of the same content repairs it */
	char path[400];
	snprintf(path, sizeof path, "%s/%s", sub, hex + 2);
	FILE *f = fopen(path, "r+b");
	assert_non_null(f);
	fputc('X', f);
	fclose(f);
	assert_int_equal(attach_store_read(root, hex, &back, &len, err, sizeof err), -1);
	assert_null(back);
	assert_non_null(strstr(err, "损坏"));
	assert_int_equal(attach_store_put(root, data, sizeof data, again, err, sizeof err), 0);
	assert_int_equal(attach_store_read(root, hex, &back, &len, err, sizeof err), 0);
	free(back);

	assert_int_equal(attach_store_read(root, "../../etc/passwd", &back, &len, err, sizeof err), -1);
	const char *absent = "00000000000000000000000000000000000000000000000000000000000000ff";
	assert_int_equal(attach_store_read(root, absent, &back, &len, err, sizeof err), -1);
	assert_int_equal(test_dir_remove(dir), 0);
}

static void test_check_upload(void **state)
{
	(void)state;
	struct attach_upload up;
	struct outcome out;
	const char *html = "<html><body onload=alert(1)>年报</body></html>";
	assert_int_equal(attach_check_upload("年报.pdf", (const unsigned char *)html, strlen(html), 1000, &up, &out),
			 OUTCOME_INVALID);
	assert_string_equal(out.field, "file");
	assert_non_null(strstr(out.message, "附件"));
	assert_int_equal(attach_check_upload("a.pdf", (const unsigned char *)"", 0, 1000, &up, &out), OUTCOME_INVALID);
	assert_int_equal(attach_check_upload("a.pdf", (const unsigned char *)"%PDF-1.4 xxxxx", 14, 10, &up, &out),
			 OUTCOME_INVALID);
	assert_non_null(strstr(out.message, "过大"));
	assert_int_equal(attach_check_upload("a.pdf", (const unsigned char *)"GIF89a....", 10, 1000, &up, &out),
			 OUTCOME_INVALID);
	const char *pdf = "%PDF-1.4 年报";
	assert_int_equal(attach_check_upload("../年报.PDF", (const unsigned char *)pdf, strlen(pdf), 1000, &up, &out),
			 OUTCOME_OK);
	assert_int_equal(up.kind, ATTACH_PDF);
	assert_string_equal(up.name, "年报.PDF");
	assert_int_equal(up.size, (int64_t)strlen("%PDF-1.4 年报"));
	assert_int_equal(strlen(up.sha256), ATTACH_SHA256_HEX);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_sniff_signatures),
	    cmocka_unit_test(test_sniff_zip),
	    cmocka_unit_test(test_sniff_ole2),
	    cmocka_unit_test(test_kind_table),
	    cmocka_unit_test(test_name_paths_and_characters),
	    cmocka_unit_test(test_name_extension_follows_content),
	    cmocka_unit_test(test_name_length),
	    cmocka_unit_test(test_content_disposition),
	    cmocka_unit_test(test_store),
	    cmocka_unit_test(test_check_upload),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
