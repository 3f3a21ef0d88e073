#!/usr/bin/env bash
# layers.sh — the layer check (scripts/check-layers.sh with scripts/layers.txt) passes on the checkout,
# and fails, naming file:line, on a copy into which each kind of violation is put in turn: an upward
# include (a feature including http/), a sideways include (info including annual/), an include into the
# pure report library, a system header out of its place (<sqlite3.h> in a feature), SQL on another
# feature's table, a table name split over two string literals; and it refuses a rules file that
# forgets a module or keeps an exception that matches nothing.
set -euo pipefail
: "${SRC:?path of the source checkout}"
work=$(mktemp -d /tmp/gongkai-e2e-layers-XXXXXX)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

out=$("$SRC/scripts/check-layers.sh" "$SRC") || fail "the checkout violates its layers: $out"
grep -q 'check-layers: ok' <<<"$out" || fail "no ok line: $out"

# A fresh copy of src/ and the rules for each case; $1 = expected exit status, $2 = expected text.
fresh() {
	rm -rf "$work/tree"
	mkdir -p "$work/tree/scripts"
	cp -r "$SRC/src" "$work/tree/src"
	cp "$SRC/scripts/layers.txt" "$SRC/scripts/check-layers.sh" "$work/tree/scripts/"
}
expect() {
	local status=0 got
	got=$("$work/tree/scripts/check-layers.sh" "$work/tree" 2>&1) || status=$?
	[ "$status" -eq "$1" ] || fail "expected exit $1, got $status for: $2; output: $got"
	grep -qF -- "$2" <<<"$got" || fail "expected \"$2\" in: $got"
}
# Inserts a line after line 1 of a file (line 2 then holds it).
inject() { sed -i "1a $2" "$work/tree/$1"; }

# One violation per case: FILE | LINE PUT AFTER ITS FIRST LINE | what the check must print.
while IFS='|' read -r file line want; do
	fresh
	inject "$file" "$line"
	expect 1 "$want"
done <<'CASES'
src/apply/apply_list.c|#include "http/req.h"|src/apply/apply_list.c:2: apply may not include http/req.h
src/info/item.c|#include "annual/annual.h"|src/info/item.c:2: info may not include annual/annual.h
src/annual/build.c|#include "apply/apply_internal.h"|src/annual/build.c:2: annual may not include apply/apply_internal.h
src/report/report.c|#include "storage/db.h"|src/report/report.c:2: report may not include storage/db.h
src/calendar/calendar.c|#include "domain/holidays.h"|src/calendar/calendar.c:2: calendar may not include domain/holidays.h
src/util/buf.c|#include "storage/db.h"|src/util/buf.c:2: util may not include storage/db.h
src/info/stats.c|#include <sqlite3.h>|src/info/stats.c:2: <sqlite3.h> belongs to
src/http/router.c|#include <microhttpd.h>|src/http/router.c:2: <microhttpd.h> belongs to
src/info/stats.c|static const char *q = "SELECT count(*) FROM application WHERE agency_id = :a";|src/info/stats.c:2: SQL on table application, which belongs to apply
src/http/page_portal.c|static const char *q = "SELECT id FROM " "x"; static const char *r = "UPDATE annual_report SET y = 1";|src/http/page_portal.c:2: SQL on table annual_report, which belongs to annual
CASES

fresh
sed -i '1a static const char *q = "SELECT title FROM "\n\t"info_item WHERE id = :id";' "$work/tree/src/apply/apply_list.c"
expect 1 'src/apply/apply_list.c:3: SQL on table info_item, which belongs to info'

fresh
mkdir "$work/tree/src/newmod" && echo '#include "util/buf.h"' >"$work/tree/src/newmod/x.c"
expect 2 'module newmod (src/newmod/x.c) has no line'

fresh
echo 'exception src/info/item.c: http/req.h' >>"$work/tree/scripts/layers.txt"
expect 2 'exception "src/info/item.c http/req.h" matches nothing'

fresh
echo 'allow everything' >>"$work/tree/scripts/layers.txt"
expect 2 'unknown rule: allow everything'

# the named exception is the only thing that lets a violation through
fresh
echo 'exception src/apply/apply_list.c: http/req.h # temporary' >>"$work/tree/scripts/layers.txt"
inject src/apply/apply_list.c '#include "http/req.h"'
expect 0 'check-layers: ok'
echo "layers: ok"
