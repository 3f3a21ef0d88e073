/* cli.h — the subcommands of the gongkai binary. Each takes argc/argv starting at the subcommand's
 * own name (argv[0] == "report", …) and returns the process exit status. Exit 64 (EX_USAGE) is a
 * usage error, as in sysexits.h. */
#ifndef GONGKAI_CLI_CLI_H
#define GONGKAI_CLI_CLI_H

#include <stdbool.h>
#include <stdint.h>

#include "domain/actor.h"
#include "util/buf.h"

#define EXIT_USAGE 64

/* Who acts in a command: the operator at the console (no user, audited with address "cli"). Every
 * write of a command goes through store_write() with this actor; a command never begins or commits a
 * transaction itself, and exits non-zero when store_write did not return OUTCOME_OK. */
#define CLI_ACTOR ((struct actor){.ip = "cli", .system = true})

/* True when an argument after argv[0] is --help or -h (cli_common.c). */
bool cli_wants_help(int argc, char **argv);

int cli_report(int argc, char **argv);
/* `report build` and `report import` (src/cli/cli_annual.c), dispatched by cli_report; argv[0] is
 * "build" / "import". */
int cli_report_build(int argc, char **argv);
int cli_report_import(int argc, char **argv);
/* `report aggregate` and `report aggregate-check` (src/cli/cli_aggregate.c); argv[0] is the subcommand. */
int cli_report_aggregate(int argc, char **argv);
/* For the report commands that write an export (cli_annual.c): binary formats (xlsx, pdf) go to a file or
 * a redirected standard output, never to a terminal (false after saying so on stderr); writing b to path
 * (NULL: standard output) returns 0, or -1 after a message naming the command ("report build"). */
bool cli_output_allowed(const char *command, const char *format, const char *path);
int cli_write_output(const char *command, const struct buf *b, const char *path);
/* Parses a positive decimal integer (an id, a year) that is the whole of text. Returns 0, or -1. */
int cli_parse_positive(const char *text, int64_t *out);
int cli_report_aggregate_check(int argc, char **argv);
int cli_report_trends(int argc, char **argv); /* `report trends` (cli_aggregate.c) */
int cli_serve(int argc, char **argv);
int cli_http(int argc, char **argv);
int cli_init(int argc, char **argv);
int cli_migrate(int argc, char **argv);
int cli_user(int argc, char **argv);
int cli_token(int argc, char **argv);
int cli_audit(int argc, char **argv);
int cli_config(int argc, char **argv);
int cli_backup(int argc, char **argv);
int cli_db(int argc, char **argv);	 /* db copy --from SRC --to DST (cli_db.c) */
int cli_calendar(int argc, char **argv); /* calendar list|load (cli_calendar.c) */
int cli_agency(int argc, char **argv);	 /* agency add|list (cli_agency.c) */

#endif
