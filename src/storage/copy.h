/* copy.h — copying a whole database from one store to another (`gongkai db copy`): SQLite to
 * PostgreSQL when an agency moves up to a shared platform, and also PostgreSQL to SQLite, SQLite to
 * SQLite and PostgreSQL to PostgreSQL, since the copy works from the catalogues of both sides.
 *
 * The source is read in one read transaction (db_read_begin: one snapshot), so a server may keep
 * serving it and writing to it meanwhile; the destination is written in one write transaction, so a
 * failure leaves it as it was. Which tables and columns exist is read from the catalogues, never
 * written in the code: tables are copied in the order of their foreign keys (referenced tables first),
 * with their ids, and PostgreSQL's identity sequences are then set past the highest id. SQLite's FTS5
 * tables ("…_fts", "…_fts_…") are never copied: SQLite rebuilds its index through the triggers of the
 * indexed table as rows arrive; a PostgreSQL destination's index (info_item_search, rows gongkai
 * writes) is built after the copy by the caller (`gongkai db copy` runs info_search_reindex).
 *
 * The audit key and checkpoint files beside the database are not the storage layer's business: the
 * command copies them (cli_db.c). */
#ifndef GONGKAI_STORAGE_COPY_H
#define GONGKAI_STORAGE_COPY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "storage/db.h"

#define COPY_NAME_MAX	64
#define COPY_TABLES_MAX 128

/* One copied table and its row counts. */
struct copy_table {
	char name[COPY_NAME_MAX];
	int64_t source_rows; /* count(*) in the source's snapshot */
	int64_t copied_rows; /* rows read from the source and written to the destination */
	int64_t dest_rows;   /* count(*) on the destination after the commit */
};

struct copy_result {
	struct copy_table tables[COPY_TABLES_MAX]; /* in copy order */
	size_t ntables;
	char skipped[512];   /* source tables not copied (FTS), comma-separated, "" when none */
	char dest_only[512]; /* destination tables absent from the source (left as they are), "" when none */
	int schema_version;
};

/* Whether store_copy_check / store_copy refused (nothing was changed) or failed (rolled back). */
enum copy_status {
	COPY_OK = 0,
	COPY_REFUSED = 1, /* the source or destination is not fit for a copy; nothing changed */
	COPY_FAILED = 2,  /* the copy itself failed and was rolled back; the destination is as before */
};

/* Checks, without changing anything, that src can be copied to dst: src has the schema version of this
 * binary (else: migrate it first), and dst has either no tables at all or this binary's schema with no
 * rows beyond what the migrations themselves insert (counted against a freshly migrated scratch
 * database). *dst_fresh is set when dst has no tables (store_copy then migrates it). Returns COPY_OK or
 * COPY_REFUSED with a Chinese message in err. */
enum copy_status store_copy_check(struct store *src, struct store *dst, bool *dst_fresh, char *err, size_t errlen);

/* Copies every table of src to dst (checked by store_copy_check just before; migrated to this binary's
 * schema when fresh) in one write transaction on dst, reading src in one snapshot: the rows the
 * migrations put into dst are replaced by the source's, every table's rows are counted on both sides
 * (the transaction is rolled back if any count differs), PostgreSQL identity sequences are set to
 * max(id) + 1, and after the commit each table is counted again on dst into the result. Returns COPY_OK,
 * or COPY_FAILED with a Chinese message naming the table in err (dst unchanged). Not to be called while
 * this thread holds dst's writer. */
enum copy_status store_copy(struct store *src, struct store *dst, struct copy_result *result, char *err, size_t errlen);

/* ---- pure pieces (tested by test_copy.c) ---- */

/* A foreign key: table `from` references table `to` (indexes into the names given to copy_order). */
struct copy_edge {
	size_t from, to;
};

/* Orders n tables so that every table comes after the tables it references (self-references are
 * ignored: a table's rows arrive in one statement, checked at its end), ties broken by the given
 * order. Writes the indexes into order[n]. Returns 0, or -1 when the references form a cycle. */
int copy_order(size_t n, const struct copy_edge *edges, size_t nedges, size_t *order);

/* Whether a table name is one of SQLite's FTS5 tables by gongkai's convention: it ends in "_fts" or
 * holds "_fts_" (the shadow tables "…_fts_data", "…_fts_idx", …). */
bool copy_is_fts_table(const char *name);

/* Appends to out the text of one value in PostgreSQL's COPY text format: backslash, tab, newline and
 * carriage return escaped (the rest is sent as is). */
struct buf;
void copy_text_escape(struct buf *out, const char *text, size_t len);

#endif
