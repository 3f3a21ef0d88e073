/* cli_serve.c — `gongkai serve` (the portal, back office and JSON API over HTTP) and `gongkai http`
 * (answer one HTTP request read from stdin, for request tests — as `fossil http`). Both take the
 * configuration flags of src/util/config.h (--db, --config, --set k=v, --listen ADDR, …). */
#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "apply/apply.h"
#include "http/http.h"
#include "info/info_search.h"
#include "notify/notify.h"
#include "storage/db.h"
#include "util/config.h"

static const char serve_usage[] =
    "用法 / usage:\n"
    "  gongkai serve [--listen 主机:端口] [--db 数据库] [--config 文件] [--set 配置项=值] [--port-file 文件]\n"
    "      启动门户网站、后台和 JSON API；收到 SIGTERM 或 Ctrl-C 后等待进行中的请求完成再退出。\n"
    "      配置了 smtp_url（及 mail_from）或 sms_command 时，按队列向申请人发送邮件、短信通知。\n"
    "      --listen 127.0.0.1:0 选择空闲端口；--port-file 把实际的“主机:端口”写入文件（测试用）。\n"
    "  gongkai http [--db 数据库] [--config 文件] [--set 配置项=值] [--client-ip 地址]\n"
    "      从标准输入读取一个 HTTP 请求，把完整响应写到标准输出（请求测试用）。\n";

/* Reads the configuration flags; prints the error and returns false when they are invalid. */
static bool load_config(struct config *cfg, int *argc, char **argv, const char *cmd)
{
	char err[512];
	if (config_from_args(cfg, argc, argv, err, sizeof err) == 0)
		return true;
	fprintf(stderr, "gongkai %s: %s\n", cmd, err);
	return false;
}

static struct store *open_store(const struct config *cfg, const char *cmd, bool required)
{
	char err[512] = "";
	struct store *store = store_open(cfg->db, STORE_MIGRATE, err, sizeof err);
	if (!store && required)
		fprintf(stderr, "gongkai %s: 无法打开数据库 %s：%s\n（新建数据库请先运行 gongkai init --demo）\n", cmd,
			cfg->db, err);
	return store;
}

/* PostgreSQL: indexes the items that have no search index row yet (after migration 070, or written by
 * another program) before serving. False (message printed) on a database error. */
static bool search_index_ready(struct store *store)
{
	char err[512];
	int64_t written = info_search_reindex(store, err, sizeof err);
	if (written < 0)
		fprintf(stderr, "gongkai serve: %s\n", err);
	else if (written > 0)
		fprintf(stderr, "gongkai serve: 已为 %" PRId64 " 条信息建立检索索引\n", written);
	return written >= 0;
}

/* Opens the --port-file for the "listening on" line; returns the fd, -1 when not requested/failed. */
static int open_port_file(const char *path)
{
	if (!path)
		return -1;
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0)
		perror(path);
	return fd;
}

int cli_serve(int argc, char **argv)
{
	struct config cfg;
	if (!load_config(&cfg, &argc, argv, "serve")) {
		config_free(&cfg);
		return EXIT_USAGE;
	}
	static const struct option options[] = {
	    {"port-file", required_argument, NULL, 'p'}, {"help", no_argument, NULL, 'h'}, {0}};
	const char *port_file = NULL;
	int c;
	while ((c = getopt_long(argc, argv, "h", options, NULL)) != -1) {
		if (c == 'p') {
			port_file = optarg;
			continue;
		}
		fputs(serve_usage, c == 'h' ? stdout : stderr);
		config_free(&cfg);
		return c == 'h' ? 0 : EXIT_USAGE;
	}
	char load_err[256];
	if (http_server_load(load_err, sizeof load_err) != 0) { /* libmicrohttpd: before touching the database */
		fprintf(stderr, "gongkai serve: %s\n", load_err);
		config_free(&cfg);
		return 1;
	}
	struct store *store = open_store(&cfg, "serve", true);
	if (!store || !search_index_ready(store)) {
		store_close(store);
		config_free(&cfg);
		return 1;
	}
	char watch_err[256];
	if (store_watch_start(store, STORE_WATCH_MS, watch_err, sizeof watch_err) != 0) /* other instances' commits */
		fprintf(stderr, "gongkai serve: 无法监视其他实例的更改，缓存只按时间过期：%s\n", watch_err);
	struct notify_config notify = {cfg.smtp_url,
				       cfg.smtp_user,
				       cfg.smtp_password,
				       cfg.mail_from,
				       cfg.sms_command,
				       apply_notify_attachment,
				       2,
				       NULL,
				       NULL,
				       NULL};
	char err[256];
	if (notify_config_check(&notify, err, sizeof err) != 0) {
		fprintf(stderr, "gongkai serve: %s\n", err);
		store_close(store);
		config_free(&cfg);
		return EXIT_USAGE;
	}
	struct http_app app;
	http_app_init(&app, &cfg, store);
	struct apply_reminders reminders = {store, app.calendars, cfg.reminder_days, 0}; /* staff, before due dates */
	notify.tick = apply_remind_tick;
	notify.tick_ctx = &reminders;
	struct notify_sender *sender = notify_sender_start(store, &notify); /* notices and reminders */
	int fd = open_port_file(port_file);
	int rc = http_serve(&app, fd);
	if (fd >= 0)
		close(fd);
	notify_sender_stop(sender);
	http_app_free(&app);
	store_close(store);
	config_free(&cfg);
	return rc == 0 ? 0 : 1;
}

int cli_http(int argc, char **argv)
{
	struct config cfg;
	if (!load_config(&cfg, &argc, argv, "http")) {
		config_free(&cfg);
		return EXIT_USAGE;
	}
	static const struct option options[] = {
	    {"client-ip", required_argument, NULL, 'i'}, {"help", no_argument, NULL, 'h'}, {0}};
	const char *client_ip = "127.0.0.1";
	int c;
	while ((c = getopt_long(argc, argv, "h", options, NULL)) != -1) {
		if (c == 'i') {
			client_ip = optarg;
			continue;
		}
		fputs(serve_usage, c == 'h' ? stdout : stderr);
		config_free(&cfg);
		return c == 'h' ? 0 : EXIT_USAGE;
	}
	struct store *store = open_store(&cfg, "http", false); /* pages that need it answer 500 without it */
	struct http_app app;
	http_app_init(&app, &cfg, store);
	app.access_log = false; /* stdout is the response; keep stderr for real problems */
	int rc = http_answer_stream(&app, stdin, stdout, client_ip);
	http_app_free(&app);
	store_close(store);
	config_free(&cfg);
	return rc == 0 ? 0 : 1;
}
