/* config.h — the process configuration: one typed table of settings (name, type, default, help).
 *
 * Sources, later ones win: built-in defaults < config file (--config FILE, else $GONGKAI_CONFIG if
 * set) < command-line flags (--db PATH, --set key=value, --KEY VALUE / --KEY=VALUE for any setting,
 * bare --KEY for booleans). The config file has one "key = value" per line, '#' starts a comment line,
 * values may be wrapped in double quotes. An unknown key or a value of the wrong type is an error
 * (start-up stops). struct config is the only global-ish state of the process: create it in main /
 * the subcommand and pass it explicitly. */
#ifndef GONGKAI_UTIL_CONFIG_H
#define GONGKAI_UTIL_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

enum config_type {
	CONFIG_STRING,
	CONFIG_INT,	/* decimal integer within [min, max] */
	CONFIG_BOOL,	/* true/false, yes/no, on/off, 1/0 */
	CONFIG_ENUM,	/* one of the '|'-separated words in choices */
	CONFIG_ADDRESS, /* host:port (port 0–65535, 0 = any free port; IPv6 host in brackets), stored as a string */
	CONFIG_URL,	/* "" or an absolute http:// or https:// URL without a trailing '/', stored as a string */
};

/* The effective configuration. Strings are malloc'd and owned by the struct (never NULL after
 * config_init). */
struct config {
	char *db;	       /* database: SQLite file (or sqlite:PATH) or postgresql:// URL; default var/gongkai.db */
	char *listen;	       /* HTTP address host:port, default 127.0.0.1:8080 */
	char *base_url;	       /* public URL of the site, e.g. https://gk.example.gov.cn or …/gongkai (a sub-path,
				* http/site_url.h); "" = the listen address */
	bool https;	       /* served over HTTPS (behind a proxy): cookies get Secure */
	bool trust_proxy;      /* take the client address from X-Forwarded-For (only behind a proxy) */
	char *trusted_proxies; /* comma-separated proxy addresses; the client is the rightmost other hop */
	int threads;	       /* HTTP worker threads (0 = one per CPU) */
	int cache_ms;	       /* longest life of the page cache, the portal's agency and the calendar check */
	int max_connections;
	int connection_timeout;	      /* seconds */
	int max_connections_per_ip;   /* concurrent connections from one address */
	int request_head_seconds;     /* the request line and all headers must arrive within this time */
	int max_form_bytes;	      /* largest urlencoded POST body */
	int max_upload_bytes;	      /* largest multipart upload */
	int session_idle_minutes;     /* session ends after this much inactivity */
	int session_absolute_hours;   /* session ends this long after login regardless */
	int login_max_failures;	      /* failures in a row before a lockout */
	int login_lockout_minutes;    /* length of the lockout */
	int audit_checkpoint_minutes; /* the server writes a signed audit checkpoint this often */
	int token_days;		      /* default lifetime of a new API token */
	char *log_level;	      /* error|warn|info|debug */
	char *site_name;	      /* portal title */
	char *smtp_url;		      /* notices to applicants: "" = no e-mail, smtp://… or smtps://… */
	char *smtp_user, *smtp_password;
	char *mail_from;   /* sender address of the notices */
	char *sms_command; /* "" = no SMS; executable run as COMMAND PHONE, text on stdin */
	int reminder_days; /* e-mail the assigned handler this many working days before a due date (0 = off) */
	char *conac_id; /* 党政机关网站标识 id issued by the 机构编制部门 ("" = no mark in the footer) */
	char *config_file; /* the file that was read ("" if none); informative */
};

/* One row of the settings table. */
struct config_setting {
	const char *name;
	enum config_type type;
	const char *default_value;
	const char *help;    /* Chinese, one line */
	long min, max;	     /* CONFIG_INT only */
	const char *choices; /* CONFIG_ENUM only, e.g. "error|warn|info|debug" */
	size_t offset;	     /* offsetof(struct config, field) */
};

/* The settings table, ending with a {NULL} row. */
extern const struct config_setting config_settings[];

/* Returns the setting with this name ('-' and '_' are interchangeable), or NULL. */
const struct config_setting *config_find(const char *name);

/* Fills cfg with the defaults. Release with config_free(). */
void config_init(struct config *cfg);
void config_free(struct config *cfg);

/* Sets one setting from text. Returns 0, or -1 with a Chinese message naming the key in err (unknown
 * key, bad type, out of range). */
int config_set(struct config *cfg, const char *key, const char *value, char *err, size_t errlen);

/* Reads a config file and applies each line with config_set. Returns 0, or -1 with a message giving
 * file:line. */
int config_load_file(struct config *cfg, const char *path, char *err, size_t errlen);

/* The full start-up sequence for a subcommand: config_init, then the config file, then the flags.
 * Consumes the configuration flags from argv (--config FILE, --db PATH, --set k=v, --KEY VALUE,
 * --KEY=VALUE, --BOOLKEY) and compacts argv: on return argv[0..*argc) hold argv[0] and the remaining
 * arguments in order (argv[*argc] == NULL), ready for getopt. Flags after "--" are not touched.
 * Returns 0, or -1 with a message in err (cfg is then still valid and must be freed). */
int config_from_args(struct config *cfg, int *argc, char **argv, char *err, size_t errlen);

/* Writes the effective settings as "key = value" lines, each preceded by its help as a comment. */
void config_print(const struct config *cfg, FILE *out);

/* Formats one setting's current value into dst (always NUL-terminated). */
void config_value_text(const struct config *cfg, const struct config_setting *s, char *dst, size_t size);

#endif
