/* cli_db.c — `gongkai db copy --from SRC --to DST`: moves a whole agency's database to another store,
 * typically from the SQLite file it started on to PostgreSQL (issue 12, "moving up"), while a server
 * may still be serving the source. The storage layer does the copy in one snapshot of the source and
 * one transaction on the destination (storage/copy.h); this command checks the arguments, copies the
 * audit key and checkpoint files that live beside the database, and verifies the result: the row
 * counts of every table on both sides and the audit chain on the destination, with the verifier of
 * `gongkai audit verify`. Exit status: 0 copied and verified, 1 the copy or a verification failed, 2
 * refused before changing anything (source missing, destination not empty, schema versions), 64 usage. */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"
#include "domain/audit.h"
#include "info/info_search.h"
#include "storage/copy.h"
#include "storage/db.h"
#include "util/buf.h"

#define EXIT_REFUSED 2

static const char db_usage[] =
    "用法 / usage: gongkai db copy --from 源 --to 目标 [--json]\n"
    "  把整个数据库复制到另一个数据库，通常是从 SQLite 迁到 PostgreSQL（也支持 PostgreSQL → SQLite、\n"
    "  SQLite → SQLite、PostgreSQL → PostgreSQL）。源和目标写作 sqlite:路径（或文件路径）或\n"
    "  postgresql://用户@主机:端口/库名。\n"
    "  源数据库可以正在服务：复制读取它的一个一致快照；目标必须是新建的空数据库（本命令为它建表），\n"
    "  复制在目标上是一个事务，失败时目标保持原样。审计密钥和检查点文件（数据库旁的 .audit-key、\n"
    "  .audit-checkpoints；PostgreSQL 为 var/库名.audit-key）一并复制。附件目录（数据库所在目录的\n"
    "  files/）不复制：源和目标不在同一目录时请自行复制。\n"
    "  复制后逐表比对行数（打印“表 / 源 / 目标”，--json 输出 JSON），并用 audit verify 的校验方法校验\n"
    "  目标的审计日志。全部相符时退出码为 0；复制或校验失败为 1（指明表）；因源不存在、目标非空、\n"
    "  结构版本不同而拒绝（未作任何更改）为 2；参数错误为 64。\n";

struct copy_args {
	const char *from, *to;
	bool json;
};

/* Whether a database target is one gongkai can open: "sqlite:PATH", a path, or a postgresql:// URL. */
static bool target_valid(const char *t)
{
	if (strncmp(t, "postgresql://", 13) == 0)
		return t[13] != '\0';
	if (strncmp(t, "postgres://", 11) == 0)
		return t[11] != '\0';
	if (strncmp(t, "sqlite:", 7) == 0)
		return t[7] != '\0';
	return *t && strstr(t, "://") == NULL;
}

static bool is_postgresql(const char *t)
{
	return strncmp(t, "postgresql://", 13) == 0 || strncmp(t, "postgres://", 11) == 0;
}

/* The SQLite file of a target ("sqlite:" removed), or NULL for PostgreSQL. */
static const char *sqlite_file(const char *t)
{
	return is_postgresql(t) ? NULL : strncmp(t, "sqlite:", 7) == 0 ? t + 7 : t;
}

/* Parses `db copy` options (argv[0] == "copy"). Prints what is wrong; returns 0 or EXIT_USAGE. */
static int copy_parse(int argc, char **argv, struct copy_args *a)
{
	static const struct option options[] = {
	    {"from", required_argument, NULL, 'f'},
	    {"to", required_argument, NULL, 't'},
	    {"json", no_argument, NULL, 'j'},
	    {NULL, 0, NULL, 0},
	};
	memset(a, 0, sizeof *a);
	optind = 1;
	int c;
	while ((c = getopt_long(argc, argv, "", options, NULL)) != -1) {
		if (c == 'f')
			a->from = optarg;
		else if (c == 't')
			a->to = optarg;
		else if (c == 'j')
			a->json = true;
		else
			return EXIT_USAGE; /* getopt said what */
	}
	const char *problem = optind != argc ? "多余的参数"
			      : !a->from     ? "缺少 --from（源数据库）"
			      : !a->to	     ? "缺少 --to（目标数据库）"
					     : NULL;
	if (!problem && !target_valid(a->from))
		problem = "--from 不是可识别的数据库地址（应为 sqlite:路径 或 postgresql://用户@主机:端口/库名）";
	if (!problem && !target_valid(a->to))
		problem = "--to 不是可识别的数据库地址（应为 sqlite:路径 或 postgresql://用户@主机:端口/库名）";
	if (!problem && strcmp(sqlite_file(a->from) ? sqlite_file(a->from) : a->from,
			       sqlite_file(a->to) ? sqlite_file(a->to) : a->to) == 0)
		problem = "--from 与 --to 是同一个数据库";
	if (problem)
		fprintf(stderr, "gongkai db copy: %s\n", problem);
	return problem ? EXIT_USAGE : 0;
}

/* ---- the files beside the database: audit key and checkpoints ---- */

/* One file to carry from the source's side to the destination's. */
struct side_file {
	char *from, *to;
	struct buf text; /* the source's content, read before the copy's snapshot */
	bool present;	 /* the source has the file */
	bool created;	 /* this command created the destination's file (removed if the copy fails) */
};

/* Reads the source's file and checks the destination's: absent, or the same content. Returns 0, or
 * EXIT_REFUSED / 1 after saying why. */
static int side_prepare(struct side_file *f)
{
	f->present = buf_read_file(&f->text, f->from, 1 << 24) == 0;
	if (!f->present && errno != ENOENT) {
		fprintf(stderr, "gongkai db copy: 无法读取 %s：%s\n", f->from, strerror(errno));
		return 1;
	}
	if (!f->present || strcmp(f->from, f->to) == 0)
		return 0;
	struct buf there = {0};
	int rc = 0;
	if (buf_read_file(&there, f->to, 1 << 24) == 0 &&
	    (there.len != f->text.len || memcmp(there.data, f->text.data, there.len) != 0)) {
		fprintf(stderr,
			"gongkai db copy: 目标的 %s 已存在且与源数据库的不同（属于另一个数据库），未作任何更改。"
			"请先把它移走\n",
			f->to);
		rc = EXIT_REFUSED;
	}
	buf_free(&there);
	return rc;
}

/* Writes the destination's file (0600, fsync'd) unless it is already there. Returns 0 or -1. */
static int side_write(struct side_file *f)
{
	if (!f->present || strcmp(f->from, f->to) == 0 || access(f->to, F_OK) == 0)
		return 0;
	int fd = open(f->to, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0) {
		fprintf(stderr, "gongkai db copy: 无法创建 %s：%s\n", f->to, strerror(errno));
		return -1;
	}
	f->created = true;
	bool ok = write(fd, f->text.data, f->text.len) == (ssize_t)f->text.len && fsync(fd) == 0;
	if (close(fd) != 0 || !ok) {
		fprintf(stderr, "gongkai db copy: 无法写入 %s\n", f->to);
		return -1;
	}
	return 0;
}

static void side_undo(struct side_file *f)
{
	if (f->created)
		unlink(f->to);
	f->created = false;
}

static void side_free(struct side_file *f)
{
	free(f->from);
	free(f->to);
	buf_free(&f->text);
}

/* ---- reporting ---- */

static bool table_matches(const struct copy_table *t)
{
	return t->source_rows == t->dest_rows && t->copied_rows == t->source_rows;
}

static void print_text(const struct copy_result *r, int64_t indexed, const struct audit_verify_result *audit,
		       int audit_rc, const char *audit_err)
{
	printf("已复制到结构版本 %d 的数据库，%zu 个表：\n", r->schema_version, r->ntables);
	printf("  表%26s %10s源 %8s目标\n", "", "", ""); /* CJK characters are two columns wide */
	for (size_t i = 0; i < r->ntables; i++) {
		const struct copy_table *t = &r->tables[i];
		printf("  %-28s %12" PRId64 " %12" PRId64 "%s\n", t->name, t->source_rows, t->dest_rows,
		       table_matches(t) ? "" : "  ← 不符");
	}
	if (r->skipped[0])
		printf("未复制（SQLite 全文检索表，或目标没有的表；目标自行建立检索索引）：%s\n", r->skipped);
	if (r->dest_only[0])
		printf("目标独有的表（源中没有，保持原样）：%s\n", r->dest_only);
	if (indexed > 0)
		printf("已为目标数据库的 %" PRId64 " 条信息建立检索索引\n", indexed);
	if (audit_rc < 0)
		printf("审计日志无法校验：%s\n", audit_err);
	else if (audit_rc == 2)
		printf("目标的审计日志校验失败：%s（已检查 %" PRId64 " 条）\n", audit->problem, audit->entries);
	else
		printf("目标的审计日志完整：%" PRId64 " 条记录，已与 %" PRId64 " 个检查点核对\n", audit->entries,
		       audit->checkpoints);
}

static void print_json(const struct copy_result *r, int64_t indexed, const struct audit_verify_result *audit,
		       int audit_rc, const char *audit_err, bool ok)
{
	json_t *tables = json_array();
	for (size_t i = 0; i < r->ntables; i++) {
		const struct copy_table *t = &r->tables[i];
		json_array_append_new(tables,
				      json_pack("{s:s, s:I, s:I, s:I, s:b}", "table", t->name, "source",
						(json_int_t)t->source_rows, "copied", (json_int_t)t->copied_rows,
						"target", (json_int_t)t->dest_rows, "match", table_matches(t)));
	}
	json_t *out =
	    json_pack("{s:b, s:i, s:o, s:s, s:s, s:I, s:{s:b, s:I, s:I, s:s}}", "ok", ok, "schema_version",
		      r->schema_version, "tables", tables, "skipped", r->skipped, "target_only", r->dest_only,
		      "search_indexed", (json_int_t)indexed, "audit", "ok", audit_rc == 0 || audit_rc == 1, "entries",
		      (json_int_t)audit->entries, "checkpoints", (json_int_t)audit->checkpoints, "problem",
		      audit_rc < 0    ? audit_err
		      : audit_rc == 2 ? audit->problem
				      : "");
	json_dumpf(out, stdout, JSON_INDENT(2));
	putchar('\n');
	json_decref(out);
}

/* ---- the command ---- */

/* Copies, verifies and reports; the stores are open and checked. Returns the exit status. */
static int copy_run(struct store *src, struct store *dst, struct side_file *files, size_t nfiles,
		    const struct copy_args *a)
{
	for (size_t i = 0; i < nfiles; i++)
		if (side_write(&files[i]) < 0) {
			for (size_t j = 0; j < nfiles; j++)
				side_undo(&files[j]);
			return 1;
		}
	struct copy_result *r = xcalloc(1, sizeof *r);
	char err[1024];
	if (store_copy(src, dst, r, err, sizeof err) != COPY_OK) {
		for (size_t j = 0; j < nfiles; j++)
			side_undo(&files[j]);
		fprintf(stderr, "gongkai db copy: %s。目标数据库未写入任何数据\n", err);
		free(r);
		return 1;
	}
	/* PostgreSQL keeps its search index in rows gongkai writes (SQLite's FTS5 triggers filled the
	 * index as rows arrived): index the copied items now, as migrate and serve would */
	int64_t indexed = info_search_reindex(dst, err, sizeof err);
	if (indexed < 0)
		fprintf(stderr, "gongkai db copy: 数据已复制，但检索索引未能建立：%s（请运行 gongkai migrate 补建）\n",
			err);
	struct audit_verify_result audit = {0};
	char audit_err[256] = "";
	int audit_rc = audit_checkpoint(store_reader(dst), (int64_t)time(NULL), &audit, audit_err, sizeof audit_err);
	bool ok = audit_rc == 0 || audit_rc == 1;
	const char *bad_table = NULL;
	for (size_t i = 0; i < r->ntables; i++)
		if (!table_matches(&r->tables[i]) && !bad_table)
			bad_table = r->tables[i].name;
	ok = ok && !bad_table && indexed >= 0;
	if (a->json)
		print_json(r, indexed, &audit, audit_rc, audit_err, ok);
	else
		print_text(r, indexed, &audit, audit_rc, audit_err);
	if (bad_table)
		fprintf(stderr, "gongkai db copy: 表 %s 的行数在复制后不符（目标在复制后被改动？）\n", bad_table);
	else if (!ok)
		fprintf(stderr, "gongkai db copy: 目标数据库的审计日志未通过校验\n");
	free(r);
	return ok ? 0 : 1;
}

/* Opens a side of the copy; prints why not. */
static struct store *open_side(const char *what, const char *target, unsigned flags)
{
	char err[512];
	struct store *store = store_open(target, flags, err, sizeof err);
	if (!store)
		fprintf(stderr, "gongkai db copy: %s：%s。未作任何更改\n", what, err);
	return store;
}

static int db_copy(const struct copy_args *a)
{
	const char *dst_file = sqlite_file(a->to);
	bool dst_existed = !dst_file || access(dst_file, F_OK) == 0;
	struct store *src = open_side("源数据库", a->from, 0);
	struct store *dst = src ? open_side("目标数据库", a->to, STORE_CREATE) : NULL;
	int rc = src && dst ? 0 : EXIT_REFUSED;
	bool fresh = false;
	char err[1024];
	if (rc == 0 && store_copy_check(src, dst, &fresh, err, sizeof err) != COPY_OK) {
		fprintf(stderr, "gongkai db copy: %s\n", err);
		rc = EXIT_REFUSED;
	}
	struct side_file files[2] = {{0}};
	size_t nfiles = 0;
	if (rc == 0) {
		files[0] =
		    (struct side_file){.from = audit_key_path(store_path(src)), .to = audit_key_path(store_path(dst))};
		files[1] = (struct side_file){.from = audit_checkpoint_path(store_path(src)),
					      .to = audit_checkpoint_path(store_path(dst))};
		nfiles = 2;
		for (size_t i = 0; i < nfiles && rc == 0; i++)
			rc = side_prepare(&files[i]);
	}
	if (rc == 0)
		rc = copy_run(src, dst, files, nfiles, a);
	for (size_t i = 0; i < nfiles; i++)
		side_free(&files[i]);
	store_close(src);
	store_close(dst);
	if (rc == EXIT_REFUSED && !dst_existed) { /* a SQLite file this command created only to look at */
		struct buf side = {0};
		for (int i = 0; i < 3; i++) {
			buf_reset(&side);
			buf_printf(&side, "%s%s", dst_file, i == 0 ? "" : i == 1 ? "-wal" : "-shm");
			unlink(side.data);
		}
		buf_free(&side);
	}
	return rc;
}

int cli_db(int argc, char **argv)
{
	if (cli_wants_help(argc, argv)) {
		fputs(db_usage, stdout);
		return 0;
	}
	if (argc < 2 || strcmp(argv[1], "copy") != 0) {
		fputs(db_usage, stderr);
		return EXIT_USAGE;
	}
	struct copy_args a;
	if (copy_parse(argc - 1, argv + 1, &a) != 0) {
		fputs("（gongkai db copy --help 显示用法）\n", stderr);
		return EXIT_USAGE;
	}
	return db_copy(&a);
}
