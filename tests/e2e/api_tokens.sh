#!/usr/bin/env bash
# api_tokens.sh — API tokens can be listed and revoked one by one, expire by default, and show when
# they were last used (issue 11, hole 6): `gongkai token create|list|revoke` and the back-office page
# /admin/tokens (CSRF-protected forms), against the real server on a random loopback port. Also: the
# workbench shows its owner the failed logins on the account since the previous login.
# Environment: GONGKAI (binary).
set -euo pipefail
. "$(dirname "$0")/../lib/e2e.sh"
db=$(e2e_db t) || exit 1
"$GONGKAI" init --db "$db" --demo >"$work/init.txt"
admin_pw=$(awk '$1 == "admin" { print $2; exit }' "$work/init.txt")
start_server "$db" --set threads=2
me() { curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $1" "$base/api/v1/me"; }

t1=$("$GONGKAI" token create admin --db "$db" --label 一号 | tail -1)
t2=$("$GONGKAI" token create admin --db "$db" --label 二号 | tail -1)
check token-works test "$(me "$t1")" = 200
check token2-works test "$(me "$t2")" = 200
"$GONGKAI" token list admin --db "$db" >"$work/list"
check list-two-lines test "$(grep -c '^[0-9]' "$work/list")" = 2
id1=$(awk '/一号/ { print $1; exit }' "$work/list")
id2=$(awk '/二号/ { print $1; exit }' "$work/list")
check list-ids test -n "$id1" -a -n "$id2"
# default lifetime (token_days = 365): an expiry date about a year from now, not "永不过期"
year=$(($(date -u +%Y) + 1))
check default-expiry grep -q "一号.*有效期至 $year-" "$work/list"
check last-used grep -q "一号.*最近使用 [0-9]" "$work/list"
check list-no-secret sh -c "! grep -q '$t1' '$work/list'"
# revoking one token leaves the other working
check revoke "$GONGKAI" token revoke "$id1" --db "$db"
check revoked-refused test "$(me "$t1")" = 401
check other-still-works test "$(me "$t2")" = 200
check revoke-again sh -c "! '$GONGKAI' token revoke '$id1' --db '$db' 2>/dev/null"
"$GONGKAI" token list admin --db "$db" >"$work/list2"
check list-shows-revoked grep -q "^$id1.*已撤销" "$work/list2"
t3=$("$GONGKAI" token create admin --db "$db" --label 三号 --days 2 | tail -1)
"$GONGKAI" token list admin --db "$db" >"$work/list3"
check days-option grep -q "三号.*有效期至" "$work/list3"

# the back-office page: list, create (shown once), revoke (CSRF-protected)
jar="$work/jar"
curl -s -c "$jar" -b "$jar" -o "$work/login" "$base/login"
tok=$(grep -o 'name="csrf" value="[0-9a-f]*"' "$work/login" | sed 's/.*value="\([0-9a-f]*\)"/\1/')
# a failed login first (someone guessing): the owner sees it on the workbench after logging in
curl -s -o /dev/null -c "$jar" -b "$jar" -H "Origin: $base" -H 'X-Forwarded-For: 10.6.6.6' \
	--data-urlencode "csrf=$tok" --data-urlencode "name=admin" --data-urlencode "password=wrong-guess-1" "$base/login"
curl -s -o /dev/null -c "$jar" -b "$jar" -H "Origin: $base" --data-urlencode "csrf=$tok" \
	--data-urlencode "name=admin" --data-urlencode "password=$admin_pw" "$base/login"
curl -s -c "$jar" -b "$jar" -o "$work/home" "$base/admin"
check owner-sees-failures grep -q 'id="failed-logins".*1 次登录失败' "$work/home"
curl -s -c "$jar" -b "$jar" -o "$work/page" "$base/admin/tokens"
check page-lists grep -q '二号' "$work/page"
check page-last-used grep -q '最近使用' "$work/page"
check page-caption grep -q '<caption' "$work/page"
csrf=$(grep -o 'name="csrf" value="[0-9a-f]*"' "$work/page" | head -1 | sed 's/.*value="\([0-9a-f]*\)"/\1/')
check page-no-csrf test "$(curl -s -o /dev/null -w '%{http_code}' -c "$jar" -b "$jar" -H "Origin: $base" \
	--data "id=$id2" "$base/admin/tokens/revoke")" = 403
check still-works-after-forgery test "$(me "$t2")" = 200
check page-revoke test "$(curl -s -o "$work/revoked" -w '%{http_code}' -c "$jar" -b "$jar" -H "Origin: $base" \
	--data "csrf=$csrf&id=$id2" "$base/admin/tokens/revoke")" = 200
check page-revoked test "$(me "$t2")" = 401
check page-create test "$(curl -s -o "$work/created" -w '%{http_code}' -c "$jar" -b "$jar" -H "Origin: $base" \
	--data-urlencode "csrf=$csrf" --data-urlencode "label=网页" --data-urlencode "days=30" "$base/admin/tokens")" = 200
t4=$(grep -o 'gk_[0-9a-f]*' "$work/created" | head -1)
check page-token-shown test -n "$t4"
check page-token-works test "$(me "$t4")" = 200
check third-untouched test "$(me "$t3")" = 200

finish
