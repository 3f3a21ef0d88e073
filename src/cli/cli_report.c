/* cli_report.c — `gongkai report parse|check|render`: the command-line face of the pure report
 * library (src/report/). Reads files (or stdin for "-"), never more than REPORT_PARSE_MAX_BYTES. */
#include <errno.h>
#include <getopt.h>
#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "report/findings.h"
#include "report/report.h"
#include "report/report_check.h"
#include "report/report_export.h"
#include "report/report_json.h"
#include "report/report_parse.h"
#include "report/report_render.h"
#include "util/buf.h"

static const char report_usage[] =
    "用法 / usage:\n"
    "  gongkai report parse FILE              解析已发布的年报（文本或 HTML；- 为标准输入），输出规范 JSON\n"
    "  gongkai report check [--json] FILE…    检查年报的勾稽关系；同一机关相邻年度的年报一并给出时做跨年检查\n"
    "  gongkai report render --format txt|md|html|json|xlsx|pdf [-o OUT] FILE\n"
    "                                         由规范 JSON（或已发布的年报）渲染\n"
    "  gongkai report build --agency ID --year Y [--format json|txt|md|html|xlsx|pdf] [-o FILE] [--db PATH]\n"
    "                                         由数据库中的记录生成本机关的年度报告（并检查）\n"
    "  gongkai report import FILE --agency ID [--db PATH]\n"
    "                                         把采用本系统之前已发布的年报导入存档（经解析和检查）\n"
    "退出码 / exit status: 0 完整且一致, 1 违反规则, 2 不完整或无法读取, 64 用法错误\n";

/* One input file and what became of it. */
struct loaded {
	const char *path;
	struct report report;
	struct findings findings;
	bool readable;	 /* the report model is filled */
	char error[512]; /* why not, when !readable */
};

static bool looks_like_json(const struct buf *b)
{
	for (size_t i = 0; i < b->len; i++) {
		char c = b->data[i];
		if (c == ' ' || c == '\n' || c == '\r' || c == '\t')
			continue;
		return c == '{';
	}
	return false;
}

/* Reads and parses one file: canonical JSON or a published report. */
static void load(struct loaded *l, const char *path)
{
	memset(l, 0, sizeof *l);
	l->path = path;
	report_init(&l->report, REPORT_EDITION_UNKNOWN);
	struct buf data = {0};
	if (buf_read_file(&data, path, REPORT_PARSE_MAX_BYTES) < 0) {
		if (errno == EFBIG)
			snprintf(l->error, sizeof l->error, "文件超过 %u MiB 上限，未解析",
				 REPORT_PARSE_MAX_BYTES >> 20);
		else
			snprintf(l->error, sizeof l->error, "无法读取文件：%s", strerror(errno));
		buf_free(&data);
		return;
	}
	int rc;
	if (looks_like_json(&data))
		rc = report_from_json(data.data, data.len, &l->report, l->error, sizeof l->error);
	else
		rc = report_parse(data.data, data.len, &l->report, &l->findings, l->error, sizeof l->error);
	l->readable = rc == 0;
	buf_free(&data);
}

static void unload(struct loaded *l)
{
	report_free(&l->report);
	findings_free(&l->findings);
}

static int status_of(const struct loaded *l)
{
	return l->readable ? findings_status(&l->findings) : 2;
}

static void print_findings(FILE *out, const struct findings *f)
{
	for (size_t i = 0; i < f->n; i++) {
		const struct finding *x = &f->v[i];
		fprintf(out, "  %s %-3s %s\n",
			x->incomplete		   ? "不完整"
			: x->severity == SEV_ERROR ? "错误"
						   : "警告",
			x->rule, x->message);
	}
}

static int cmd_parse(int argc, char **argv)
{
	if (argc != 2) {
		fputs(report_usage, stderr);
		return EXIT_USAGE;
	}
	struct loaded l;
	load(&l, argv[1]);
	if (!l.readable) {
		fprintf(stderr, "%s: %s\n", l.path, l.error);
		unload(&l);
		return 2;
	}
	struct buf out = {0};
	report_to_json(&l.report, &out);
	fwrite(out.data, 1, out.len, stdout);
	buf_free(&out);
	print_findings(stderr, &l.findings);
	int status = findings_status(&l.findings) == 2 ? 2 : 0;
	unload(&l);
	return status;
}

static int by_agency_year(const void *a, const void *b)
{
	const struct loaded *x = *(struct loaded *const *)a, *y = *(struct loaded *const *)b;
	const char *ax = x->report.agency ? x->report.agency : "", *ay = y->report.agency ? y->report.agency : "";
	int c = strcmp(ax, ay);
	return c ? c : (x->report.year > y->report.year) - (x->report.year < y->report.year);
}

/* Applies the cross-year rules to consecutive years of one agency among the loaded reports. */
static void check_across_years(struct loaded *all, int n)
{
	struct loaded **sorted = xcalloc((size_t)n, sizeof *sorted);
	int m = 0;
	for (int i = 0; i < n; i++)
		if (all[i].readable && all[i].report.agency && all[i].report.year)
			sorted[m++] = &all[i];
	qsort(sorted, (size_t)m, sizeof *sorted, by_agency_year);
	for (int i = 1; i < m; i++) {
		struct report *prev = &sorted[i - 1]->report, *cur = &sorted[i]->report;
		if (strcmp(prev->agency, cur->agency) == 0 && prev->year + 1 == cur->year)
			report_check_years(prev, cur, &sorted[i]->findings);
	}
	free(sorted);
}

static const char *verdict(int status)
{
	return status == 0 ? "通过（完整且一致）" : status == 1 ? "违反勾稽关系或填报规则" : "不完整或无法读取";
}

static void progress(int done, int total)
{
	int width = 30, filled = total ? done * width / total : width;
	fprintf(stderr, "\r检查中 [%.*s%*s] %d/%d", filled, "##############################", width - filled, "", done,
		total);
	if (done == total)
		fputs("\r\033[K", stderr);
	fflush(stderr);
}

static json_t *string_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

/* --json: one object per file with its status and findings (paths and messages escaped by jansson). */
static void print_json_results(struct loaded *all, int n)
{
	json_t *files = json_array();
	for (int i = 0; i < n; i++) {
		struct loaded *l = &all[i];
		json_t *o = json_object();
		json_object_set_new(o, "file", json_string(l->path));
		json_object_set_new(o, "status", json_integer(status_of(l)));
		json_object_set_new(o, "edition", l->readable ? json_integer(l->report.edition) : json_null());
		json_object_set_new(o, "year", l->report.year ? json_integer(l->report.year) : json_null());
		json_object_set_new(o, "agency", string_or_null(l->report.agency));
		json_object_set_new(o, "error", l->readable ? json_null() : json_string(l->error));
		struct buf text = {0};
		findings_to_json(&l->findings, &text);
		json_object_set_new(o, "findings", json_loads(text.data, 0, NULL));
		buf_free(&text);
		json_array_append_new(files, o);
	}
	char *text = json_dumps(files, JSON_PRESERVE_ORDER | JSON_INDENT(2));
	if (text)
		puts(text);
	free(text);
	json_decref(files);
}

static int cmd_check(int argc, char **argv)
{
	bool json = false;
	int first = 1;
	for (; first < argc && argv[first][0] == '-' && argv[first][1]; first++) {
		if (strcmp(argv[first], "--json") == 0)
			json = true;
		else if (strcmp(argv[first], "--") == 0) {
			first++;
			break;
		} else {
			fprintf(stderr, "gongkai report check: 未知选项 %s\n%s", argv[first], report_usage);
			return EXIT_USAGE;
		}
	}
	int n = argc - first;
	if (n < 1) {
		fputs(report_usage, stderr);
		return EXIT_USAGE;
	}
	bool show_progress = n > 1 && isatty(2);
	struct loaded *all = xcalloc((size_t)n, sizeof *all);
	for (int i = 0; i < n; i++) {
		load(&all[i], argv[first + i]);
		if (all[i].readable)
			report_check(&all[i].report, &all[i].findings);
		if (show_progress && (i % 64 == 63 || i == n - 1))
			progress(i + 1, n);
	}
	check_across_years(all, n);

	int worst = 0, count[3] = {0};
	for (int i = 0; i < n; i++) {
		int s = status_of(&all[i]);
		count[s]++;
		worst = s > worst ? s : worst;
	}
	if (json) {
		print_json_results(all, n);
	} else {
		for (int i = 0; i < n; i++) {
			struct loaded *l = &all[i];
			int s = status_of(l);
			if (!l->readable) {
				printf("%s: %s — %s\n", l->path, verdict(s), l->error);
				continue;
			}
			printf("%s: %s%d 年（%d 版格式）— %s，%zu 个错误，%zu 个警告\n", l->path,
			       l->report.agency ? l->report.agency : "（未识别机关）", l->report.year,
			       l->report.edition, verdict(s), findings_count(&l->findings, SEV_ERROR),
			       findings_count(&l->findings, SEV_WARNING));
			if (n == 1)
				print_findings(stdout, &l->findings);
		}
		if (n > 1)
			printf("共 %d 份：通过 %d，违反规则 %d，不完整或无法读取 %d\n", n, count[0], count[1],
			       count[2]);
	}
	for (int i = 0; i < n; i++)
		unload(&all[i]);
	free(all);
	return worst;
}

/* Renders l's report in a binary export format (xlsx, pdf) to path or to a redirected stdout. */
static int render_binary(const struct loaded *l, const char *format, const char *path)
{
	if (!path && isatty(STDOUT_FILENO)) {
		fprintf(stderr, "gongkai report render: %s 是二进制格式，请用 -o FILE 指定输出文件或重定向标准输出\n",
			format);
		return EXIT_USAGE;
	}
	struct buf out = {0};
	char err[256];
	int rc = strcmp(format, "xlsx") == 0 ? report_render_xlsx(&l->report, &out, err, sizeof err)
					     : report_render_pdf(&l->report, &out, err, sizeof err);
	FILE *f = rc == 0 ? (path ? fopen(path, "wb") : stdout) : NULL;
	if (rc < 0)
		fprintf(stderr, "gongkai report render: %s\n", err);
	else if (!f)
		fprintf(stderr, "gongkai report render: 无法写入 %s：%s\n", path, strerror(errno));
	bool ok = f && fwrite(out.data, 1, out.len, f) == out.len;
	if (f && path)
		ok = fclose(f) == 0 && ok;
	buf_free(&out);
	return ok ? 0 : 2;
}

static int cmd_render(int argc, char **argv)
{
	static const struct option options[] = {
	    {"format", required_argument, NULL, 'f'}, {"output", required_argument, NULL, 'o'}, {0}};
	const char *format = "txt", *path = NULL;
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "f:o:", options, NULL)) != -1) {
		if (c != 'f' && c != 'o') {
			fputs(report_usage, stderr);
			return EXIT_USAGE;
		}
		if (c == 'o')
			path = optarg;
		else
			format = optarg;
	}
	bool binary = strcmp(format, "xlsx") == 0 || strcmp(format, "pdf") == 0;
	void (*render)(const struct report *, struct buf *) = strcmp(format, "txt") == 0    ? report_render_txt
							      : strcmp(format, "md") == 0   ? report_render_md
							      : strcmp(format, "html") == 0 ? report_render_html
							      : strcmp(format, "json") == 0 ? report_to_json
											    : NULL;
	if ((!render && !binary) || optind != argc - 1 || (path && !binary)) {
		if (!render && !binary)
			fprintf(stderr,
				"gongkai report render: 不支持的格式 %s（可用 txt、md、html、json、xlsx、pdf）\n",
				format);
		fputs(report_usage, stderr);
		return EXIT_USAGE;
	}
	struct loaded l;
	load(&l, argv[optind]);
	if (!l.readable) {
		fprintf(stderr, "%s: %s\n", l.path, l.error);
		unload(&l);
		return 2;
	}
	int status = 0;
	if (binary) {
		status = render_binary(&l, format, path);
	} else {
		struct buf out = {0};
		render(&l.report, &out);
		fwrite(out.data, 1, out.len, stdout);
		buf_free(&out);
	}
	unload(&l);
	return status;
}

int cli_report(int argc, char **argv)
{
	if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		fputs(report_usage, argc < 2 ? stderr : stdout);
		return argc < 2 ? EXIT_USAGE : 0;
	}
	if (strcmp(argv[1], "parse") == 0)
		return cmd_parse(argc - 1, argv + 1);
	if (strcmp(argv[1], "check") == 0)
		return cmd_check(argc - 1, argv + 1);
	if (strcmp(argv[1], "render") == 0)
		return cmd_render(argc - 1, argv + 1);
	if (strcmp(argv[1], "build") == 0)
		return cli_report_build(argc - 1, argv + 1);
	if (strcmp(argv[1], "import") == 0)
		return cli_report_import(argc - 1, argv + 1);
	fprintf(stderr, "gongkai report: 未知子命令 %s\n%s", argv[1], report_usage);
	return EXIT_USAGE;
}
