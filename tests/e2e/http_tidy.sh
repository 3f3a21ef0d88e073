#!/usr/bin/env bash
# http_tidy.sh — validates the HTML of the main pages (portal, login, error page, back office) with
# `tidy -errors -q` (as cgit's t0010-validate-html.sh). Any tidy error fails; of the warnings only
# tidy 5.6's outdated complaint about ARIA 1.1 attributes (aria-current) is tolerated.
set -euo pipefail
: "${GONGKAI:?path of the gongkai binary}"
command -v tidy >/dev/null || { echo "tidy is not installed (apt-get install tidy)"; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
. "$(dirname "$0")/../lib/db.sh"
db=$(e2e_db t "$work") || exit 1
"$GONGKAI" init --db "$db" --demo >"$work/init.txt"
admin_pw=$(awk '$1 == "admin" { print $2; exit }' "$work/init.txt")
H='Host: 127.0.0.1:8080\r\n'
body_of() { sed '1,/^\r$/d'; }
http() { printf '%b' "$1" | "$GONGKAI" http --db "$db"; }

tok=0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef
form="csrf=$tok&name=admin&password=$admin_pw"
sid=$(http "POST /login HTTP/1.1\r\n${H}Content-Type: application/x-www-form-urlencoded\r\nCookie: gk_csrf=$tok\r\nContent-Length: ${#form}\r\n\r\n$form" |
	grep -o 'gk_session=[0-9a-f]*' | head -1 | cut -d= -f2)
[ ${#sid} -eq 64 ] || { echo "login failed"; exit 1; }

failures=0
pages="/ /info /info/guide /apply /apply/new /apply/query /annual /rules /sitemap /contact /login /no-such-page /admin /admin/users
/admin/agencies /admin/agencies/edit?id=1 /account/password"
for p in $pages; do
	http "GET $p HTTP/1.1\r\n${H}Cookie: gk_session=$sid; gk_elder=1\r\n\r\n" | body_of >"$work/page.html"
	tidy -errors -q "$work/page.html" >"$work/tidy.txt" 2>&1 || true
	if grep -v 'proprietary attribute "aria-' "$work/tidy.txt" | grep -q .; then
		echo "FAIL $p:"
		cat "$work/tidy.txt"
		failures=$((failures + 1))
	else
		echo "ok   $p"
	fi
done
[ "$failures" -eq 0 ]
