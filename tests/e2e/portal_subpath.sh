#!/usr/bin/env bash
# portal_subpath.sh — the site deployed under a sub-path (base_url = https://example.gov.cn/gongkai)
# behind a proxy that keeps the prefix or strips it: both paths answer, every root-relative link,
# asset, form action and redirect of the public portal and of the back office carries the prefix and
# answers 200 when followed, cookies are limited to the prefix, and the feed, sitemap.xml and API name addresses under the mount.
E2E_NAME=portal_subpath
. "$(dirname "$0")/lib/server.sh"
crawl="$(dirname "$0")/lib/subpath_crawl.py"
site=https://example.gov.cn/gongkai

demo_db
start_server --set "base_url=$site"

# a proxy that keeps the prefix and one that strips it reach the same pages
check "home with prefix" test "$(curl -s -o /dev/null -w '%{http_code}' "$base/gongkai/")" = 200
check "bare prefix" test "$(curl -s -o /dev/null -w '%{http_code}' "$base/gongkai")" = 200
check "home stripped" test "$(curl -s -o /dev/null -w '%{http_code}' "$base/")" = 200
check "item with prefix" test "$(curl -s -o /dev/null -w '%{http_code}' "$base/gongkai/info/item/1")" = 200
check "prefix is a whole segment" test "$(curl -s -o /dev/null -w '%{http_code}' "$base/gongkaiinfo")" = 404
curl -s "$base/info" >"$work/stripped.html"
check "stripped page links under the mount" grep -q 'href="/gongkai/info/feed"' "$work/stripped.html"
check "assets under the mount" grep -q 'href="/gongkai/assets/' "$work/stripped.html"

# the public portal: every link followed from the home page (all items of the demo)
python3 "$crawl" "$base" /gongkai "" 600 /gongkai/ >"$work/public.txt"
check "public crawl: no problems" test "$(grep -vc '^pages ' "$work/public.txt")" = 0
check "public crawl covered the portal" awk '/^pages/ { exit !($2 > 250 && $4 > 2000) }' "$work/public.txt"
grep -v '^pages ' "$work/public.txt" | head -20

# redirects: the login redirect and the login form's target
check "login redirect under the mount" bash -c "curl -s -D - -o /dev/null '$base/gongkai/admin' | grep -qi '^location: /gongkai/login?next=/admin'"
jar="$work/jar"
curl -s -c "$jar" -o "$work/login.html" "$base/gongkai/login"
check "login form posts under the mount" grep -q 'action="/gongkai/login"' "$work/login.html"
csrf=$(csrf_of "$work/login.html")
curl -s -b "$jar" -c "$jar" -H "Origin: $base" -D "$work/login.hdr" -o /dev/null "$base/gongkai/login" \
	--data-urlencode "csrf=$csrf" --data-urlencode "name=admin" --data-urlencode "password=$(password admin)"
check "after login to the mount" grep -qi '^location: /gongkai/' "$work/login.hdr"
check "session cookie limited to the mount" grep -qi '^set-cookie: gk_session=[0-9a-f]*; Path=/gongkai; HttpOnly' "$work/login.hdr"

# the back office, crawled with the session
cookie=$(awk '$6 == "gk_session" { print "gk_session=" $7 }' "$jar")
check "session cookie" test -n "$cookie"
python3 "$crawl" "$base" /gongkai "$cookie" 80 /gongkai/admin 403 >"$work/admin.txt"
check "back office crawl: no problems" test "$(grep -vc '^pages ' "$work/admin.txt")" = 0
check "back office crawl covered pages" awk '/^pages/ { exit !($2 > 20) }' "$work/admin.txt"
grep -v '^pages ' "$work/admin.txt" | head -20

# absolute addresses: feed, sitemap.xml, item print link; JSON urls root-relative under the mount
curl -s "$base/gongkai/info/feed" >"$work/feed.xml"
check "feed entries on the mount" grep -q "<id>$site/info/item/" "$work/feed.xml"
check "feed has no address outside it" test "$(grep -o 'https\?://[^"<]*' "$work/feed.xml" | grep -v "^$site/" | grep -vc 'w3.org')" = 0
curl -s "$base/gongkai/sitemap.xml" >"$work/sitemap.xml"
check "sitemap lists addresses" test "$(grep -c '<loc>' "$work/sitemap.xml")" -gt 250
check "every sitemap loc on the mount" test "$(grep -o '<loc>[^<]*' "$work/sitemap.xml" | grep -vc "^<loc>$site/")" = 0
curl -s "$base/gongkai/api/v1/items?per_page=5" >"$work/items.json"
check "API urls under the mount" grep -q '"url":"/gongkai/info/item/' "$work/items.json"
check "API has no bare url" test "$(grep -o '"url":"/[a-z]*' "$work/items.json" | grep -vc '/gongkai')" = 0

finish portal_subpath
