/* stored_file.c — uploads into and downloads out of the content store over HTTP (see stored_file.h).
 *
 * Upload: the router has already refused a body over max_upload_bytes (413) and checked the CSRF
 * token; each file is checked by content and written to the store (temporary file, fsync, rename),
 * so what the caller's commit then acknowledges is on disk. Download: the router sets
 * `X-Content-Type-Options: nosniff`; the page's Content-Security-Policy is replaced by one that
 * sandboxes the file, should a browser ever render it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "http/stored_file.h"
#include "util/log.h"

enum { STORE_ROOT_MAX = 4096 };

enum outcome_code stored_file_accept(struct req *r, const char *field, size_t max_files, struct attach_upload **files,
				     size_t *n, struct outcome *out)
{
	outcome_clear(out);
	*files = NULL;
	*n = 0;
	size_t count = 0;
	for (size_t i = 0; i < r->uploads.count; i++)
		count += strcmp(r->uploads.items[i].field, field) == 0 &&
			 (r->uploads.items[i].size > 0 || r->uploads.items[i].filename[0]);
	if (count > max_files)
		return outcome_fail(out, OUTCOME_INVALID, "file", "附件：一次最多上传 %zu 个文件", max_files);
	if (count == 0)
		return OUTCOME_OK;
	char root[STORE_ROOT_MAX], hex[ATTACH_SHA256_HEX + 1], err[256];
	if (attach_store_root(store_path(r->app->store), root, sizeof root) < 0)
		return outcome_fail(out, OUTCOME_STORAGE, NULL, "附件保存失败，请稍后重试");
	struct attach_upload *list = arena_alloc(&r->arena, count * sizeof *list);
	for (size_t i = 0; i < r->uploads.count; i++) {
		const struct upload *u = &r->uploads.items[i];
		if (strcmp(u->field, field) != 0 || (u->size == 0 && !u->filename[0]))
			continue;
		enum outcome_code code = attach_check_upload(u->filename, u->data, u->size,
							     (size_t)r->app->cfg->max_upload_bytes, &list[*n], out);
		if (code != OUTCOME_OK)
			return code;
		if (attach_store_put(root, u->data, u->size, hex, err, sizeof err) < 0) {
			log_msg(LOG_ERROR, r->id, "附件保存失败：%s", err);
			return outcome_fail(out, OUTCOME_STORAGE, NULL, "附件保存失败，请稍后重试");
		}
		(*n)++;
	}
	*files = list;
	return OUTCOME_OK;
}

/* Replaces the page's Content-Security-Policy (set by the router) with one that sandboxes the file:
 * should a browser ever render it, it gets no scripts, no plugins, no same-origin access. */
static void sandbox_csp(struct req *r)
{
	static const char policy[] =
	    "sandbox; default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";
	for (size_t i = 0; i < r->resp_headers.count; i++) {
		struct kv *h = &r->resp_headers.items[i];
		if (strcasecmp(h->name, "Content-Security-Policy") == 0) {
			h->value = policy;
			h->value_len = sizeof policy - 1;
			return;
		}
	}
	req_add_header(r, "Content-Security-Policy", policy);
}

int stored_file_send(struct req *r, enum attach_kind kind, const char *name, const char *sha256, long long log_ref)
{
	const char *etag = arena_printf(&r->arena, "\"%s\"", sha256);
	sandbox_csp(r);
	req_add_header(r, "ETag", etag);
	if (req_etag_matches(r, etag)) {
		r->content_type = attach_kind_mime(kind);
		return 304;
	}
	char root[STORE_ROOT_MAX], err[256];
	unsigned char *data = NULL;
	size_t len = 0;
	if (attach_store_root(store_path(r->app->store), root, sizeof root) < 0 ||
	    attach_store_read(root, sha256, &data, &len, err, sizeof err) < 0) {
		log_msg(LOG_ERROR, r->id, "附件 %lld 无法提供：%s", log_ref, err);
		return req_error(r, 500, "附件文件暂时无法读取，已记录此问题。");
	}
	struct buf disposition = {0};
	attach_content_disposition(&disposition, name);
	req_add_header(r, "Content-Disposition", disposition.data);
	buf_free(&disposition);
	r->content_type = attach_kind_mime(kind);
	buf_append(&r->page.out, (const char *)data, len);
	free(data);
	return 200;
}
