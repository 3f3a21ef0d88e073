/* dl.h — libraries loaded on first use (dlopen) instead of at start-up, so that a command that never
 * reads a PDF, DOCX, OFD or HTML page, renders a PDF, writes an XLSX, sends mail, serves HTTP, folds a
 * search query or talks to PostgreSQL does not pay the dynamic loader for poppler, pango/cairo,
 * libzip, libxml2, libxlsxwriter, libcurl, libmicrohttpd, OpenCC and libpq (docs/performance.md,
 * "Start-up: libraries loaded on first use"). The approach is systemd's for its optional libraries.
 *
 * A library module (storage/pq_lib.h, notify/curl_lib.h, report/poppler_lib.h, util/pango_lib.h,
 * http/mhd_lib.h, report/zip_lib.h, report/xml_lib.h, util/xlsx_lib.h, info/opencc_lib.h)
 * lists the functions gongkai calls in an X-macro, declares their table with DL_DECLARE_LIBRARY (one
 * member per function, typed from the library's own header) and adds a `#define name (table()->name)`
 * per function, so call sites read as before; its .c defines the table with DL_DEFINE_LIBRARY:
 *
 *   #define GK_PQ_FUNCTIONS(X, T) X(T, PQconnectdb) X(T, PQexec) …
 *   DL_DECLARE_LIBRARY(gk_pq, GK_PQ_FUNCTIONS)        (pq_lib.h)
 *   #define PQexec (gk_pq()->PQexec)                  (pq_lib.h, unless GK_PQ_TABLE_ONLY)
 *   DL_DEFINE_LIBRARY(gk_pq, GK_PQ_FUNCTIONS, "libpq.so.5", "libpq5")   (pq_lib.c)
 *
 * The first dl_load() of a library opens it and resolves every symbol; the outcome (table or error) is
 * kept for the life of the process — the library is never closed — and later calls return it at the
 * cost of one atomic load. Thread-safe. */
#ifndef GONGKAI_UTIL_DL_H
#define GONGKAI_UTIL_DL_H

#include <pthread.h>
#include <stdatomic.h>
#include <stddef.h>

#define DL_ERROR_MAX 256

/* A member of a table of type T: a pointer to the function (or variable) NAME, typed from its
 * declaration. */
#define DL_MEMBER(T, name) __typeof__(name) *name;

/* An entry of a symbol list: the name dlsym looks up and where its address goes in a table of type T.
 * Used before the call-site #defines exist (the .c of a library module defines its TABLE_ONLY macro). */
#define DL_SYMBOL(T, name) {#name, offsetof(T, name)},

struct dl_symbol {
	const char *name; /* as exported by the library */
	size_t offset;	  /* of its pointer in the table */
};

/* One library: what to open, what to resolve, and the once-initialised outcome. A static object of
 * the library module, made by DL_DEFINE_LIBRARY (or by hand with DL_LIBRARY, as util/test_dl.c does);
 * touched only through dl_load/dl_require. */
struct dl_library {
	const char *soname;  /* e.g. "libpq.so.5" */
	const char *package; /* the Debian package that installs it, e.g. "libpq5" (for the message) */
	const struct dl_symbol *symbols;
	size_t nsymbols;
	void *table; /* the library's table of pointers, filled by the first dl_load */
	pthread_mutex_t lock;
	_Atomic int state; /* 0 not tried yet, 1 loaded, -1 failed (error says why) */
	char error[DL_ERROR_MAX];
};

#define DL_LIBRARY(soname, package, table, symbols)                                                                    \
	{                                                                                                              \
		(soname), (package), (symbols), sizeof(symbols) / sizeof((symbols)[0]), (table),                       \
		    PTHREAD_MUTEX_INITIALIZER, 0, ""                                                                   \
	}

/* Opens lib and resolves its symbols on the first call (later calls return the first outcome).
 * Returns lib's table, or NULL with the reason in err (may be NULL when errsize is 0), in Chinese and
 * English: the library and its Debian package when it cannot be opened, the symbol when one is
 * missing. */
const void *dl_load(struct dl_library *lib, char *err, size_t errsize);

/* dl_load for the call sites behind the #defines: returns the table, or — when the library cannot be
 * loaded, which the entry point of the feature should have reported already through dl_load — prints
 * the reason on stderr and exits with status 1. */
const void *dl_require(struct dl_library *lib);

/* Declares, in a library module's header, struct NAME (a member per function of LIST) and:
 *   int NAME_load(char *err, size_t errsize) — dl_load of the library: 0, or -1 with the reason in err;
 *     the entry points of the features that use the library call it first, to fail with the message;
 *   const struct NAME *NAME(void) — the table for the call sites (dl_require: exits when the library
 *     cannot be loaded, which the entry point should have reported). */
#define DL_DECLARE_LIBRARY(name, list)                                                                                 \
	struct name {                                                                                                  \
		list(DL_MEMBER, struct name)                                                                           \
	};                                                                                                             \
	int name##_load(char *err, size_t errsize);                                                                    \
	const struct name *name(void)

/* Defines, in the library module's .c, what DL_DECLARE_LIBRARY declared: the symbols of LIST looked
 * up in SONAME (installed by the Debian package PACKAGE) into one table of the process. */
#define DL_DEFINE_LIBRARY(name, list, soname, package)                                                                 \
	static const struct dl_symbol name##_symbols[] = {list(DL_SYMBOL, struct name)};                               \
	static struct name name##_table;                                                                               \
	static struct dl_library name##_library = DL_LIBRARY(soname, package, &name##_table, name##_symbols);          \
	int name##_load(char *err, size_t errsize)                                                                     \
	{                                                                                                              \
		return dl_load(&name##_library, err, errsize) ? 0 : -1;                                                \
	}                                                                                                              \
	const struct name *name(void)                                                                                  \
	{                                                                                                              \
		return dl_require(&name##_library);                                                                    \
	}

#endif
