/* read_zip.c — bounded reading of the zip containers DOCX and OFD files are made of, with libzip.
 *
 * A zip is only opened from memory and only the entries a reader asks for are inflated, in chunks,
 * against two budgets (per entry and per file), so a zip bomb or an XML of hundreds of megabytes
 * costs a few megabytes and ends with a message naming the limit. libzip is opened with the first zip
 * (report/zip_lib.h); without it a zip cannot be read, and the message names the library. */
#include <stdio.h>

#include "report/read_formats.h"
#include "report/zip_lib.h"

struct zip *read_zip_open(const char *data, size_t len, char *err, size_t errsize)
{
	if (gk_zip_load(err, errsize) < 0) /* libzip is opened with the first zip */
		return NULL;
	zip_error_t ze;
	zip_error_init(&ze);
	zip_source_t *src = zip_source_buffer_create(data, len, 0, &ze);
	zip_t *z = src ? zip_open_from_source(src, ZIP_RDONLY, &ze) : NULL;
	if (!z) {
		if (src)
			zip_source_free(src);
		snprintf(err, errsize, "文件以压缩包（DOCX/OFD）的标记开头，但已损坏或不完整，无法打开");
		zip_error_fini(&ze);
		return NULL;
	}
	zip_error_fini(&ze);
	zip_int64_t n = zip_get_num_entries(z, 0);
	if (n < 0 || n > READ_ZIP_MAX_ENTRIES) {
		snprintf(err, errsize, "压缩包含有 %lld 个文件，超过 %d 个的上限，未读取", (long long)n,
			 READ_ZIP_MAX_ENTRIES);
		zip_discard(z);
		return NULL;
	}
	return z;
}

bool read_zip_has(struct zip *z, const char *name)
{
	return zip_name_locate(z, name, 0) >= 0;
}

int read_zip_entry(struct zip *z, const char *name, struct buf *out, size_t *budget, char *err, size_t errsize)
{
	zip_file_t *f = zip_fopen(z, name, 0);
	if (!f) {
		snprintf(err, errsize, "压缩包中的 %s 无法读取（文件缺失、加密或已损坏）", name);
		return -1;
	}
	char chunk[65536];
	size_t total = 0;
	zip_int64_t got;
	int rc = 0;
	while ((got = zip_fread(f, chunk, sizeof chunk)) > 0) {
		total += (size_t)got;
		if (total > READ_ZIP_MAX_INFLATED || (size_t)got > *budget) {
			snprintf(err, errsize, "压缩包中的 %s 解压后超过 %u MiB 的上限（可能是压缩炸弹），未读取", name,
				 (total > READ_ZIP_MAX_INFLATED ? READ_ZIP_MAX_INFLATED : READ_ZIP_MAX_TOTAL) >> 20);
			rc = -1;
			break;
		}
		*budget -= (size_t)got;
		buf_append(out, chunk, (size_t)got);
	}
	if (rc == 0 && got < 0) {
		snprintf(err, errsize, "压缩包中的 %s 已损坏，解压失败", name);
		rc = -1;
	}
	zip_fclose(f);
	if (rc == 0 && !out->data)
		buf_append(out, "", 0);
	return rc;
}

void read_zip_close(struct zip *z)
{
	zip_discard(z);
}
