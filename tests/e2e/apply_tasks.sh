#!/usr/bin/env bash
# apply_tasks.sh — handler work led by the clock (issue 13), against the real server: applications
# entered at the counter on dates in the past are unassigned; they are tasks for every handler (the
# 工作台 counts them, and its counts match the list they link to); GET /api/v1/applications?state=open
# &sort=urgency lists them overdue first (most overdue first), then by the fewest working days left,
# the paused one after them, with the assignee's name once assigned; the HTML list is in the same order
# with the state in words; a supervisor's token sees the subordinate agency; no token → 401; an
# editor's token → 403; a list longer than a page (50) is split into pages whose rows, in turn, are
# the API's urgency order, with links keeping the filter; a page past the end shows the last page.
# Environment: GONGKAI (binary).
E2E_NAME=tasks
. "$(dirname "$0")/lib/server.sh"
demo_db
token=$("$GONGKAI" token create handler --db "$db" | tail -n 1)
sup_token=$("$GONGKAI" token create supervisor --db "$db" | tail -n 1)
editor_token=$("$GONGKAI" token create editor --db "$db" | tail -n 1)
start_server
day() { TZ=Asia/Shanghai date -d "$1" +%F; }

# Counter intake (in person: 收到申请之日 = the day given), oldest 70 calendar days ago.
intake() { # DAYS-AGO → tracking number
	curl -s -XPOST "$base/api/v1/applications" -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
		-d "{\"agency_id\":2,\"applicant_type\":\"natural_person\",\"name\":\"王五\",\"id_type\":\"resident_id\",\"id_number\":\"11010519491231002X\",\"phone\":\"13812345678\",\"description\":\"督办测试 $1\",\"form\":\"paper\",\"delivery\":\"pickup\",\"channel\":\"in_person\",\"received_on\":\"$(day "$1 days ago")\"}" |
		json 'd["tracking_no"]'
}
no_old=$(intake 70)
no_mid=$(intake 45)
no_new=$(intake 0)
no_paused=$(intake 5)
no_soonish=$(intake 14)
for v in no_old no_mid no_new no_paused no_soonish; do check "intake-$v" test -n "${!v}"; done
curl -s -o /dev/null -XPOST "$base/api/v1/applications/$no_paused/events" -H "Authorization: Bearer $token" \
	-H 'Content-Type: application/json' -d "{\"type\":\"consultation_start\",\"date\":\"$(day today)\",\"party\":\"third_party\"}"

# ---- the API ----
curl -s "$base/api/v1/applications?state=open&sort=urgency" -H "Authorization: Bearer $token" >"$work/list.json"
ours=$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); want=set(sys.argv[2:]); print(",".join(a["tracking_no"] for a in d["applications"] if a["tracking_no"] in want))' \
	"$work/list.json" "$no_old" "$no_mid" "$no_new" "$no_paused" "$no_soonish")
check api-urgency-order test "$ours" = "$no_old,$no_mid,$no_soonish,$no_new,$no_paused"
check api-fields python3 -c '
import json,sys
d=json.load(open(sys.argv[1]))
a={x["tracking_no"]:x for x in d["applications"]}
old,mid,new,paused=a[sys.argv[2]],a[sys.argv[3]],a[sys.argv[4]],a[sys.argv[5]]
assert set(old)=={"tracking_no","state","due_on","working_days_left","overdue","paused","assignee"}, old
assert old["overdue"] and mid["overdue"] and not new["overdue"], (old, mid, new)
assert old["working_days_left"] < mid["working_days_left"] < 0 <= new["working_days_left"]
assert paused["paused"] and not paused["overdue"] and paused["state"]=="consulting", paused
assert old["state"]=="running" and old["assignee"] is None
' "$work/list.json" "$no_old" "$no_mid" "$no_new" "$no_paused"
check api-overdue-first python3 -c '
import json,sys
d=json.load(open(sys.argv[1]))["applications"]
seen_other=False
for x in d:
    if not x["overdue"]: seen_other=True
    else: assert not seen_other, "an overdue application after a non-overdue one"
over=[x["working_days_left"] for x in d if x["overdue"]]
assert over==sorted(over), over
' "$work/list.json"
check api-no-token test "$(curl -s -o /dev/null -w '%{http_code}' "$base/api/v1/applications?state=open")" = 401
check api-editor-403 test "$(curl -s -o /dev/null -w '%{http_code}' "$base/api/v1/applications" -H "Authorization: Bearer $editor_token")" = 403
check api-bad-state test "$(curl -s -o /dev/null -w '%{http_code}' "$base/api/v1/applications?state=nonsense" -H "Authorization: Bearer $token")" = 400
curl -s "$base/api/v1/applications?state=open&sort=urgency" -H "Authorization: Bearer $sup_token" >"$work/sup.json"
check api-supervisor-subtree grep -q "$no_old" "$work/sup.json"

# ---- the 工作台 and the list (session login) ----
login handler "$work/staff"
curl -s -b "$work/staff" -o "$work/admin.html" "$base/admin"
check workbench-not-empty sh -c "! grep -q 暂无待办任务 '$work/admin.html'"
overdue_count=$(sed -n 's/.*filter=overdue&amp;mine=1">已超过答复期限的申请：<strong>\([0-9]*\)<.*/\1/p' "$work/admin.html")
check workbench-overdue-task test "${overdue_count:-0}" -ge 2
curl -s -b "$work/staff" -o "$work/overdue.html" "$base/admin/applications?filter=overdue&mine=1"
check workbench-count-matches-list test "$(grep -c '<tr><td><a href="/admin/applications/view' "$work/overdue.html")" = "$overdue_count"
check list-count-matches-tab grep -q "id=\"count-overdue\">$overdue_count<" "$work/overdue.html"
check list-words grep -q '已超期 [0-9]* 个工作日' "$work/overdue.html"
check list-unassigned grep -q '未分配' "$work/overdue.html"
curl -s -b "$work/staff" -o "$work/open.html" "$base/admin/applications?filter=open"
html_order=$(grep -o 'view?no=[^"]*' "$work/open.html" | sed 's/view?no=//' | grep -E "^($no_old|$no_mid|$no_new|$no_paused|$no_soonish)$" | tr '\n' ',')
check list-urgency-order test "$html_order" = "$no_old,$no_mid,$no_soonish,$no_new,$no_paused,"
# The open list counts its tabs from the rows it shows, another list reads them apart: the same counts.
count_of() { sed -n "s/.*id=\"count-$1\">\([0-9]*\)<.*/\1/p" "$2"; }
check open-count-is-rows test "$(grep -c '<tr><td><a href="/admin/applications/view' "$work/open.html")" = "$(count_of open "$work/open.html")"
curl -s -b "$work/staff" -o "$work/paused.html" "$base/admin/applications?filter=paused"
for tab in open due_soon overdue paused unconfirmed; do
	check "tab-$tab-same-on-both" test "$(count_of "$tab" "$work/open.html")" = "$(count_of "$tab" "$work/paused.html")"
done
check some-paused test "$(count_of paused "$work/open.html")" -ge 1
# Assigned to the handler: the API names them.
vcsrf=$(csrf_of "$work/open.html")
handler_id=$(db_sql "$db" "SELECT id FROM users WHERE name = 'handler'")
curl -s -b "$work/staff" -H "Origin: $base" -o /dev/null "$base/admin/applications/assign" --data-urlencode "csrf=$vcsrf" \
	--data-urlencode "no=$no_mid" --data-urlencode "handler_id=$handler_id"
curl -s "$base/api/v1/applications?state=open" -H "Authorization: Bearer $token" >"$work/list2.json"
check api-assignee python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); a=[x for x in d["applications"] if x["tracking_no"]==sys.argv[2]][0]; assert a["assignee"], a' "$work/list2.json" "$no_mid"

# ---- a list longer than a page (50 rows): every row on exactly one page, in the API's urgency order ----
rows_of() { grep -o 'view?no=[^"]*' "$1" | sed 's/view?no=//'; }
open_now=$(count_of open "$work/open.html")
for ((k = open_now; k < 62; k++)); do intake $((k % 30)) >/dev/null; done
curl -s -b "$work/staff" -o "$work/p1.html" "$base/admin/applications?filter=open"
curl -s -b "$work/staff" -o "$work/p2.html" "$base/admin/applications?filter=open&page=2"
total=$(count_of open "$work/p1.html")
check pages-total test "$total" -ge 62
check page1-rows test "$(rows_of "$work/p1.html" | wc -l)" = 50
check page2-rows test "$(rows_of "$work/p2.html" | wc -l)" = $((total - 50))
check page1-pager grep -q "共 $total 件，第 1 / 2 页 <a href=\"/admin/applications?filter=open&amp;page=2\" rel=\"next\">下一页</a>" "$work/p1.html"
check page1-no-prev sh -c "! grep -q 'rel=\"prev\"' '$work/p1.html'"
check page2-pager grep -q "共 $total 件，第 2 / 2 页 <a href=\"/admin/applications?filter=open\" rel=\"prev\">上一页</a></p>" "$work/p2.html"
curl -s "$base/api/v1/applications?state=open&sort=urgency" -H "Authorization: Bearer $token" >"$work/all.json"
api_order=$(python3 -c 'import json,sys; print("\n".join(a["tracking_no"] for a in json.load(open(sys.argv[1]))["applications"]))' "$work/all.json")
check pages-in-urgency-order test "$(rows_of "$work/p1.html"; rows_of "$work/p2.html")" = "$api_order"
curl -s -b "$work/staff" -o "$work/p9.html" "$base/admin/applications?filter=open&page=9"
check page-past-end-is-last grep -q "第 2 / 2 页" "$work/p9.html"
check page-past-end-rows test "$(rows_of "$work/p9.html")" = "$(rows_of "$work/p2.html")"
for bad in 0 abc -1 2x; do
	check "page-$bad-400" test "$(curl -s -b "$work/staff" -o /dev/null -w '%{http_code}' "$base/admin/applications?filter=open&page=$bad")" = 400
done
curl -s -b "$work/staff" -o "$work/m1.html" "$base/admin/applications?filter=open&mine=1"
check pager-keeps-mine grep -q 'href="/admin/applications?filter=open&amp;mine=1&amp;page=2" rel="next"' "$work/m1.html"

finish apply_tasks
