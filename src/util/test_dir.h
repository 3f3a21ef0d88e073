/* test_dir.h — removing a unit test case's temporary folder (header-only, for test_*.c files of any
 * module: it sits in util so that the lowest modules' tests can use it too). Walks the tree with nftw
 * instead of running `rm -rf` through a shell, so a folder name is never read as shell syntax. */
#ifndef GONGKAI_UTIL_TEST_DIR_H
#define GONGKAI_UTIL_TEST_DIR_H

#include <ftw.h>
#include <stdio.h>

static inline int test_dir_remove_entry(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb;
	(void)flag;
	(void)ftw;
	return remove(path);
}

/* Removes the folder DIR with everything in it (symbolic links removed, not followed). Returns 0 or -1. */
static inline int test_dir_remove(const char *dir)
{
	return nftw(dir, test_dir_remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

#endif
