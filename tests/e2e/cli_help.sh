#!/usr/bin/env bash
# cli_help.sh — `gongkai COMMAND --help` for every command `gongkai --help` lists (and the subcommands
# of report): exit 0, the usage on standard output, nothing on standard error, and nothing done — run
# in an empty directory, no database is created or migrated and no file appears (`backup --help` once
# copied the default database to a file named "--help", `token --help` crashed, `audit --help` listed
# the log). Environment: GONGKAI (binary).
set -uo pipefail
E2E_NAME=cli-help
. "$(dirname "$0")/../lib/e2e.sh"
mkdir "$work/cwd"
cd "$work/cwd" || exit 1
commands=$("$GONGKAI" --help | awk '/^  [a-z]+ / { print $1 }')
check commands-listed test "$(echo "$commands" | wc -l)" -ge 12
for c in $commands "report check" "report parse" "report render" "report build" "report import" \
	"report aggregate" "report aggregate-check" "report trends" "agency add" "agency list" \
	"calendar list" "calendar load" "db copy"; do
	# shellcheck disable=SC2086 # the subcommand words are meant to split
	"$GONGKAI" $c --help >"$work/out" 2>"$work/err"
	rc=$?
	check "$c: exit 0" test "$rc" -eq 0
	check "$c: usage on stdout" grep -qi 'usage\|用法' "$work/out"
	check "$c: nothing on stderr" test ! -s "$work/err"
	check "$c: nothing created" test -z "$(ls -A "$work/cwd")"
done
finish cli_help
