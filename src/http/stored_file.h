/* stored_file.h — uploads into and downloads out of the content store (src/files/files.h) over HTTP,
 * shared by the 主动公开 attachments (page_info_attach.c) and the applicants' files (page_apply_*.c):
 * checking every file of a multipart field by content and writing it (fsync'd) to the store before the
 * write transaction that records it, and serving a stored file with safe headers. Who may upload or
 * download what is decided by the callers. */
#ifndef GONGKAI_HTTP_STORED_FILE_H
#define GONGKAI_HTTP_STORED_FILE_H

#include "files/files.h"
#include "http/req.h"

/* Checks (attach_check_upload, against cfg->max_upload_bytes) and stores every file uploaded in the
 * multipart field `field`, skipping the empty part a browser sends when no file was chosen. At most
 * max_files. On OUTCOME_OK, *files (in the request's arena) holds *n checked uploads whose bytes are
 * on disk. OUTCOME_INVALID with a Chinese message naming 附件 (field "file") for a bad file or too
 * many; OUTCOME_STORAGE when the store could not be written (logged without the file's name). */
enum outcome_code stored_file_accept(struct req *r, const char *field, size_t max_files, struct attach_upload **files,
				     size_t *n, struct outcome *out);

/* Answers with a stored file as a download: its sniffed Content-Type, `Content-Disposition:
 * attachment` with the RFC 5987 UTF-8 name, the SHA-256 as ETag (304 on If-None-Match), and a
 * sandboxing Content-Security-Policy. A missing or damaged file is a 500 (logged with log_ref, never
 * served). Returns the HTTP status. */
int stored_file_send(struct req *r, enum attach_kind kind, const char *name, const char *sha256, long long log_ref);

#endif
