/* main.c — the gongkai binary: dispatches to a subcommand (as Fossil does). Each subcommand lives in
 * src/cli/ and does its own argument parsing; this file only knows the table below. */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"

struct command {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *summary;
};

static const struct command commands[] = {
    {"report", cli_report, "解析、检查、渲染年度报告 / parse, check and render annual reports"},
    {"serve", cli_serve, "启动门户网站、后台和 JSON API / serve the portal, back office and API over HTTP"},
    {"http", cli_http, "从标准输入回答一个 HTTP 请求 / answer one HTTP request read from stdin"},
    {"init", cli_init, "创建或升级数据库，--demo 载入演示数据 / create the database, load demo data"},
    {"migrate", cli_migrate, "应用数据库迁移并报告结构版本 / apply migrations, report the schema version"},
    {"user", cli_user, "用户管理：add、list、disable / manage staff accounts"},
    {"token", cli_token, "API 令牌：创建、列出、撤销 / create, list and revoke API bearer tokens"},
    {"audit", cli_audit, "校验或列出审计日志 / verify or list the audit log"},
    {"config", cli_config, "校验并打印配置 / check and print the configuration"},
    {"backup", cli_backup, "在线备份数据库 / take a consistent copy of the database"},
    {"db", cli_db, "db copy：把数据库复制到另一个数据库（SQLite → PostgreSQL）/ copy the database"},
    {"agency", cli_agency, "机关树：add 新增、list 列出 / add to and list the agency tree"},
    {"calendar", cli_calendar, "放假安排：list 列出、load 载入新年度 / list and load holiday schedules"},
    /* new subcommands are added here, one line each */
};

static void usage(FILE *out)
{
	fputs("gongkai — 政府信息公开平台 / government information disclosure platform\n\n"
	      "用法 / usage: gongkai COMMAND [ARGS…]\n\n",
	      out);
	for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
		fprintf(out, "  %-10s %s\n", commands[i].name, commands[i].summary);
	fputs("\n'gongkai COMMAND --help' 显示各命令的帮助 / shows help for a command.\n", out);
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		usage(stderr);
		return EXIT_USAGE;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "help") == 0) {
		usage(stdout);
		return 0;
	}
	for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
		if (strcmp(argv[1], commands[i].name) == 0)
			return commands[i].run(argc - 1, argv + 1);
	fprintf(stderr, "gongkai: 未知命令 '%s' / unknown command\n\n", argv[1]);
	usage(stderr);
	return EXIT_USAGE;
}
