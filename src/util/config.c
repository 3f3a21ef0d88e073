/* config.c — the typed settings table and its three sources (defaults, config file, flags).
 * Adding a setting = one field in struct config (config.h) + one row in config_settings below. */
#include "util/config.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util/buf.h"

#define SETTING(field, type, def, help, min, max, choices)                                                             \
	{                                                                                                              \
#field, type, def, help, min, max, choices, offsetof(struct config, field)                             \
	}

const struct config_setting config_settings[] = {
    SETTING(db, CONFIG_STRING, "var/gongkai.db",
	    "数据库：SQLite 文件路径（也可写 sqlite:路径）或 postgresql://用户@主机:端口/库名（见 docs/deploy.md）", 0,
	    0, NULL),
    SETTING(listen, CONFIG_ADDRESS, "127.0.0.1:8080", "HTTP 监听地址（主机:端口）", 0, 0, NULL),
    SETTING(base_url, CONFIG_URL, "",
	    "网站对外地址，如 https://gk.example.gov.cn，或带子路径 https://www.example.gov.cn/gongkai（空则用监听"
	    "地址；从不采用请求的 Host）",
	    0, 0, NULL),
    SETTING(https, CONFIG_BOOL, "false", "经 HTTPS 提供服务（Cookie 加 Secure）", 0, 0, NULL),
    SETTING(trust_proxy, CONFIG_BOOL, "false", "信任反向代理的 X-Forwarded-For 取客户端地址", 0, 0, NULL),
    SETTING(trusted_proxies, CONFIG_STRING, "127.0.0.1,::1",
	    "受信任的反向代理地址（逗号分隔）；X-Forwarded-For 中从右起第一个不在此列表的地址即客户端地址", 0, 0, NULL),
    SETTING(threads, CONFIG_INT, "0",
	    "HTTP 工作线程数（0 = SQLite 每个 CPU 核 32 个、至少 64 个；PostgreSQL 每核 8 个、至少 16 个）", 0, 256,
	    NULL),
    SETTING(cache_ms, CONFIG_INT, "1000",
	    "匿名页面缓存、门户机构信息和节假日日历的最长缓存时间（毫秒）；本实例和同库其他实例的写入会立即（其他实例约"
	    " 0.2 秒内）使缓存失效",
	    100, 3600000, NULL),
    SETTING(max_connections, CONFIG_INT, "512", "最大并发连接数", 1, 100000, NULL),
    SETTING(connection_timeout, CONFIG_INT, "30", "连接空闲超时（秒）", 1, 3600, NULL),
    SETTING(max_connections_per_ip, CONFIG_INT, "64", "同一客户端地址的最大并发连接数", 1, 100000, NULL),
    SETTING(request_head_seconds, CONFIG_INT, "10", "请求行和全部请求头须在此秒数内收齐，否则断开连接", 1, 3600, NULL),
    SETTING(max_form_bytes, CONFIG_INT, "65536", "表单请求体上限（字节）", 1024, 16777216, NULL),
    SETTING(max_upload_bytes, CONFIG_INT, "20971520", "上传文件上限（字节）", 1024, 1073741824, NULL),
    SETTING(session_idle_minutes, CONFIG_INT, "30", "会话空闲超时（分钟）", 1, 1440, NULL),
    SETTING(session_absolute_hours, CONFIG_INT, "12", "会话最长有效期（小时）", 1, 720, NULL),
    SETTING(login_max_failures, CONFIG_INT, "5", "连续登录失败多少次后锁定", 1, 100, NULL),
    SETTING(audit_checkpoint_minutes, CONFIG_INT, "10", "服务运行时每隔多少分钟写一个审计日志签名检查点", 1, 1440,
	    NULL),
    SETTING(token_days, CONFIG_INT, "365", "API 访问令牌的默认有效期（天）", 1, 3650, NULL),
    SETTING(login_lockout_minutes, CONFIG_INT, "15", "登录锁定时长（分钟）", 1, 1440, NULL),
    SETTING(log_level, CONFIG_ENUM, "info", "日志级别", 0, 0, "error|warn|info|debug"),
    SETTING(site_name, CONFIG_STRING, "政府信息公开", "网站名称", 0, 0, NULL),
    SETTING(smtp_url, CONFIG_STRING, "",
	    "发送申请人通知邮件的 SMTP 服务器，如 smtp://127.0.0.1:25、smtps://…（空则不发邮件）", 0, 0, NULL),
    SETTING(smtp_user, CONFIG_STRING, "", "SMTP 用户名（空则不认证）", 0, 0, NULL),
    SETTING(smtp_password, CONFIG_STRING, "", "SMTP 密码", 0, 0, NULL),
    SETTING(mail_from, CONFIG_STRING, "", "通知邮件的发件地址，如 gongkai@example.gov.cn", 0, 0, NULL),
    SETTING(sms_command, CONFIG_STRING, "",
	    "发送短信的程序（以“程序 手机号”运行，短信内容从标准输入读入；空则不发短信）", 0, 0, NULL),
    SETTING(reminder_days, CONFIG_INT, "3",
	    "答复期限前几个工作日以邮件提醒承办人（承办人邮箱用 gongkai user email 设置；0 = 不提醒）", 0, 20, NULL),
    SETTING(conac_id, CONFIG_STRING, "", "党政机关网站标识编号（机构编制部门核发；空则页脚不显示标识）", 0, 0, NULL),
    {NULL, CONFIG_STRING, NULL, NULL, 0, 0, NULL, 0},
};

/* Compares a setting name with user text where '-' stands for '_'. */
static bool name_matches(const char *setting, const char *text, size_t text_len)
{
	size_t i = 0;
	for (; i < text_len && setting[i]; i++) {
		char c = text[i] == '-' ? '_' : text[i];
		if (c != setting[i])
			return false;
	}
	return i == text_len && setting[i] == '\0';
}

static const struct config_setting *config_find_n(const char *name, size_t len)
{
	for (const struct config_setting *s = config_settings; s->name; s++)
		if (name_matches(s->name, name, len))
			return s;
	return NULL;
}

const struct config_setting *config_find(const char *name)
{
	return config_find_n(name, strlen(name));
}

static void *field(struct config *cfg, const struct config_setting *s)
{
	return (char *)cfg + s->offset;
}

static const void *cfield(const struct config *cfg, const struct config_setting *s)
{
	return (const char *)cfg + s->offset;
}

static int parse_bool(const char *v, bool *out)
{
	static const char *const yes[] = {"true", "yes", "on", "1"}, *const no[] = {"false", "no", "off", "0"};
	for (size_t i = 0; i < 4; i++) {
		if (strcasecmp(v, yes[i]) == 0)
			return *out = true, 0;
		if (strcasecmp(v, no[i]) == 0)
			return *out = false, 0;
	}
	return -1;
}

static bool enum_allows(const char *choices, const char *v)
{
	size_t len = strlen(v);
	for (const char *p = choices; *p;) {
		const char *bar = strchr(p, '|');
		size_t n = bar ? (size_t)(bar - p) : strlen(p);
		if (n == len && strncmp(p, v, n) == 0)
			return true;
		p += n + (bar ? 1 : 0);
	}
	return false;
}

static int set_int(struct config *cfg, const struct config_setting *s, const char *value, char *err, size_t errlen)
{
	char *end;
	errno = 0;
	long v = strtol(value, &end, 10);
	if (errno || end == value || *end != '\0') {
		snprintf(err, errlen, "配置项 %s 须为整数，而不是“%s”", s->name, value);
		return -1;
	}
	if (v < s->min || v > s->max) {
		snprintf(err, errlen, "配置项 %s 的值 %ld 超出范围 %ld–%ld", s->name, v, s->min, s->max);
		return -1;
	}
	*(int *)field(cfg, s) = (int)v;
	return 0;
}

static int set_string(struct config *cfg, const struct config_setting *s, const char *value)
{
	char **slot = field(cfg, s);
	free(*slot);
	*slot = xstrdup(value);
	return 0;
}

/* host:port with a non-empty host (IPv6 in brackets) and a port in 0–65535 (0 = any free port). */
static bool address_valid(const char *v)
{
	const char *colon = strrchr(v, ':');
	if (!colon || colon == v || (v[0] == '[' && colon[-1] != ']') || strchr(v, ' '))
		return false;
	char *end;
	errno = 0;
	long port = strtol(colon + 1, &end, 10);
	return !errno && end != colon + 1 && *end == '\0' && port >= 0 && port <= 65535;
}

static bool url_valid(const char *v)
{
	size_t len = strlen(v);
	if (len == 0)
		return true;
	size_t scheme = strncmp(v, "https://", 8) == 0 ? 8 : strncmp(v, "http://", 7) == 0 ? 7 : 0;
	return scheme && len > scheme && v[len - 1] != '/' && !strpbrk(v, " \t\"<>");
}

static int set_value(struct config *cfg, const struct config_setting *s, const char *value, char *err, size_t errlen)
{
	switch (s->type) {
	case CONFIG_INT:
		return set_int(cfg, s, value, err, errlen);
	case CONFIG_BOOL:
		if (parse_bool(value, field(cfg, s)) < 0) {
			snprintf(err, errlen, "配置项 %s 须为 true 或 false，而不是“%s”", s->name, value);
			return -1;
		}
		return 0;
	case CONFIG_ENUM:
		if (!enum_allows(s->choices, value)) {
			snprintf(err, errlen, "配置项 %s 须为 %s 之一，而不是“%s”", s->name, s->choices, value);
			return -1;
		}
		return set_string(cfg, s, value);
	case CONFIG_ADDRESS:
		if (!address_valid(value)) {
			snprintf(err, errlen, "配置项 %s 须为“主机:端口”（如 127.0.0.1:8080），而不是“%s”", s->name,
				 value);
			return -1;
		}
		return set_string(cfg, s, value);
	case CONFIG_URL:
		if (!url_valid(value)) {
			snprintf(err, errlen,
				 "配置项 %s 须为以 http:// 或 https:// 开头、不以 / 结尾的网址，而不是“%s”", s->name,
				 value);
			return -1;
		}
		return set_string(cfg, s, value);
	case CONFIG_STRING:
		return set_string(cfg, s, value);
	}
	return -1;
}

int config_set(struct config *cfg, const char *key, const char *value, char *err, size_t errlen)
{
	const struct config_setting *s = config_find(key);
	if (!s) {
		snprintf(err, errlen, "未知配置项“%s”（gongkai config check --help 列出全部配置项）", key);
		return -1;
	}
	return set_value(cfg, s, value, err, errlen);
}

void config_init(struct config *cfg)
{
	memset(cfg, 0, sizeof *cfg);
	char ignored[8];
	for (const struct config_setting *s = config_settings; s->name; s++)
		set_value(cfg, s, s->default_value, ignored, sizeof ignored);
	cfg->config_file = xstrdup("");
}

void config_free(struct config *cfg)
{
	for (const struct config_setting *s = config_settings; s->name; s++)
		if (s->type != CONFIG_INT && s->type != CONFIG_BOOL)
			free(*(char **)field(cfg, s));
	free(cfg->config_file);
	memset(cfg, 0, sizeof *cfg);
}

static char *trim(char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	size_t n = strlen(s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' || s[n - 1] == '\n'))
		s[--n] = '\0';
	return s;
}

/* Applies one "key = value" line; empty lines and '#' comments are skipped. */
static int config_line(struct config *cfg, char *line, char *err, size_t errlen)
{
	char *text = trim(line);
	if (*text == '\0' || *text == '#')
		return 0;
	char *eq = strchr(text, '=');
	if (!eq) {
		snprintf(err, errlen, "缺少“=”，应为“配置项 = 值”");
		return -1;
	}
	*eq = '\0';
	char *key = trim(text), *value = trim(eq + 1);
	size_t n = strlen(value);
	if (n >= 2 && value[0] == '"' && value[n - 1] == '"') {
		value[n - 1] = '\0';
		value++;
	}
	return config_set(cfg, key, value, err, errlen);
}

#define CONFIG_FILE_MAX (1 << 20)

int config_load_file(struct config *cfg, const char *path, char *err, size_t errlen)
{
	struct buf data = {0};
	if (buf_read_file(&data, path, CONFIG_FILE_MAX) < 0) {
		snprintf(err, errlen, "无法读取配置文件 %s：%s", path, strerror(errno));
		buf_free(&data);
		return -1;
	}
	int rc = 0, lineno = 0;
	char *text = data.data ? data.data : "";
	for (char *p = text; rc == 0 && p && *p; lineno++) {
		char *nl = strchr(p, '\n');
		if (nl)
			*nl = '\0';
		char msg[512];
		if (config_line(cfg, p, msg, sizeof msg) < 0) {
			snprintf(err, errlen, "%s:%d: %s", path, lineno + 1, msg);
			rc = -1;
		}
		p = nl ? nl + 1 : NULL;
	}
	if (rc == 0) {
		free(cfg->config_file);
		cfg->config_file = xstrdup(path);
	}
	buf_free(&data);
	return rc;
}

/* Finds the config file to read: --config FILE / --config=FILE in argv (before "--"), else
 * $GONGKAI_CONFIG. Returns NULL when there is none. */
static const char *config_file_arg(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0)
			break;
		if (strcmp(argv[i], "--config") == 0 && i + 1 < argc)
			return argv[i + 1];
		if (strncmp(argv[i], "--config=", 9) == 0)
			return argv[i] + 9;
	}
	const char *env = getenv("GONGKAI_CONFIG");
	return env && *env ? env : NULL;
}

/* Handles argv[*i] if it is a configuration flag, advancing *i past its value.
 * Returns 1 consumed, 0 not a configuration flag, -1 error. */
static int config_flag(struct config *cfg, int argc, char **argv, int *i, char *err, size_t errlen)
{
	const char *arg = argv[*i];
	if (strncmp(arg, "--", 2) != 0 || arg[2] == '\0')
		return 0;
	const char *name = arg + 2, *eq = strchr(name, '=');
	size_t name_len = eq ? (size_t)(eq - name) : strlen(name);
	bool is_config = name_len == 6 && strncmp(name, "config", 6) == 0;
	bool is_set = name_len == 3 && strncmp(name, "set", 3) == 0;
	const struct config_setting *s = is_config || is_set ? NULL : config_find_n(name, name_len);
	if (!is_config && !is_set && !s)
		return 0;
	const char *value = eq ? eq + 1 : NULL;
	if (!value && !(s && s->type == CONFIG_BOOL)) {
		if (*i + 1 >= argc) {
			snprintf(err, errlen, "选项 --%.*s 缺少值", (int)name_len, name);
			return -1;
		}
		value = argv[++*i];
	}
	if (is_config)
		return 1; /* already read by config_from_args */
	if (s)
		return set_value(cfg, s, value ? value : "true", err, errlen) < 0 ? -1 : 1;
	const char *kv_eq = strchr(value, '=');
	if (!kv_eq) {
		snprintf(err, errlen, "--set 的参数应为“配置项=值”，而不是“%s”", value);
		return -1;
	}
	char *key = xstrndup(value, (size_t)(kv_eq - value));
	int rc = config_set(cfg, key, kv_eq + 1, err, errlen);
	free(key);
	return rc < 0 ? -1 : 1;
}

int config_from_args(struct config *cfg, int *argc, char **argv, char *err, size_t errlen)
{
	config_init(cfg);
	const char *file = config_file_arg(*argc, argv);
	if (file && config_load_file(cfg, file, err, errlen) < 0)
		return -1;
	int out = 1, i = 1;
	for (; i < *argc; i++) {
		if (strcmp(argv[i], "--") == 0)
			break;
		int rc = config_flag(cfg, *argc, argv, &i, err, errlen);
		if (rc < 0)
			return -1;
		if (rc == 0)
			argv[out++] = argv[i];
	}
	for (; i < *argc; i++)
		argv[out++] = argv[i];
	argv[out] = NULL;
	*argc = out;
	return 0;
}

void config_value_text(const struct config *cfg, const struct config_setting *s, char *dst, size_t size)
{
	switch (s->type) {
	case CONFIG_INT:
		snprintf(dst, size, "%d", *(const int *)cfield(cfg, s));
		break;
	case CONFIG_BOOL:
		snprintf(dst, size, "%s", *(const bool *)cfield(cfg, s) ? "true" : "false");
		break;
	case CONFIG_STRING:
	case CONFIG_ENUM:
	case CONFIG_ADDRESS:
	case CONFIG_URL:
		snprintf(dst, size, "%s", *(char *const *)cfield(cfg, s));
		break;
	}
}

void config_print(const struct config *cfg, FILE *out)
{
	if (cfg->config_file && *cfg->config_file)
		fprintf(out, "# 配置文件：%s\n", cfg->config_file);
	for (const struct config_setting *s = config_settings; s->name; s++) {
		char value[1024];
		config_value_text(cfg, s, value, sizeof value);
		fprintf(out, "# %s（默认 %s）\n%s = %s\n", s->help, *s->default_value ? s->default_value : "空",
			s->name, value);
	}
}
