/* cli_admin.c — the administration subcommands: init [--demo], migrate, user add|list|disable,
 * token create, audit verify|list, config check, backup PATH. Each takes the configuration flags
 * (--db PATH, --config FILE, --set key=value; see util/config.h) before its own options, opens the
 * database through the storage layer and records what it changed in the audit log (user 0 = the
 * command line). Exit status: 0 done, 1 failed, 64 usage error. */
#include <getopt.h>
#include <inttypes.h>
#include <sodium.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "annual/annual_demo.h"
#include "cli/cli.h"
#include "domain/accounts.h"
#include "domain/admin.h"
#include "domain/agency.h"
#include "domain/audit.h"
#include "domain/demo.h"
#include "supervise/collect_demo.h"
#include "domain/tokens.h"
#include "info/info_search.h"
#include "storage/db.h"
#include "util/buf.h"
#include "util/china_time.h"
#include "util/config.h"
#include "util/utf8.h"

#define COMMON_OPTIONS "  通用选项：--db PATH|postgresql://…  --config FILE  --set 配置项=值\n"

/* ---- shared helpers ---- */

/* Applies the configuration flags; on error prints it. Returns 0 or EXIT_USAGE. */
static int load_config(struct config *cfg, int *argc, char **argv)
{
	char err[512];
	if (config_from_args(cfg, argc, argv, err, sizeof err) == 0)
		return 0;
	fprintf(stderr, "gongkai %s: %s\n", argv[0], err);
	return EXIT_USAGE;
}

static struct store *open_store(const struct config *cfg, unsigned flags)
{
	char err[512];
	struct store *store = store_open(cfg->db, flags, err, sizeof err);
	if (!store)
		fprintf(stderr, "gongkai: %s\n", err);
	return store;
}

/* Reads one line (the password) from stdin without its line end. Returns a malloc'd string or NULL. */
static char *read_password_stdin(void)
{
	char *line = NULL;
	size_t cap = 0;
	ssize_t n = getline(&line, &cap, stdin);
	if (n < 0) {
		free(line);
		return NULL;
	}
	while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
		line[--n] = '\0';
	return line;
}

/* Prints text padded with spaces to width terminal columns (CJK characters take two). */
static void print_cell(const char *text, int width)
{
	int used = (int)utf8_columns(text);
	fputs(text, stdout);
	for (; used < width; used++)
		putchar(' ');
	putchar(' ');
}

/* Appends one audit entry for a command-line action in its own transaction. */
static void audit_cli(struct store *store, int64_t agency_id, const char *action, const char *type, int64_t id,
		      const char *detail)
{
	struct admin_audit_job job = {CLI_ACTOR, agency_id, action, type, id, detail, (int64_t)time(NULL)};
	if (store_write(store, admin_audit_note, &job, NULL) != OUTCOME_OK)
		fprintf(stderr, "gongkai: 警告：未能写入审计日志（%s）\n", action);
}

/* ---- init ---- */

static const char init_usage[] =
    "用法 / usage: gongkai init [--demo] [--agency NAME [--level 市] [--uscc CODE]]\n"
    "                           [--admin NAME [--password-stdin]]\n"
    "  创建（或升级）数据库。--demo 载入演示数据：汝州市人民政府及其下 20 个机关（部分不在本平台，\n"
    "  2025 年度年报部分已发布或已收到）、记录和每个角色一个演示账号（打印其密码）；\n"
    "  --agency 创建第一个机关，--admin 为其创建管理员（密码从标准输入读取，否则随机生成并打印）。\n" COMMON_OPTIONS;

struct init_options {
	bool demo, password_stdin;
	const char *agency, *level, *uscc, *admin;
};

static int init_parse(int argc, char **argv, struct init_options *o)
{
	static const struct option options[] = {
	    {"demo", no_argument, NULL, 'd'},
	    {"agency", required_argument, NULL, 'a'},
	    {"level", required_argument, NULL, 'l'},
	    {"uscc", required_argument, NULL, 'u'},
	    {"admin", required_argument, NULL, 'A'},
	    {"password-stdin", no_argument, NULL, 'p'},
	    {NULL, 0, NULL, 0},
	};
	memset(o, 0, sizeof *o);
	o->level = "市";
	int c;
	while ((c = getopt_long(argc, argv, "", options, NULL)) != -1) {
		switch (c) {
		case 'd':
			o->demo = true;
			break;
		case 'a':
			o->agency = optarg;
			break;
		case 'l':
			o->level = optarg;
			break;
		case 'u':
			o->uscc = optarg;
			break;
		case 'A':
			o->admin = optarg;
			break;
		case 'p':
			o->password_stdin = true;
			break;
		default:
			return -1;
		}
	}
	if (optind != argc || (o->demo && (o->agency || o->admin)) || (o->admin && !o->agency))
		return -1;
	return 0;
}

static int init_demo(struct store *store)
{
	struct demo_account accounts[DEMO_ACCOUNTS];
	char err[512];
	int64_t now = (int64_t)time(NULL);
	if (demo_load(store, now, accounts, err, sizeof err) < 0 || annual_demo_load(store, now, err, sizeof err) < 0 ||
	    collect_demo_load(store, now, err, sizeof err) < 0) {
		fprintf(stderr, "gongkai init: %s\n", err);
		return 1;
	}
	printf("已载入演示数据（机关：汝州市人民政府及其下的钟楼街道办事处、财政局、民政局等 20 个机关，其中 14 个不在"
	       "本平台；外部机关待上传的 2025 年度年报见源代码的 data/demo-reports/upload/）。\n"
	       "演示账号（密码只显示这一次）：\n");
	const char *head[] = {"用户名", "密码", "角色", "机关"};
	fputs("  ", stdout);
	static const int widths[] = {12, 16, 12};
	for (size_t i = 0; i < 3; i++)
		print_cell(head[i], widths[i]);
	puts(head[3]);
	for (size_t i = 0; i < DEMO_ACCOUNTS; i++) {
		char roles[128];
		roles_format(accounts[i].roles, true, roles, sizeof roles);
		fputs("  ", stdout);
		print_cell(accounts[i].name, 12);
		print_cell(accounts[i].password, 16);
		print_cell(roles, 12);
		printf("%s\n", accounts[i].agency_name);
	}
	return 0;
}

/* Creates the first agency (and optionally its admin) from the init options. */
static int init_agency(struct store *store, const struct init_options *o)
{
	struct agency a = {0};
	char err[512], password_buf[20] = "", hash[PASSWORD_HASH_MAX];
	if (agency_level_parse(o->level, &a.level) < 0) {
		fprintf(stderr, "gongkai init: 未知机关层级“%s”（省/市/县/乡镇/街道/部门）\n", o->level);
		return EXIT_USAGE;
	}
	snprintf(a.name, sizeof a.name, "%s", o->agency);
	snprintf(a.uscc, sizeof a.uscc, "%s", o->uscc ? o->uscc : "");
	char *password = NULL;
	if (o->admin) {
		if (o->password_stdin) {
			password = read_password_stdin();
		} else {
			password_generate(password_buf, 17);
			password = xstrdup(password_buf);
		}
		if (!password || !password_acceptable(password, err, sizeof err) || password_hash(password, hash) < 0) {
			fprintf(stderr, "gongkai init: %s\n", password ? err : "未能从标准输入读取密码");
			free(password);
			return 1;
		}
	}
	struct admin_agency_add_job job = {.actor = CLI_ACTOR,
					   .agency = &a,
					   .admin_name = o->admin,
					   .admin_hash = o->admin ? hash : NULL,
					   .now = (int64_t)time(NULL)};
	struct outcome out;
	if (store_write(store, admin_agency_add, &job, &out) != OUTCOME_OK) {
		fprintf(stderr, "gongkai init: %s\n", out.message);
		free(password);
		return 1;
	}
	printf("已创建机关 %" PRId64 "：%s\n", job.id, a.name);
	if (o->admin && !o->password_stdin)
		printf("管理员 %s 的初始密码（只显示这一次）：%s\n", o->admin, password);
	else if (o->admin)
		printf("已创建管理员 %s\n", o->admin);
	free(password);
	return 0;
}

int cli_init(int argc, char **argv)
{
	struct config cfg;
	int rc = load_config(&cfg, &argc, argv);
	struct init_options o = {0};
	if (rc == 0 && (cli_wants_help(argc, argv) || init_parse(argc, argv, &o) < 0)) {
		fputs(init_usage, cli_wants_help(argc, argv) ? stdout : stderr);
		rc = cli_wants_help(argc, argv) ? 0 : EXIT_USAGE;
		config_free(&cfg);
		return rc;
	}
	struct store *store = rc == 0 ? open_store(&cfg, STORE_CREATE | STORE_MIGRATE) : NULL;
	if (rc == 0 && !store)
		rc = 1;
	if (store) {
		printf("数据库 %s，结构版本 %d\n", cfg.db, store_schema_version(store));
		audit_cli(store, 0, "init", "database", 0, NULL); /* also creates the audit key file (0600) */
		if (o.demo)
			rc = init_demo(store);
		else if (o.agency)
			rc = init_agency(store, &o);
		store_close(store);
	}
	config_free(&cfg);
	return rc;
}

/* ---- migrate ---- */

int cli_migrate(int argc, char **argv)
{
	struct config cfg;
	int rc = load_config(&cfg, &argc, argv);
	if (rc == 0 && (argc != 1 || cli_wants_help(argc, argv))) {
		fputs("用法 / usage: gongkai migrate\n  应用尚未应用的数据库迁移并报告结构版本；在 PostgreSQL "
		      "上为还没有检索索引的信息建立索引。\n" COMMON_OPTIONS,
		      argc == 1 || cli_wants_help(argc, argv) ? stdout : stderr);
		rc = cli_wants_help(argc, argv) ? 0 : EXIT_USAGE;
	}
	if (rc != 0 || cli_wants_help(argc, argv)) { /* usage printed (or a bad config): nothing to run */
		config_free(&cfg);
		return rc;
	}
	struct store *store = rc == 0 ? open_store(&cfg, 0) : NULL;
	if (rc == 0 && !store)
		rc = 1;
	if (store) {
		char err[512];
		int applied = store_migrate(store, err, sizeof err);
		if (applied < 0) {
			fprintf(stderr, "gongkai migrate: %s\n", err);
			rc = 1;
		} else {
			printf("结构版本 %d（本程序最新版本 %d），本次应用 %d 个迁移\n", store_schema_version(store),
			       store_latest_version(), applied);
			int64_t indexed = info_search_reindex(store, err, sizeof err);
			if (indexed < 0) {
				fprintf(stderr, "gongkai migrate: %s\n", err);
				rc = 1;
			} else if (indexed > 0) {
				printf("已为 %" PRId64 " 条信息建立检索索引\n", indexed);
			}
		}
		store_close(store);
	}
	config_free(&cfg);
	return rc;
}

/* ---- user ---- */

static const char user_usage[] =
    "用法 / usage:\n"
    "  gongkai user add NAME --role ROLE[,ROLE…] [--agency ID] [--display-name 姓名] [--password-stdin]\n"
    "  gongkai user list [--agency ID]\n"
    "  gongkai user disable NAME\n"
    "  gongkai user email NAME ADDRESS   接收答复期限提醒的邮箱（空字符串清除）\n"
    "  角色：admin 管理员、editor 编辑、reviewer 保密审查员、handler 申请办理员、leader 审批领导、\n"
    "        supervisor 公开办督查。未给 --password-stdin 时随机生成密码并打印一次。\n" COMMON_OPTIONS;

struct user_options {
	const char *role, *display_name;
	int64_t agency_id;
	bool password_stdin;
};

static int user_parse(int argc, char **argv, struct user_options *o)
{
	static const struct option options[] = {
	    {"role", required_argument, NULL, 'r'},
	    {"agency", required_argument, NULL, 'a'},
	    {"display-name", required_argument, NULL, 'n'},
	    {"password-stdin", no_argument, NULL, 'p'},
	    {NULL, 0, NULL, 0},
	};
	memset(o, 0, sizeof *o);
	int c;
	char *end;
	while ((c = getopt_long(argc, argv, "", options, NULL)) != -1) {
		switch (c) {
		case 'r':
			o->role = optarg;
			break;
		case 'n':
			o->display_name = optarg;
			break;
		case 'p':
			o->password_stdin = true;
			break;
		case 'a':
			o->agency_id = strtoll(optarg, &end, 10);
			if (*end || o->agency_id <= 0)
				return -1;
			break;
		default:
			return -1;
		}
	}
	return 0;
}

/* The agency for a new user: the one given, else the first root agency. */
static int64_t default_agency(struct store *store)
{
	struct agency *roots;
	size_t n;
	if (agency_children(store_reader(store), 0, &roots, &n) < 0)
		return -1;
	int64_t id = n ? roots[0].id : 0;
	free(roots);
	return id;
}

static int user_add_cmd(struct store *store, const char *name, const struct user_options *o)
{
	char err[512], generated[20] = "", hash[PASSWORD_HASH_MAX];
	unsigned roles;
	if (!o->role || roles_parse(o->role, &roles, err, sizeof err) < 0) {
		fprintf(stderr, "gongkai user add: %s\n", o->role ? err : "缺少 --role");
		return EXIT_USAGE;
	}
	if (!user_name_valid(name, err, sizeof err)) {
		fprintf(stderr, "gongkai user add: %s\n", err);
		return 1;
	}
	int64_t agency_id = o->agency_id ? o->agency_id : default_agency(store);
	if (agency_id <= 0) {
		fprintf(stderr, "gongkai user add: 尚无机关，请先运行 gongkai init --agency 名称（或 --demo）\n");
		return 1;
	}
	char *password = o->password_stdin ? read_password_stdin() : NULL;
	if (!o->password_stdin) {
		password_generate(generated, 17);
		password = xstrdup(generated);
	}
	if (!password || !password_acceptable(password, err, sizeof err) || password_hash(password, hash) < 0) {
		fprintf(stderr, "gongkai user add: %s\n", password ? err : "未能从标准输入读取密码");
		free(password);
		return 1;
	}
	struct admin_user_add_job job = {CLI_ACTOR, agency_id,		 name, o->display_name, roles,
					 hash,	    (int64_t)time(NULL), 0};
	struct outcome out;
	bool ok = store_write(store, admin_user_add, &job, &out) == OUTCOME_OK;
	int64_t id = job.id;
	if (!ok)
		fprintf(stderr, "gongkai user add: %s\n", out.message);
	else if (o->password_stdin)
		printf("已添加用户 %s（编号 %" PRId64 "，机关 %" PRId64 "）\n", name, id, agency_id);
	else
		printf("已添加用户 %s（编号 %" PRId64 "，机关 %" PRId64 "），初始密码（只显示这一次）：%s\n", name, id,
		       agency_id, password);
	free(password);
	return ok ? 0 : 1;
}

static int user_list_cmd(struct store *store, const struct user_options *o)
{
	struct user *users;
	size_t n;
	if (user_list(store_reader(store), o->agency_id, &users, &n) < 0) {
		fprintf(stderr, "gongkai user list: 读取用户失败：%s\n", db_errmsg(store_reader(store)));
		return 1;
	}
	const char *head[] = {"编号", "用户名", "机关", "角色", "状态"};
	static const int widths[] = {6, 20, 6, 24, 4};
	for (size_t i = 0; i < 5; i++)
		print_cell(head[i], widths[i]);
	puts("姓名");
	for (size_t i = 0; i < n; i++) {
		char roles[128], id[24], agency[24];
		roles_format(users[i].roles, false, roles, sizeof roles);
		snprintf(id, sizeof id, "%" PRId64, users[i].id);
		snprintf(agency, sizeof agency, "%" PRId64, users[i].agency_id);
		print_cell(id, widths[0]);
		print_cell(users[i].name, widths[1]);
		print_cell(agency, widths[2]);
		print_cell(roles, widths[3]);
		print_cell(users[i].disabled ? "停用" : "正常", widths[4]);
		printf("%s\n", users[i].display_name);
	}
	free(users);
	return 0;
}

static int user_disable_cmd(struct store *store, const char *name)
{
	struct admin_user_disable_job job = {CLI_ACTOR, name, (int64_t)time(NULL)};
	struct outcome out;
	bool ok = store_write(store, admin_user_disable, &job, &out) == OUTCOME_OK;
	if (!ok)
		fprintf(stderr, "gongkai user disable: %s\n", out.message);
	else
		printf("已停用用户 %s，其会话和 API 令牌已失效\n", name);
	return ok ? 0 : 1;
}

static int user_email_cmd(struct store *store, const char *name, const char *email)
{
	struct admin_user_email_job job = {CLI_ACTOR, name, email, (int64_t)time(NULL)};
	struct outcome out;
	bool ok = store_write(store, admin_user_email, &job, &out) == OUTCOME_OK;
	if (!ok)
		fprintf(stderr, "gongkai user email: %s\n", out.message);
	else if (*email)
		printf("用户 %s 的提醒邮箱已设为 %s\n", name, email);
	else
		printf("已清除用户 %s 的提醒邮箱\n", name);
	return ok ? 0 : 1;
}

static int user_dispatch(struct store *store, int argc, char **argv, const struct user_options *o)
{
	const char *verb = argv[optind];
	int rest = argc - optind - 1;
	if (strcmp(verb, "add") == 0 && rest == 1)
		return user_add_cmd(store, argv[optind + 1], o);
	if (strcmp(verb, "list") == 0 && rest == 0)
		return user_list_cmd(store, o);
	if (strcmp(verb, "disable") == 0 && rest == 1)
		return user_disable_cmd(store, argv[optind + 1]);
	if (strcmp(verb, "email") == 0 && rest == 2)
		return user_email_cmd(store, argv[optind + 1], argv[optind + 2]);
	fputs(user_usage, stderr);
	return EXIT_USAGE;
}

int cli_user(int argc, char **argv)
{
	struct config cfg;
	int rc = load_config(&cfg, &argc, argv);
	struct user_options o = {0};
	if (rc == 0 && (cli_wants_help(argc, argv) || user_parse(argc, argv, &o) < 0 || optind >= argc)) {
		fputs(user_usage, cli_wants_help(argc, argv) ? stdout : stderr);
		rc = cli_wants_help(argc, argv) ? 0 : EXIT_USAGE;
	}
	if (rc != 0 || cli_wants_help(argc, argv)) { /* usage printed (or a bad config): nothing to run */
		config_free(&cfg);
		return rc;
	}
	struct store *store = rc == 0 ? open_store(&cfg, STORE_MIGRATE) : NULL;
	if (rc == 0 && !store)
		rc = 1;
	if (store)
		rc = user_dispatch(store, argc, argv, &o);
	store_close(store);
	config_free(&cfg);
	return rc;
}

/* ---- token ---- */

static const char token_usage[] =
    "用法 / usage:\n"
    "  gongkai token create NAME [--label 说明] [--days N]\n"
    "      为用户创建 API 令牌（Authorization: Bearer …）。令牌只显示一次，单独打印在最后一行；\n"
    "      数据库只保存其哈希。--days 设有效天数（1–3650，默认为配置项 token_days，365 天）。\n"
    "  gongkai token list NAME\n"
    "      列出用户的令牌，每行一个，以令牌编号开头：编号、说明、创建时间、有效期、最近使用时间、状态。\n"
    "  gongkai token revoke ID\n"
    "      撤销一个令牌（编号见 token list），其他令牌不受影响。\n" COMMON_OPTIONS;

static int token_create_cmd(struct store *store, const char *name, const char *label, long days)
{
	int64_t now = (int64_t)time(NULL);
	struct admin_token_create_job job = {
	    .actor = CLI_ACTOR, .name = name, .label = label, .now = now, .days = (int)days};
	struct outcome out;
	if (store_write(store, admin_token_create, &job, &out) != OUTCOME_OK) {
		fprintf(stderr, "gongkai token create: %s\n", out.message);
		return 1;
	}
	char until[CHINA_TIME_SIZE];
	china_time_format(now + days * 86400, CHINA_DATE, until);
	printf("已为用户 %s 创建 API 令牌（编号 %" PRId64 "，有效期至 %s），请立即保存，之后无法再次查看：\n%s\n", name,
	       job.id, until, job.token);
	sodium_memzero(job.token, sizeof job.token);
	return 0;
}

/* "YYYY-MM-DD HH:MM" (China time) of t, or fallback when t is 0. */
static const char *when_text(int64_t t, const char *fallback, char dst[CHINA_TIME_SIZE])
{
	return t ? china_time_format(t, CHINA_MINUTE, dst) : fallback;
}

static int token_list_cmd(struct store *store, const char *name)
{
	struct user u;
	struct db *db = store_reader(store);
	int found = user_get_by_name(db, name, &u);
	if (found != 1) {
		fprintf(stderr, "gongkai token list: %s“%s”\n", found == 0 ? "没有用户" : "读取失败：", name);
		return 1;
	}
	struct api_token *list;
	size_t n;
	if (token_list(db, u.id, &list, &n) != 0) {
		fprintf(stderr, "gongkai token list: 读取令牌失败\n");
		return 1;
	}
	int64_t now = (int64_t)time(NULL);
	for (size_t i = 0; i < n; i++) {
		char created[CHINA_TIME_SIZE], expires[CHINA_TIME_SIZE], used[CHINA_TIME_SIZE];
		printf("%" PRId64 "\t%s\t创建 %s\t有效期至 %s\t最近使用 %s\t%s\n", list[i].id,
		       list[i].label[0] ? list[i].label : "（无说明）", when_text(list[i].created_at, "-", created),
		       when_text(list[i].expires_at, "永不过期", expires),
		       when_text(list[i].last_used_at, "从未使用", used), token_state(&list[i], now));
	}
	if (n == 0)
		fprintf(stderr, "用户 %s 没有 API 令牌。\n", name);
	free(list);
	return 0;
}

static int token_revoke_cmd(struct store *store, const char *id_text)
{
	char *end;
	long long id = strtoll(id_text, &end, 10);
	if (*end || id <= 0) {
		fprintf(stderr, "gongkai token revoke: 令牌编号“%s”应为正整数（见 gongkai token list）\n", id_text);
		return EXIT_USAGE;
	}
	struct admin_token_revoke_job job = {CLI_ACTOR, (int64_t)id, (int64_t)time(NULL)};
	struct outcome out;
	if (store_write(store, admin_token_revoke, &job, &out) != OUTCOME_OK) {
		fprintf(stderr, "gongkai token revoke: %s\n", out.message);
		return 1;
	}
	printf("已撤销令牌 %lld。\n", id);
	return 0;
}

/* Runs the subcommand argv[0] with its one argument argv[1]. */
static int token_run(struct store *store, char **argv, const char *label, long days)
{
	if (strcmp(argv[0], "create") == 0)
		return token_create_cmd(store, argv[1], label, days);
	if (strcmp(argv[0], "list") == 0)
		return token_list_cmd(store, argv[1]);
	return token_revoke_cmd(store, argv[1]);
}

static bool token_subcommand(const char *word)
{
	return strcmp(word, "create") == 0 || strcmp(word, "list") == 0 || strcmp(word, "revoke") == 0;
}

int cli_token(int argc, char **argv)
{
	struct config cfg;
	int rc = load_config(&cfg, &argc, argv);
	static const struct option options[] = {
	    {"label", required_argument, NULL, 'l'},
	    {"days", required_argument, NULL, 'd'},
	    {NULL, 0, NULL, 0},
	};
	const char *label = NULL;
	long days = cfg.token_days;
	int c;
	while (rc == 0 && !cli_wants_help(argc, argv) && (c = getopt_long(argc, argv, "", options, NULL)) != -1) {
		char *end;
		if (c == 'l')
			label = optarg;
		else if (c == 'd' && (days = strtol(optarg, &end, 10)) > 0 && days <= TOKEN_DAYS_MAX && *end == '\0')
			continue;
		else
			rc = EXIT_USAGE;
	}
	if (rc == 0 && (cli_wants_help(argc, argv) || argc - optind != 2 || !token_subcommand(argv[optind]))) {
		fputs(token_usage, cli_wants_help(argc, argv) ? stdout : stderr);
		rc = cli_wants_help(argc, argv) ? 0 : EXIT_USAGE;
	} else if (rc == EXIT_USAGE) {
		fputs(token_usage, stderr);
	}
	if (rc != 0 || cli_wants_help(argc, argv)) { /* usage printed (or a bad config): nothing to run */
		config_free(&cfg);
		return rc;
	}
	struct store *store = rc == 0 ? open_store(&cfg, STORE_MIGRATE) : NULL;
	if (rc == 0 && !store)
		rc = 1;
	if (store)
		rc = token_run(store, argv + optind, label, days);
	store_close(store);
	config_free(&cfg);
	return rc;
}

/* ---- audit ---- */

/* Verifies with the database's own key and checkpoint file and appends a checkpoint when clean, or,
 * when key_path / cp_path are given (checking a backup), only verifies against those files. */
static int audit_verify_cmd(struct store *store, const char *key_path, const char *cp_path)
{
	struct audit_verify_result result;
	char err[256] = "";
	struct db *db = store_reader(store);
	int rc = key_path || cp_path ? audit_verify_files(db, key_path ? key_path : "", cp_path, &result)
				     : audit_checkpoint(db, (int64_t)time(NULL), &result, err, sizeof err);
	if (rc < 0 && (key_path || cp_path))
		snprintf(err, sizeof err, "%s", result.problem);
	if (rc < 0) {
		fprintf(stderr, "gongkai audit verify: %s\n", err[0] ? err : db_errmsg(db));
		return 1;
	}
	if ((key_path || cp_path) ? rc == 1 : rc == 2) {
		printf("审计日志已被篡改：%s（已检查 %" PRId64 " 条）\n", result.problem, result.entries);
		return 1;
	}
	printf("审计日志完整：%" PRId64 " 条记录（其中启用密钥前的旧记录 %" PRId64 " 条），已与 %" PRId64
	       " 个检查点核对\n最新哈希：%s\n",
	       result.entries, result.legacy_entries, result.checkpoints, result.entries ? result.last_hash : "（空）");
	if (!key_path && !cp_path && rc == 1)
		puts("已写入新的检查点。");
	return 0;
}

static int audit_list_cmd(struct store *store, long limit)
{
	struct audit_entry *entries;
	size_t n;
	if (audit_list(store_reader(store), 0, (size_t)limit, &entries, &n) < 0) {
		fprintf(stderr, "gongkai audit list: 读取审计日志失败\n");
		return 1;
	}
	for (size_t i = 0; i < n; i++) {
		char when[CHINA_TIME_SIZE];
		china_time_format(entries[i].at, CHINA_SECOND, when);
		printf("%-6" PRId64 " %s 用户%-4" PRId64 " 机关%-4" PRId64 " %-16s %s#%" PRId64 " %s %s\n",
		       entries[i].id, when, entries[i].user_id, entries[i].agency_id, entries[i].action,
		       entries[i].record_type, entries[i].record_id, entries[i].ip,
		       entries[i].detail ? entries[i].detail : "");
	}
	audit_entries_free(entries, n);
	return 0;
}

int cli_audit(int argc, char **argv)
{
	static const char usage[] =
	    "用法 / usage: gongkai audit verify [--key 密钥文件] [--checkpoints 检查点文件] | gongkai audit list [N]\n"
	    "  verify 用审计密钥（数据库文件名加 .audit-key）校验带密钥的哈希链，并与检查点文件（数据库文件名加\n"
	    "         .audit-checkpoints）中的每个检查点核对条数和哈希；完整时追加一个新的签名检查点。\n"
	    "         被篡改（改写、删除、截断、清空、重算）时退出码为 1。校验备份时用 --key 指定原数据库的密钥\n"
	    "         文件（及 --checkpoints），此时只校验、不写检查点。\n"
	    "  list   列出最近 N 条（默认 50）。\n" COMMON_OPTIONS;
	struct config cfg;
	int rc = load_config(&cfg, &argc, argv);
	const char *key_path = NULL, *cp_path = NULL;
	while (argc >= 4 && strcmp(argv[1], "verify") == 0 &&
	       (strcmp(argv[argc - 2], "--key") == 0 || strcmp(argv[argc - 2], "--checkpoints") == 0)) {
		*(strcmp(argv[argc - 2], "--key") == 0 ? &key_path : &cp_path) = argv[argc - 1];
		argc -= 2;
	}
	bool verify = argc == 2 && strcmp(argv[1], "verify") == 0;
	bool list = (argc == 2 || argc == 3) && strcmp(argv[1], "list") == 0;
	long limit = argc == 3 ? strtol(argv[2], NULL, 10) : 50;
	if (rc == 0 && (cli_wants_help(argc, argv) || (!verify && !list) || limit <= 0)) {
		fputs(usage, cli_wants_help(argc, argv) ? stdout : stderr);
		rc = cli_wants_help(argc, argv) ? 0 : EXIT_USAGE;
	}
	if (rc != 0 || cli_wants_help(argc, argv)) { /* usage printed (or a bad config): nothing to run */
		config_free(&cfg);
		return rc;
	}
	struct store *store = rc == 0 ? open_store(&cfg, 0) : NULL;
	if (rc == 0 && !store)
		rc = 1;
	if (store)
		rc = verify ? audit_verify_cmd(store, key_path, cp_path) : audit_list_cmd(store, limit);
	store_close(store);
	config_free(&cfg);
	return rc;
}

/* ---- config ---- */

int cli_config(int argc, char **argv)
{
	static const char usage[] = "用法 / usage: gongkai config check [--config FILE] [--set 配置项=值 …]\n"
				    "  校验配置（未知配置项或类型错误时退出码为 1）并打印生效的全部配置项。\n";
	if (cli_wants_help(argc, argv)) {
		fputs(usage, stdout);
		return 0;
	}
	struct config cfg;
	char err[512];
	int rc = config_from_args(&cfg, &argc, argv, err, sizeof err);
	if (rc < 0)
		fprintf(stderr, "gongkai config check: %s\n", err);
	else if (argc != 2 || strcmp(argv[1], "check") != 0)
		fputs(usage, stderr);
	else
		config_print(&cfg, stdout);
	config_free(&cfg);
	return rc < 0 ? 1 : (argc != 2 || strcmp(argv[1], "check") != 0) ? EXIT_USAGE : 0;
}

/* ---- backup ---- */

int cli_backup(int argc, char **argv)
{
	struct config cfg;
	int rc = load_config(&cfg, &argc, argv);
	if (rc == 0 && (cli_wants_help(argc, argv) || argc != 2)) {
		fputs("用法 / usage: gongkai backup PATH\n  在服务运行时取得数据库的一致副本（SQLite "
		      "在线备份）。\n" COMMON_OPTIONS,
		      cli_wants_help(argc, argv) ? stdout : stderr);
		rc = cli_wants_help(argc, argv) ? 0 : EXIT_USAGE;
	}
	if (rc != 0 || cli_wants_help(argc, argv)) { /* usage printed (or a bad config): nothing to run */
		config_free(&cfg);
		return rc;
	}
	struct store *store = rc == 0 ? open_store(&cfg, 0) : NULL;
	if (rc == 0 && !store)
		rc = 1;
	if (store) {
		char err[512];
		if (store_backup(store, argv[1], err, sizeof err) < 0) {
			fprintf(stderr, "gongkai backup: %s\n", err);
			rc = 1;
		} else {
			audit_cli(store, 0, "backup", "database", 0, argv[1]);
			printf("已备份到 %s\n", argv[1]);
		}
	}
	store_close(store);
	config_free(&cfg);
	return rc;
}
