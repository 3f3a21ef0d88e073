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
#include "cli/cli_report.h"
#include "report/findings.h"
#include "report/report.h"
#include "report/report_check.h"
#include "report/report_export.h"
#include "report/report_json.h"
#include "report/report_parse.h"
#include "report/report_render.h"
#include "util/buf.h"

const char cli_report_usage[] =
    "用法 / usage:\n"
    "  gongkai report parse FILE              解析已发布的年报（文本或 HTML；- 为标准输入），输出规范 JSON\n"
    "  gongkai report check [选项] 路径…      检查年报的勾稽关系；路径可以是文件或目录（递归，跳过隐藏文件）；\n"
    "                                         同一机关相邻年度的年报自动做跨年检查（R5、R6、R7、T2）\n"
    "      --json                             逐份输出 JSON（状态与全部发现）\n"
    "      --format json|csv|xlsx -o FILE     每条发现一行：file、agency、year、rule、severity、table、row、\n"
    "                                         column、message（CSV 为带 BOM 的 UTF-8）；json、csv 不给 -o\n"
    "                                         时写到标准输出\n"
    "      --jobs N                           用 N 个进程（1–64）并行检查（输出按路径排序，与 N 无关）\n"
    "    多份时终端上显示进度条（管道上不显示），最后打印汇总表\n"
    "  gongkai report render --format txt|md|html|json|xlsx|pdf [-o OUT] FILE\n"
    "                                         由规范 JSON（或已发布的年报）渲染\n"
    "  gongkai report build --agency ID --year Y [--format json|txt|md|html|xlsx|pdf] [-o FILE] [--db PATH]\n"
    "                                         由数据库中的记录生成本机关的年度报告（并检查）\n"
    "  gongkai report import FILE… --agency ID [--year Y] [--db PATH]\n"
    "                                         把已发布的年报导入存档（经解析和检查）：采用本系统之前的\n"
    "                                         年度，或外部机关收到的年报；--year 只接受该年度的文件\n"
    "  gongkai report aggregate --agency ID --year Y [--format …] [-o FILE] [--parts ID,…] [--published]\n"
    "                                         汇总年报：所选下级单位年报的逐格之和（--help 见详情）\n"
    "  gongkai report aggregate-check AGGREGATE_FILE --parts FILE…\n"
    "                                         层级规则：已发布的汇总年报应等于各单位年报之和\n"
    "  gongkai report trends --agency ID --year Y [--years N] [-o FILE]\n"
    "                                         下级各单位逐年趋势：跳变、第五部分雷同，输出发现的 CSV\n"
    "退出码 / exit status: 0 全部完整且一致, 1 有违反规则的年报, 2 有不完整或无法读取的年报\n"
    "                      （2 优先于 1）, 64 用法错误\n";

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

/* Reads the file into data: from fd when it is open (then closed), else from path. */
static int read_report_file(const char *path, bool regular, int fd, struct buf *data)
{
	if (fd < 0)
		return regular ? buf_read_regular_file(data, path, REPORT_PARSE_MAX_BYTES)
			       : buf_read_file(data, path, REPORT_PARSE_MAX_BYTES);
	int rc = buf_read_fd(data, fd, REPORT_PARSE_MAX_BYTES, regular);
	int saved = errno;
	close(fd);
	errno = saved;
	return rc;
}

void cli_report_load_file(struct loaded *l, const char *path, bool regular, int fd, struct buf *data)
{
	memset(l, 0, sizeof *l);
	l->path = path;
	report_init(&l->report, REPORT_EDITION_UNKNOWN);
	buf_reset(data);
	if (read_report_file(path, regular, fd, data) < 0) {
		if (errno == EFBIG)
			snprintf(l->error, sizeof l->error, "文件超过 %u MiB 上限，未解析",
				 REPORT_PARSE_MAX_BYTES >> 20);
		else
			snprintf(l->error, sizeof l->error, "无法读取文件：%s", strerror(errno));
		return;
	}
	int rc;
	if (looks_like_json(data))
		rc = report_from_json(data->data, data->len, &l->report, l->error, sizeof l->error);
	else
		rc = report_parse(data->data, data->len, &l->report, &l->findings, l->error, sizeof l->error);
	l->readable = rc == 0;
}

void cli_report_load(struct loaded *l, const char *path)
{
	struct buf data = {0};
	cli_report_load_file(l, path, false, -1, &data);
	buf_free(&data);
}

void cli_report_unload(struct loaded *l)
{
	report_free(&l->report);
	findings_free(&l->findings);
}

void cli_report_print_findings(FILE *out, const struct findings *f)
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
		fputs(cli_report_usage, stderr);
		return EXIT_USAGE;
	}
	struct loaded l;
	cli_report_load(&l, argv[1]);
	if (!l.readable) {
		fprintf(stderr, "%s: %s\n", l.path, l.error);
		cli_report_unload(&l);
		return 2;
	}
	struct buf out = {0};
	report_to_json(&l.report, &out);
	fwrite(out.data, 1, out.len, stdout);
	buf_free(&out);
	cli_report_print_findings(stderr, &l.findings);
	int status = findings_status(&l.findings) == 2 ? 2 : 0;
	cli_report_unload(&l);
	return status;
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
			fputs(cli_report_usage, stderr);
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
		fputs(cli_report_usage, stderr);
		return EXIT_USAGE;
	}
	struct loaded l;
	cli_report_load(&l, argv[optind]);
	if (!l.readable) {
		fprintf(stderr, "%s: %s\n", l.path, l.error);
		cli_report_unload(&l);
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
	cli_report_unload(&l);
	return status;
}

int cli_report(int argc, char **argv)
{
	if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		fputs(cli_report_usage, argc < 2 ? stderr : stdout);
		return argc < 2 ? EXIT_USAGE : 0;
	}
	bool own_help = strcmp(argv[1], "check") == 0 || strcmp(argv[1], "build") == 0 ||
			strcmp(argv[1], "import") == 0 || strcmp(argv[1], "aggregate") == 0 ||
			strcmp(argv[1], "aggregate-check") == 0;
	if (!own_help && cli_wants_help(argc - 1, argv + 1)) { /* parse, render, trends: the summary says it all */
		fputs(cli_report_usage, stdout);
		return 0;
	}
	if (strcmp(argv[1], "parse") == 0)
		return cmd_parse(argc - 1, argv + 1);
	if (strcmp(argv[1], "check") == 0)
		return cli_report_check(argc - 1, argv + 1);
	if (strcmp(argv[1], "render") == 0)
		return cmd_render(argc - 1, argv + 1);
	if (strcmp(argv[1], "build") == 0)
		return cli_report_build(argc - 1, argv + 1);
	if (strcmp(argv[1], "import") == 0)
		return cli_report_import(argc - 1, argv + 1);
	if (strcmp(argv[1], "aggregate") == 0)
		return cli_report_aggregate(argc - 1, argv + 1);
	if (strcmp(argv[1], "aggregate-check") == 0)
		return cli_report_aggregate_check(argc - 1, argv + 1);
	if (strcmp(argv[1], "trends") == 0)
		return cli_report_trends(argc - 1, argv + 1);
	fprintf(stderr, "gongkai report: 未知子命令 %s\n%s", argv[1], cli_report_usage);
	return EXIT_USAGE;
}
