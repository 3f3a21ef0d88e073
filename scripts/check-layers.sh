#!/usr/bin/env bash
# check-layers.sh — keeps the layers of docs/architecture.md true: every #include "x/y.h" of a file in
# src/ must be allowed by scripts/layers.txt (its own folder, a folder or header listed for its module,
# or a named exception), system headers such as <sqlite3.h> stay where layers.txt puts them, and SQL
# string literals name another feature's tables only where layers.txt allows it.
#
# Usage: scripts/check-layers.sh [ROOT]   (ROOT defaults to the checkout holding this script)
# Prints one line per violation, "file:line: why", and exits 1 when there is any; exits 2 when
# layers.txt itself is wrong (a module of src/ without a line, an unknown rule, a stale exception).
set -euo pipefail
root=${1:-$(cd "$(dirname "$0")/.." && pwd)}
rules="$root/scripts/layers.txt"
cd "$root"
[ -r "$rules" ] || { echo "check-layers: $rules not found" >&2; exit 2; }

mapfile -t files < <(find src -name '*.c' -o -name '*.h' | LC_ALL=C sort)
echo "check-layers: ${#files[@]} files, rules in scripts/layers.txt"

LC_ALL=C awk '
function fail(where, why) { printf "%s: %s\n", where, why; violations++ }
function glob_match(name, glob,    re) {
	re = glob; gsub(/\*/, ".*", re); return name ~ ("^" re "$")
}

# ---- the rules file (first file argument)
FNR == NR {
	sub(/#.*/, ""); if ($0 ~ /^[ \t]*$/) next
	if ($1 == "system") { hdr = $2; sub(/:$/, "", hdr); for (i = 3; i <= NF; i++) sys[hdr] = sys[hdr] " " $i " "; next }
	if ($1 == "table") { t = $2; sub(/:$/, "", t); tables[t] = $3; next }
	if ($1 == "exception") {
		f = $2; sub(/:$/, "", f); key = f " " $3; exc[key] = 1; exc_used[key] = 0; next
	}
	if ($1 ~ /:$/) {
		m = $1; sub(/:$/, "", m); declared[m] = 1
		allowed[m] = " "; for (i = 2; i <= NF; i++) allowed[m] = allowed[m] $i " "
		next
	}
	printf "scripts/layers.txt:%d: unknown rule: %s\n", FNR, $0; bad_rules++; next
}

# ---- a new source file
FNR == 1 {
	split(FILENAME, parts, "/"); mod = parts[2]  # src/MODULE/… or src/main.c
	if (!(mod in declared) && !(mod in undeclared)) undeclared[mod] = FILENAME
	carry = ""
	test_code = FILENAME ~ /\/(test_|fuzz_)[^\/]*$|_testutil\.h$/  # fixtures may write any table
}

# ---- includes
/^[ \t]*#[ \t]*include[ \t]*"/ {
	target = $0; sub(/^[^"]*"/, "", target); sub(/".*/, "", target)
	if (target !~ /\//) next  # "x.h": a file of the same folder
	split(target, tp, "/"); tmod = tp[1]
	if (tmod == mod) next
	if (index(allowed[mod], " " tmod " ") || index(allowed[mod], " " target " ")) next
	key = FILENAME " " target
	if (key in exc) { exc_used[key] = 1; next }
	fail(FILENAME ":" FNR, sprintf("%s may not include %s (layers.txt: %s:%s)", mod, target, mod, allowed[mod]))
	next
}
/^[ \t]*#[ \t]*include[ \t]*</ {
	hdr = $0; sub(/^[^<]*</, "", hdr); sub(/>.*/, "", hdr)
	if (!(hdr in sys)) next
	if (index(sys[hdr], " " mod " ") || index(sys[hdr], " " substr(FILENAME, 5) " ")) next
	fail(FILENAME ":" FNR, sprintf("<%s> belongs to%s only", hdr, sys[hdr]))
	next
}

# ---- SQL naming a table, inside string literals only (a keyword that ends the literals of a line carries over
#      to the next line, as in "SELECT … FROM " "application WHERE …")
!test_code {
	line = $0; text = ""
	while (match(line, /"([^"\\]|\\.)*"/)) { text = text " " substr(line, RSTART + 1, RLENGTH - 2); line = substr(line, RSTART + RLENGTH) }
	if (text == "") { carry = ""; next }
	rest = carry " " text
	carry = match(text, /(FROM|JOIN|INTO|UPDATE|TABLE|from|join|into|update)[ \t]*$/) ? substr(text, RSTART) : ""
	while (match(rest, /(FROM|JOIN|INTO|UPDATE|TABLE|from|join|into|update)[ \t]+[a-z_][a-z_0-9]*/)) {
		word = substr(rest, RSTART, RLENGTH); rest = substr(rest, RSTART + RLENGTH)
		sub(/^[A-Za-z]+[ \t]+/, "", word)
		for (t in tables) {
			if (!glob_match(word, t) || tables[t] == mod) continue
			key = FILENAME " table:" word
			if (key in exc) { exc_used[key] = 1; continue }
			fail(FILENAME ":" FNR, sprintf("SQL on table %s, which belongs to %s (layers.txt: table %s)", word, tables[t], t))
		}
	}
}

END {
	for (m in undeclared) {
		printf "scripts/layers.txt: module %s (%s) has no line: place it in the layers\n", m, undeclared[m]; bad_rules++
	}
	for (k in exc) if (!exc_used[k]) {
		printf "scripts/layers.txt: exception \"%s\" matches nothing any more: remove it\n", k; bad_rules++
	}
	if (bad_rules) exit 2
	if (violations) { printf "check-layers: %d violation(s)\n", violations; exit 1 }
	print "check-layers: ok"
}
' "$rules" "${files[@]}"
