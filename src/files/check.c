/* check.c — the one check of an uploaded file before it is stored: not empty, not over the limit, an
 * accepted type by content (sniff.c) and a name that does not contradict it (name.c); the SHA-256 that
 * names it in the store. Used for 主动公开 attachments and for applicants' files alike. See files.h. */
#include <string.h>

#include "files/files.h"

enum outcome_code attach_check_upload(const char *client_name, const unsigned char *data, size_t len, size_t max_bytes,
				      struct attach_upload *up, struct outcome *out)
{
	outcome_clear(out);
	memset(up, 0, sizeof *up);
	char size_text[32], err[512];
	if (!data || len == 0)
		return outcome_fail(out, OUTCOME_INVALID, "file", "附件：请选择要上传的文件（文件不能为空）");
	if (len > max_bytes)
		return outcome_fail(out, OUTCOME_INVALID, "file", "附件：文件过大，不能超过 %s",
				    attach_size_text((int64_t)max_bytes, size_text, sizeof size_text));
	up->kind = attach_sniff(data, len);
	if (up->kind == ATTACH_UNKNOWN)
		return outcome_fail(out, OUTCOME_INVALID, "file",
				    "附件：文件内容不是允许的类型。只接受 PDF、OFD、Word（DOC/DOCX）、"
				    "Excel（XLS/XLSX）文档和 PNG/JPEG/GIF 图片，类型按文件内容判断，"
				    "改文件名后缀无效");
	if (attach_sanitize_name(client_name, up->kind, up->name, sizeof up->name, err, sizeof err) < 0)
		return outcome_fail(out, OUTCOME_INVALID, "file", "%s", err);
	up->size = (int64_t)len;
	attach_sha256_hex(data, len, up->sha256);
	return OUTCOME_OK;
}
