/* cli_annual.c — `gongkai report build` (the annual report of an agency and year derived from the
 * database, rendered as JSON, text, Markdown, HTML, XLSX or PDF) and `gongkai report import` (a published
 * report of a year before adoption into the archive). Dispatched by cli_report.c. Findings go to
 * standard error; exit status as for `report check`: 0 consistent (warnings allowed), 1 rule
 * violations, 2 refused or unreadable, 64 usage. */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "annual/annual.h"
#include "annual/annual_archive.h"
#include "calendar/calendar.h"
#include "cli/cli.h"
#include "domain/holidays.h"
#include "info/info.h"
#include "report/report_json.h"
#include "report/report_parse.h"
#include "report/report_render.h"
#include "storage/db.h"
#include "util/buf.h"
#include "util/china_time.h"
#include "util/config.h"

static const char build_usage[] =
    "用法 / usage: gongkai report build --agency ID --year Y [--format json|txt|md|html|xlsx|pdf] [-o FILE]\n"
    "  由数据库中的记录生成机关某年度的政府信息公开工作年度报告（默认输出规范 JSON 到标准输出），并做勾稽检查。\n"
    "  gongkai report import FILE… --agency ID [--year Y]\n"
    "  把机关已发布的年报（文本、HTML、PDF、DOCX 或规范 JSON，可多个文件，每个年度一份）导入档案：启用本系统\n"
    "  之前的年度供跨年检查和图表使用；不在本平台的机关（外部机关），即为收到的该年度年报。--year 要求每个文件\n"
    "  都是该年度的年报，否则该文件不导入。每个文件单独导入，一个文件被拒绝不影响其他文件。\n"
    "  通用选项：--db PATH|postgresql://…  --config FILE  --set 配置项=值\n"
    "退出码 / exit status: 0 一致（可有警告）, 1 违反规则, 2 拒绝或无法读取, 64 用法错误\n";

struct build_options {
	int64_t agency_id;
	int year;
	const char *format, *output, *file;
	char **files; /* import: every positional argument */
	int nfiles;
};

int cli_parse_positive(const char *text, int64_t *out)
{
	char *end;
	errno = 0;
	long long v = strtoll(text, &end, 10);
	if (errno || end == text || *end || v <= 0)
		return -1;
	*out = v;
	return 0;
}

/* Parses the options after the subcommand name; the positional arguments are the import's files (file is
 * the first). */
static int parse_options(int argc, char **argv, struct build_options *o)
{
	static const struct option options[] = {
	    {"agency", required_argument, NULL, 'a'}, {"year", required_argument, NULL, 'y'},
	    {"format", required_argument, NULL, 'f'}, {"output", required_argument, NULL, 'o'},
	    {"help", no_argument, NULL, 'h'},	      {NULL, 0, NULL, 0},
	};
	memset(o, 0, sizeof *o);
	o->format = "json";
	int64_t year = 0;
	int c;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "o:h", options, NULL)) != -1) {
		if (c == 'a' && cli_parse_positive(optarg, &o->agency_id) == 0)
			continue;
		if (c == 'y' && cli_parse_positive(optarg, &year) == 0 && year <= CAL_MAX_YEAR)
			continue;
		if (c == 'f')
			o->format = optarg;
		else if (c == 'o')
			o->output = optarg;
		else
			return -1;
	}
	o->year = (int)year;
	o->files = argv + optind;
	o->nfiles = argc - optind;
	o->file = o->nfiles > 0 ? argv[optind] : NULL;
	return 0;
}

static struct store *open_db(int *argc, char **argv, struct config *cfg)
{
	char err[512];
	if (config_from_args(cfg, argc, argv, err, sizeof err) < 0) {
		fprintf(stderr, "gongkai report: %s\n", err);
		return NULL;
	}
	struct store *store = store_open(cfg->db, STORE_MIGRATE, err, sizeof err);
	if (!store)
		fprintf(stderr, "gongkai report: %s\n", err);
	return store;
}

static void print_findings(const struct findings *f)
{
	for (size_t i = 0; i < f->n; i++) {
		const struct finding *x = &f->v[i];
		fprintf(stderr, "  %s %-3s %s\n",
			x->incomplete		   ? "不完整"
			: x->severity == SEV_ERROR ? "错误"
						   : "警告",
			x->rule, x->message);
	}
}

bool cli_output_allowed(const char *command, const char *format, const char *path)
{
	if (path || !annual_format_binary(format) || !isatty(STDOUT_FILENO))
		return true;
	fprintf(stderr, "gongkai %s: %s 是二进制格式，请用 -o FILE 指定输出文件或重定向标准输出\n", command, format);
	return false;
}

int cli_write_output(const char *command, const struct buf *b, const char *path)
{
	FILE *out = path ? fopen(path, "wb") : stdout;
	if (!out) {
		fprintf(stderr, "gongkai %s: 无法写入 %s：%s\n", command, path, strerror(errno));
		return -1;
	}
	bool ok = fwrite(b->data, 1, b->len, out) == b->len;
	if (path)
		ok = fclose(out) == 0 && ok;
	else
		ok = fflush(out) == 0 && ok;
	if (!ok)
		fprintf(stderr, "gongkai %s: 写入失败\n", command);
	return ok ? 0 : -1;
}

static int run_build(struct store *store, const struct build_options *o)
{
	struct calendar *cal = NULL; /* built-in schedules plus the years loaded with `gongkai calendar load` */
	char err[ANNUAL_ERR_SIZE];
	if (holidays_calendar(store_reader(store), &cal, NULL, 0, NULL, err, sizeof err) < 0) {
		fprintf(stderr, "gongkai report build: %s\n", err);
		return 2;
	}
	struct annual_env env = {.cal = cal, .today = china_day((int64_t)time(NULL))};
	struct report r;
	struct findings f = {0};
	int status = 2;
	if (annual_build(store_reader(store), &env, o->agency_id, o->year, &r, &f, err, sizeof err) < 0) {
		fprintf(stderr, "gongkai report build: %s\n", err);
	} else {
		struct buf out = {0};
		print_findings(&f);
		if (annual_render(&r, o->format, &out, err, sizeof err) < 0)
			fprintf(stderr, "gongkai report build: %s\n", err);
		else
			status = cli_write_output("report build", &out, o->output) < 0 ? 2 : findings_status(&f);
		buf_free(&out);
	}
	report_free(&r);
	findings_free(&f);
	calendar_free(cal);
	return status;
}

int cli_report_build(int argc, char **argv)
{
	if (cli_wants_help(argc, argv)) {
		fputs(build_usage, stdout);
		return 0;
	}
	struct config cfg;
	struct build_options o;
	struct store *store = open_db(&argc, argv, &cfg);
	if (!store) {
		config_free(&cfg);
		return 2;
	}
	int status = EXIT_USAGE;
	if (parse_options(argc, argv, &o) < 0 || o.agency_id <= 0 || o.year <= 0 || o.file ||
	    !annual_format_known(o.format))
		fputs(build_usage, stderr);
	else
		status = cli_output_allowed("report build", o.format, o.output) ? run_build(store, &o) : EXIT_USAGE;
	store_close(store);
	config_free(&cfg);
	return status;
}

struct import_job {
	const struct build_options *o;
	const struct buf *data;
	const char *file;
	int year;
	struct findings f;
	int64_t id;
};

static enum outcome_code import_report(struct db *w, void *ctx, struct outcome *out)
{
	struct import_job *j = ctx;
	struct actor actor = CLI_ACTOR;
	char err[ANNUAL_ERR_SIZE] = "";
	findings_free(&j->f);
	j->id = annual_import(w, &actor, j->o->agency_id, j->data->data ? j->data->data : "", j->data->len, j->file,
			      (int64_t)time(NULL), &j->year, &j->f, err, sizeof err);
	if (j->id > 0 && j->o->year && j->year != j->o->year) /* rolled back: nothing of it is kept */
		return outcome_fail(out, OUTCOME_CONFLICT, "year",
				    "这是 %d 年度的年报，不是 --year 指定的 %d 年度，未导入", j->year, j->o->year);
	return annual_outcome(j->id, err, out);
}

/* Imports one file in a write of its own. Returns its exit status (0, 1 findings, 2 refused). */
static int run_import(struct store *store, const struct build_options *o, const char *file)
{
	struct buf data = {0};
	if (buf_read_file(&data, file, REPORT_PARSE_MAX_BYTES) < 0) {
		fprintf(stderr, "gongkai report import: 无法读取 %s：%s\n", file, strerror(errno));
		buf_free(&data);
		return 2;
	}
	struct import_job job = {.o = o, .data = &data, .file = file};
	struct outcome out;
	int status = 2;
	enum outcome_code code = store_write(store, import_report, &job, &out);
	print_findings(&job.f);
	if (code == OUTCOME_OK) {
		printf("%s：已导入 %d 年年报（档案编号 %" PRId64 "）\n", file, job.year, job.id);
		status = findings_status(&job.f);
	} else {
		fprintf(stderr, "gongkai report import: %s：%s\n", file, out.message);
	}
	findings_free(&job.f);
	buf_free(&data);
	return status;
}

int cli_report_import(int argc, char **argv)
{
	if (cli_wants_help(argc, argv)) {
		fputs(build_usage, stdout);
		return 0;
	}
	struct config cfg;
	struct build_options o;
	struct store *store = open_db(&argc, argv, &cfg);
	if (!store) {
		config_free(&cfg);
		return 2;
	}
	int status = EXIT_USAGE;
	if (parse_options(argc, argv, &o) < 0 || o.agency_id <= 0 || o.nfiles == 0) {
		fputs(build_usage, stderr);
	} else {
		status = 0;
		for (int i = 0; i < o.nfiles; i++) {
			int s = run_import(store, &o, o.files[i]);
			if (s > status)
				status = s;
		}
	}
	store_close(store);
	config_free(&cfg);
	return status;
}
