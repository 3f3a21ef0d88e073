/* copy.c — `gongkai db copy`: a whole database copied from one store to another, either backend to
 * either backend (see copy.h for the contract). The tables, their columns and foreign keys come from
 * the catalogues (sqlite_master and PRAGMAs on SQLite, information_schema and pg_constraint on
 * PostgreSQL), so the copy needs no change when a migration adds a table; the names it reads from them
 * enter SQL only as quoted identifiers. Rows travel as typed values: read with sqlite3_column_* or from
 * libpq's text results (typed by the column's type), written with COPY … FROM STDIN (PostgreSQL's text
 * format) or a prepared INSERT (SQLite, foreign keys deferred to the commit). */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "storage/copy.h"
#include "storage/store_internal.h"
#include "util/buf.h"

/* ---- pure pieces ---- */

bool copy_is_fts_table(const char *name)
{
	size_t len = strlen(name);
	return (len > 4 && strcmp(name + len - 4, "_fts") == 0) || strstr(name, "_fts_") != NULL;
}

int copy_order(size_t n, const struct copy_edge *edges, size_t nedges, size_t *order)
{
	bool *placed = xcalloc(n + 1, sizeof *placed);
	size_t done = 0;
	while (done < n) {
		size_t pick = n;
		for (size_t i = 0; i < n && pick == n; i++) {
			bool ready = !placed[i];
			for (size_t e = 0; e < nedges && ready; e++)
				if (edges[e].from == i && edges[e].to != i && edges[e].to < n && !placed[edges[e].to])
					ready = false;
			if (ready)
				pick = i;
		}
		if (pick == n) /* every table left references another one left: a cycle */
			break;
		placed[pick] = true;
		order[done++] = pick;
	}
	free(placed);
	return done == n ? 0 : -1;
}

void copy_text_escape(struct buf *out, const char *text, size_t len)
{
	size_t start = 0;
	for (size_t i = 0; i < len; i++) {
		const char *esc = text[i] == '\\'   ? "\\\\"
				  : text[i] == '\t' ? "\\t"
				  : text[i] == '\n' ? "\\n"
				  : text[i] == '\r' ? "\\r"
						    : NULL;
		if (!esc)
			continue;
		buf_append(out, text + start, i - start);
		buf_puts(out, esc);
		start = i + 1;
	}
	buf_append(out, text + start, len - start);
}

/* ---- SQL built from catalogue names ---- */

/* Appends name as a quoted identifier ("name", inner quotes doubled): valid on both backends. */
static void quote_ident(struct buf *b, const char *name)
{
	buf_putc(b, '"');
	for (const char *c = name; *c; c++) {
		if (*c == '"')
			buf_putc(b, '"');
		buf_putc(b, *c);
	}
	buf_putc(b, '"');
}

/* Appends the quoted, comma-separated column list. */
static void column_list(struct buf *b, char *const *cols, size_t ncols)
{
	for (size_t i = 0; i < ncols; i++) {
		if (i)
			buf_puts(b, ", ");
		quote_ident(b, cols[i]);
	}
}

/* Records a PostgreSQL result's error on the connection. */
static void pg_fail(struct db *db, const PGresult *res)
{
	const char *msg = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) : NULL;
	db_set_error_text(db, DB_ERR_OTHER, msg ? msg : PQerrorMessage(db->pg));
}

/* Called for each row of a query with its columns as text (NULL for SQL NULL). Returns 0 to go on. */
typedef int (*row_fn)(void *arg, int ncols, const char *const *vals);

/* Runs sql (with at most one text parameter, $1, when param is not NULL) on either backend and hands
 * each row to fn. Returns 0 or -1 (message on db). */
static int query(struct db *db, const char *sql, const char *param, row_fn fn, void *arg)
{
	const char *vals[8];
	int rc = 0;
	if (db->pg) {
		if (dbpg_flush(db) < 0) /* libpq's synchronous calls need the pipeline read (db_step_later) */
			return -1;
		PGresult *res = PQexecParams(db->pg, sql, param ? 1 : 0, NULL, &param, NULL, NULL, 0);
		if (PQresultStatus(res) != PGRES_TUPLES_OK) {
			pg_fail(db, res);
			rc = -1;
		}
		int ncols = rc == 0 && PQnfields(res) < 8 ? PQnfields(res) : 0;
		for (int row = 0; rc == 0 && row < PQntuples(res); row++) {
			for (int c = 0; c < ncols; c++)
				vals[c] = PQgetisnull(res, row, c) ? NULL : PQgetvalue(res, row, c);
			rc = fn(arg, ncols, vals);
		}
		PQclear(res);
		return rc;
	}
	sqlite3_stmt *st = NULL;
	int s = sqlite3_prepare_v2(db->conn, sql, -1, &st, NULL);
	if (s == SQLITE_OK && param)
		s = sqlite3_bind_text(st, 1, param, -1, SQLITE_TRANSIENT);
	while (s == SQLITE_OK && rc == 0 && (s = sqlite3_step(st)) == SQLITE_ROW) {
		int ncols = sqlite3_column_count(st) < 8 ? sqlite3_column_count(st) : 0;
		for (int c = 0; c < ncols; c++)
			vals[c] = (const char *)sqlite3_column_text(st, c);
		rc = fn(arg, ncols, vals);
		s = SQLITE_OK;
	}
	if (rc == 0 && s != SQLITE_DONE && s != SQLITE_OK) {
		db_set_error(db, s);
		rc = -1;
	}
	sqlite3_finalize(st);
	return rc;
}

static int first_int(void *arg, int ncols, const char *const *vals)
{
	*(int64_t *)arg = ncols > 0 && vals[0] ? strtoll(vals[0], NULL, 10) : 0;
	return 0;
}

/* count(*) of a table. Returns 0 or -1. */
static int count_rows(struct db *db, const char *table, int64_t *n)
{
	struct buf sql = {0};
	buf_puts(&sql, "SELECT count(*) FROM ");
	quote_ident(&sql, table);
	*n = -1;
	int rc = query(db, sql.data, NULL, first_int, n);
	buf_free(&sql);
	return rc;
}

/* ---- catalogue ---- */

struct table_info {
	char *name;
	char **cols;
	size_t ncols;
	int64_t rows;
	bool fts;
};

struct catalogue {
	struct table_info *t;
	size_t n;
	struct copy_edge *edges; /* foreign keys between the tables above */
	size_t nedges;
};

static void catalogue_free(struct catalogue *c)
{
	for (size_t i = 0; i < c->n; i++) {
		for (size_t j = 0; j < c->t[i].ncols; j++)
			free(c->t[i].cols[j]);
		free(c->t[i].cols);
		free(c->t[i].name);
	}
	free(c->t);
	free(c->edges);
	memset(c, 0, sizeof *c);
}

static int add_table(void *arg, int ncols, const char *const *vals)
{
	struct catalogue *c = arg;
	if (ncols < 2 || !vals[0] || strcmp(vals[0], "schema_migrations") == 0)
		return 0; /* filled by the destination's own migrations */
	c->t = xrealloc(c->t, (c->n + 1) * sizeof *c->t);
	c->t[c->n++] = (struct table_info){.name = xstrdup(vals[0]),
					   .fts = copy_is_fts_table(vals[0]) ||
						  (vals[1] && strncmp(vals[1], "CREATE VIRTUAL", 14) == 0)};
	return 0;
}

static int add_column(void *arg, int ncols, const char *const *vals)
{
	struct table_info *t = arg;
	if (ncols < 1 || !vals[0])
		return 0;
	t->cols = xrealloc(t->cols, (t->ncols + 1) * sizeof *t->cols);
	t->cols[t->ncols++] = xstrdup(vals[0]);
	return 0;
}

static struct table_info *find_table(const struct catalogue *c, const char *name)
{
	for (size_t i = 0; i < c->n; i++)
		if (strcmp(c->t[i].name, name) == 0)
			return &c->t[i];
	return NULL;
}

static int add_edge(void *arg, int ncols, const char *const *vals)
{
	struct catalogue *c = arg;
	struct table_info *from = ncols == 2 && vals[0] ? find_table(c, vals[0]) : NULL;
	struct table_info *to = ncols == 2 && vals[1] ? find_table(c, vals[1]) : NULL;
	if (!from || !to)
		return 0;
	c->edges = xrealloc(c->edges, (c->nedges + 1) * sizeof *c->edges);
	c->edges[c->nedges++] = (struct copy_edge){(size_t)(from - c->t), (size_t)(to - c->t)};
	return 0;
}

/* SQLite: the columns of a table, from a statement selecting them all (readers may not run the
 * table_info PRAGMA). Returns 0 or -1. */
static int sqlite_columns(struct db *db, struct table_info *t)
{
	struct buf sql = {0};
	buf_puts(&sql, "SELECT * FROM ");
	quote_ident(&sql, t->name);
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(db->conn, sql.data, -1, &st, NULL);
	if (rc != SQLITE_OK)
		db_set_error(db, rc);
	for (int i = 0; rc == SQLITE_OK && i < sqlite3_column_count(st); i++) {
		const char *name = sqlite3_column_name(st, i);
		add_column(t, 1, &name);
	}
	sqlite3_finalize(st);
	buf_free(&sql);
	return rc == SQLITE_OK ? 0 : -1;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(((const struct table_info *)a)->name, ((const struct table_info *)b)->name);
}

/* Reads the tables (sorted by name, schema_migrations left out) and their columns; with counts, each
 * table's count(*); with edges, the foreign keys between them. Returns 0 or -1 (message on db). */
static int catalogue_read(struct db *db, struct catalogue *c, bool counts, bool edges)
{
	memset(c, 0, sizeof *c);
	int rc = db->pg ? query(db,
				"SELECT table_name, '' FROM information_schema.tables WHERE table_schema = "
				"current_schema() AND table_type = 'BASE TABLE'",
				NULL, add_table, c)
			: query(db,
				"SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE "
				"'sqlite!_%' ESCAPE '!'",
				NULL, add_table, c);
	if (rc == 0 && c->n)
		qsort(c->t, c->n, sizeof *c->t, by_name);
	for (size_t i = 0; rc == 0 && i < c->n; i++) {
		if (c->t[i].fts)
			continue;
		rc = db->pg ? query(db,
				    "SELECT column_name FROM information_schema.columns WHERE table_schema = "
				    "current_schema() AND table_name = $1 ORDER BY ordinal_position",
				    c->t[i].name, add_column, &c->t[i])
			    : sqlite_columns(db, &c->t[i]);
		if (rc == 0 && counts)
			rc = count_rows(db, c->t[i].name, &c->t[i].rows);
	}
	if (rc == 0 && edges)
		rc = db->pg
			 ? query(db,
				 "SELECT c.relname, r.relname FROM pg_constraint k JOIN pg_class c ON c.oid = "
				 "k.conrelid JOIN pg_class r ON r.oid = k.confrelid WHERE k.contype = 'f' AND "
				 "c.relnamespace = current_schema()::regnamespace",
				 NULL, add_edge, c)
			 : query(db,
				 "SELECT m.name, p.\"table\" FROM sqlite_master m, pragma_foreign_key_list(m.name) p "
				 "WHERE m.type = 'table'",
				 NULL, add_edge, c);
	if (rc < 0)
		catalogue_free(c);
	return rc;
}

/* ---- checking the two sides ---- */

/* Row counts of a freshly migrated database: a scratch SQLite file migrated and removed again. */
static int migration_rows(struct catalogue *c, char *err, size_t errlen)
{
	const char *dir = getenv("TMPDIR");
	struct buf path = {0};
	buf_printf(&path, "%s/gongkai-copy-XXXXXX", dir && *dir ? dir : "/tmp");
	int fd = mkstemp(path.data);
	if (fd < 0) {
		snprintf(err, errlen, "无法创建临时文件 %s", path.data);
		buf_free(&path);
		return -1;
	}
	close(fd);
	struct store *scratch = store_open(path.data, STORE_MIGRATE, err, errlen);
	int rc = scratch ? catalogue_read(scratch->writer, c, true, false) : -1;
	if (scratch && rc < 0)
		snprintf(err, errlen, "无法读取临时数据库：%s", scratch->writer->errmsg);
	store_close(scratch);
	for (int i = 0; i < 3; i++) {
		struct buf side = {0};
		buf_printf(&side, "%s%s", path.data, i == 0 ? "" : i == 1 ? "-wal" : "-shm");
		unlink(side.data);
		buf_free(&side);
	}
	buf_free(&path);
	return rc;
}

/* Whether dst holds nothing but what the migrations write. Returns COPY_OK or COPY_REFUSED. */
static enum copy_status check_empty(struct db *db, char *err, size_t errlen)
{
	struct catalogue have, fresh;
	if (catalogue_read(db, &have, true, false) < 0) {
		snprintf(err, errlen, "无法读取目标数据库：%s", db->errmsg);
		return COPY_REFUSED;
	}
	if (migration_rows(&fresh, err, errlen) < 0) {
		catalogue_free(&have);
		return COPY_REFUSED;
	}
	enum copy_status status = COPY_OK;
	for (size_t i = 0; i < have.n && status == COPY_OK; i++) {
		const struct table_info *seed = find_table(&fresh, have.t[i].name);
		int64_t seeded = seed ? seed->rows : 0;
		if (have.t[i].fts || have.t[i].rows == seeded)
			continue;
		snprintf(err, errlen,
			 "目标数据库不是空库：表 %s 有 %" PRId64 " 行（迁移只写入 %" PRId64
			 " 行）。请换一个新建的空数据库，不会覆盖已有数据",
			 have.t[i].name, have.t[i].rows, seeded);
		status = COPY_REFUSED;
	}
	catalogue_free(&have);
	catalogue_free(&fresh);
	return status;
}

enum copy_status store_copy_check(struct store *src, struct store *dst, bool *dst_fresh, char *err, size_t errlen)
{
	int latest = store_latest_version(), have = store_schema_version(src), want = store_schema_version(dst);
	*dst_fresh = false;
	if (have != latest) {
		snprintf(err, errlen, "源数据库结构版本为 %d，本程序为 %d：请先对源数据库运行 gongkai migrate", have,
			 latest);
		return COPY_REFUSED;
	}
	if (want != 0 && want != latest) {
		snprintf(err, errlen, "目标数据库结构版本为 %d，与本程序的 %d 不同：目标应为新建的空数据库", want,
			 latest);
		return COPY_REFUSED;
	}
	if (want == latest)
		return check_empty(store_reader(dst), err, errlen);
	struct catalogue c;
	if (catalogue_read(store_reader(dst), &c, false, false) < 0) {
		snprintf(err, errlen, "无法读取目标数据库：%s", store_reader(dst)->errmsg);
		return COPY_REFUSED;
	}
	size_t tables = c.n;
	catalogue_free(&c);
	if (tables > 0) {
		snprintf(err, errlen, "目标数据库已有 %zu 个表，但不是 gongkai 的数据库：目标应为新建的空数据库",
			 tables);
		return COPY_REFUSED;
	}
	*dst_fresh = true;
	return COPY_OK;
}

/* ---- rows: values, the source's reader and the destination's writer ---- */

enum value_kind { V_NULL, V_INT, V_REAL, V_TEXT, V_BLOB };

struct value {
	enum value_kind kind;
	int64_t i;
	double r;
	const char *p; /* text or blob bytes */
	size_t len;
};

/* Where rows go: COPY FROM STDIN on PostgreSQL (rows gathered in line), a prepared INSERT on SQLite. */
struct sink {
	struct db *w;
	struct buf line;
	sqlite3_stmt *insert;
};

static int sink_open(struct sink *s, struct db *w, const struct table_info *t)
{
	memset(s, 0, sizeof *s);
	s->w = w;
	struct buf sql = {0};
	buf_puts(&sql, w->pg ? "COPY " : "INSERT INTO ");
	quote_ident(&sql, t->name);
	buf_puts(&sql, " (");
	column_list(&sql, t->cols, t->ncols);
	buf_puts(&sql, w->pg ? ") FROM STDIN" : ") VALUES (");
	for (size_t i = 0; !w->pg && i < t->ncols; i++)
		buf_printf(&sql, "%s?", i ? ", " : "");
	buf_puts(&sql, w->pg ? "" : ")");
	int rc = 0;
	if (w->pg && dbpg_flush(w) < 0) {
		rc = -1;
	} else if (w->pg) {
		PGresult *res = PQexec(w->pg, sql.data);
		if (PQresultStatus(res) != PGRES_COPY_IN) {
			pg_fail(w, res);
			rc = -1;
		}
		PQclear(res);
	} else if (sqlite3_prepare_v2(w->conn, sql.data, -1, &s->insert, NULL) != SQLITE_OK) {
		db_set_error(w, sqlite3_errcode(w->conn));
		rc = -1;
	}
	buf_free(&sql);
	return rc;
}

/* Sends the gathered COPY lines. */
static int sink_flush(struct sink *s)
{
	int rc = s->line.len && PQputCopyData(s->w->pg, s->line.data, (int)s->line.len) != 1 ? -1 : 0;
	buf_reset(&s->line);
	if (rc < 0)
		pg_fail(s->w, NULL);
	return rc;
}

static void copy_field(struct buf *b, const struct value *v)
{
	switch (v->kind) {
	case V_NULL:
		buf_puts(b, "\\N");
		break;
	case V_INT:
		buf_printf(b, "%" PRId64, v->i);
		break;
	case V_REAL:
		buf_printf(b, "%.17g", v->r);
		break;
	case V_TEXT:
		copy_text_escape(b, v->p, v->len);
		break;
	case V_BLOB:
		buf_puts(b, "\\\\x");
		for (size_t i = 0; i < v->len; i++)
			buf_printf(b, "%02x", (unsigned char)v->p[i]);
		break;
	}
}

static int sink_row(struct sink *s, const struct value *v, size_t n)
{
	if (s->w->pg) {
		for (size_t i = 0; i < n; i++) {
			if (i)
				buf_putc(&s->line, '\t');
			copy_field(&s->line, &v[i]);
		}
		buf_putc(&s->line, '\n');
		return s->line.len >= 65536 ? sink_flush(s) : 0;
	}
	sqlite3_reset(s->insert);
	for (size_t i = 0; i < n; i++) {
		int c = (int)i + 1;
		int rc =
		    v[i].kind == V_INT	  ? sqlite3_bind_int64(s->insert, c, v[i].i)
		    : v[i].kind == V_REAL ? sqlite3_bind_double(s->insert, c, v[i].r)
		    : v[i].kind == V_TEXT ? sqlite3_bind_text(s->insert, c, v[i].p, (int)v[i].len, SQLITE_TRANSIENT)
		    : v[i].kind == V_BLOB ? sqlite3_bind_blob(s->insert, c, v[i].p, (int)v[i].len, SQLITE_TRANSIENT)
					  : sqlite3_bind_null(s->insert, c);
		if (rc != SQLITE_OK) {
			db_set_error(s->w, rc);
			return -1;
		}
	}
	int rc = sqlite3_step(s->insert);
	if (rc != SQLITE_DONE) {
		db_set_error(s->w, rc);
		return -1;
	}
	return 0;
}

/* Ends the rows of a table: ok false abandons a COPY. Returns 0 or -1. */
static int sink_close(struct sink *s, bool ok)
{
	int rc = ok ? 0 : -1;
	if (s->w->pg) {
		if (ok && sink_flush(s) < 0)
			ok = false, rc = -1;
		if (PQputCopyEnd(s->w->pg, ok ? NULL : "abandoned") != 1)
			rc = -1;
		PGresult *res;
		while ((res = PQgetResult(s->w->pg)) != NULL) {
			if (ok && PQresultStatus(res) != PGRES_COMMAND_OK) {
				pg_fail(s->w, res);
				rc = -1;
			}
			PQclear(res);
		}
	} else {
		sqlite3_finalize(s->insert);
	}
	buf_free(&s->line);
	return rc;
}

/* The values of a SQLite row. */
static void sqlite_values(sqlite3_stmt *st, struct value *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		int c = (int)i;
		switch (sqlite3_column_type(st, c)) {
		case SQLITE_INTEGER:
			v[i] = (struct value){.kind = V_INT, .i = sqlite3_column_int64(st, c)};
			break;
		case SQLITE_FLOAT:
			v[i] = (struct value){.kind = V_REAL, .r = sqlite3_column_double(st, c)};
			break;
		case SQLITE_TEXT:
			v[i] = (struct value){.kind = V_TEXT, .p = (const char *)sqlite3_column_text(st, c)};
			v[i].len = (size_t)sqlite3_column_bytes(st, c);
			break;
		case SQLITE_BLOB:
			v[i] = (struct value){.kind = V_BLOB, .p = sqlite3_column_blob(st, c)};
			v[i].len = (size_t)sqlite3_column_bytes(st, c);
			break;
		default:
			v[i] = (struct value){.kind = V_NULL};
		}
	}
}

#define OID_BOOL   16
#define OID_BYTEA  17
#define OID_INT8   20
#define OID_INT2   21
#define OID_INT4   23
#define OID_FLOAT4 700
#define OID_FLOAT8 701

/* The values of row 0 of a PostgreSQL result, typed by the columns' types; bytea is unescaped into
 * blobs[i] (PQfreemem them). */
static void pg_values(PGresult *res, struct value *v, unsigned char **blobs, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		int c = (int)i;
		const char *text = PQgetvalue(res, 0, c);
		Oid type = PQftype(res, c);
		if (PQgetisnull(res, 0, c))
			v[i] = (struct value){.kind = V_NULL};
		else if (type == OID_INT8 || type == OID_INT4 || type == OID_INT2)
			v[i] = (struct value){.kind = V_INT, .i = strtoll(text, NULL, 10)};
		else if (type == OID_BOOL)
			v[i] = (struct value){.kind = V_INT, .i = text[0] == 't'};
		else if (type == OID_FLOAT8 || type == OID_FLOAT4)
			v[i] = (struct value){.kind = V_REAL, .r = strtod(text, NULL)};
		else if (type == OID_BYTEA && (blobs[i] = PQunescapeBytea((const unsigned char *)text, &v[i].len)))
			v[i] = (struct value){.kind = V_BLOB, .p = (const char *)blobs[i], .len = v[i].len};
		else
			v[i] = (struct value){.kind = V_TEXT, .p = text, .len = (size_t)PQgetlength(res, 0, c)};
	}
}

/* Streams every row of table t (its columns t->cols) from the reader r to the sink; *n counts them.
 * Returns 0 or -1 (message on r or on the sink's connection, *on_source telling which). */
static int stream_rows(struct db *r, const struct table_info *t, struct sink *s, int64_t *n, bool *on_source)
{
	struct buf sql = {0};
	buf_puts(&sql, "SELECT ");
	column_list(&sql, t->cols, t->ncols);
	buf_puts(&sql, " FROM ");
	quote_ident(&sql, t->name);
	struct value *v = xcalloc(t->ncols, sizeof *v);
	int rc = 0;
	*n = 0;
	*on_source = true;
	if (!r->pg) {
		sqlite3_stmt *st = NULL;
		int step = sqlite3_prepare_v2(r->conn, sql.data, -1, &st, NULL);
		while (step == SQLITE_OK && (step = sqlite3_step(st)) == SQLITE_ROW) {
			sqlite_values(st, v, t->ncols);
			if (sink_row(s, v, t->ncols) < 0) {
				*on_source = false;
				break;
			}
			++*n;
			step = SQLITE_OK;
		}
		if (step != SQLITE_DONE) {
			rc = -1;
			if (*on_source)
				db_set_error(r, step);
		}
		sqlite3_finalize(st);
	} else {
		unsigned char **blobs = xcalloc(t->ncols, sizeof *blobs);
		rc = PQsendQuery(r->pg, sql.data) == 1 && PQsetSingleRowMode(r->pg) == 1 ? 0 : -1;
		if (rc < 0)
			pg_fail(r, NULL);
		PGresult *res;
		while ((res = PQgetResult(r->pg)) != NULL) {
			ExecStatusType status = PQresultStatus(res);
			if (rc == 0 && status == PGRES_SINGLE_TUPLE) {
				pg_values(res, v, blobs, t->ncols);
				rc = sink_row(s, v, t->ncols);
				*on_source = rc == 0;
				*n += rc == 0;
				for (size_t i = 0; i < t->ncols; i++) {
					PQfreemem(blobs[i]);
					blobs[i] = NULL;
				}
			} else if (rc == 0 && status != PGRES_TUPLES_OK) {
				pg_fail(r, res);
				rc = -1;
			}
			PQclear(res);
		}
		free(blobs);
	}
	free(v);
	buf_free(&sql);
	return rc;
}

/* ---- the copy ---- */

struct copy_run {
	struct db *r, *w;
	struct catalogue src, dst;
	struct copy_result *result;
	char *err;
	size_t errlen;
};

/* Appends name to a comma-separated list in a fixed buffer. */
static void list_add(char *list, size_t size, const char *name)
{
	size_t len = strlen(list);
	snprintf(list + len, size - len, "%s%s", len ? "、" : "", name);
}

/* Keeps in dst's table t only the columns the source has too; a source column the destination lacks
 * fails the copy (the schemas differ). Returns 0 or -1 (err). */
static int match_columns(struct copy_run *run, struct table_info *t, const struct table_info *from)
{
	for (size_t i = 0; i < from->ncols; i++) {
		bool found = false;
		for (size_t j = 0; j < t->ncols && !found; j++)
			found = strcmp(from->cols[i], t->cols[j]) == 0;
		if (!found) {
			snprintf(run->err, run->errlen, "源数据库表 %s 的列 %s 在目标数据库中不存在（结构不同）",
				 t->name, from->cols[i]);
			return -1;
		}
	}
	size_t kept = 0;
	for (size_t j = 0; j < t->ncols; j++) {
		bool in_source = false;
		for (size_t i = 0; i < from->ncols && !in_source; i++)
			in_source = strcmp(from->cols[i], t->cols[j]) == 0;
		if (in_source)
			t->cols[kept++] = t->cols[j];
		else
			free(t->cols[j]);
	}
	t->ncols = kept;
	return 0;
}

/* Fills the result's tables (destination tables the source has, in copy order) and its lists of tables
 * left out. Returns 0 or -1 (err). */
static int plan(struct copy_run *run)
{
	struct copy_result *res = run->result;
	for (size_t i = 0; i < run->src.n; i++)
		if (run->src.t[i].fts || !find_table(&run->dst, run->src.t[i].name))
			list_add(res->skipped, sizeof res->skipped, run->src.t[i].name);
	size_t *order = xcalloc(run->dst.n + 1, sizeof *order);
	if (copy_order(run->dst.n, run->dst.edges, run->dst.nedges, order) < 0) {
		snprintf(run->err, run->errlen, "目标数据库的外键构成循环，无法确定复制顺序");
		free(order);
		return -1;
	}
	int rc = 0;
	for (size_t k = 0; k < run->dst.n && rc == 0; k++) {
		struct table_info *t = &run->dst.t[order[k]];
		const struct table_info *from = find_table(&run->src, t->name);
		if (t->fts)
			continue;
		if (!from || from->fts) {
			list_add(res->dest_only, sizeof res->dest_only, t->name);
			continue;
		}
		if (res->ntables == COPY_TABLES_MAX || strlen(t->name) >= COPY_NAME_MAX) {
			snprintf(run->err, run->errlen, "表太多或表名太长：%s", t->name);
			rc = -1;
		} else if ((rc = match_columns(run, t, from)) == 0) {
			struct copy_table *c = &res->tables[res->ntables++];
			snprintf(c->name, sizeof c->name, "%s", t->name);
			c->source_rows = from->rows;
		}
	}
	free(order);
	return rc;
}

/* Runs a statement built from catalogue names on the writer. Returns 0 or -1. */
static int exec_built(struct db *w, const struct buf *sql)
{
	return db_exec_script(w, sql->data);
}

/* Removes the rows the destination's migrations wrote into the tables about to be copied (last table
 * first, so no foreign key is left dangling). Returns 0 or -1 (err). */
static int clear_seeded(struct copy_run *run)
{
	for (size_t k = run->result->ntables; k-- > 0;) {
		const struct table_info *t = find_table(&run->dst, run->result->tables[k].name);
		if (t->rows == 0)
			continue;
		struct buf sql = {0};
		buf_puts(&sql, "DELETE FROM ");
		quote_ident(&sql, t->name);
		int rc = exec_built(run->w, &sql);
		buf_free(&sql);
		if (rc < 0) {
			snprintf(run->err, run->errlen, "无法清空目标数据库表 %s 中迁移写入的行：%s", t->name,
				 run->w->errmsg);
			return -1;
		}
	}
	return 0;
}

/* Copies one table and checks its counts inside the transaction. Returns 0 or -1 (err). */
static int copy_table(struct copy_run *run, struct copy_table *c)
{
	const struct table_info *t = find_table(&run->dst, c->name);
	struct sink s;
	bool on_source = false;
	int rc = sink_open(&s, run->w, t);
	if (rc == 0) {
		rc = stream_rows(run->r, t, &s, &c->copied_rows, &on_source);
		if (sink_close(&s, rc == 0) < 0 && rc == 0)
			rc = -1, on_source = false;
	}
	if (rc < 0) {
		snprintf(run->err, run->errlen, "复制表 %s 失败（%s）：%s", c->name,
			 on_source ? "读取源数据库" : "写入目标数据库", on_source ? run->r->errmsg : run->w->errmsg);
		return -1;
	}
	int64_t now = -1;
	if (count_rows(run->w, c->name, &now) < 0 || now != c->source_rows || c->copied_rows != c->source_rows) {
		snprintf(run->err, run->errlen,
			 "复制表 %s 后行数不符：源 %" PRId64 " 行，读出 %" PRId64 " 行，目标 %" PRId64 " 行", c->name,
			 c->source_rows, c->copied_rows, now);
		return -1;
	}
	return 0;
}

/* An identity column of the destination (PostgreSQL). */
struct identity {
	char table[COPY_NAME_MAX], column[COPY_NAME_MAX];
};

struct identities {
	struct identity *list;
	size_t n;
};

static int add_identity(void *arg, int ncols, const char *const *vals)
{
	struct identities *ids = arg;
	if (ncols != 2 || !vals[0] || !vals[1])
		return 0;
	ids->list = xrealloc(ids->list, (ids->n + 1) * sizeof *ids->list);
	struct identity *id = &ids->list[ids->n++];
	snprintf(id->table, sizeof id->table, "%s", vals[0]);
	snprintf(id->column, sizeof id->column, "%s", vals[1]);
	return 0;
}

/* PostgreSQL: every identity sequence set past the highest value of its column, so new rows get fresh
 * ids. Returns 0 or -1 (err). */
static int reset_sequences(struct copy_run *run)
{
	struct identities ids = {0};
	int rc = query(run->w,
		       "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = "
		       "current_schema() AND is_identity = 'YES'",
		       NULL, add_identity, &ids);
	for (size_t i = 0; rc == 0 && i < ids.n; i++) {
		struct buf sql = {0}, table = {0};
		quote_ident(&table, ids.list[i].table);
		buf_puts(&sql, "SELECT setval(pg_get_serial_sequence($1, $2), coalesce((SELECT max(");
		quote_ident(&sql, ids.list[i].column);
		buf_printf(&sql, ") FROM %s), 0) + 1, false)", table.data);
		const char *params[2] = {table.data, ids.list[i].column};
		PGresult *res = PQexecParams(run->w->pg, sql.data, 2, NULL, params, NULL, NULL, 0);
		if (PQresultStatus(res) != PGRES_TUPLES_OK) {
			pg_fail(run->w, res);
			snprintf(run->err, run->errlen, "无法重置表 %s 的编号序列：%s", ids.list[i].table,
				 run->w->errmsg);
			rc = -1;
		}
		PQclear(res);
		buf_free(&sql);
		buf_free(&table);
	}
	if (rc < 0 && !run->err[0])
		snprintf(run->err, run->errlen, "无法读取目标数据库的编号列：%s", run->w->errmsg);
	free(ids.list);
	return rc;
}

/* The work inside the destination's transaction. Returns 0 or -1 (err). */
static int copy_all(struct copy_run *run)
{
	if (!run->w->pg && db_exec_script(run->w, "PRAGMA defer_foreign_keys = ON") < 0) {
		snprintf(run->err, run->errlen, "无法推迟外键检查：%s", run->w->errmsg);
		return -1;
	}
	if (catalogue_read(run->w, &run->dst, true, true) < 0) {
		snprintf(run->err, run->errlen, "无法读取目标数据库的表：%s", run->w->errmsg);
		return -1;
	}
	if (plan(run) < 0 || clear_seeded(run) < 0)
		return -1;
	for (size_t i = 0; i < run->result->ntables; i++)
		if (copy_table(run, &run->result->tables[i]) < 0)
			return -1;
	return run->w->pg && reset_sequences(run) < 0 ? -1 : 0;
}

/* Counts every copied table on the destination after the commit. */
static void count_after(struct store *dst, struct copy_result *result)
{
	struct db *r = store_reader(dst);
	for (size_t i = 0; i < result->ntables; i++)
		if (!r || count_rows(r, result->tables[i].name, &result->tables[i].dest_rows) < 0)
			result->tables[i].dest_rows = -1;
}

enum copy_status store_copy(struct store *src, struct store *dst, struct copy_result *result, char *err, size_t errlen)
{
	memset(result, 0, sizeof *result);
	struct copy_run run = {.result = result, .err = err, .errlen = errlen};
	err[0] = '\0';
	if (store_schema_version(dst) == 0 && store_migrate(dst, err, errlen) < 0)
		return COPY_FAILED;
	result->schema_version = store_schema_version(dst);
	run.r = store_reader(src);
	if (!run.r || db_read_begin(run.r) < 0) {
		snprintf(err, errlen, "无法读取源数据库：%s", run.r ? run.r->errmsg : "无连接");
		return COPY_FAILED;
	}
	if (catalogue_read(run.r, &run.src, true, false) < 0) {
		snprintf(err, errlen, "无法读取源数据库的表：%s", run.r->errmsg);
		db_read_end(run.r);
		return COPY_FAILED;
	}
	run.w = store_write_begin(dst);
	int rc = run.w ? copy_all(&run) : -1;
	if (!run.w)
		snprintf(err, errlen, "无法开始目标数据库的写事务：%s", dst->writer->errmsg);
	if (run.w && store_write_end(dst, rc == 0) < 0 && rc == 0) {
		snprintf(err, errlen, "提交到目标数据库失败，未复制任何数据：%s", dst->writer->errmsg);
		rc = -1;
	}
	db_read_end(run.r);
	catalogue_free(&run.src);
	catalogue_free(&run.dst);
	if (rc < 0)
		return COPY_FAILED;
	count_after(dst, result);
	return COPY_OK;
}
