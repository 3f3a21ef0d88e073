/* db_pg.c — the PostgreSQL backend of db.h (libpq): connections, SQL written for gongkai's portable
 * dialect translated once per statement (":name" → $n, a few SQLite spellings → PostgreSQL's), prepared
 * statements cached per connection, bound values sent as text (integers typed int8), results read
 * as text, and PostgreSQL's SQLSTATEs mapped to the db_error kinds callers already know.
 *
 * A statement is prepared lazily at its first db_step with the types of its bindings (integers int8,
 * text and NULL left to the server to infer); a statement stepped later with another pattern of types
 * gets a second prepared variant. So a syntax error shows at db_step (-1), not at db_prepare, except
 * writes on a reader, which db_prepare refuses as on SQLite, and statements naming an FTS5 table
 * ("…_fts"), which do not exist on PostgreSQL (search has its own index table there, see info/search_index.c). The
 * whole result of a query is fetched at the first step (one round trip); rows are then walked locally.
 *
 * db_step_later sends a statement in libpq's pipeline mode without waiting for it; the next statement
 * that needs its own result (db_step, a script, a transaction-status check) is sent behind it with one
 * sync point, and the results of all of them are read in that single round trip. A write job's
 * INSERTs, SAVEPOINT and RELEASE so cost no round trip of their own under the writer lock. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "storage/store_internal.h"
#include "util/buf.h"

#define OID_INT8    20
#define OID_TEXT    25
#define MAX_VARIANT 8 /* prepared variants of one statement (patterns of binding types) */

struct pg_variant {
	char sig[65]; /* one letter per parameter: i = int8, t = text, n = NULL */
	char name[16];
};

struct pg_stmt {
	char *sql;    /* translated SQL */
	char **names; /* parameter names including the colon; names[i] is $i+1 */
	char **values;
	bool *is_int;
	struct pg_variant variants[MAX_VARIANT];
	int nvariants;
	PGresult *res; /* the result being walked, or NULL */
	int row, nrows;
};

/* ---- URLs and files ---- */

bool dbpg_is_url(const char *target)
{
	return target && (strncmp(target, "postgresql://", 13) == 0 || strncmp(target, "postgres://", 11) == 0);
}

char *dbpg_files_base(const char *url)
{
	const char *slash = strrchr(strstr(url, "//") + 2, '/');
	const char *name = slash && slash[1] && slash[1] != '?' ? slash + 1 : "postgres";
	size_t len = strcspn(name, "?");
	struct buf b = {0};
	buf_printf(&b, "var/%.*s", (int)len, name);
	return b.data;
}

/* ---- errors ---- */

static enum db_error classify_state(const char *state)
{
	if (!state)
		return DB_ERR_OTHER;
	if (strncmp(state, "23", 2) == 0)
		return DB_ERR_CONSTRAINT;
	if (strcmp(state, "40001") == 0 || strcmp(state, "40P01") == 0 || strcmp(state, "55P03") == 0 ||
	    strcmp(state, "57014") == 0)
		return DB_ERR_BUSY;
	if (strcmp(state, "25006") == 0)
		return DB_ERR_READONLY;
	return DB_ERR_OTHER;
}

/* SQLite's wording in front of constraint messages, which callers look for ("FOREIGN KEY"). */
static const char *sqlite_words(const char *state)
{
	if (!state)
		return "";
	if (strcmp(state, "23505") == 0)
		return "UNIQUE constraint failed: ";
	if (strcmp(state, "23503") == 0)
		return "FOREIGN KEY constraint failed: ";
	if (strcmp(state, "23502") == 0)
		return "NOT NULL constraint failed: ";
	if (strcmp(state, "23514") == 0)
		return "CHECK constraint failed: ";
	return "";
}

/* Records the error of res (or of the connection when res is NULL). */
static void set_error(struct db *db, const PGresult *res)
{
	const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
	const char *primary = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) : NULL;
	char msg[DB_ERRMSG_MAX];
	snprintf(msg, sizeof msg, "%s%s", sqlite_words(state), primary ? primary : PQerrorMessage(db->pg));
	size_t len = strlen(msg);
	while (len && (msg[len - 1] == '\n' || msg[len - 1] == ' '))
		msg[--len] = '\0';
	for (char *c = msg; *c; c++) /* libpq's messages run over several lines: one line for logs */
		if (*c == '\n' || *c == '\t')
			*c = ' ';
	db->retryable = state && (strcmp(state, "40001") == 0 || strcmp(state, "40P01") == 0);
	db_set_error_text(db, classify_state(state), msg);
}

/* ---- connections ---- */

/* Ends the walk of the current result. */
static void finish_result(struct pg_stmt *p)
{
	PQclear(p->res);
	p->res = NULL;
	p->row = p->nrows = 0;
}

static void quiet_notices(void *arg, const char *message)
{
	(void)arg, (void)message; /* NOTICEs (e.g. "table exists, skipping") are not errors */
}

/* Runs sql (one or several statements, no parameters) once. Returns 0 or -1. */
static int exec_once(struct db *db, const char *sql)
{
	PGresult *res = PQexec(db->pg, sql);
	ExecStatusType s = PQresultStatus(res);
	int rc = s == PGRES_COMMAND_OK || s == PGRES_TUPLES_OK || s == PGRES_EMPTY_QUERY ? 0 : -1;
	if (rc < 0)
		set_error(db, res);
	PQclear(res);
	return rc;
}

/* Session settings of every connection (also after a reconnection). */
static int session_settings(struct db *db)
{
	/* lock_timeout plays SQLite's busy timeout; a reader's transactions are read-only (the server's
	 * backstop behind db_prepare's refusal of writes) */
	PQsetNoticeProcessor(db->pg, quiet_notices, NULL);
	if (exec_once(db, "SET client_encoding = 'UTF8'; SET lock_timeout = '5s'; SET TIME ZONE 'UTC'") < 0)
		return -1;
	/* the writer: a transaction whose client vanished (its machine lost, not just its process killed)
	 * ends after a minute, and with it the writer lock every instance waits for (dbpg_begin_write) */
	return exec_once(db, db->readonly ? "SET default_transaction_read_only = on"
					  : "SET idle_in_transaction_session_timeout = '60s'");
}

/* A new session on a lost connection (PQreset), with the session settings again. The server forgot
 * the prepared statements with the old session; results being walked stay (libpq keeps them). */
static int reset_session(struct db *db)
{
	PQreset(db->pg);
	db->pg_pending = 0; /* what was sent in pipeline mode went with the old session */
	for (size_t i = 0; i < STMT_BUCKETS; i++)
		for (struct db_stmt *st = db->buckets[i]; st; st = st->next)
			st->pg->nvariants = 0;
	if (PQstatus(db->pg) != CONNECTION_OK) {
		set_error(db, NULL);
		return -1;
	}
	return session_settings(db);
}

/* Does the word w (case-insensitive) start at s, as a whole word? */
static bool word_at(const char *s, const char *w)
{
	size_t n = strlen(w);
	return strncasecmp(s, w, n) == 0 && !dbpg_ident_char(s[n]);
}

/* Whether no transaction is open on the connection before a statement is sent: it is idle, or already
 * lost (whatever transaction it had is gone with the session). */
static bool outside_transaction(struct db *db)
{
	return PQstatus(db->pg) == CONNECTION_BAD || PQtransactionStatus(db->pg) == PQTRANS_IDLE;
}

/* After sql failed: whether it failed because the connection was lost (libpq sees that a server
 * restarted or dropped the session only when the connection is used, so the first statement after it
 * fails) and may run again on a new session, which is then open. Run again only what nothing is lost
 * by: the statement was sent outside a transaction (outside, taken before it was sent), and running it
 * twice cannot write twice — any statement of a reader (its session is read-only) or the BEGIN that
 * opens the write owner's transaction, before anything of it was sent. */
static bool reconnected_for_retry(struct db *db, bool outside, const char *sql)
{
	if (!outside || PQstatus(db->pg) != CONNECTION_BAD)
		return false;
	sql += strspn(sql, " \t\n");
	if (!db->readonly && !word_at(sql, "BEGIN") && !word_at(sql, "START"))
		return false;
	return reset_session(db) == 0;
}

struct db *dbpg_connect(struct store *store, bool readonly, char *err, size_t errlen)
{
	if (gk_pq_load(err, errlen) < 0) /* libpq is opened with the first connection */
		return NULL;
	struct db *db = xcalloc(1, sizeof *db);
	db->store = store;
	db->readonly = readonly;
	db->pg = PQconnectdb(store->pg_url);
	if (PQstatus(db->pg) == CONNECTION_OK) {
		if (session_settings(db) == 0)
			return db;
	} else {
		set_error(db, NULL);
	}
	if (err) { /* the URL without a password that may be in it (user:password@host) */
		const char *url = store->pg_url, *at = strchr(url, '@'), *colon = strchr(strstr(url, "//") + 2, ':');
		if (at && colon && colon < at)
			snprintf(err, errlen, "无法连接数据库 %.*s:***%s：%s", (int)(colon - url), url, at, db->errmsg);
		else
			snprintf(err, errlen, "无法连接数据库 %s：%s", url, db->errmsg);
	}
	dbpg_disconnect(db);
	return NULL;
}

int dbpg_reconnect_if_lost(struct db *db)
{
	if (PQstatus(db->pg) == CONNECTION_OK)
		return 0;
	for (size_t i = 0; i < STMT_BUCKETS; i++) /* between requests: no result of the old session is walked */
		for (struct db_stmt *st = db->buckets[i]; st; st = st->next)
			finish_result(st->pg);
	return reset_session(db);
}

void dbpg_disconnect(struct db *db)
{
	dbpg_flush(db); /* nothing sent is left behind unread */
	PQfinish(db->pg);
	free(db);
}

int dbpg_exec_script(struct db *db, const char *sql)
{
	if (dbpg_flush(db) < 0) { /* a statement sent earlier failed: keep its error, still run sql (ROLLBACK) */
		enum db_error kind = db->last_error;
		char msg[DB_ERRMSG_MAX];
		memcpy(msg, db->errmsg, sizeof msg);
		PQclear(PQexec(db->pg, sql));
		db->last_error = kind;
		memcpy(db->errmsg, msg, sizeof msg);
		return -1;
	}
	bool outside = outside_transaction(db);
	int rc = exec_once(db, sql);
	if (rc < 0 && reconnected_for_retry(db, outside, sql))
		rc = exec_once(db, sql);
	return rc;
}

/* The database-wide writer lock (pg_advisory_xact_lock; "gongkai" in ASCII): taken by every write
 * transaction of every instance before anything else, released by its COMMIT or ROLLBACK. */
#define WRITER_LOCK "SELECT pg_advisory_xact_lock(29114442573373801)"
/* The change counter other instances poll (migrations/075_store_change.sql, store_watch.c). */
#define COUNT_CHANGE                                                                                                   \
	"INSERT INTO store_change (id, n) VALUES (1, 1) ON CONFLICT (id) DO UPDATE SET n = store_change.n + 1"

/* Whether the database has the change counter yet (migration 075; a database being migrated does not). */
static bool has_change_counter(struct db *w)
{
	int64_t found = 0;
	return db_step_int(db_prepare(w, "SELECT count(*) FROM pg_catalog.pg_tables WHERE tablename = 'store_change' "
					 "AND schemaname = current_schema()"),
			   &found) == 1 &&
	       found > 0;
}

int dbpg_count_change(struct db *w)
{
	return w->store->pg_change_counter ? db_step_later(db_prepare(w, COUNT_CHANGE)) : 0; /* sent with the COMMIT */
}

int dbpg_begin_write(struct db *w)
{
	struct store *store = w->store;
	if (!store->pg_change_counter)
		store->pg_change_counter = has_change_counter(w);
	int rc = dbpg_exec_script(w, "BEGIN; " WRITER_LOCK); /* one round trip */
	if (rc < 0 && dbpg_in_transaction(w)) { /* e.g. lock_timeout: end the transaction, keep the error */
		enum db_error kind = w->last_error;
		char msg[DB_ERRMSG_MAX];
		memcpy(msg, w->errmsg, sizeof msg);
		dbpg_exec_script(w, "ROLLBACK");
		w->last_error = kind;
		memcpy(w->errmsg, msg, sizeof msg);
	}
	return rc;
}

bool dbpg_in_transaction(struct db *db)
{
	dbpg_flush(db); /* the status is known once the statements sent before are done */
	PGTransactionStatusType t = PQtransactionStatus(db->pg);
	return t == PQTRANS_INTRANS || t == PQTRANS_INERROR || t == PQTRANS_ACTIVE;
}

bool dbpg_in_failed_statement(struct db *db)
{
	dbpg_flush(db);
	return PQtransactionStatus(db->pg) == PQTRANS_INERROR;
}

/* ---- translation of statements ---- */

/* SQLite spellings rewritten for PostgreSQL: instr(a, b) is strpos(a, b); last_insert_rowid() is
 * lastval() (identity columns are sequences). Returns the replacement, with *skip the length of the
 * SQLite word, or NULL. */
static const char *respell(const char *s, size_t *skip)
{
	static const struct {
		const char *sqlite, *pg;
	} words[] = {{"instr", "strpos"}, {"last_insert_rowid", "lastval"}};
	for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
		if (word_at(s, words[i].sqlite)) {
			*skip = strlen(words[i].sqlite);
			return words[i].pg;
		}
	return NULL;
}

static int param_number(char ***names, int *count, const char *name, size_t len)
{
	for (int i = 0; i < *count; i++)
		if (strlen((*names)[i]) == len && strncmp((*names)[i], name, len) == 0)
			return i + 1;
	*names = xrealloc(*names, (size_t)(*count + 1) * sizeof **names);
	(*names)[*count] = xstrndup(name, len);
	return ++*count;
}

char *dbpg_translate_sql(const char *sql, char ***names, int *nparams)
{
	struct buf out = {0};
	int count = 0;
	bool or_ignore = false;
	const char *returning = NULL;
	size_t returning_at = 0;
	for (const char *s = sql; *s;) {
		bool word_start = s == sql || !dbpg_ident_char(s[-1]);
		size_t skip = 0;
		const char *pg = word_start ? respell(s, &skip) : NULL;
		size_t quoted = dbpg_quoted_len(s);
		if (quoted) {
			size_t n = quoted;
			buf_append(&out, s, n);
			s += n;
		} else if (s[0] == ':' && s[1] == ':') {
			buf_append(&out, "::", 2);
			s += 2;
		} else if (s[0] == ':' && (dbpg_ident_char(s[1]) && !(s[1] >= '0' && s[1] <= '9'))) {
			size_t n = 1;
			while (dbpg_ident_char(s[n]))
				n++;
			buf_printf(&out, "$%d", param_number(names, &count, s, n));
			s += n;
		} else if (word_start && word_at(s, "INSERT") && strncasecmp(s, "INSERT OR IGNORE ", 17) == 0) {
			buf_printf(&out, "INSERT ");
			s += 17;
			or_ignore = true;
		} else if (word_start && !returning && word_at(s, "RETURNING")) {
			returning = s;
			returning_at = out.len;
			buf_append(&out, s, 9);
			s += 9;
		} else if (pg) {
			buf_printf(&out, "%s", pg);
			s += skip;
		} else {
			buf_append(&out, s, 1);
			s++;
		}
	}
	if (or_ignore) {
		struct buf fixed = {0};
		size_t at = returning ? returning_at : out.len;
		buf_append(&fixed, out.data ? out.data : "", at);
		buf_printf(&fixed, " ON CONFLICT DO NOTHING ");
		buf_printf(&fixed, "%s", out.data ? out.data + at : "");
		buf_free(&out);
		out = fixed;
	}
	*nparams = count;
	return out.data ? out.data : xstrdup("");
}

/* Statements a reader may run: anything else is refused before it reaches the server. */
static bool read_only_sql(const char *sql)
{
	while (*sql == ' ' || *sql == '\n' || *sql == '\t' || *sql == '(')
		sql++;
	static const char *const ok[] = {"SELECT", "WITH",     "VALUES", "BEGIN", "START",
					 "COMMIT", "ROLLBACK", "END",	 "SHOW"};
	for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++)
		if (word_at(sql, ok[i]))
			return true;
	return false;
}

struct db_stmt *dbpg_stmt_new(struct db *db, const char *sql)
{
	if (db->readonly && !read_only_sql(sql)) {
		db_set_error_text(db, DB_ERR_READONLY, "a reader connection cannot write");
		return NULL;
	}
	if (dbpg_names_fts(sql, sql + strlen(sql))) {
		/* FTS5 is SQLite's: refused here as SQLite refuses a missing table (search prepares its
		 * PostgreSQL statements instead, info/search_index.c) */
		db_set_error_text(db, DB_ERR_OTHER, "full-text (FTS5) tables exist on SQLite only");
		return NULL;
	}
	struct db_stmt *st = xcalloc(1, sizeof *st);
	struct pg_stmt *p = xcalloc(1, sizeof *p);
	st->pg = p;
	st->db = db;
	st->sql = sql;
	p->sql = dbpg_translate_sql(sql, &p->names, &st->nparams);
	p->values = xcalloc((size_t)st->nparams + 1, sizeof *p->values);
	p->is_int = xcalloc((size_t)st->nparams + 1, sizeof *p->is_int);
	return st;
}

static void clear_values(struct pg_stmt *p, int n)
{
	for (int i = 0; i < n; i++) {
		free(p->values[i]);
		p->values[i] = NULL;
		p->is_int[i] = false;
	}
}

void dbpg_stmt_free(struct db_stmt *st)
{
	struct pg_stmt *p = st->pg;
	PQclear(p->res);
	clear_values(p, st->nparams);
	for (int i = 0; i < st->nparams; i++)
		free(p->names[i]);
	free(p->names);
	free(p->values);
	free(p->is_int);
	free(p->sql);
	free(p);
	free(st);
}

void dbpg_finish(struct db_stmt *st)
{
	finish_result(st->pg);
}

void dbpg_reset(struct db_stmt *st)
{
	finish_result(st->pg);
	clear_values(st->pg, st->nparams);
}

int dbpg_bind(struct db_stmt *st, const char *name, const char *text, bool is_int)
{
	struct pg_stmt *p = st->pg;
	for (int i = 0; i < st->nparams; i++)
		if (strcmp(p->names[i], name) == 0) {
			free(p->values[i]);
			p->values[i] = text ? xstrdup(text) : NULL;
			p->is_int[i] = is_int && text;
			if (i < 64)
				st->bound |= UINT64_C(1) << i;
			return 0;
		}
	st->bind_failed = true;
	char msg[DB_ERRMSG_MAX];
	snprintf(msg, sizeof msg, "no SQL parameter named %s", name);
	db_set_error_text(st->db, DB_ERR_BIND, msg);
	return -1;
}

const char *dbpg_param_name(struct db_stmt *st, int i)
{
	return i >= 1 && i <= st->nparams ? st->pg->names[i - 1] : NULL;
}

/* The signature of st's current binding types: one letter per parameter (see struct pg_variant). */
static void binding_signature(const struct db_stmt *st, char sig[65])
{
	const struct pg_stmt *p = st->pg;
	int n = st->nparams < 64 ? st->nparams : 64;
	for (int i = 0; i < n; i++)
		sig[i] = p->is_int[i] ? 'i' : p->values[i] ? 't' : 'n';
	sig[n] = '\0';
}

/* The name of st's variant prepared already for the binding signature sig, or NULL. */
static const char *variant_named(const struct pg_stmt *p, const char *sig)
{
	for (int i = 0; i < p->nvariants; i++)
		if (strcmp(p->variants[i].sig, sig) == 0)
			return p->variants[i].name;
	return NULL;
}

/* The name of st's variant prepared already for the current binding types, or NULL. */
static const char *known_variant(const struct db_stmt *st)
{
	char sig[65];
	binding_signature(st, sig);
	return variant_named(st->pg, sig);
}

/* Prepares the variant of st for the current binding types (synchronously: not in pipeline mode);
 * returns its name or NULL. */
static const char *prepared_variant(struct db_stmt *st)
{
	struct pg_stmt *p = st->pg;
	char sig[65];
	binding_signature(st, sig);
	const char *known = variant_named(p, sig);
	if (known)
		return known;
	int n = st->nparams < 64 ? st->nparams : 64;
	if (p->nvariants == MAX_VARIANT) { /* rare: the oldest variant makes room */
		char sql[48];
		snprintf(sql, sizeof sql, "DEALLOCATE %s", p->variants[0].name);
		PQclear(PQexec(st->db->pg, sql));
		memmove(p->variants, p->variants + 1, (MAX_VARIANT - 1) * sizeof *p->variants);
		p->nvariants--;
	}
	struct pg_variant *v = &p->variants[p->nvariants++];
	Oid types[64] = {0};
	for (int i = 0; i < n; i++)
		types[i] = p->is_int[i] ? OID_INT8 : 0;
	snprintf(v->name, sizeof v->name, "g%u", ++st->db->prepared_serial);
	snprintf(v->sig, sizeof v->sig, "%s", sig);
	PGresult *res = PQprepare(st->db->pg, v->name, p->sql, n, types);
	const char *state = PQresultErrorField(res, PG_DIAG_SQLSTATE);
	if (PQresultStatus(res) != PGRES_COMMAND_OK && state && strcmp(state, "42P18") == 0) {
		/* a parameter whose type nothing determines (":x IS NULL"): take it as text */
		PQclear(res);
		for (int i = 0; i < n; i++)
			types[i] = types[i] ? types[i] : OID_TEXT;
		res = PQprepare(st->db->pg, v->name, p->sql, n, types);
	}
	if (PQresultStatus(res) != PGRES_COMMAND_OK) {
		set_error(st->db, res);
		PQclear(res);
		p->nvariants--;
		return NULL;
	}
	PQclear(res);
	return v->name;
}

/* Takes the result res of st's execution: 1 with the rows to walk, 0 done, -1 error. */
static int take_result(struct db_stmt *st, PGresult *res)
{
	struct pg_stmt *p = st->pg;
	struct db *db = st->db;
	ExecStatusType s = PQresultStatus(res);
	if (s != PGRES_TUPLES_OK && s != PGRES_COMMAND_OK) {
		set_error(db, res);
		PQclear(res);
		return -1;
	}
	const char *changed = PQcmdTuples(res);
	db->changes = changed && *changed ? strtoll(changed, NULL, 10) : 0;
	db->total_changes += db->changes;
	db->last_error = DB_OK;
	db->retryable = false;
	if (s == PGRES_TUPLES_OK && PQntuples(res) > 0) {
		p->res = res;
		p->row = 0;
		p->nrows = PQntuples(res);
		return 1;
	}
	PQclear(res);
	return 0;
}

/* Leaves pipeline mode once its results are read (a broken connection may hold some back). */
static void leave_pipeline(struct db *db)
{
	for (int tries = 0; tries < 4 && !PQexitPipelineMode(db->pg); tries++)
		PQclear(PQgetResult(db->pg));
}

/* After the connection refused to send (a sync point or a statement): records its error, forgets
 * what was pending and leaves pipeline mode. Returns -1. */
static int abandon_pipeline(struct db *db)
{
	set_error(db, NULL);
	db->pg_pending = 0;
	leave_pipeline(db);
	return -1;
}

/* Reads the results of everything sent in pipeline mode, up to the sync point already sent: the
 * db->pg_pending statements of db_step_later (their changes counted, the first failure recorded as
 * the connection's error), then, when kept is not NULL, the last statement's result into *kept (the
 * caller's; a PIPELINE_ABORTED result when an earlier statement failed). Leaves pipeline mode.
 * Returns 0, or -1 when a statement sent earlier failed or the connection broke. */
static int pipeline_collect(struct db *db, PGresult **kept)
{
	int later = db->pg_pending, index = 0, rc = 0;
	db->pg_pending = 0;
	for (;;) {
		PGresult *res = PQgetResult(db->pg);
		if (!res) { /* the end of one statement's results */
			if (++index > later + 1 || PQstatus(db->pg) != CONNECTION_OK)
				break;
			continue;
		}
		ExecStatusType s = PQresultStatus(res);
		if (s == PGRES_PIPELINE_SYNC) {
			PQclear(res);
			break;
		}
		if (kept && index == later && !*kept) {
			*kept = res;
			continue;
		}
		if (s == PGRES_COMMAND_OK || s == PGRES_TUPLES_OK) {
			const char *changed = PQcmdTuples(res);
			db->total_changes += changed && *changed ? strtoll(changed, NULL, 10) : 0;
		} else if (s != PGRES_PIPELINE_ABORTED && rc == 0) {
			set_error(db, res);
			rc = -1;
		}
		PQclear(res);
	}
	if (rc == 0 && PQstatus(db->pg) != CONNECTION_OK) {
		set_error(db, NULL);
		rc = -1;
	}
	leave_pipeline(db);
	return rc;
}

int dbpg_flush(struct db *db)
{
	if (PQpipelineStatus(db->pg) == PQ_PIPELINE_OFF)
		return 0;
	if (!PQpipelineSync(db->pg))
		return abandon_pipeline(db);
	return pipeline_collect(db, NULL);
}

/* Sends st's prepared variant name with its values (no wait). Returns 0 or -1 (the connection). */
static int send_prepared(struct db_stmt *st, const char *name)
{
	if (PQsendQueryPrepared(st->db->pg, name, st->nparams, (const char *const *)st->pg->values, NULL, NULL, 0))
		return 0;
	set_error(st->db, NULL);
	return -1;
}

int dbpg_step_later(struct db_stmt *st)
{
	struct db *db = st->db;
	finish_result(st->pg);
	const char *name = known_variant(st);
	if (!name) { /* preparing waits for the server: once per statement, binding types and connection */
		if (dbpg_flush(db) < 0 || !(name = prepared_variant(st)))
			return -1;
	}
	if (PQpipelineStatus(db->pg) == PQ_PIPELINE_OFF && !PQenterPipelineMode(db->pg)) {
		set_error(db, NULL);
		return -1;
	}
	if (send_prepared(st, name) < 0) {
		enum db_error kind = db->last_error;
		dbpg_flush(db);
		db->last_error = kind;
		return -1;
	}
	db->pg_pending++;
	db->last_error = DB_OK;
	return 0;
}

/* dbpg_step of a statement already prepared, sent behind the pipeline's pending statements with one
 * sync point: one round trip for all. */
static int step_in_pipeline(struct db_stmt *st, const char *name)
{
	struct db *db = st->db;
	if (send_prepared(st, name) < 0 || !PQpipelineSync(db->pg))
		return abandon_pipeline(db);
	PGresult *res = NULL;
	int rc = pipeline_collect(db, &res);
	if (rc < 0 || !res) {
		PQclear(res);
		if (rc == 0)
			set_error(db, NULL);
		return -1;
	}
	return take_result(st, res);
}

/* Runs st once, synchronously (prepared first if needed), and takes its result as take_result does. */
static int exec_prepared(struct db_stmt *st)
{
	const char *name = prepared_variant(st);
	if (!name)
		return -1;
	return take_result(
	    st, PQexecPrepared(st->db->pg, name, st->nparams, (const char *const *)st->pg->values, NULL, NULL, 0));
}

int dbpg_step(struct db_stmt *st)
{
	struct pg_stmt *p = st->pg;
	struct db *db = st->db;
	if (p->res) {
		if (++p->row < p->nrows)
			return 1;
		finish_result(p);
		return 0;
	}
	if (PQpipelineStatus(db->pg) != PQ_PIPELINE_OFF) {
		const char *known = known_variant(st);
		if (known)
			return step_in_pipeline(st, known);
		if (dbpg_flush(db) < 0)
			return -1;
	}
	bool outside = outside_transaction(db);
	int rc = exec_prepared(st);
	if (rc < 0 && reconnected_for_retry(db, outside, p->sql))
		rc = exec_prepared(st);
	return rc;
}

int dbpg_column_count(struct db_stmt *st)
{
	return st->pg->res ? PQnfields(st->pg->res) : 0;
}

bool dbpg_column_is_null(struct db_stmt *st, int col)
{
	struct pg_stmt *p = st->pg;
	return !p->res || col >= PQnfields(p->res) || PQgetisnull(p->res, p->row, col);
}

const char *dbpg_column_text(struct db_stmt *st, int col)
{
	if (dbpg_column_is_null(st, col))
		return NULL;
	return PQgetvalue(st->pg->res, st->pg->row, col);
}

size_t dbpg_column_bytes(struct db_stmt *st, int col)
{
	return dbpg_column_is_null(st, col) ? 0 : (size_t)PQgetlength(st->pg->res, st->pg->row, col);
}
