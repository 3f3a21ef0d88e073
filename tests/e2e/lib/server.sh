# tests/e2e/lib/server.sh — sourced by end-to-end tests (not a test itself: ctest registers only
# tests/e2e/*.sh): the shared library tests/lib/e2e.sh (scratch directory, check, start_server,
# finish) plus what tests of the demo need: a demo database with its passwords, json(), a staff
# session login and form_post. Needs GONGKAI (the binary) and a name for the scratch directory in E2E_NAME.
set -uo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/../../lib/e2e.sh"
json() { python3 -c 'import json,sys; d=json.load(sys.stdin); print(eval(sys.argv[1]))' "$1"; }

# Creates $db (e2e_db: a SQLite file or a PostgreSQL database) with the demo data; the passwords are
# in $work/init.txt (password NAME prints one).
demo_db() {
	db=$(e2e_db t) || exit 1
	"$GONGKAI" init --db "$db" --demo >"$work/init.txt" || { echo "init failed"; exit 1; }
}
password() { awk -v u="$1" '$1 == u { print $2; exit }' "$work/init.txt"; }

# Logs USER in with a session kept in the cookie jar FILE.
login() { # USER JAR
	curl -s -c "$2" -o "$work/login.html" "$base/login"
	local csrf
	csrf=$(sed -n 's/.*name="csrf" value="\([0-9a-f]*\)".*/\1/p' "$work/login.html" | head -1)
	curl -s -b "$2" -c "$2" -H "Origin: $base" -o /dev/null "$base/login" --data-urlencode "csrf=$csrf" \
		--data-urlencode "name=$1" --data-urlencode "password=$(password "$1")"
}

# The CSRF token of a page saved in FILE.
csrf_of() { sed -n 's/.*name="csrf" value="\([0-9a-f]*\)".*/\1/p' "$1" | head -1; }

# Submits a form as a logged-in user the way a browser does: loads PAGE (for the CSRF token of the
# session in JAR), then POSTs the fields to PATH with the site as Origin. Prints the status; the
# response body is in $work/post.html.
form_post() { # JAR PAGE PATH FIELD=VALUE…
	local jar=$1 page=$2 path=$3
	shift 3
	curl -s -b "$jar" -o "$work/form.html" "$base$page"
	local args=(--data-urlencode "csrf=$(csrf_of "$work/form.html")")
	for f in "$@"; do args+=(--data-urlencode "$f"); done
	curl -s -b "$jar" -H "Origin: $base" -o "$work/post.html" -w '%{http_code}' "$base$path" "${args[@]}"
}
