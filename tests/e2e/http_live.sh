#!/usr/bin/env bash
# http_live.sh — the real server on a random loopback port: pages, assets with content-hashed URLs and
# long cache lifetimes, security headers, limits (413 before the body is read, oversized headers,
# connection timeout against a slow client), concurrent requests, login over HTTP with cookies, and
# graceful shutdown on SIGTERM. Environment: GONGKAI (binary), SRC (repo root).
set -euo pipefail
E2E_NAME=http-live
. "$(dirname "$0")/../lib/e2e.sh"
db=$(e2e_db t) || exit 1
"$GONGKAI" init --db "$db" --demo >"$work/init.txt"
admin_pw=$(awk '$1 == "admin" { print $2; exit }' "$work/init.txt")
start_server --set connection_timeout=2 --set threads=2 # sets base, addr, host, port

code() { curl -s -o /dev/null -w '%{http_code}' "$@"; }

# pages and headers
curl -s -D "$work/h" -o "$work/home" "$base/"
check home-status grep -q '^HTTP/1.1 200' "$work/h"
check home-csp grep -qi "^content-security-policy: .*'nonce-" "$work/h"
check home-nosniff grep -qi '^x-content-type-options: nosniff' "$work/h"
check home-frame grep -qi "frame-ancestors 'none'" "$work/h"
check home-reqid grep -qi '^x-request-id: ' "$work/h"
check home-body grep -q '政府信息公开年报' "$work/home"
check notfound test "$(code "$base/no-such-page")" = 404

# the page cache through the real server: an ETag, 304 for a client that has the bytes (no body), the
# same bytes gzip-compressed for a client that accepts them, plain otherwise; a hit's policy has no nonce
etag=$(sed -n 's/^[Ee][Tt]ag: //p' "$work/h" | tr -d '\r')
check etag test -n "$etag"
check vary grep -qi '^vary: Accept-Encoding' "$work/h"
curl -s -D "$work/h304" -o "$work/b304" -H "If-None-Match: $etag" "$base/"
check not-modified grep -q '^HTTP/1.1 304' "$work/h304"
check not-modified-empty test ! -s "$work/b304"
curl -s -D "$work/hgz" -o "$work/home.gz" -H 'Accept-Encoding: gzip' "$base/"
check gzip-encoding grep -qi '^content-encoding: gzip' "$work/hgz"
check gzip-smaller test "$(wc -c <"$work/home.gz")" -lt "$(wc -c <"$work/home")"
check gzip-same-bytes sh -c "gzip -dc '$work/home.gz' | cmp -s - '$work/home'"
curl -s -D "$work/hplain" -o "$work/home2" -H 'Accept-Encoding: gzip;q=0' "$base/"
check gzip-refused sh -c "! grep -qi '^content-encoding' '$work/hplain' && cmp -s '$work/home2' '$work/home'"
# entries live one second: on a slow machine a request may miss, so look for a hit among a few repeats
for _ in 1 2 3 4 5; do
	curl -s -D "$work/hhit" -o /dev/null "$base/"
	grep -qi '^x-cache: HIT' "$work/hhit" && break
done
check cache-hit grep -qi '^x-cache: HIT' "$work/hhit"
check hit-csp-no-nonce sh -c "grep -qi '^content-security-policy: ' '$work/hhit' && ! grep -qi 'nonce-' '$work/hhit'"
check traversal test "$(code --path-as-is "$base/assets/../../etc/passwd")" = 400

# assets: hashed URL, immutable caching; unknown hash → 404
css=$(grep -o '/assets/gongkai\.[0-9a-f]*\.css' "$work/home" | head -1)
check css-url test -n "$css"
curl -s -D "$work/ch" -o "$work/css" "$base$css"
check css-cache grep -qi '^cache-control: public, max-age=31536000, immutable' "$work/ch"
check css-type grep -qi '^content-type: text/css' "$work/ch"
check css-bytes cmp -s "$work/css" "${SRC:-.}/assets/gongkai.css"
check css-stale test "$(code "$base/assets/gongkai.0000000000.css")" = 404

# limits: a declared oversized body is refused before it is read; oversized headers refused
check body-413 test "$(code -X POST -H 'Content-Type: application/x-www-form-urlencoded' \
	-H 'Content-Length: 50000000' --data-binary 'x' "$base/login")" = 413
head -c 200000 /dev/zero | tr '\0' 'a' >"$work/big"
check body-413-real test "$(code -X POST -H 'Content-Type: application/x-www-form-urlencoded' \
	--data-binary @"$work/big" "$base/login")" = 413
big_header=$(head -c 100000 /dev/zero | tr '\0' 'b')
hc=$(code -H "X-Big: $big_header" "$base/")
check header-limit test "$hc" -ge 400 -a "$hc" -lt 500

# a slow client that never finishes its request is disconnected after connection_timeout (2 s)
exec 3<>"/dev/tcp/$host/$port"
printf 'GET / HTTP/1.1\r\nHost: x\r\n' >&3
start=$(date +%s)
timeout 10 cat <&3 >/dev/null || true
elapsed=$(($(date +%s) - start))
exec 3<&-
check slow-client test "$elapsed" -le 6

# concurrency: 40 parallel requests all succeed
for i in $(seq 40); do
	curl -s -o /dev/null -w '%{http_code}\n' "$base/info/guide" &
done >"$work/codes"
wait $(jobs -p | grep -v "^$server_pid$") 2>/dev/null || true
check concurrent test "$(grep -c '^200$' "$work/codes")" = 40

# login with cookies over HTTP, workbench, logout
jar="$work/jar"
curl -s -c "$jar" -b "$jar" -o "$work/login" "$base/login"
tok=$(grep -o 'name="csrf" value="[0-9a-f]*"' "$work/login" | sed 's/.*value="\([0-9a-f]*\)"/\1/')
check login-form test ${#tok} -eq 64
check login test "$(code -c "$jar" -b "$jar" -H "Origin: $base" --data-urlencode "csrf=$tok" \
	--data-urlencode "name=admin" --data-urlencode "password=$admin_pw" "$base/login")" = 303
curl -s -c "$jar" -b "$jar" -o "$work/admin" "$base/admin"
check workbench grep -q '我的任务' "$work/admin"
# logged in, the public login page again: its form (rendered without the session) carries the
# pre-login token, which a public route accepts; a staff route still wants the session's token
curl -s -c "$jar" -b "$jar" -o "$work/login2" "$base/login"
tok2=$(grep -o 'name="csrf" value="[0-9a-f]*"' "$work/login2" | sed 's/.*value="\([0-9a-f]*\)"/\1/')
check staff-route-wants-session-token test "$(code -c "$jar" -b "$jar" -H "Origin: $base" --data "csrf=$tok2" \
	"$base/logout")" = 403
check login-again test "$(code -c "$jar" -b "$jar" -H "Origin: $base" --data-urlencode "csrf=$tok2" \
	--data-urlencode "name=admin" --data-urlencode "password=$admin_pw" "$base/login")" = 303
curl -s -c "$jar" -b "$jar" -o "$work/admin" "$base/admin"
scsrf=$(grep -o 'name="csrf" value="[0-9a-f]*"' "$work/admin" | head -1 | sed 's/.*value="\([0-9a-f]*\)"/\1/')
check cross-origin test "$(code -c "$jar" -b "$jar" -H 'Origin: http://evil.example' --data "csrf=$scsrf" \
	"$base/logout")" = 403
check logout test "$(code -c "$jar" -b "$jar" -H "Origin: $base" --data "csrf=$scsrf" "$base/logout")" = 303
check after-logout test "$(code -b "$jar" "$base/admin")" = 303

# access log: one line per request with the request id
check access-log grep -qE '^[0-9T:+-]+ [0-9a-f]+-[0-9]+ 127\.0\.0\.1 "GET /info/guide" 200 [0-9]+ [0-9]+us user=0$' "$work/server.log"

# graceful shutdown on SIGTERM
kill -TERM "$server_pid"
stopped=no
for _ in $(seq 150); do
	if ! kill -0 "$server_pid" 2>/dev/null; then
		stopped=yes
		break
	fi
	sleep 0.1
done
check sigterm test "$stopped" = yes
rc=0
wait "$server_pid" || rc=$?
server_pid=
check exit-status test "$rc" -eq 0
check stop-log grep -q '已停止' "$work/server.log"

finish http_live
