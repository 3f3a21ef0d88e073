#!/usr/bin/env bash
# info_api.sh — 主动公开 end to end against the real server on a random port: an editor drafts through
# the API, the confidentiality review passes, the item is published and then visible on the portal
# (目录, item page with its metadata and meta tags, print view), in search (2- and 4-character terms),
# in the Atom feed and sitemap.xml; refusals (409 for steps the workflow forbids, 403 for reviewing
# one's own item, 422 naming the field); 涉密, draft and withdrawn items are unreachable everywhere;
# XSS and SQL payloads stay inert. Environment: GONGKAI (binary), SRC (repo root).
set -euo pipefail
E2E_NAME=info
. "$(dirname "$0")/../lib/e2e.sh"
db=$(e2e_db t "$work") || exit 1
"$GONGKAI" init --db "$db" --demo >"$work/init.txt"
# The demo's 街道 (agency 2) gets an administrator of its own and one person who edits and reviews.
printf 'Strong-pass-42\n' | "$GONGKAI" user add jdadmin --role admin --agency 2 --db "$db" --password-stdin >/dev/null
printf 'Strong-pass-42\n' | "$GONGKAI" user add both --role editor,reviewer --agency 2 --db "$db" --password-stdin >/dev/null
token() { "$GONGKAI" token create "$1" --db "$db" | tail -n 1; }
t_admin=$(token jdadmin)
t_editor=$(token editor)
t_reviewer=$(token reviewer)
t_both=$(token both)

start_server --set threads=2

# api TOKEN METHOD PATH [JSON] — prints the body, then the status on the last line.
api() {
	local tok=$1 method=$2 path=$3 data=${4:-}
	local args=(-s -X "$method" -w '\n%{http_code}' -H 'Content-Type: application/json')
	[ -n "$tok" ] && args+=(-H "Authorization: Bearer $tok")
	[ -n "$data" ] && args+=(--data "$data")
	curl "${args[@]}" "$base$path"
}
status_of() { tail -n 1 <<<"$1"; }
body_of() { sed '$d' <<<"$1"; }
json() { python3 -c 'import json,sys; v=json.load(sys.stdin)
for k in sys.argv[1].split("."): v=v[int(k)] if isinstance(v,list) else v[k]
print(v)' "$1"; }
expect() { # NAME EXPECTED-STATUS RESPONSE
	[ "$(status_of "$3")" = "$2" ] || fail "$1: expected $2, got $(status_of "$3"): $(body_of "$3")"
}

# The demo 街道 already has its categories (and records): installing the defaults again adds none.
out=$(api "$t_admin" POST /api/v1/categories/defaults)
case "$(status_of "$out")" in 200 | 201) ;; *) fail "defaults: $(status_of "$out") $(body_of "$out")" ;; esac
body_of "$(api "" GET "/api/v1/categories?agency=2")" | python3 -c 'import json, sys; sys.exit("财政信息" not in sys.stdin.read().encode().decode("unicode_escape") and 1 or 0)' ||
	fail "categories of the 街道"

# Draft with hostile text in the title.
xss='<script>alert(1)</script>钟楼街道2024年部门预算公开'
out=$(api "$t_editor" POST /api/v1/items "{\"category\":\"财政信息\",\"title\":\"$xss\",\"doc_no\":\"钟办〔2024〕9号\",\"formed_on\":\"2024-01-15\",\"summary\":\"部门预算\",\"body\":\"# 预算说明\\n\\n本年度一般公共预算'); DROP TABLE info_item; --\",\"doc_type\":\"normative\"}")
expect create 201 "$out"
id=$(body_of "$out" | json id)
[ "$(body_of "$out" | json status)" = draft ] || fail "new item is not a draft"
body_of "$out" | json index_no | grep -Eq 'C05/2024-[0-9]{5}$' || fail "index_no: $(body_of "$out")"

out=$(api "" GET "/api/v1/items/$id")
expect draft-hidden 404 "$out"
[ "$(curl -s -o /dev/null -w '%{http_code}' "$base/info/item/$id")" = 404 ] || fail "draft page reachable"
out=$(api "$t_editor" POST "/api/v1/items/$id/publish")
expect publish-draft 409 "$out"
out=$(api "$t_reviewer" POST "/api/v1/items/$id/review" '{"decision":"pass"}')
expect review-draft 409 "$out"

# Validation: the field is named.
out=$(api "$t_editor" POST /api/v1/items '{"category":"财政信息","title":"x","formed_on":"2024-02-30"}')
expect invalid-date 422 "$out"
grep -q formed_on <<<"$out" || fail "422 does not name formed_on: $out"
out=$(api "$t_editor" POST /api/v1/items '{"category":"没有","title":"x","formed_on":"2024-01-01"}')
expect invalid-category 422 "$out"
out=$(api "$t_reviewer" POST /api/v1/items '{"category":"财政信息","title":"x","formed_on":"2024-01-01"}')
expect reviewer-cannot-draft 403 "$out"

# Workflow: submit, review, publish.
out=$(api "$t_editor" POST "/api/v1/items/$id/submit")
expect submit 200 "$out"
out=$(api "$t_editor" POST "/api/v1/items/$id/review" '{"decision":"pass"}')
expect editor-cannot-review 403 "$out"
out=$(api "$t_reviewer" POST "/api/v1/items/$id/review" '{"decision":"maybe"}')
expect bad-decision 422 "$out"
out=$(api "$t_reviewer" POST "/api/v1/items/$id/review" '{"decision":"pass","opinion":"不涉密"}')
expect review 200 "$out"
[ "$(body_of "$out" | json status)" = approved ] || fail "review did not approve: $out"
out=$(api "$t_editor" POST "/api/v1/items/$id/publish")
expect publish 200 "$out"
[ "$(body_of "$out" | json status)" = published ] || fail "publish status: $out"
[ "$(body_of "$out" | json url)" = "/info/item/$id" ] || fail "publish url: $out"

# Public views.
out=$(api "" GET "/api/v1/items/$id")
expect public-get 200 "$out"
grep -q '"status"' <<<"$(body_of "$out")" && fail "public API exposes workflow fields"
curl -s "$base/info/item/$id" >"$work/item.html"
for label in 索引号 文号 发布机构 生成日期 发布日期 公开属性 有效性; do
	grep -q "$label" "$work/item.html" || fail "item page lacks $label"
done
grep -q '<meta name="ArticleTitle" content="&lt;script&gt;' "$work/item.html" || fail "ArticleTitle meta missing"
grep -Eq '<meta name="PubDate" content="[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}">' "$work/item.html" ||
	fail "PubDate meta missing"
grep -q '<meta name="ContentSource" content="汝州市钟楼街道办事处">' "$work/item.html" || fail "ContentSource meta"
grep -q '<script>alert' "$work/item.html" && fail "title not escaped on the item page"
grep -q '钟办〔2024〕9号' "$work/item.html" || fail "文号 missing"
grep -q 'print-view' <<<"$(curl -s "$base/info/item/$id?print=1")" || fail "print view"
grep -q "/info/item/$id" <<<"$(curl -s "$base/info?agency=2")" || fail "目录 does not list the item"

# Search: 2- and 4-character terms, several terms, 文号, and the API.
for q in 预算 部门预算 '预算 钟楼' 一般公共预算; do
	enc=$(python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1]))' "$q")
	grep -q "/info/item/$id" <<<"$(curl -s "$base/info?agency=2&q=$enc")" || fail "portal search '$q'"
	out=$(api "" GET "/api/v1/items?q=$enc")
	grep -q "\"id\":$id," <<<"$(body_of "$out")" || fail "API search '$q' misses item $id"
done
grep -q '<mark>预算</mark>' <<<"$(curl -s "$base/info?agency=2&q=%E9%A2%84%E7%AE%97")" || fail "no highlight"
grep -q '<mark><script>' <<<"$(curl -s "$base/info?agency=2&q=%3Cscript%3E")" && fail "snippet not escaped"

# Feed and sitemap.
grep -q "/info/item/$id</id>" <<<"$(curl -s "$base/info/feed?agency=2")" || fail "Atom feed lacks the item"
grep -q "/info/item/$id</loc>" <<<"$(curl -s "$base/sitemap.xml")" || fail "sitemap lacks the item"
grep -q '政府信息公开指南' <<<"$(curl -s "$base/info/guide")" || fail "guide"

# A person who edits and reviews may not review their own item.
out=$(api "$t_both" POST /api/v1/items '{"category":"动态信息","title":"自审测试","formed_on":"2024-01-15","body":"秘密预算"}')
expect both-create 201 "$out"
own=$(body_of "$out" | json id)
api "$t_both" POST "/api/v1/items/$own/submit" >/dev/null
out=$(api "$t_both" POST "/api/v1/items/$own/review" '{"decision":"pass"}')
expect review-own 403 "$out"
# 涉密 is final and invisible.
out=$(api "$t_reviewer" POST "/api/v1/items/$own/review" '{"decision":"classified","opinion":"含国家秘密"}')
expect classify 200 "$out"
out=$(api "$t_editor" POST "/api/v1/items/$own/publish")
expect publish-classified 409 "$out"
out=$(api "" GET "/api/v1/items/$own")
expect classified-hidden 404 "$out"
out=$(api "" GET "/api/v1/items?q=%E7%A7%98%E5%AF%86")
[ "$(body_of "$out" | json total)" = 0 ] || fail "classified item found by search"

# Withdraw: reason required; the page says it was withdrawn (410) and the item is gone elsewhere.
out=$(api "$t_editor" POST "/api/v1/items/$id/withdraw" '{}')
expect withdraw-no-reason 422 "$out"
out=$(api "$t_editor" POST "/api/v1/items/$id/withdraw" '{"reason":"数据有误，更正后重新发布"}')
expect withdraw 200 "$out"
code=$(curl -s -o "$work/gone.html" -w '%{http_code}' "$base/info/item/$id")
[ "$code" = 410 ] || fail "withdrawn page status $code"
grep -q '数据有误，更正后重新发布' "$work/gone.html" || fail "withdrawn page lacks the reason"
grep -q '一般公共预算' "$work/gone.html" && fail "withdrawn page shows the content"
out=$(api "" GET "/api/v1/items/$id")
expect withdrawn-api 404 "$out"
out=$(api "" GET "/api/v1/items?q=%E9%A2%84%E7%AE%97")
grep -q "\"id\":$id," <<<"$(body_of "$out")" && fail "withdrawn item still searchable"
grep -q "/info/item/$id<" <<<"$(curl -s "$base/info/feed?agency=2")" && fail "withdrawn item in the feed"
grep -q "/info/item/$id<" <<<"$(curl -s "$base/sitemap.xml")" && fail "withdrawn item in the sitemap"

"$GONGKAI" audit verify --db "$db" | grep -q '审计日志完整' || fail "audit chain"
if [ "$failures" -gt 0 ]; then
	echo "$failures failure(s)"
	cat "$work/server.log" | tail -20
	exit 1
fi
echo "info_api: ok"
