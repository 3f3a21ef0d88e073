/* test_buf.c — unit tests of buf_read_file, the one reader of whole files (reports, fixtures,
 * imports): the bytes exactly as on disk with a NUL after them, an empty file as an empty string,
 * the size limit at its boundary (max bytes read, max + 1 refused with EFBIG), appending to a buffer
 * that already holds bytes, a file larger than one read chunk, and the errors of a directory and
 * of a missing file. */
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

static void test_size_limit(void **state)
{
	struct fixture *f = *state;
	write_file(f->path, "0123456789", 10);
	struct buf b = {0};
	assert_int_equal(buf_read_file(&b, f->path, 10), 0);
	assert_string_equal(b.data, "0123456789");
	buf_free(&b);
	errno = 0;
	assert_int_equal(buf_read_file(&b, f->path, 9), -1);
	assert_int_equal(errno, EFBIG);
	buf_free(&b);
}

static void test_appends_and_large(void **state)
{
	struct fixture *f = *state;
	size_t len = 200000; /* more than one read chunk of a non-regular file, and than stdio's buffer */
	char *data = malloc(len);
	assert_non_null(data);
	for (size_t i = 0; i < len; i++)
		data[i] = (char)('a' + i % 26);
	write_file(f->path, data, len);
	struct buf b = {0};
	buf_puts(&b, "head:");
	assert_int_equal(buf_read_file(&b, f->path, len), 0);
	assert_int_equal(b.len, 5 + len);
	assert_memory_equal(b.data, "head:", 5);
	assert_memory_equal(b.data + 5, data, len);
	buf_free(&b);
	free(data);
}

static void test_errors(void **state)
{
	struct fixture *f = *state;
	struct buf b = {0};
	errno = 0;
	assert_int_equal(buf_read_file(&b, f->dir, 1 << 20), -1);
	assert_int_equal(errno, EISDIR);
	buf_free(&b);
	errno = 0;
	assert_int_equal(buf_read_file(&b, f->path, 1 << 20), -1); /* not created yet */
	assert_int_equal(errno, ENOENT);
	buf_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_reads_exact_bytes, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_empty_file, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_size_limit, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_appends_and_large, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_errors, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
