/* cli_aggregate.c — `gongkai report aggregate` (the aggregated report 汇总年报 of a supervising agency and
 * year from the database: the draft with the stored or given selection, or a published version) and
 * `gongkai report aggregate-check` (a published aggregate checked against its agencies' published
 * reports given as files: the hierarchy rule H1, src/report/report_sum.h). Dispatched by cli_report.c.
 * Findings go to standard error; exit status 0 consistent (warnings allowed), 1 rule violations,
 * 2 refused or unreadable, 64 usage. */
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "annual/annual_archive.h"
#include "cli/cli.h"
#include "cli/cli_report.h"
#include "report/report_json.h"
#include "report/report_sum.h"
#include "storage/db.h"
#include "supervise/aggregate.h"
#include "util/china_time.h"
#include "util/config.h"

static const char aggregate_usage[] =
    "用法 / usage:\n"
    "  gongkai report aggregate --agency ID --year Y [--format json|txt|md|html|xlsx|pdf] [-o FILE]\n"
    "                           [--parts ID,ID…] [--published [--version N]] [--db PATH]\n"
    "      汇总年报：表二、表三、表四为所选单位年报的逐格之和。默认汇总 ID 本机关的记录和其下每个有该年度\n"
    "      年报的机关（已发布的年报；未发布的由记录生成；外部机关用导入的报送年报），或后台保存的汇总范围；\n"
    "      --parts 临时指定汇总单位；--published 输出已发布的版本（--version 指定版本号）。\n"
    "      JSON 为规范年报 JSON 加 "
    "\"parts\":[{\"agency_id\":N,\"agency\":\"…\",\"source\":\"records|published|external\"}]\n"
    "  gongkai report trends --agency ID --year Y [--years N] [-o FILE] [--db PATH]\n"
    "      ID 及其下级各单位近 N 年（默认 5，最多 10）的新收、办理、案件数：×5 或 ÷5 的跳变（J1–J3），\n"
    "      “五、存在的主要问题及改进情况”与上年雷同（S1）或与同年其他单位雷同（S2，按 4 字片段相似度 ≥ 50%）；\n"
    "      输出发现的 CSV（带 BOM 的 UTF-8）：机关编号、机关、年度、规则、说明\n"
    "  gongkai report aggregate-check AGGREGATE_FILE --parts FILE…\n"
    "      层级规则：已发布的汇总年报（文件）应等于各单位已发布年报（文件）之和；每个不等的格子一条 H1 错误，\n"
    "      指出格子和相关单位\n"
    "退出码 / exit status: 0 一致（可有警告）, 1 违反规则, 2 拒绝或无法读取, 64 用法错误\n";

struct aggregate_options {
	int64_t agency_id, version;
	int year;
	const char *format, *output;
	int64_t *parts;
	size_t n_parts;
	bool published, parts_given;
};

/* "3,5,8" → ids (malloc'd). Returns 0 or -1. */
static int parse_ids(const char *text, struct aggregate_options *o)
{
	char *copy = xstrdup(text), *save = NULL;
	int rc = 0;
	o->parts_given = true;
	for (char *tok = strtok_r(copy, ",", &save); tok && rc == 0; tok = strtok_r(NULL, ",", &save)) {
		o->parts = xrealloc(o->parts, (o->n_parts + 1) * sizeof *o->parts);
		rc = cli_parse_positive(tok, &o->parts[o->n_parts++]);
	}
	free(copy);
	return rc;
}

static int parse_options(int argc, char **argv, struct aggregate_options *o)
{
	static const struct option options[] = {
	    {"agency", required_argument, NULL, 'a'},  {"year", required_argument, NULL, 'y'},
	    {"format", required_argument, NULL, 'f'},  {"output", required_argument, NULL, 'o'},
	    {"parts", required_argument, NULL, 'p'},   {"published", no_argument, NULL, 'P'},
	    {"version", required_argument, NULL, 'v'}, {NULL, 0, NULL, 0},
	};
	int64_t year = 0;
	int c;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "o:", options, NULL)) != -1) {
		int rc = c == 'a'   ? cli_parse_positive(optarg, &o->agency_id)
			 : c == 'y' ? cli_parse_positive(optarg, &year)
			 : c == 'p' ? parse_ids(optarg, o)
			 : c == 'v' ? cli_parse_positive(optarg, &o->version)
			 : c == 'f' ? (o->format = optarg, 0)
			 : c == 'o' ? (o->output = optarg, 0)
			 : c == 'P' ? (o->published = true, 0)
				    : -1;
		if (rc < 0)
			return -1;
	}
	o->year = year > 0 && year <= 2099 ? (int)year : 0;
	return optind == argc && o->agency_id > 0 && o->year > 0 && annual_format_known(o->format) &&
		       !(o->published && o->parts_given) && (o->published || !o->version)
		   ? 0
		   : -1;
}

/* Renders a report JSON (the aggregate's, parts included) in the format: json as it is. */
static int render_json_text(const char *json, const char *format, struct buf *out)
{
	if (strcmp(format, "json") == 0) {
		buf_puts(out, json);
		return 0;
	}
	struct report r;
	char err[ANNUAL_ERR_SIZE];
	int rc = report_from_json(json, strlen(json), &r, err, sizeof err) == 0
		     ? annual_render(&r, format, out, err, sizeof err)
		     : -1;
	if (rc < 0)
		fprintf(stderr, "gongkai report aggregate: %s\n", err);
	report_free(&r);
	return rc;
}

static int run_published(struct store *store, const struct aggregate_options *o)
{
	char *json = aggregate_published_json(store_reader(store), o->agency_id, o->year, (int)o->version);
	if (!json) {
		fprintf(stderr, "gongkai report aggregate: 机关 %" PRId64 " 没有已发布的 %d 年汇总年报%s\n",
			o->agency_id, o->year, o->version ? "（该版本）" : "");
		return 2;
	}
	struct buf out = {0};
	int status =
	    render_json_text(json, o->format, &out) == 0 && cli_write_output("report aggregate", &out, o->output) == 0
		? 0
		: 2;
	buf_free(&out);
	free(json);
	return status;
}

static int run_draft(struct store *store, const struct aggregate_options *o)
{
	struct annual_env env = {.today = china_day((int64_t)time(NULL))};
	struct aggregate a;
	char err[AGGREGATE_ERR_SIZE];
	int status = 2;
	if (aggregate_build(store_reader(store), &env, o->agency_id, o->year, o->parts_given ? o->parts : NULL,
			    o->n_parts, &a, err, sizeof err) < 0) {
		fprintf(stderr, "gongkai report aggregate: %s\n", err);
	} else {
		struct buf json = {0}, out = {0};
		cli_report_print_findings(stderr, &a.findings);
		aggregate_to_json(&a, &json);
		if (render_json_text(json.data, o->format, &out) == 0 &&
		    cli_write_output("report aggregate", &out, o->output) == 0)
			status = findings_status(&a.findings);
		buf_free(&json);
		buf_free(&out);
	}
	aggregate_free(&a);
	return status;
}

int cli_report_aggregate(int argc, char **argv)
{
	if (argc > 1 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
		fputs(aggregate_usage, stdout);
		return 0;
	}
	struct config cfg;
	char err[512];
	struct aggregate_options o = {.format = "json"};
	int status = EXIT_USAGE;
	if (config_from_args(&cfg, &argc, argv, err, sizeof err) < 0) {
		fprintf(stderr, "gongkai report aggregate: %s\n", err);
	} else if (parse_options(argc, argv, &o) < 0) {
		fputs(aggregate_usage, stderr);
	} else if (!cli_output_allowed("report aggregate", o.format, o.output)) {
		status = EXIT_USAGE;
	} else {
		struct store *store = store_open(cfg.db, STORE_MIGRATE, err, sizeof err);
		if (!store) {
			fprintf(stderr, "gongkai report aggregate: %s\n", err);
			status = 2;
		} else {
			status = o.published ? run_published(store, &o) : run_draft(store, &o);
			store_close(store);
		}
	}
	free(o.parts);
	config_free(&cfg);
	return status;
}

/* ---- aggregate-check ----------------------------------------------------------------------------------- */

/* The name a part file goes by in messages: the agency its title names, else the file name. */
static const char *part_label(const struct loaded *l)
{
	if (l->report.agency && *l->report.agency)
		return l->report.agency;
	const char *slash = strrchr(l->path, '/');
	return slash ? slash + 1 : l->path;
}

/* Loads every file; 0 when all are readable, else 2 after naming the unreadable ones. */
static int load_all(struct loaded *files, int n, char **paths)
{
	int status = 0;
	for (int i = 0; i < n; i++) {
		cli_report_load(&files[i], paths[i]);
		if (!files[i].readable) {
			fprintf(stderr, "%s: %s\n", paths[i], files[i].error);
			status = 2;
		}
	}
	return status;
}

int cli_report_aggregate_check(int argc, char **argv)
{
	int sep = 0;
	for (int i = 1; i < argc && !sep; i++)
		if (strcmp(argv[i], "--parts") == 0)
			sep = i;
	if (sep != 2 || argc < 4) {
		fputs(aggregate_usage, argc > 1 && strcmp(argv[1], "--help") == 0 ? stdout : stderr);
		return argc > 1 && strcmp(argv[1], "--help") == 0 ? 0 : EXIT_USAGE;
	}
	int n = argc - 3;
	struct loaded *files = xcalloc((size_t)n + 1, sizeof *files);
	int status = load_all(files, 1, &argv[1]);
	if (status == 0)
		status = load_all(files + 1, n, &argv[3]);
	if (status == 0) {
		struct report_part *parts = xcalloc((size_t)n, sizeof *parts);
		for (int i = 0; i < n; i++)
			parts[i] = (struct report_part){&files[i + 1].report, part_label(&files[i + 1])};
		struct findings f = {0};
		char err[512];
		int differing = report_sum_check(&files[0].report, parts, (size_t)n, &f, err, sizeof err);
		if (differing < 0) {
			fprintf(stderr, "gongkai report aggregate-check: %s\n", err);
			status = 2;
		} else {
			printf("%s：与 %d 份单位年报逐格比对，%d 格不等\n", argv[1], n, differing);
			cli_report_print_findings(stdout, &f);
			status = differing ? 1 : 0;
		}
		findings_free(&f);
		free(parts);
	}
	for (int i = 0; i <= n; i++)
		cli_report_unload(&files[i]);
	free(files);
	return status;
}

/* ---- trends ----------------------------------------------------------------------------------------- */

int cli_report_trends(int argc, char **argv)
{
	static const struct option options[] = {
	    {"agency", required_argument, NULL, 'a'},
	    {"year", required_argument, NULL, 'y'},
	    {"years", required_argument, NULL, 'n'},
	    {"output", required_argument, NULL, 'o'},
	    {NULL, 0, NULL, 0},
	};
	struct config cfg;
	char err[512];
	if (config_from_args(&cfg, &argc, argv, err, sizeof err) < 0) {
		fprintf(stderr, "gongkai report trends: %s\n", err);
		config_free(&cfg);
		return EXIT_USAGE;
	}
	int64_t agency = 0, year = 0, years = 5;
	const char *output = NULL;
	int c, bad = 0;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "o:", options, NULL)) != -1)
		bad |= c == 'a'	  ? cli_parse_positive(optarg, &agency)
		       : c == 'y' ? cli_parse_positive(optarg, &year)
		       : c == 'n' ? cli_parse_positive(optarg, &years)
		       : c == 'o' ? (output = optarg, 0)
				  : -1;
	int status = EXIT_USAGE;
	if (bad || optind != argc || !agency || !year) {
		fputs(aggregate_usage, stderr);
	} else {
		struct store *store = store_open(cfg.db, STORE_MIGRATE, err, sizeof err);
		struct trends t;
		status = 2;
		if (!store)
			fprintf(stderr, "gongkai report trends: %s\n", err);
		else if (aggregate_trends(store_reader(store), agency, (int)year, (int)years, &t, err, sizeof err) < 0)
			fprintf(stderr, "gongkai report trends: %s\n", err);
		else {
			struct buf csv = {0};
			aggregate_trends_csv(&t, &csv);
			status = cli_write_output("report trends", &csv, output) < 0 ? 2 : t.nfindings ? 1 : 0;
			buf_free(&csv);
		}
		if (store) {
			aggregate_trends_free(&t);
			store_close(store);
		}
	}
	config_free(&cfg);
	return status;
}
