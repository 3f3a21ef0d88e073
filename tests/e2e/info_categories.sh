#!/usr/bin/env bash
# info_categories.sh — the back office's 信息公开目录 page through `gongkai http`: an admin installs the
# default catalogue, edits a category (name, order) through its form with the session's CSRF token,
# and the change shows in the list (same rows, new name); a forged token changes nothing; the pages
# are valid HTML (tidy 5.6 predates the ARIA 1.1 and inputmode attributes: those warnings are tolerated).
# Environment: GONGKAI (binary).
set -euo pipefail
: "${GONGKAI:?path of the gongkai binary}"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
. "$(dirname "$0")/../lib/db.sh"
db=$(e2e_db t "$work") || exit 1
"$GONGKAI" init --db "$db" --demo >"$work/init.txt"
admin_pw=$(awk '$1 == "admin" { print $2; exit }' "$work/init.txt")
H='Host: 127.0.0.1:8080\r\n'
http() { printf '%b' "$1" | "$GONGKAI" http --db "$db"; }
body_of() { sed '1,/^\r$/d'; }
failures=0
check() { # NAME COMMAND…
	local name=$1; shift
	if "$@"; then echo "ok   $name"; else echo "FAIL $name"; failures=$((failures + 1)); fi
}
post() { # PATH FORM → response
	http "POST $1 HTTP/1.1\r\n${H}Content-Type: application/x-www-form-urlencoded\r\nCookie: gk_session=$sid\r\nContent-Length: ${#2}\r\n\r\n$2"
}

tok=0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef
form="csrf=$tok&name=admin&password=$admin_pw"
sid=$(http "POST /login HTTP/1.1\r\n${H}Content-Type: application/x-www-form-urlencoded\r\nCookie: gk_csrf=$tok\r\nContent-Length: ${#form}\r\n\r\n$form" |
	grep -o 'gk_session=[0-9a-f]*' | head -1 | cut -d= -f2)
[ ${#sid} -eq 64 ] || { echo "FAIL login"; exit 1; }
page() { http "GET $1 HTTP/1.1\r\n${H}Cookie: gk_session=$sid\r\n\r\n" | body_of; }
csrf=$(page /admin/info/categories | grep -o 'name="csrf" value="[0-9a-f]*"' | head -1 | sed 's/.*value="//; s/"//')
[ -n "$csrf" ] || { echo "FAIL no csrf field"; exit 1; }

# The admin's agency (the city) starts without a catalogue: install the defaults.
post /admin/info/categories "csrf=$csrf&op=defaults" >"$work/defaults.txt"
check defaults grep -q '^HTTP/1.1 303 ' "$work/defaults.txt"
page /admin/info/categories >"$work/list.html"
check defaults-listed grep -q '财政信息' "$work/list.html"
id=$(grep -o '<tr><td>[0-9]*</td><td>[A-Z0-9-]*</td><td>[^<]*财政信息' "$work/list.html" | head -1 | sed 's/<tr><td>\([0-9]*\).*/\1/')
[ -n "$id" ] || { echo "FAIL no id for 财政信息"; exit 1; }

# The edit form is filled with the category's values.
page "/admin/info/categories?edit=$id" >"$work/edit.html"
check edit-form grep -q "name=\"id\" value=\"$id\"" "$work/edit.html"
check edit-prefilled grep -q 'name="name" value="财政信息"' "$work/edit.html"
code=$(grep -o 'name="code" value="[^"]*"' "$work/edit.html" | sed 's/.*value="//; s/"//')

# A forged token changes nothing; the real one renames and reorders.
name=$(printf '财政预决算' | od -An -tx1 | tr -d ' \n' | sed 's/../%&/g')
post /admin/info/categories "csrf=forged&op=save&id=$id&name=$name&code=$code&sort_order=1" >"$work/forged.txt"
check forged-refused grep -q '^HTTP/1.1 403 ' "$work/forged.txt"
page /admin/info/categories >"$work/after-forgery.html"
check unchanged-after-forgery sh -c "! grep -q '财政预决算' '$work/after-forgery.html'"
post /admin/info/categories "csrf=$csrf&op=save&id=$id&name=$name&code=$code&sort_order=1" >"$work/save.txt"
check save grep -q '^HTTP/1.1 303 ' "$work/save.txt"
page /admin/info/categories >"$work/list2.html"
check renamed grep -q "<tr><td>$id</td><td>$code</td><td>[^<]*财政预决算" "$work/list2.html"
check renamed-not-duplicated sh -c "[ \$(grep -c '<tr><td>' '$work/list.html') = \$(grep -c '<tr><td>' '$work/list2.html') ]"
"$GONGKAI" audit list --db "$db" >"$work/audit.txt" 2>&1 || true
check audited grep -q 'info.category' "$work/audit.txt"

if command -v tidy >/dev/null; then
	for f in list2 edit; do
		tidy -errors -q "$work/$f.html" >"$work/tidy.txt" 2>&1 || true
		check "tidy-$f" sh -c "! grep -vE 'proprietary attribute \"(aria-|inputmode)' '$work/tidy.txt' | grep -q ."
	done
fi
echo "$failures failure(s)"
[ "$failures" -eq 0 ]
