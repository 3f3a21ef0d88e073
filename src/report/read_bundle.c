/* read_bundle.c — a zip of several published reports, as a 公开办 collects them (one archive of the
 * PDF, Word and text files of many agencies): each entry is handed out in turn to be read as a report
 * of its own. DOCX and OFD files are zips too; they are single reports, not bundles. The same bounds as
 * every zip read here (entries, inflated bytes per entry and per archive) apply. */
#include <stdio.h>
#include <string.h>

#include "report/read_formats.h"
#include "report/report_parse.h"
#include "report/zip_lib.h"

/* True for entries that are not files of their own: folders, hidden files, macOS resource forks. */
static bool skipped_entry(const char *name)
{
	size_t n = strlen(name);
	if (n == 0 || name[n - 1] == '/' || strncmp(name, "__MACOSX/", 9) == 0)
		return true;
	const char *base = strrchr(name, '/');
	base = base ? base + 1 : name;
	return base[0] == '.';
}

/* True when the zip is one document (DOCX, OFD, XLSX) rather than a bundle of reports. */
static bool single_document(struct zip *z)
{
	return read_zip_has(z, "word/document.xml") || read_zip_has(z, "OFD.xml") || read_zip_has(z, "xl/workbook.xml");
}

int report_bundle_each(const char *data, size_t len, report_bundle_fn each, void *ctx, char *err, size_t errsize)
{
	if (read_detect(data, len) != READ_ZIP)
		return 0;
	struct zip *z = read_zip_open(data, len, err, errsize);
	if (!z)
		return -1;
	if (single_document(z)) {
		read_zip_close(z);
		return 0;
	}
	zip_int64_t n = zip_get_num_entries((zip_t *)z, 0);
	size_t budget = READ_ZIP_MAX_TOTAL;
	int given = 0, rc = 0;
	for (zip_int64_t i = 0; i < n && rc == 0; i++) {
		const char *name = zip_get_name((zip_t *)z, (zip_uint64_t)i, 0);
		if (!name || skipped_entry(name))
			continue;
		struct buf entry = {0};
		if (read_zip_entry(z, name, &entry, &budget, err, errsize) < 0)
			rc = -1;
		else if (each(name, entry.data, entry.len, ctx) == 0)
			given++;
		else
			rc = -1, snprintf(err, errsize, "读取压缩包中的 %s 时中止", name);
		buf_free(&entry);
	}
	read_zip_close(z);
	if (rc == 0 && given == 0)
		return snprintf(err, errsize, "压缩包中没有文件"), -1;
	return rc < 0 ? -1 : given;
}
