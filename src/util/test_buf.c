/* test_buf.c — unit tests of buf_read_file, the one reader of whole files (reports, fixtures,
 * imports): the bytes exactly as on disk with a NUL after them, an empty file as an empty string,
 * the size limit at its boundary (max bytes read, max + 1 refused with EFBIG), appending to a buffer
 * that already holds bytes, a file larger than one read chunk, and the errors of a directory and
 * of a missing file; and of buf_read_regular_file (no fstat, a buffer reused from file to file):
 * the same bytes, limit and errors, a small file after a large one in the same buffer. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"
#include "util/test_dir.h"

struct fixture {
	char dir[64];
	char path[96];
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);
	if (!f)
		return -1;
	snprintf(f->dir, sizeof f->dir, "/tmp/gk-test-buf-XXXXXX");
	if (!mkdtemp(f->dir)) {
		free(f);
		return -1;
	}
	snprintf(f->path, sizeof f->path, "%s/file", f->dir);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	int rc = test_dir_remove(f->dir);
	free(f);
	return rc;
}

static void write_file(const char *path, const char *data, size_t len)
{
	FILE *out = fopen(path, "wb");
	assert_non_null(out);
	assert_int_equal(fwrite(data, 1, len, out), len);
	assert_int_equal(fclose(out), 0);
}

/* Writes len letters a…z a… to path; returns them (malloc'd, caller frees). */
static char *write_letters(const char *path, size_t len)
{
	char *data = malloc(len);
	assert_non_null(data);
	for (size_t i = 0; i < len; i++)
		data[i] = (char)('a' + i % 26);
	write_file(path, data, len);
	return data;
}

static void test_reads_exact_bytes(void **state)
{
	struct fixture *f = *state;
	static const char data[] = "第一行\n\0binary\r\n"; /* a NUL inside is kept */
	write_file(f->path, data, sizeof data - 1);
	struct buf b = {0};
	assert_int_equal(buf_read_file(&b, f->path, 1 << 20), 0);
	assert_int_equal(b.len, sizeof data - 1);
	assert_memory_equal(b.data, data, sizeof data - 1);
	assert_int_equal(b.data[b.len], '\0');
	buf_free(&b);
}

static void test_empty_file(void **state)
{
	struct fixture *f = *state;
	write_file(f->path, "", 0);
	struct buf b = {0};
	assert_int_equal(buf_read_file(&b, f->path, 16), 0);
	assert_non_null(b.data);
	assert_int_equal(b.len, 0);
	assert_string_equal(b.data, "");
	buf_free(&b);
}

static void test_appends_and_large(void **state)
{
	struct fixture *f = *state;
	size_t len = 200000; /* more than one read chunk of a non-regular file, and than stdio's buffer */
	char *data = write_letters(f->path, len);
	struct buf b = {0};
	buf_puts(&b, "head:");
	assert_int_equal(buf_read_file(&b, f->path, len), 0);
	assert_int_equal(b.len, 5 + len);
	assert_memory_equal(b.data, "head:", 5);
	assert_memory_equal(b.data + 5, data, len);
	buf_free(&b);
	free(data);
}

/* With read (buf_read_file or buf_read_regular_file) into b: max bytes read, max + 1 refused with
 * EFBIG, the errors of a directory and of a missing file. b is emptied before each read. */
static void limit_and_errors(struct fixture *f, int (*read)(struct buf *, const char *, size_t), struct buf *b)
{
	write_file(f->path, "0123456789", 10);
	buf_reset(b);
	assert_int_equal(read(b, f->path, 10), 0);
	assert_string_equal(b->data, "0123456789");
	buf_reset(b);
	errno = 0;
	assert_int_equal(read(b, f->path, 9), -1);
	assert_int_equal(errno, EFBIG);
	buf_reset(b);
	errno = 0;
	assert_int_equal(read(b, f->dir, 1 << 20), -1);
	assert_int_equal(errno, EISDIR);
	buf_reset(b);
	errno = 0;
	char missing[128];
	snprintf(missing, sizeof missing, "%s.missing", f->path);
	assert_int_equal(read(b, missing, 1 << 20), -1);
	assert_int_equal(errno, ENOENT);
}

static void test_limit_and_errors(void **state)
{
	struct buf b = {0};
	limit_and_errors(*state, buf_read_file, &b);
	buf_free(&b);
}

/* buf_read_regular_file: a file longer than the 64 KiB first read, then a short file into the same
 * (emptied) buffer, whose free space is now larger than the file: each read exactly. */
static void test_regular_reused(void **state)
{
	struct fixture *f = *state;
	size_t len = 150000;
	char *data = write_letters(f->path, len);
	struct buf b = {0};
	assert_int_equal(buf_read_regular_file(&b, f->path, len), 0);
	assert_int_equal(b.len, len);
	assert_memory_equal(b.data, data, len);
	buf_reset(&b);
	write_file(f->path, "第一行\n", strlen("第一行\n"));
	assert_int_equal(buf_read_regular_file(&b, f->path, 1 << 20), 0);
	assert_int_equal(b.len, strlen("第一行\n"));
	assert_string_equal(b.data, "第一行\n");
	buf_reset(&b);
	write_file(f->path, "", 0);
	assert_int_equal(buf_read_regular_file(&b, f->path, 1 << 20), 0);
	assert_string_equal(b.data, "");
	buf_free(&b);
	free(data);
}

/* buf_read_regular_file: the same limit and errors, also from a reused buffer whose free space is
 * larger than max (the first read must still stop at max + 1). */
static void test_regular_limit_and_errors(void **state)
{
	struct buf b = {0};
	buf_grow(&b, 100000);
	limit_and_errors(*state, buf_read_regular_file, &b);
	buf_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_reads_exact_bytes, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_empty_file, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_appends_and_large, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_limit_and_errors, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_regular_reused, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_regular_limit_and_errors, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
