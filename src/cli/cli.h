/* cli.h — the subcommands of the gongkai binary. Each takes argc/argv starting at the subcommand's
 * own name (argv[0] == "report", …) and returns the process exit status. Exit 64 (EX_USAGE) is a
 * usage error, as in sysexits.h. */
#ifndef GONGKAI_CLI_CLI_H
#define GONGKAI_CLI_CLI_H

#define EXIT_USAGE 64

int cli_report(int argc, char **argv);

#endif
