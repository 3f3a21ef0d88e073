/* dirs.c — see dirs.h. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "util/dirs.h"

int dir_of_path(const char *path, char *out, size_t size)
{
	const char *slash = strrchr(path, '/');
	int n = !slash		? snprintf(out, size, ".")
		: slash == path ? snprintf(out, size, "/")
				: snprintf(out, size, "%.*s", (int)(slash - path), path);
	return n > 0 && (size_t)n < size ? 0 : -1;
}

int fsync_dir(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	int rc = fsync(fd);
	close(fd);
	return rc;
}

int fsync_parent_dir(const char *path)
{
	char dir[PATH_MAX];
	if (dir_of_path(path, dir, sizeof dir) < 0) {
		errno = ENAMETOOLONG;
		return -1;
	}
	return fsync_dir(dir);
}
