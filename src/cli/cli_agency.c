/* cli_agency.c — `gongkai agency add` and `gongkai agency list`: the agency tree a 公开办 supervises
 * (省/市/县/乡镇街道/部门, on the platform or external), managed from the console so scripts can set
 * up a county of many agencies. Adding goes through the same audited job as the back office
 * (admin_agency_add). Exit status: 0 done, 1 refused or failed, 64 usage error. See docs/supervision.md. */
#include <inttypes.h>
#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/cli.h"
#include "domain/admin.h"
#include "domain/agency.h"
#include "storage/db.h"
#include "util/config.h"

static const char agency_usage[] =
    "用法 / usage:\n"
    "  gongkai agency add NAME --parent ID [--level 省|市|县|乡镇街道|部门] [--external]\n"
    "      在编号为 ID 的机关之下新增机关 NAME（全称），层级默认为“部门”（“街道”“乡镇”也可）；\n"
    "      --external 表示该机关不在本平台办理（其年度报告以已发布的文件接收）。新机关的编号单独打印在最后一行。\n"
    "  gongkai agency list [--json]\n"
    "      按隶属关系列出机关树：编号、名称、层级，不在平台的标“外部”，已撤销的标“已撤销”，按层级缩进；\n"
    "      --json 输出数组，每项含 id、parent（根为 null）、name、level、depth、external、retired。\n"
    "  通用选项：--db PATH  --config FILE  --set 配置项=值\n";

struct add_options {
	const char *name;
	int64_t parent;
	enum agency_level level;
	bool external;
};

/* A positive decimal id, or 0 when text is not one. */
static int64_t parse_id(const char *text)
{
	char *end;
	long long v = strtoll(text, &end, 10);
	return *text && !*end && v > 0 ? (int64_t)v : 0;
}

/* Parses `add NAME --parent ID [--level L] [--external]`. Returns 0, or -1 after printing why. */
static int add_parse(int argc, char **argv, struct add_options *o)
{
	*o = (struct add_options){.level = AGENCY_DEPARTMENT};
	for (int i = 2; i < argc; i++) {
		const char *arg = argv[i];
		bool has_value = i + 1 < argc;
		if (strcmp(arg, "--external") == 0) {
			o->external = true;
		} else if (strcmp(arg, "--parent") == 0 && has_value) {
			if ((o->parent = parse_id(argv[++i])) == 0) {
				fprintf(stderr,
					"gongkai agency add: “上级机关”（--parent）应为机关编号（正整数），收到“%s”\n",
					argv[i]);
				return -1;
			}
		} else if (strcmp(arg, "--level") == 0 && has_value) {
			if (agency_level_parse(argv[++i], &o->level) != 0) {
				fprintf(stderr,
					"gongkai agency add: “层级”（--level）应为 "
					"省、市、县、乡镇街道（或乡镇、街道）、部门，收到“%s”\n",
					argv[i]);
				return -1;
			}
		} else if (arg[0] == '-' && arg[1]) {
			fprintf(stderr, "gongkai agency add: 不认识的选项或缺少取值：%s\n", arg);
			return -1;
		} else if (!o->name) {
			o->name = arg;
		} else {
			fprintf(stderr, "gongkai agency add: 多余的参数“%s”（名称中有空格时请加引号）\n", arg);
			return -1;
		}
	}
	if (!o->name || !o->name[0]) {
		fprintf(stderr, "gongkai agency add: 缺少“机关名称”（NAME）\n");
		return -1;
	}
	if (!o->parent) {
		fprintf(stderr, "gongkai agency add: 缺少“上级机关”（--parent ID，编号见 gongkai agency list）\n");
		return -1;
	}
	return 0;
}

static int add_cmd(struct store *store, const struct add_options *o)
{
	struct agency a = {.parent_id = o->parent, .level = o->level, .external = o->external};
	if (strlen(o->name) >= sizeof a.name) {
		fprintf(stderr, "gongkai agency add: “机关名称”过长（最多 %zu 字节）\n", sizeof a.name - 1);
		return 1;
	}
	memcpy(a.name, o->name, strlen(o->name) + 1);
	struct agency parent;
	if (agency_get(store_reader(store), o->parent, &parent) != 1) {
		fprintf(stderr, "gongkai agency add: “上级机关”编号 %" PRId64 " 不存在（见 gongkai agency list）\n",
			o->parent);
		return 1;
	}
	struct admin_agency_add_job job = {.actor = CLI_ACTOR, .agency = &a, .now = (int64_t)time(NULL)};
	struct outcome out;
	if (store_write(store, admin_agency_add, &job, &out) != OUTCOME_OK) {
		fprintf(stderr, "gongkai agency add: %s\n", out.message);
		return 1;
	}
	printf("已在“%s”之下新增%s“%s”%s，编号：\n%" PRId64 "\n", parent.name, agency_level_name_zh(a.level), a.name,
	       a.external ? "（不在平台，外部机关）" : "", job.id);
	return 0;
}

static json_t *agency_json(const struct agency *a)
{
	return json_pack("{s:I, s:o, s:s, s:s, s:i, s:b, s:b}", "id", (json_int_t)a->id, "parent",
			 a->parent_id ? json_integer(a->parent_id) : json_null(), "name", a->name, "level",
			 agency_level_name_zh(a->level) ? agency_level_name_zh(a->level) : "", "depth", a->depth,
			 "external", a->external, "retired", a->retired_at != 0);
}

static int list_cmd(struct db *db, bool as_json)
{
	struct agency *v = NULL;
	size_t n = 0;
	if (agency_list(db, &v, &n) != 0) {
		fprintf(stderr, "gongkai agency list: 读取机关失败\n");
		return 1;
	}
	if (as_json) {
		json_t *arr = json_array();
		for (size_t i = 0; i < n; i++)
			json_array_append_new(arr, agency_json(&v[i]));
		char *text = json_dumps(arr, JSON_INDENT(2));
		puts(text ? text : "[]");
		free(text);
		json_decref(arr);
	} else {
		for (size_t i = 0; i < n; i++)
			printf("%*s%" PRId64 "\t%s\t%s%s%s\n", v[i].depth * 2, "", v[i].id, v[i].name,
			       agency_level_name_zh(v[i].level) ? agency_level_name_zh(v[i].level) : "?",
			       v[i].external ? "\t外部" : "", v[i].retired_at ? "\t已撤销" : "");
	}
	free(v);
	return 0;
}

/* The verb is known and list has at most --json. */
static bool usage_ok(int argc, char **argv)
{
	if (argc >= 2 && strcmp(argv[1], "add") == 0)
		return true;
	return argc >= 2 && strcmp(argv[1], "list") == 0 &&
	       (argc == 2 || (argc == 3 && strcmp(argv[2], "--json") == 0));
}

int cli_agency(int argc, char **argv)
{
	struct config cfg;
	char err[512];
	if (config_from_args(&cfg, &argc, argv, err, sizeof err) != 0) {
		fprintf(stderr, "gongkai agency: %s\n", err);
		config_free(&cfg);
		return EXIT_USAGE;
	}
	struct add_options o;
	bool help = cli_wants_help(argc, argv);
	if (help || !usage_ok(argc, argv) || (strcmp(argv[1], "add") == 0 && add_parse(argc, argv, &o) != 0)) {
		fputs(agency_usage, help ? stdout : stderr);
		config_free(&cfg);
		return help ? 0 : EXIT_USAGE;
	}
	struct store *store = store_open(cfg.db, STORE_MIGRATE, err, sizeof err);
	int rc = 1;
	if (!store)
		fprintf(stderr, "gongkai agency: %s\n", err);
	else if (strcmp(argv[1], "list") == 0)
		rc = list_cmd(store_reader(store), argc == 3);
	else
		rc = add_cmd(store, &o);
	store_close(store);
	config_free(&cfg);
	return rc;
}
