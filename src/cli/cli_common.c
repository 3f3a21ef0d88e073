/* cli_common.c — small helpers every subcommand's argument parsing needs (cli.h), kept in one place
 * instead of a copy per command. */
#include <string.h>

#include "cli/cli.h"

bool cli_wants_help(int argc, char **argv)
{
	for (int i = 1; i < argc; i++)
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0)
			return true;
	return false;
}
