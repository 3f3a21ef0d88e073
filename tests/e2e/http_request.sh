#!/usr/bin/env bash
# http_request.sh — request tests through `gongkai http` (one raw HTTP request on stdin, the response
# on stdout; no sockets): status lines, security headers, Chinese error pages, path traversal,
# malformed requests, body limits, invalid UTF-8, CSRF, cross-origin refusal, login/logout, and SQL /
# HTML payloads stored as text and rendered inert. Environment: GONGKAI (binary), SRC (repo root).
set -euo pipefail
: "${GONGKAI:?path of the gongkai binary}"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
. "$(dirname "$0")/../lib/db.sh"
db=$(e2e_db t "$work") || exit 1
"$GONGKAI" init --db "$db" --demo >"$work/init.txt"
admin_pw=$(awk '$1 == "admin" { print $2; exit }' "$work/init.txt")
[ -n "$admin_pw" ] || { echo "FAIL: no admin password in init output"; cat "$work/init.txt"; exit 1; }
failures=0
n=0

# req NAME 'RAW REQUEST with \r\n escapes' — runs it, response in $work/NAME
req() {
	printf '%b' "$2" | "$GONGKAI" http --db "$db" >"$work/$1"
}
fail() {
	echo "FAIL [$1]: $2"
	failures=$((failures + 1))
}
status_is() { # NAME CODE
	n=$((n + 1))
	local got
	got=$(head -1 "$work/$1" | tr -d '\r' | cut -d' ' -f2)
	[ "$got" = "$2" ] || fail "$1" "status $got, expected $2"
}
has() { # NAME FIXED-STRING
	n=$((n + 1))
	grep -qF -- "$2" "$work/$1" || fail "$1" "missing: $2"
}
lacks() { # NAME FIXED-STRING
	n=$((n + 1))
	! grep -qF -- "$2" "$work/$1" || fail "$1" "must not contain: $2"
}
header() { # NAME HEADER-NAME → value
	sed -n '1,/^\r$/p' "$work/$1" | grep -i "^$2:" | head -1 | cut -d' ' -f2- | tr -d '\r'
}

H='Host: 127.0.0.1:8080\r\n'
FORM='Content-Type: application/x-www-form-urlencoded\r\n'

# --- public pages and headers
req home "GET / HTTP/1.1\r\n$H\r\n"
status_is home 200
has home "Content-Security-Policy: default-src 'self'; script-src 'self' 'nonce-"
has home "frame-ancestors 'none'"
has home "X-Content-Type-Options: nosniff"
has home "Referrer-Policy: "
has home "X-Request-Id: "
has home '<html lang="zh-CN">'
has home '跳转到主要内容'
has home '政府信息公开指南'
has home '政府网站标识码'
for p in info info/guide apply apply/new apply/query annual rules sitemap contact login; do
	name=${p//\//_}
	req "$name" "GET /$p HTTP/1.1\r\n$H\r\n"
	status_is "$name" 200
	has "$name" '<footer class="site-footer">'
	has "$name" '政府网站标识码'
done
# the 指南 and 目录 moved under /info: the old addresses stay valid as permanent redirects
req oldguide "GET /guide HTTP/1.1\r\n$H\r\n"
status_is oldguide 301
has oldguide 'Location: /info/guide'
req oldcatalog "GET /catalog HTTP/1.1\r\n$H\r\n"
status_is oldcatalog 301
has oldcatalog 'Location: /info'

req head "HEAD / HTTP/1.1\r\n$H\r\n"
status_is head 200
lacks head '<html'

# --- errors: unknown page, traversal, malformed requests, bad encodings, methods
req notfound "GET /no/such/page HTTP/1.1\r\n$H\r\n"
status_is notfound 404
has notfound '页面不存在'
req traversal "GET /assets/../../etc/passwd HTTP/1.1\r\n$H\r\n"
status_is traversal 400
lacks traversal 'root:'
req traversal2 "GET /assets/%2e%2e/%2e%2e/etc/passwd HTTP/1.1\r\n$H\r\n"
status_is traversal2 400
req traversal3 "GET /assets/..%5c..%5cetc%5cpasswd HTTP/1.1\r\n$H\r\n"
status_is traversal3 400
req garbage "GARBAGE\r\n\r\n"
status_is garbage 400
has garbage '请求无效'
req badheader "GET / HTTP/1.1\r\nNo colon here\r\n\r\n"
status_is badheader 400
req badversion "GET / HTTP/9.9\r\n$H\r\n"
status_is badversion 400
req badquery "GET /?q=%FF%FE HTTP/1.1\r\n$H\r\n"
status_is badquery 400
req method "DELETE / HTTP/1.1\r\n$H\r\n"
status_is method 405
req api404 "GET /api/v1/nothing HTTP/1.1\r\n$H\r\n"
status_is api404 404
has api404 '{"error":{"code":"not_found","message":'

# --- JSON API
req health "GET /api/v1/health HTTP/1.1\r\n$H\r\n"
status_is health 200
has health '"status":"ok"'
req me "GET /api/v1/me HTTP/1.1\r\n$H\r\n"
status_is me 401
has me '"code":"unauthorized"'
req me_bad "GET /api/v1/me HTTP/1.1\r\n${H}Authorization: Bearer gk_forged\r\n\r\n"
status_is me_bad 401

# --- login: CSRF required, body limits, invalid UTF-8
tok=0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef
body="name=admin&password=$admin_pw"
req nocsrf "POST /login HTTP/1.1\r\n$H${FORM}Content-Length: ${#body}\r\n\r\n$body"
status_is nocsrf 403
has nocsrf 'CSRF'
lacks nocsrf 'gk_session='
body="csrf=$tok&name=admin&password=$admin_pw"
req forged "POST /login HTTP/1.1\r\n$H${FORM}Cookie: gk_csrf=ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff\r\nContent-Length: ${#body}\r\n\r\n$body"
status_is forged 403
req toolarge "POST /login HTTP/1.1\r\n$H${FORM}Content-Length: 99999999\r\n\r\n"
status_is toolarge 413
has toolarge '提交的内容过大'
body="csrf=$tok&name=%FF%FE&password=x"
req badutf8 "POST /login HTTP/1.1\r\n$H${FORM}Cookie: gk_csrf=$tok\r\nContent-Length: ${#body}\r\n\r\n$body"
status_is badutf8 400
has badutf8 'UTF-8'
body="csrf=$tok&name=admin%27+OR+%271%27%3D%271&password=%27+OR+1%3D1--"
req sqlilogin "POST /login HTTP/1.1\r\n$H${FORM}Cookie: gk_csrf=$tok\r\nContent-Length: ${#body}\r\n\r\n$body"
status_is sqlilogin 200
lacks sqlilogin 'gk_session='
has sqlilogin "admin&#39; OR &#39;1&#39;=&#39;1"
body="csrf=$tok&name=admin&password=$admin_pw&next=%2Fadmin"
req cross "POST /login HTTP/1.1\r\n$H${FORM}Origin: http://evil.example\r\nCookie: gk_csrf=$tok\r\nContent-Length: ${#body}\r\n\r\n$body"
status_is cross 403
lacks cross 'gk_session='
req login "POST /login HTTP/1.1\r\n$H${FORM}Origin: http://127.0.0.1:8080\r\nCookie: gk_csrf=$tok\r\nContent-Length: ${#body}\r\n\r\n$body"
status_is login 303
has login 'Location: /admin'
has login 'HttpOnly; SameSite=Lax'
sid=$(grep -o 'gk_session=[0-9a-f]*' "$work/login" | head -1 | cut -d= -f2)
[ ${#sid} -eq 64 ] || fail login "no session cookie"
C="Cookie: gk_session=$sid\r\n"

# --- back office with the session
req admin "GET /admin HTTP/1.1\r\n$H$C\r\n"
status_is admin 200
has admin '工作台'
has admin '我的任务'
has admin '退出登录'
req users "GET /admin/users HTTP/1.1\r\n$H$C\r\n"
status_is users 200
csrf=$(grep -o 'name="csrf" value="[0-9a-f]*"' "$work/users" | head -1 | sed 's/.*value="\([0-9a-f]*\)"/\1/')
[ ${#csrf} -eq 64 ] || fail users "no CSRF token in the form"
req noauth_users "GET /admin/users HTTP/1.1\r\n$H\r\n"
status_is noauth_users 303
has noauth_users 'Location: /login?next=/admin/users'

payload='%3Cscript%3Ealert(1)%3C%2Fscript%3E%27%3B+DROP+TABLE+users%3B--'
body="csrf=$csrf&name=payload.user&display_name=$payload&agency_id=1&role=editor"
forged_body=${body/csrf=$csrf/csrf=$tok}
req add_forged "POST /admin/users HTTP/1.1\r\n$H$C${FORM}Content-Length: ${#forged_body}\r\n\r\n$forged_body"
status_is add_forged 403
req add "POST /admin/users HTTP/1.1\r\n$H$C${FORM}Content-Length: ${#body}\r\n\r\n$body"
status_is add 200
has add '已新增用户 payload.user'
lacks add '<script>alert(1)'
has add '&lt;script&gt;alert(1)&lt;/script&gt;&#39;; DROP TABLE users;--'
req users2 "GET /admin/users HTTP/1.1\r\n$H$C\r\n"
has users2 'payload.user'
has users2 'reviewer'
lacks users2 '<script>alert(1)'

# an agency whose fields carry markup: stored verbatim, shown inert on the public footer
body="csrf=$csrf&name=%3Cb%3E%E6%B5%8B%E8%AF%95%3C%2Fb%3E%E5%B1%80&level=6&parent_id=1&phone=%22%3E%3Cimg+src%3Dx+onerror%3Dalert(1)%3E"
req agency_add "POST /admin/agencies HTTP/1.1\r\n$H$C${FORM}Content-Length: ${#body}\r\n\r\n$body"
status_is agency_add 200
has agency_add '已新增机构'
has agency_add '&lt;b&gt;测试&lt;/b&gt;局'
lacks agency_add '<img src=x'

# --- password change needs the old password; logout ends the session
body="csrf=$csrf&old=wrong-old-password&new=NewPassw0rd-123&confirm=NewPassw0rd-123"
req pw_bad "POST /account/password HTTP/1.1\r\n$H$C${FORM}Content-Length: ${#body}\r\n\r\n$body"
status_is pw_bad 200
has pw_bad 'role="alert"'
body="csrf=$csrf"
req logout "POST /logout HTTP/1.1\r\n$H$C${FORM}Content-Length: ${#body}\r\n\r\n$body"
status_is logout 303
has logout 'gk_session=; Path=/; Max-Age=0'
req after "GET /admin HTTP/1.1\r\n$H$C\r\n"
status_is after 303
has after 'Location: /login?next=/admin'

# the database survived every payload
req health2 "GET /api/v1/health HTTP/1.1\r\n$H\r\n"
has health2 '"status":"ok"'

echo "$((n - failures)) of $n checks passed"
[ "$failures" -eq 0 ]
