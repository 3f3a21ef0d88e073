#!/usr/bin/env bash
# security_http.sh — the HTTP holes of issue 11 against the real server on a random loopback port:
# idempotency keys replay only the same body from the same source (hole 1), secrets never reach the
# access log and the query code may travel in X-Query-Code (hole 3), X-Forwarded-For is read from the
# right past the trusted proxies and only as an IP (hole 5), ambiguous message framing is refused
# (hole 8), HSTS with https=true, and /api/v1/applications refuses cross-site form posts.
# Environment: GONGKAI (binary).
set -euo pipefail
. "$(dirname "$0")/../lib/e2e.sh"
db=$(e2e_db t) || exit 1
"$GONGKAI" init --db "$db" --demo >"$work/init.txt"

start_server "$db" --set threads=2 --set https=true --set trust_proxy=true --set trusted_proxies=127.0.0.1

# raw REQUEST-TEXT → the status line of the answer
raw() {
	exec 3<>"/dev/tcp/$host/$port"
	printf '%b' "$1" >&3
	timeout 5 head -1 <&3 | tr -d '\r' || true
	exec 3<&-
}

body='{"agency_id":2,"applicant_type":"natural_person","name":"张三","id_type":"resident_id","id_number":"11010519491231002X","phone":"13812345678","email":"zhang@example.cn","address":"汝州市中大街1号","description":"2025年钟楼街道老旧小区改造项目的立项批复","form":"electronic","delivery":"email","channel":"online","idempotency_key":"key-of-alice-0001"}'
post() { # OUT XFF BODY
	curl -s -o "$work/$1" -w '%{http_code}' -XPOST "$base/api/v1/applications" -H "X-Forwarded-For: $2" \
		-H 'Content-Type: application/json' -d "$3"
}

# hole 1: the same key opens nothing but the same submission
check idem-first test "$(post first 10.0.0.1 "$body")" = 201
no=$(sed -n 's/.*"tracking_no": *"\([^"]*\)".*/\1/p' "$work/first")
code=$(sed -n 's/.*"query_code": *"\([^"]*\)".*/\1/p' "$work/first")
check idem-replay test "$(post replay 10.0.0.1 "$body")" = 200
check idem-replay-same grep -q "\"$code\"" "$work/replay"
other=${body/张三/李四}
check idem-other-body test "$(post other 10.0.0.1 "$other")" = 409
check idem-other-body-nodata sh -c "! grep -q -e '$no' -e '$code' '$work/other'"
check idem-other-body-says grep -q idempotency_key "$work/other"
check idem-other-source test "$(post source 10.0.0.2 "$body")" = 409
check idem-other-source-nodata sh -c "! grep -q -e '$no' -e '$code' '$work/source'"
reordered=$(printf '%s' "$body" | sed 's/^{"agency_id":2,/{/; s/}$/,"agency_id":2}/')
check idem-canonical test "$(post reordered 10.0.0.1 "$reordered")" = 200

# hole 3: the code in X-Query-Code, or in ?code= (still works); never in the log
check code-header test "$(curl -s -o /dev/null -w '%{http_code}' -H "X-Query-Code: $code" \
	"$base/api/v1/applications/$no")" = 200
check code-query test "$(curl -s -o /dev/null -w '%{http_code}' "$base/api/v1/applications/$no?code=$code")" = 200
check code-query-lower test "$(curl -s -o /dev/null -w '%{http_code}' \
	"$base/api/v1/applications/$no?x=1&Code=$code&token=abc%20def")" = 404
sleep 0.3
check log-no-code sh -c "! grep -q '$code' '$work/server.log'"
check log-no-token sh -c "! grep -q 'abc%20def' '$work/server.log'"
check log-redacted grep -q "code=\[redacted\]" "$work/server.log"

# hole 5: the client is the rightmost hop not added by a trusted proxy, and it must be an IP
curl -s -o /dev/null -H 'X-Forwarded-For: 6.6.6.6, 10.9.8.7' "$base/info/guide?m=xff1"
curl -s -o /dev/null -H 'X-Forwarded-For: 10.1.1.1, 127.0.0.1' "$base/info/guide?m=xff2"
curl -s -o /dev/null -H 'X-Forwarded-For: <script>x' "$base/info/guide?m=xff3"
curl -s -o /dev/null -H 'X-Forwarded-For: 2001:db8::7' "$base/info/guide?m=xff4"
sleep 0.3
check xff-rightmost grep -q ' 10\.9\.8\.7 "GET /info/guide?m=xff1"' "$work/server.log"
check xff-skip-proxy grep -q ' 10\.1\.1\.1 "GET /info/guide?m=xff2"' "$work/server.log"
check xff-not-ip grep -q ' 127\.0\.0\.1 "GET /info/guide?m=xff3"' "$work/server.log"
check xff-v6 grep -q ' 2001:db8::7 "GET /info/guide?m=xff4"' "$work/server.log"

# hole 8: ambiguous framing is refused with 400
check two-lengths test "$(raw 'POST /login HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nContent-Length: 40\r\n\r\nabc')" = 'HTTP/1.1 400 Bad Request'
check te-and-length test "$(raw 'POST /login HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n')" = 'HTTP/1.1 400 Bad Request'
check bad-length test "$(raw 'POST /login HTTP/1.1\r\nHost: x\r\nContent-Length: +5\r\n\r\n')" = 'HTTP/1.1 400 Bad Request'
# libmicrohttpd 0.9.75 cuts a header value at a NUL before we see it; `gongkai http` refuses it
stream() { printf '%b' "$1" | "$GONGKAI" http --db "$db" | head -1 | tr -d '\r'; }
check nul-header-stream test "$(stream 'GET / HTTP/1.1\r\nHost: x\r\nX-A: a\0b\r\n\r\n')" = 'HTTP/1.1 400 Bad Request'
check two-lengths-stream test "$(stream 'POST /login HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\nabcd')" = 'HTTP/1.1 400 Bad Request'
check one-length test "$(raw 'GET /info/guide HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n')" = 'HTTP/1.1 200 OK'

# oversized heads are refused by gongkai itself: security headers, JSON under /api/
big=$(head -c 20000 /dev/zero | tr '\0' 'b')
check big-header-431 test "$(curl -s -D "$work/bh" -o "$work/bb" -w '%{http_code}' -H "X-Big: $big" \
	"$base/api/v1/health")" = 431
check big-header-csp grep -qi '^content-security-policy: ' "$work/bh"
check big-header-json grep -q '"code":"header_too_large"' "$work/bb"
long=$(head -c 10000 /dev/zero | tr '\0' 'u')
check long-uri-414 test "$(curl -s -D "$work/uh" -o /dev/null -w '%{http_code}' "$base/info/guide?q=$long")" = 414
check long-uri-csp grep -qi '^content-security-policy: ' "$work/uh"

# HSTS with https=true
curl -s -D "$work/h" -o /dev/null "$base/"
check hsts grep -qi '^strict-transport-security: max-age=' "$work/h"

# /api/v1/applications: a cross-site form post (no form token) and JSON under another type are refused
check api-form-no-token test "$(curl -s -o /dev/null -w '%{http_code}' -XPOST "$base/api/v1/applications" \
	-H 'Origin: http://evil.example' --data-urlencode agency_id=2 --data-urlencode name=X)" = 403
check api-json-as-text test "$(curl -s -o /dev/null -w '%{http_code}' -XPOST "$base/api/v1/applications" \
	-H 'Content-Type: text/plain' -d "${body/key-of-alice-0001/key-2}")" = 415

finish
