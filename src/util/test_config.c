/* test_config.c — unit tests of the settings table: types, defaults, unknown keys, the config file and
 * command-line precedence (defaults < file < flags). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/config.h"

static char *write_temp(const char *text)
{
	char *path = strdup("/tmp/gongkai-test-config-XXXXXX");
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
	return path;
}

static void test_defaults(void **state)
{
	(void)state;
	struct config cfg;
	config_init(&cfg);
	assert_string_equal(cfg.db, "var/gongkai.db");
	assert_string_equal(cfg.listen, "127.0.0.1:8080");
	assert_false(cfg.https);
	assert_int_equal(cfg.max_form_bytes, 65536);
	assert_int_equal(cfg.session_idle_minutes, 30);
	assert_string_equal(cfg.log_level, "info");
	/* Every row's default is valid for its own type. */
	for (const struct config_setting *s = config_settings; s->name; s++) {
		char err[256];
		assert_non_null(s->help);
		assert_int_equal(config_set(&cfg, s->name, s->default_value, err, sizeof err), 0);
	}
	config_free(&cfg);
}

static void test_types(void **state)
{
	(void)state;
	struct config cfg;
	char err[256];
	config_init(&cfg);
	assert_int_equal(config_set(&cfg, "threads", "8", err, sizeof err), 0);
	assert_int_equal(cfg.threads, 8);
	assert_int_equal(config_set(&cfg, "threads", "eight", err, sizeof err), -1);
	assert_non_null(strstr(err, "threads"));
	assert_int_equal(config_set(&cfg, "threads", "8x", err, sizeof err), -1);
	assert_int_equal(config_set(&cfg, "threads", "-1", err, sizeof err),
			 -1); /* below min (0 = the default count) */
	assert_non_null(strstr(err, "超出范围"));
	assert_int_equal(cfg.threads, 8);
	assert_int_equal(config_set(&cfg, "https", "yes", err, sizeof err), 0);
	assert_true(cfg.https);
	assert_int_equal(config_set(&cfg, "https", "off", err, sizeof err), 0);
	assert_false(cfg.https);
	assert_int_equal(config_set(&cfg, "https", "maybe", err, sizeof err), -1);
	assert_int_equal(config_set(&cfg, "log_level", "debug", err, sizeof err), 0);
	assert_string_equal(cfg.log_level, "debug");
	assert_int_equal(config_set(&cfg, "log_level", "verbose", err, sizeof err), -1);
	assert_string_equal(cfg.log_level, "debug");
	assert_int_equal(config_set(&cfg, "listen", "0.0.0.0:80", err, sizeof err), 0);
	assert_int_equal(config_set(&cfg, "listen", "127.0.0.1:0", err, sizeof err), 0); /* any free port */
	assert_int_equal(config_set(&cfg, "listen", "[::1]:8080", err, sizeof err), 0);
	assert_int_equal(config_set(&cfg, "listen", "8080", err, sizeof err), -1);
	assert_int_equal(config_set(&cfg, "listen", "localhost:99999", err, sizeof err), -1);
	assert_int_equal(config_set(&cfg, "listen", ":80", err, sizeof err), -1);
	assert_string_equal(cfg.listen, "[::1]:8080");
	assert_int_equal(config_set(&cfg, "base_url", "https://gk.example.gov.cn", err, sizeof err), 0);
	assert_int_equal(config_set(&cfg, "base_url", "https://gk.example.gov.cn/", err, sizeof err), -1);
	assert_int_equal(config_set(&cfg, "base_url", "javascript:alert(1)", err, sizeof err), -1);
	assert_int_equal(config_set(&cfg, "base_url", "", err, sizeof err), 0);
	assert_int_equal(config_set(&cfg, "site-name", "汝州市政府信息公开", err, sizeof err), 0); /* - for _ */
	assert_string_equal(cfg.site_name, "汝州市政府信息公开");
	config_free(&cfg);
}

static void test_unknown_key(void **state)
{
	(void)state;
	struct config cfg;
	char err[256];
	config_init(&cfg);
	assert_int_equal(config_set(&cfg, "listne", "0.0.0.0:80", err, sizeof err), -1);
	assert_non_null(strstr(err, "listne"));
	char *path = write_temp("# comment\nlisten = 0.0.0.0:80\n\nbogus_key = 1\n");
	assert_int_equal(config_load_file(&cfg, path, err, sizeof err), -1);
	assert_non_null(strstr(err, ":4:")); /* file:line */
	assert_non_null(strstr(err, "bogus_key"));
	assert_int_equal(config_load_file(&cfg, "/nonexistent/gongkai.conf", err, sizeof err), -1);
	unlink(path);
	free(path);
	config_free(&cfg);
}

static void test_file_and_flag_precedence(void **state)
{
	(void)state;
	char *path = write_temp("db = /srv/from-file.db\nthreads = 3\nsite_name = \"文件中的名称\"\nhttps = true\n");
	char *argv_store[] = {"serve",		"--threads",	 "9",	       "--config", path,   "--keep", "--set",
			      "log_level=warn", "--https=false", "positional", "--",	   "--db", "x",	     NULL};
	int argc = 13;
	char **argv = argv_store;
	struct config cfg;
	char err[256];
	assert_int_equal(config_from_args(&cfg, &argc, argv, err, sizeof err), 0);
	assert_string_equal(cfg.db, "/srv/from-file.db"); /* file beats default; "--db" after -- untouched */
	assert_int_equal(cfg.threads, 9);		  /* flag beats file although it came first */
	assert_string_equal(cfg.site_name, "文件中的名称");
	assert_false(cfg.https);
	assert_string_equal(cfg.log_level, "warn");
	assert_string_equal(cfg.config_file, path);
	/* What is left for the subcommand's own option parsing, in order. */
	assert_int_equal(argc, 6);
	assert_string_equal(argv[0], "serve");
	assert_string_equal(argv[1], "--keep");
	assert_string_equal(argv[2], "positional");
	assert_string_equal(argv[3], "--");
	assert_string_equal(argv[4], "--db");
	assert_string_equal(argv[5], "x");
	assert_null(argv[6]);
	config_free(&cfg);

	char *bad[] = {"init", "--set", "nosuch=1", NULL};
	argc = 3;
	assert_int_equal(config_from_args(&cfg, &argc, bad, err, sizeof err), -1);
	assert_non_null(strstr(err, "nosuch"));
	config_free(&cfg);
	char *missing[] = {"init", "--db", NULL};
	argc = 2;
	assert_int_equal(config_from_args(&cfg, &argc, missing, err, sizeof err), -1);
	config_free(&cfg);
	unlink(path);
	free(path);
}

static void test_print(void **state)
{
	(void)state;
	struct config cfg;
	config_init(&cfg);
	char *text = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&text, &len);
	config_print(&cfg, out);
	fclose(out);
	assert_non_null(strstr(text, "listen = 127.0.0.1:8080\n"));
	assert_non_null(strstr(text, "https = false\n"));
	assert_non_null(strstr(text, "# 数据库：SQLite 文件路径"));
	free(text);
	config_free(&cfg);
}

int main(void)
{
	unsetenv("GONGKAI_CONFIG");
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_defaults),	cmocka_unit_test(test_types),
	    cmocka_unit_test(test_unknown_key), cmocka_unit_test(test_file_and_flag_precedence),
	    cmocka_unit_test(test_print),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
