/* dirs.h — folders of files gongkai writes: the directory part of a path, and making a folder's entries
 * durable (after a file is created or renamed in a folder, the folder itself must be fsync'd for the
 * new name to survive a power failure). One place for both, used by the content store (files/store.c)
 * and the WAL sync (storage/store_sync.c). */
#ifndef GONGKAI_UTIL_DIRS_H
#define GONGKAI_UTIL_DIRS_H

#include <stddef.h>

/* The directory part of path ("." when it has none, "/" for a file in the root) into out.
 * Returns 0, or -1 when it does not fit. */
int dir_of_path(const char *path, char *out, size_t size);

/* fsync of the folder dir. Returns 0, or -1 with errno set. */
int fsync_dir(const char *dir);

/* fsync of the folder holding path (dir_of_path). Returns 0, or -1 with errno set. */
int fsync_parent_dir(const char *path);

#endif
