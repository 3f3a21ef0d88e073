#!/usr/bin/env bash
# portal_meta.sh — item metadata through the real server on the demo: 主题分类 (portal browsing and
# filter, the item's metadata row, the editor's change, the administrators' list), the repeal banner
# linking to the 替代文件 the editor recorded (and a bad 替代文件 changing nothing, validity included),
# 发布机构 as a select of the agency tree (free text refused), the administrator's reason for an empty
# statutory category shown on /info/statutory, the 索引号 pattern set in the back office, 主题分类 and 替代文件 in the JSON API, and the 工作台's 首页更新提醒 agreeing with the data.
E2E_NAME=portal_meta
. "$(dirname "$0")/lib/server.sh"
demo_db
start_server
status() { curl -s -o /dev/null -w '%{http_code}' "$@"; }
post() { form_post "$@"; } # lib/server.sh
sql() { db_sql "$db" "$1"; }

# ---- 主题分类 on the portal ----
curl -s "$base/info" >"$work/info.html"
check "theme navigation" grep -q '<nav class="info-themes" aria-label="主题分类">' "$work/info.html"
check "theme filter in the search form" grep -q '<select id="theme" name="theme">' "$work/info.html"
fin=$(sql "SELECT count(*) FROM info_item WHERE status = 'published' AND theme_code = '04'")
check "demo has 财政 items" test "$fin" -gt 0
check "nav counts the theme" grep -q "theme=04\" aria-current=\"false\">财政、金融、审计</a> <span class=\"muted\">($fin)</span>" "$work/info.html"
curl -s "$base/info?theme=04" >"$work/theme.html"
check "theme page lists its items" grep -q "共 $fin 条" "$work/theme.html"
check "theme is the column name" grep -q '<meta name="ColumnName" content="财政、金融、审计">' "$work/theme.html"
first=$(grep -o 'href="/info/item/[0-9]*"' "$work/theme.html" | head -1 | grep -o '[0-9]*')
curl -s "$base/info/item/$first" >"$work/item.html"
check "item shows its theme" grep -q '主题分类</th><td colspan="3"><a href="/info?agency=[0-9]*&amp;theme=04">财政、金融、审计</a>' "$work/item.html"
check "unknown theme refused" test "$(status "$base/info?theme=ZZ")" = 400

# ---- the editor: theme, validity with 替代文件 ----
ed="$work/editor.jar"
login editor "$ed"
old=$(sql "SELECT id FROM info_item WHERE doc_type = 'normative' AND status = 'published' ORDER BY id LIMIT 1")
other=$(sql "SELECT id FROM info_item WHERE doc_type = 'normative' AND status = 'published' ORDER BY id LIMIT 1 OFFSET 1")
new=$(sql "SELECT id FROM info_item WHERE doc_type = 'normative' AND status = 'published' ORDER BY id DESC LIMIT 1")
new_no=$(sql "SELECT index_no FROM info_item WHERE id = $new")
curl -s -b "$ed" "$base/admin/info/view?id=$old" >"$work/view.html"
check "view has the theme form" grep -q 'name="op" value="theme"' "$work/view.html"
check "view has the validity form" grep -q 'name="replaced_by"' "$work/view.html"
today=$(TZ=Asia/Shanghai date +%F)
check "bad 替代文件 refused" test "$(post "$ed" "/admin/info/view?id=$other" /admin/info/meta op=validity "id=$other" \
	validity=repealed "validity_on=$today" replaced_by=不存在的索引号)" = 422
check "refusal names the field" grep -q '替代文件' "$work/post.html"
check "nothing changed with it" test "$(sql "SELECT validity || replaced_by FROM info_item WHERE id = $other")" = valid0
check "repeal with 替代文件" test "$(post "$ed" "/admin/info/view?id=$old" /admin/info/meta op=validity "id=$old" \
	validity=repealed "validity_on=$today" "replaced_by=$new_no")" = 303
curl -s "$base/info/item/$old" >"$work/old.html"
check "repeal banner" grep -q '<strong>本文件已废止</strong>' "$work/old.html"
check "banner links the replacement" grep -q "替代文件：<a href=\"/info/item/$new\" rel=\"successor-version\">" "$work/old.html"
check "print view has it too" bash -c "curl -s '$base/info/item/$old?print=1' | grep -q 'href=\"/info/item/$new\"'"
curl -s "$base/info/item/$other" >"$work/other.html"
check "no banner on the valid one" bash -c "! grep -q validity-banner '$work/other.html'"
check "theme changed by the editor" test "$(post "$ed" "/admin/info/view?id=$old" /admin/info/meta op=theme "id=$old" theme=16)" = 303
check "item shows the new theme" bash -c "curl -s '$base/info/item/$old' | grep -q '>公安、安全、司法</a>'"
check "theme change in the trail" test "$(sql "SELECT count(*) FROM info_review WHERE item_id = $old AND action = 'theme'")" = 1

# ---- the JSON API carries the 主题分类 and the 替代文件 ----
curl -s "$base/api/v1/items/$old" >"$work/api_item.json"
check "API item theme" test "$(json 'd["theme"] + "/" + d["theme_code"]' <"$work/api_item.json")" = "公安、安全、司法/16"
check "API item replaced_by" test "$(json 'd["replaced_by"]["url"]' <"$work/api_item.json")" = "/info/item/$new"
check "API valid item has none" test "$(curl -s "$base/api/v1/items/$other" | json 'd["replaced_by"]')" = None
check "API list themes" test "$(curl -s "$base/api/v1/items?per_page=50" | json 'sum(1 for i in d["items"] if i["theme"])')" -gt 0

# ---- 发布机构 from the agency tree ----
curl -s -b "$ed" "$base/admin/info/edit" >"$work/edit.html"
check "publisher is a select" grep -q '<select id="publisher" name="publisher">' "$work/edit.html"
check "own agency preselected" grep -q '<option value="汝州市钟楼街道办事处" selected>汝州市钟楼街道办事处（本机关）</option>' "$work/edit.html"
check "superior offered" grep -q '<option value="汝州市人民政府">' "$work/edit.html"
check "unrelated agency not offered" bash -c "! grep -q '<option value=\"汝州市财政局\"' '$work/edit.html'"
cat_id=$(sql "SELECT id FROM info_category WHERE agency_id = (SELECT agency_id FROM info_item WHERE id = $old) AND code = 'C02'")
check "free-text publisher refused" test "$(post "$ed" /admin/info/edit /admin/info/edit "category=$cat_id" title=发布机构测试 \
	publisher=随便写的机构 "formed_on=$today" body=正文)" = 422
check "message names 发布机构" grep -q '发布机构：应从机构列表中选择' "$work/post.html"
check "typed value kept, not replaced" grep -q '<option value="随便写的机构" selected>随便写的机构（不在机构列表中，请重新选择）</option>' "$work/post.html"
check "tree publisher accepted" test "$(post "$ed" /admin/info/edit /admin/info/edit "category=$cat_id" title=发布机构测试 \
	publisher=汝州市人民政府 "formed_on=$today" body=正文)" = 303

# ---- the administrators: themes and reasons for empty statutory categories ----
ad="$work/admin.jar"
login admin "$ad"
check "theme added" test "$(post "$ad" /admin/info/themes /admin/info/themes op=add code=X1 name=基层治理)" = 303
check "theme listed" bash -c "curl -s -b '$ad' '$base/admin/info/themes' | grep -q '<td>X1</td><td>基层治理</td><td>使用中</td>'"
check "duplicate name refused" test "$(post "$ad" /admin/info/themes /admin/info/themes op=add code=X2 name=综合政务)" = 422
check "editor may not add" test "$(post "$ed" /admin/info/themes /admin/info/themes op=add code=X3 name=社区服务)" = 403
fees=$(sql "SELECT id FROM info_category WHERE code = 'A08' AND agency_id = (SELECT agency_id FROM info_item WHERE id = $old)")
curl -s -b "$ad" "$base/admin/info/statutory" >"$work/statutory_admin.html"
check "admin page lists A08" grep -q "name=\"id\" value=\"$fees\"" "$work/statutory_admin.html"
check "reason saved" test "$(post "$ad" /admin/info/statutory /admin/info/statutory "id=$fees" reason=本街道未设立任何行政事业性收费项目（2026年核实）。)" = 303
check "portal shows the reason" bash -c "curl -s '$base/info/statutory' | grep -q '暂无信息：本街道未设立任何行政事业性收费项目（2026年核实）。'"
check "editor may not write reasons" test "$(post "$ed" /admin/info/statutory /admin/info/statutory "id=$fees" reason=x)" = 403

# ---- the 索引号 pattern is configurable in the back office ----
check "settings linked from the list" bash -c "curl -s -b '$ad' '$base/admin/info' | grep -q 'href=\"/admin/info/settings\"'"
check "bad pattern refused" test "$(post "$ad" /admin/info/settings /admin/info/settings 'index_pattern={year}-{agency}')" = 422
check "refusal names 索引号规则 and keeps the text" bash -c "grep -q '索引号规则：' '$work/post.html' && grep -q 'value=\"{year}-{agency}\"' '$work/post.html'"
admin_agency=$(sql "SELECT agency_id FROM users WHERE name = 'admin'")
check "bad pattern not saved" test "$(sql "SELECT count(*) FROM info_settings WHERE agency_id = $admin_agency AND index_pattern = '{year}-{agency}'")" = 0
check "pattern saved" test "$(post "$ad" /admin/info/settings /admin/info/settings 'index_pattern=RZ-{year}-{serial:4}' agency_code=RZ)" = 303
check "pattern in the database" test "$(sql "SELECT index_pattern FROM info_settings WHERE agency_id = $admin_agency")" = 'RZ-{year}-{serial:4}'
check "editor may not change it" test "$(post "$ed" /admin/info/settings /admin/info/settings 'index_pattern=X-{serial:4}')" = 403

# ---- 首页更新提醒 on the 工作台 agrees with the newest item ----
now=$(date +%s)
stale=$(sql "SELECT CASE WHEN coalesce(max(published_at), 0) + 10 * 86400 < $now THEN 1 ELSE 0 END
	FROM info_item WHERE agency_id = (SELECT agency_id FROM info_item WHERE id = $old) AND status = 'published'
	AND published_at <= $now")
curl -s -b "$ed" "$base/admin" >"$work/admin.html"
if [ "$stale" = 1 ]; then
	check "home alert shown" grep -q 'id="stale-home"' "$work/admin.html"
else
	check "no home alert" bash -c "! grep -q 'id=\"stale-home\"' '$work/admin.html'"
fi

finish portal_meta
