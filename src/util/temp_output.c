/* temp_output.c — see temp_output.h. */
#include "util/temp_output.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int temp_output(int (*write)(const char *path, const void *ctx), const void *ctx, const char *what_zh, struct buf *out,
		char *err, size_t errsize)
{
	const char *dir = getenv("TMPDIR");
	char path[512];
	snprintf(path, sizeof path, "%s/gongkai-out-XXXXXX", dir && *dir ? dir : "/tmp");
	int fd = mkstemp(path);
	if (fd < 0) {
		snprintf(err, errsize, "无法创建临时文件：%s", strerror(errno));
		return -1;
	}
	close(fd);
	int rc = write(path, ctx);
	if (rc < 0)
		snprintf(err, errsize, "生成 %s失败", what_zh);
	else if (buf_read_file(out, path, 64u << 20) < 0) {
		snprintf(err, errsize, "读取生成的 %s失败：%s", what_zh, strerror(errno));
		rc = -1;
	}
	unlink(path);
	return rc;
}
