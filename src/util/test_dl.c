/* test_dl.c — unit tests of the loader of util/dl.h: a library that loads fills every member of its
 * table with the library's own functions (and a variable's address (glib's g_utf8_skip)), a library that is not
 * installed and a symbol the library lacks are refused with a message naming them (library, Debian package, symbol) in
 * Chinese and English, the outcome of the first load is kept, and threads that load at the same time all get the one
 * table. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <glib.h>
#include <math.h>
#include <pthread.h>
#include <string.h>

#include "util/dl.h"

/* ---- a library that loads: libm (linked too, so its functions can be compared) ---- */

#define LIBM_FUNCTIONS(X, T) X(T, cos) X(T, exp) X(T, hypot)
struct libm_table {
	LIBM_FUNCTIONS(DL_MEMBER, struct libm_table)
};
static const struct dl_symbol libm_symbols[] = {LIBM_FUNCTIONS(DL_SYMBOL, struct libm_table)};

static void test_library_that_loads(void **state)
{
	(void)state;
	struct libm_table table = {0};
	struct dl_library lib = DL_LIBRARY("libm.so.6", "libc6", &table, libm_symbols);
	char err[DL_ERROR_MAX] = "unchanged";
	const struct libm_table *t = dl_load(&lib, err, sizeof err);
	assert_ptr_equal(t, &table);
	assert_string_equal(err, "unchanged");
	/* every member, not only the first: the offsets of the symbol list match the table */
	assert_ptr_equal(t->cos, cos);
	assert_ptr_equal(t->exp, exp);
	assert_ptr_equal(t->hypot, hypot);
	assert_true(t->cos(0.0) == 1.0);
	assert_true(t->exp(0.0) == 1.0);
	assert_true(t->hypot(3.0, 4.0) == 5.0);
	assert_ptr_equal(dl_require(&lib), &table); /* loaded once, then the same table */
}

/* a variable: the table holds its address (as poppler_lib.h does for glib's g_utf8_skip) */
#define GLIB_SYMBOLS(X, T) X(T, g_utf8_skip) X(T, g_utf8_strlen)
struct glib_table {
	GLIB_SYMBOLS(DL_MEMBER, struct glib_table)
};
static const struct dl_symbol glib_symbols[] = {GLIB_SYMBOLS(DL_SYMBOL, struct glib_table)};

static void test_function_and_variable(void **state)
{
	(void)state;
	struct glib_table table = {0};
	struct dl_library lib = DL_LIBRARY("libglib-2.0.so.0", "libglib2.0-0", &table, glib_symbols);
	const struct glib_table *t = dl_load(&lib, NULL, 0);
	assert_non_null(t);
	const gchar *skip = *t->g_utf8_skip; /* the lengths of UTF-8 sequences by their first byte */
	assert_int_equal(skip['a'], 1);
	assert_int_equal(skip[0xC3], 2);
	assert_int_equal(skip[0xE4], 3);
	assert_int_equal(skip[0xF0], 4);
	assert_int_equal(t->g_utf8_strlen("公开 ok", -1), 5);
}

/* ---- refusals ---- */

static void test_library_not_installed(void **state)
{
	(void)state;
	struct libm_table table = {0};
	struct dl_library lib = DL_LIBRARY("libgongkai-absent.so.7", "libgongkai-absent7", &table, libm_symbols);
	char err[DL_ERROR_MAX] = "";
	assert_null(dl_load(&lib, err, sizeof err));
	assert_non_null(strstr(err, "无法加载 libgongkai-absent.so.7（Debian 软件包 libgongkai-absent7）"));
	assert_non_null(strstr(err, "cannot load libgongkai-absent.so.7 (Debian package libgongkai-absent7)"));
	char again[DL_ERROR_MAX] = "";
	assert_null(dl_load(&lib, again, sizeof again)); /* the first outcome is kept */
	assert_string_equal(again, err);
	assert_null(dl_load(&lib, NULL, 0)); /* no room for the message: still refused */
	assert_null(table.cos);
}

#define MISSING_FUNCTIONS(X, T) X(T, cos) X(T, exp)
struct missing_table {
	MISSING_FUNCTIONS(DL_MEMBER, struct missing_table)
};
static void test_symbol_missing(void **state)
{
	(void)state;
	/* exp looked up under a name libm does not export, after one that it does */
	static const struct dl_symbol symbols[] = {
	    {"cos", offsetof(struct missing_table, cos)},
	    {"gongkai_no_such_function", offsetof(struct missing_table, exp)},
	};
	struct missing_table table = {0};
	struct dl_library lib = DL_LIBRARY("libm.so.6", "libc6", &table, symbols);
	char err[DL_ERROR_MAX] = "";
	assert_null(dl_load(&lib, err, sizeof err));
	assert_non_null(strstr(err, "libm.so.6 缺少函数 gongkai_no_such_function"));
	assert_non_null(strstr(err, "libm.so.6 has no symbol gongkai_no_such_function"));
	assert_non_null(strstr(err, "libc6"));
	assert_null(dl_load(&lib, NULL, 0));
}

/* ---- what a library module writes: DL_DECLARE_LIBRARY in its header, DL_DEFINE_LIBRARY in its .c ---- */

DL_DECLARE_LIBRARY(test_libm, LIBM_FUNCTIONS);
DL_DEFINE_LIBRARY(test_libm, LIBM_FUNCTIONS, "libm.so.6", "libc6")
DL_DECLARE_LIBRARY(test_absent, LIBM_FUNCTIONS);
DL_DEFINE_LIBRARY(test_absent, LIBM_FUNCTIONS, "libgongkai-absent.so.1", "libgongkai-absent1")

static void test_library_module(void **state)
{
	(void)state;
	char err[DL_ERROR_MAX] = "unchanged";
	assert_int_equal(test_libm_load(err, sizeof err), 0);
	assert_string_equal(err, "unchanged");
	assert_ptr_equal(test_libm()->hypot, hypot);
	assert_true(test_libm()->hypot(5.0, 12.0) == 13.0);
	assert_int_equal(test_absent_load(err, sizeof err), -1);
	assert_non_null(strstr(err, "无法加载 libgongkai-absent.so.1（Debian 软件包 libgongkai-absent1）"));
}

/* ---- first use from several threads at once ---- */

#define THREADS 8
static struct libm_table shared_table;
static struct dl_library shared_lib = DL_LIBRARY("libm.so.6", "libc6", &shared_table, libm_symbols);
static pthread_barrier_t start_together;

static void *load_in_thread(void *arg)
{
	(void)arg;
	pthread_barrier_wait(&start_together);
	return (void *)dl_load(&shared_lib, NULL, 0);
}

static void test_threads_share_one_load(void **state)
{
	(void)state;
	pthread_t threads[THREADS];
	pthread_barrier_init(&start_together, NULL, THREADS);
	for (int i = 0; i < THREADS; i++)
		assert_int_equal(pthread_create(&threads[i], NULL, load_in_thread, NULL), 0);
	for (int i = 0; i < THREADS; i++) {
		void *table = NULL;
		pthread_join(threads[i], &table);
		assert_ptr_equal(table, &shared_table);
	}
	pthread_barrier_destroy(&start_together);
	assert_ptr_equal(shared_table.exp, exp);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_library_that_loads),	  cmocka_unit_test(test_function_and_variable),
	    cmocka_unit_test(test_library_not_installed), cmocka_unit_test(test_symbol_missing),
	    cmocka_unit_test(test_library_module),	  cmocka_unit_test(test_threads_share_one_load),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
