#!/usr/bin/env bash
# portal_search.sh — the portal search of the demo through the real server: a one-character typo gets a
# "您是不是要找" link that finds items, a traditional-character query finds the simplified text, the
# publication date range and the relevance order are form fields reflected in the paging links, a
# 索引号 leads to its item, and bad dates or orders are refused with a message naming the field; the
# items API takes the same filters.
E2E_NAME=portal_search
. "$(dirname "$0")/lib/server.sh"
demo_db
start_server
get() { curl -s -G "$base/info" "$@"; }

get --data-urlencode "q=部门预箅" >"$work/typo.html"
check "typo: nothing found" grep -q '没有找到符合条件' "$work/typo.html"
check "typo: did you mean 部门预算" grep -q '您是不是要找：<a href="/info?page=1&amp;agency=[0-9]*&amp;q=%E9%83%A8%E9%97%A8%E9%A2%84%E7%AE%97">部门预算</a>' "$work/typo.html"
get --data-urlencode "q=部门预算" >"$work/right.html"
check "the suggestion finds items" grep -q '<mark>部门预算</mark>' "$work/right.html"
check "no suggestion when found" bash -c "! grep -q '您是不是要找' '$work/right.html'"
get --data-urlencode "q=鑫鑫鑫" >"$work/none.html"
check "no suggestion for nothing similar" bash -c "! grep -q '您是不是要找' '$work/none.html'"
get --data-urlencode "q=部門預算" >"$work/trad.html"
check "traditional characters fold" grep -q '<mark>部门预算</mark>' "$work/trad.html"

# the date range and the order: form fields, in the paging links, and they change the result
get --data-urlencode "q=公开" >"$work/all.html"
get --data-urlencode "q=公开" -d from=2025-01-01 -d to=2025-06-30 -d order=relevance >"$work/range.html"
total() { sed -n 's/.*共 \([0-9]*\)+\{0,1\} 条.*/\1/p' "$1" | head -1; }
check "form has the date range" grep -q 'name="from" type="date" value="2025-01-01"' "$work/range.html"
check "form keeps the order" grep -q '<option value="relevance" selected>' "$work/range.html"
check "range narrows the result" test "$(total "$work/range.html")" -lt "$(total "$work/all.html")"
check "range result not empty" test "$(total "$work/range.html")" -gt 0
dates=$(grep -o '<td>20[0-9-]*</td></tr>' "$work/range.html" | grep -o '20[0-9-]*')
check "every date inside the range" test -z "$(echo "$dates" | awk '$1 < "2025-01-01" || $1 > "2025-06-30"')"
get -d from=2020-01-01 -d order=relevance >"$work/paged.html"
check "paging link keeps range and order" grep -q 'from=2020-01-01&amp;order=relevance" rel="next"' "$work/paged.html"

for bad in "from=2025-13-01" "to=yesterday" "from=2025-02-01&to=2025-01-01" "order=popular"; do
	code=$(curl -s -o "$work/bad.html" -w '%{http_code}' "$base/info?$bad")
	check "$bad refused" test "$code" = 400
done
check "date message names the field" bash -c "curl -s '$base/info?from=2025-13-01' | grep -q '发布日期范围不正确'"

# the items API takes the same filters
api=$(curl -s -G "$base/api/v1/items" --data-urlencode "q=公开" -d from=2025-01-01 -d to=2025-06-30 -d theme=04 \
	-d order=relevance -d per_page=100)
check "API filters: results" test "$(echo "$api" | json 'd["total"]')" -gt 0
check "API filters: dates inside the range" test "$(echo "$api" | json 'all("2025-01-01" <= i["published_on"] <= "2025-06-30" for i in d["items"])')" = True
check "API filters: the theme" test "$(echo "$api" | json 'all(i["theme_code"] == "04" for i in d["items"])')" = True
check "API bad order refused" test "$(curl -s -o "$work/api_bad.json" -w '%{http_code}' "$base/api/v1/items?order=popular")" = 422
check "API message names the order" grep -q '排序方式不正确' "$work/api_bad.json"

# a 索引号 typed into the search box leads to its item
index_no=$(curl -s "$base/info/item/1" | sed -n 's/.*<th scope="row">索引号<\/th><td>\([^<]*\)<.*/\1/p' | head -1)
check "item 1 has a 索引号" test -n "$index_no"
check "索引号 leads to the item" bash -c "curl -s -o /dev/null -w '%{redirect_url}' -G '$base/info' --data-urlencode 'q=$index_no' | grep -q '/info/item/1$'"

finish portal_search
