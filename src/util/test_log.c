/* test_log.c — unit tests of the diagnostic log: the line format (China time, level, req=ID), levels
 * filtered by the configured one, req=- without a request, control characters escaped so an event
 * stays one line, and the level names config accepts. stderr is redirected to a file for each case. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/buf.h"
#include "util/log.h"

/* Runs fn with stderr going to a temporary file; returns what was written (caller frees). */
static char *captured(void (*fn)(void))
{
	char path[] = "/tmp/gongkai-test-log-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	int saved = dup(STDERR_FILENO);
	assert_true(saved >= 0);
	assert_true(dup2(fd, STDERR_FILENO) >= 0);
	fn();
	assert_true(dup2(saved, STDERR_FILENO) >= 0);
	close(saved);
	close(fd);
	struct buf b = {0};
	assert_int_equal(buf_read_file(&b, path, 1 << 16), 0);
	unlink(path);
	buf_append(&b, "", 0);
	return buf_take(&b);
}

static void write_levels(void)
{
	log_msg(LOG_ERROR, "abc-1", "disk %s", "full");
	log_msg(LOG_WARN, "abc-1", "slow");
	log_msg(LOG_INFO, NULL, "started");
	log_msg(LOG_DEBUG, "abc-1", "details");
}

static void test_format_and_levels(void **state)
{
	(void)state;
	log_set_level(LOG_INFO);
	char *out = captured(write_levels);
	assert_non_null(strstr(out, "+08:00 error req=abc-1 disk full\n"));
	assert_non_null(strstr(out, "+08:00 warn req=abc-1 slow\n"));
	assert_non_null(strstr(out, "+08:00 info req=- started\n"));
	assert_null(strstr(out, "details"));
	/* each line starts with an RFC 3339 time in China time */
	assert_int_equal(strlen(out) > 26 && out[4] == '-' && out[10] == 'T' && out[19] == '+', 1);
	free(out);

	log_set_level(LOG_ERROR);
	out = captured(write_levels);
	assert_non_null(strstr(out, "error req=abc-1 disk full"));
	assert_null(strstr(out, "slow"));
	assert_null(strstr(out, "started"));
	free(out);

	log_set_level(LOG_DEBUG);
	out = captured(write_levels);
	assert_non_null(strstr(out, "debug req=abc-1 details\n"));
	free(out);
	log_set_level(LOG_INFO);
}

static void write_multiline(void)
{
	log_msg(LOG_ERROR, "r\n2", "第一行\n第二行\r\t\x01 end");
}

static void test_one_line_per_event(void **state)
{
	(void)state;
	char *out = captured(write_multiline);
	assert_non_null(strstr(out, " error req=r\\n2 第一行\\n第二行\\r\\t\\x01 end\n"));
	assert_int_equal(strchr(out, '\n') - out + 1, (long)strlen(out)); /* exactly one newline, at the end */
	free(out);
}

static void test_level_names(void **state)
{
	(void)state;
	enum log_level level = LOG_INFO;
	assert_int_equal(log_level_parse("debug", &level), 0);
	assert_int_equal(level, LOG_DEBUG);
	assert_int_equal(log_level_parse("error", &level), 0);
	assert_int_equal(level, LOG_ERROR);
	assert_int_equal(log_level_parse("warn", &level), 0);
	assert_int_equal(level, LOG_WARN);
	assert_int_equal(log_level_parse("info", &level), 0);
	assert_int_equal(level, LOG_INFO);
	assert_int_equal(log_level_parse("verbose", &level), -1);
	assert_int_equal(log_level_parse(NULL, &level), -1);
	assert_int_equal(level, LOG_INFO);
	log_set_level(LOG_WARN);
	assert_true(log_enabled(LOG_ERROR) && log_enabled(LOG_WARN));
	assert_false(log_enabled(LOG_INFO) || log_enabled(LOG_DEBUG));
	log_set_level(LOG_INFO);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_format_and_levels),
	    cmocka_unit_test(test_one_line_per_event),
	    cmocka_unit_test(test_level_names),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
