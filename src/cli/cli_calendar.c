/* cli_calendar.c — `gongkai calendar list` and `gongkai calendar load FILE`: the holiday schedules
 * (放假安排) behind every working-day deadline. The binary carries 2019–2026; when the State Council
 * publishes a new year's notice an administrator loads it here (or on /admin/calendar), and running
 * servers pick it up within seconds. Loading is audited as user 0 (the command line). Exit status:
 * 0 done, 1 refused or failed, 64 usage error. See docs/calendar.md. */
#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/cli.h"
#include "domain/holidays.h"
#include "storage/db.h"
#include "util/buf.h"
#include "util/china_time.h"
#include "util/config.h"

static const char calendar_usage[] =
    "用法 / usage:\n"
    "  gongkai calendar list\n"
    "      列出工作日历的各年度：来源（程序内置 / 管理员载入）、放假天数、调休上班天数、载入时间和载入人。\n"
    "  gongkai calendar load FILE\n"
    "      载入一个年度的放假安排（FILE 为 - 时读标准输入），替换该年度此前的安排。格式与 data/holidays-cn.txt\n"
    "      相同：一行“year 年份 [来源]”，其后每行“YYYY-MM-DD off|work 节日名称”（off 放假，work 调休上班）。\n"
    "  通用选项：--db PATH|postgresql://…  --config FILE  --set 配置项=值\n";

static void print_version(struct db *db)
{
	struct calendar *cal = NULL;
	char version[256], err[HOLIDAYS_ERR_SIZE];
	if (holidays_calendar(db, &cal, version, sizeof version, NULL, err, sizeof err) != 0) {
		fprintf(stderr, "gongkai calendar: %s\n", err);
		return;
	}
	printf("工作日历版本：%s\n", version);
	calendar_free(cal);
}

static const char *source_text(const struct holidays_year *y)
{
	if (!y->loaded)
		return "内置";
	return y->builtin ? "载入（替换内置）" : "载入";
}

static int list_cmd(struct db *db)
{
	struct holidays_year *v = NULL;
	size_t n = 0;
	char err[HOLIDAYS_ERR_SIZE];
	if (holidays_list(db, &v, &n, err, sizeof err) != 0) {
		fprintf(stderr, "gongkai calendar list: %s\n", err);
		return 1;
	}
	puts("年度\t来源\t放假天数\t调休上班天数\t载入时间（北京时间）\t载入人");
	for (size_t i = 0; i < n; i++) {
		char when[CHINA_TIME_SIZE] = "-";
		if (v[i].loaded)
			china_time_format(v[i].loaded_at, CHINA_MINUTE, when);
		const char *who = !v[i].loaded ? "-" : v[i].loaded_by_name[0] ? v[i].loaded_by_name : "命令行";
		printf("%d\t%s\t%d\t%d\t%s\t%s\n", v[i].year, source_text(&v[i]), v[i].off_days, v[i].work_days, when,
		       who);
	}
	free(v);
	puts("未列出的年份没有放假安排：涉及这些年份的期限会标明“计算涉及尚未载入放假安排的年份”。");
	print_version(db);
	return 0;
}

static int load_cmd(struct store *store, const char *path)
{
	struct buf text = {0};
	if (buf_read_file(&text, path, HOLIDAYS_TEXT_MAX) != 0) {
		fprintf(stderr, "gongkai calendar load: 无法读取 %s：%s\n", path,
			errno == EFBIG ? "文件过大（一个年度最多 64 KB）" : strerror(errno));
		buf_free(&text);
		return 1;
	}
	struct holidays_load_job job = {CLI_ACTOR, text.data, text.len, (int64_t)time(NULL), 0, false};
	struct outcome out;
	enum outcome_code code = store_write(store, holidays_load_job, &job, &out);
	buf_free(&text);
	if (code != OUTCOME_OK) {
		fprintf(stderr, "gongkai calendar load: %s：%s\n", path, out.message);
		return 1;
	}
	printf("已载入 %d 年度放假安排%s。\n", job.year, job.replaced ? "，替换了此前载入的安排" : "");
	print_version(store_reader(store));
	return 0;
}

/* The verb and its arguments are valid: "list" alone, or "load FILE". */
static bool usage_ok(int argc, char **argv)
{
	if (argc == 2 && strcmp(argv[1], "list") == 0)
		return true;
	return argc == 3 && strcmp(argv[1], "load") == 0;
}

int cli_calendar(int argc, char **argv)
{
	struct config cfg;
	char err[512];
	if (config_from_args(&cfg, &argc, argv, err, sizeof err) != 0) {
		fprintf(stderr, "gongkai calendar: %s\n", err);
		config_free(&cfg);
		return EXIT_USAGE;
	}
	if (cli_wants_help(argc, argv) || !usage_ok(argc, argv)) {
		bool help = cli_wants_help(argc, argv);
		fputs(calendar_usage, help ? stdout : stderr);
		config_free(&cfg);
		return help ? 0 : EXIT_USAGE;
	}
	struct store *store = store_open(cfg.db, STORE_MIGRATE, err, sizeof err);
	int rc = 1;
	if (!store)
		fprintf(stderr, "gongkai calendar: %s\n", err);
	else if (strcmp(argv[1], "list") == 0)
		rc = list_cmd(store_reader(store));
	else
		rc = load_cmd(store, argv[2]);
	store_close(store);
	config_free(&cfg);
	return rc;
}
