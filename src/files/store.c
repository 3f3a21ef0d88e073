/* store.c — the content store of attachments: each distinct file once, named by its SHA-256,
 * under "<directory of the database>/files/ab/cdef…". A file is written to a temporary name in its
 * final directory, fsync'd, renamed into place, and the directory fsync'd (and its parent when the
 * directory is new), so by the time the database commit that refers to it returns, the bytes survive
 * a crash. Reads verify the hash, so a damaged or replaced file is reported and never served. */
#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "files/files.h"
#include "util/dirs.h"

enum { STORE_PATH_MAX = 4096 };

int attach_store_root(const char *db_path, char *out, size_t size)
{
	char dir[STORE_PATH_MAX];
	if (!db_path || dir_of_path(db_path, dir, sizeof dir) < 0)
		return -1;
	int n = snprintf(out, size, "%s%sfiles", dir, strcmp(dir, "/") == 0 ? "" : "/");
	return n > 0 && (size_t)n < size ? 0 : -1;
}

void attach_sha256_hex(const unsigned char *data, size_t len, char hex[ATTACH_SHA256_HEX + 1])
{
	unsigned char digest[crypto_hash_sha256_BYTES];
	crypto_hash_sha256(digest, data, len);
	sodium_bin2hex(hex, ATTACH_SHA256_HEX + 1, digest, sizeof digest);
}

static bool hex_name_valid(const char *hex)
{
	if (!hex || strlen(hex) != ATTACH_SHA256_HEX)
		return false;
	for (const char *c = hex; *c; c++)
		if (!((*c >= '0' && *c <= '9') || (*c >= 'a' && *c <= 'f')))
			return false;
	return true;
}

/* Creates dir if missing; when it was created, fsyncs parent so the new entry is durable. */
static int ensure_dir(const char *dir, const char *parent)
{
	if (mkdir(dir, 0750) == 0)
		return fsync_dir(parent);
	struct stat st;
	return errno == EEXIST && stat(dir, &st) == 0 && S_ISDIR(st.st_mode) ? 0 : -1;
}

static int write_all(int fd, const unsigned char *data, size_t len)
{
	while (len > 0) {
		ssize_t n = write(fd, data, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		data += n;
		len -= (size_t)n;
	}
	return 0;
}

/* Writes data to dir/.tmp-XXXXXX, fsyncs it and renames it to final. Returns 0 or -1. */
static int write_durably(const char *dir, const char *final, const unsigned char *data, size_t len)
{
	char tmp[STORE_PATH_MAX];
	if (snprintf(tmp, sizeof tmp, "%s/.tmp-XXXXXX", dir) >= (int)sizeof tmp)
		return -1;
	int fd = mkostemp(tmp, O_CLOEXEC);
	if (fd < 0)
		return -1;
	int rc = write_all(fd, data, len) == 0 && fchmod(fd, 0640) == 0 && fsync(fd) == 0 ? 0 : -1;
	if (close(fd) < 0)
		rc = -1;
	if (rc == 0 && rename(tmp, final) == 0)
		return fsync_dir(dir);
	unlink(tmp);
	return -1;
}

/* True when final already holds exactly this content (same size, same hash). */
static bool already_stored(const char *root, const char *hex, size_t len)
{
	unsigned char *data = NULL;
	size_t have = 0;
	char err[8];
	bool same = attach_store_read(root, hex, &data, &have, err, sizeof err) == 0 && have == len;
	free(data);
	return same;
}

int attach_store_put(const char *root, const unsigned char *data, size_t len, char hex[ATTACH_SHA256_HEX + 1],
		     char *err, size_t errlen)
{
	attach_sha256_hex(data, len, hex);
	char parent[STORE_PATH_MAX], dir[STORE_PATH_MAX], final[STORE_PATH_MAX];
	if (dir_of_path(root, parent, sizeof parent) < 0 ||
	    snprintf(dir, sizeof dir, "%s/%.2s", root, hex) >= (int)sizeof dir ||
	    snprintf(final, sizeof final, "%s/%s", dir, hex + 2) >= (int)sizeof final) {
		snprintf(err, errlen, "附件存储目录的路径过长");
		return -1;
	}
	if (already_stored(root, hex, len))
		return 0;
	if (ensure_dir(root, parent) < 0 || ensure_dir(dir, root) < 0) {
		snprintf(err, errlen, "无法创建附件存储目录 %s：%s", dir, strerror(errno));
		return -1;
	}
	if (write_durably(dir, final, data, len) < 0) {
		snprintf(err, errlen, "无法保存附件文件：%s", strerror(errno));
		return -1;
	}
	return 0;
}

/* Reads the whole file at path into a malloc'd buffer. Returns 0 or -1 (errno set). */
static int read_file(const char *path, unsigned char **data, size_t *len)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	struct stat st;
	if (fd < 0)
		return -1;
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		errno = EINVAL;
		return -1;
	}
	size_t size = (size_t)st.st_size, got = 0;
	unsigned char *buf = xmalloc(size ? size : 1);
	while (got < size) {
		ssize_t n = read(fd, buf + got, size - got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		got += (size_t)n;
	}
	close(fd);
	if (got != size) {
		free(buf);
		errno = EIO;
		return -1;
	}
	*data = buf;
	*len = size;
	return 0;
}

int attach_store_read(const char *root, const char *hex, unsigned char **data, size_t *len, char *err, size_t errlen)
{
	*data = NULL;
	*len = 0;
	char path[STORE_PATH_MAX];
	if (!hex_name_valid(hex) || snprintf(path, sizeof path, "%s/%.2s/%s", root, hex, hex + 2) >= (int)sizeof path) {
		snprintf(err, errlen, "附件编号无效");
		return -1;
	}
	if (read_file(path, data, len) < 0) {
		snprintf(err, errlen, "无法读取附件文件：%s", strerror(errno));
		return -1;
	}
	char actual[ATTACH_SHA256_HEX + 1];
	attach_sha256_hex(*data, *len, actual);
	if (strcmp(actual, hex) != 0) {
		free(*data);
		*data = NULL;
		*len = 0;
		snprintf(err, errlen, "附件文件已损坏（校验值不符）");
		return -1;
	}
	return 0;
}
