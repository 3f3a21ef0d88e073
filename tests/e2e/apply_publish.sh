#!/usr/bin/env bash
# apply_publish.sh — 依申请公开转主动公开 (条例第四十四条) against the real server: the handler proposes
# the information of an application answered 予以公开 (once; a second proposal and a proposal for an
# application answered 无法提供 are refused with 409); the editor's 工作台 shows the proposal as a task;
# the editor makes a draft information item of it (status draft, the application's description as
# title), linked to the application, and the proposals page points to it; the applicant's pages count
# the applications that led to a 主动公开 item (0 before, 1 after).
# Environment: GONGKAI (binary).
E2E_NAME=publish
. "$(dirname "$0")/lib/server.sh"
demo_db
token=$("$GONGKAI" token create handler --db "$db" | tail -n 1)
start_server
today=$(TZ=Asia/Shanghai date +%F)
apply() { # DESCRIPTION OUTCOME → tracking number, answered
	local no
	no=$(curl -s -XPOST "$base/api/v1/applications" -H 'Content-Type: application/json' \
		-d "{\"agency_id\":2,\"applicant_type\":\"natural_person\",\"name\":\"周八\",\"id_type\":\"resident_id\",\"id_number\":\"11010519491231002X\",\"phone\":\"13500001234\",\"description\":\"$1\",\"form\":\"electronic\",\"delivery\":\"online\",\"channel\":\"online\"}" |
		json 'd["tracking_no"]')
	for ev in "{\"type\":\"confirm_receipt\",\"date\":\"$today\"}" "{\"type\":\"reply\",\"date\":\"$today\",\"outcome\":\"$2\"}"; do
		curl -s -o /dev/null -XPOST "$base/api/v1/applications/$no/events" -H "Authorization: Bearer $token" \
			-H 'Content-Type: application/json' -d "$ev"
	done
	echo "$no"
}
granted=$(apply "钟楼街道2025年老旧小区改造项目清单" granted)
none=$(apply "不存在的会议记录" unable_no_info)

login handler "$work/h"
curl -s -b "$work/h" -o "$work/view.html" "$base/admin/applications/view?no=$granted"
check propose-form grep -q 'action="/admin/applications/propose"' "$work/view.html"
propose() { # NO → HTTP status
	curl -s -b "$work/h" -H "Origin: $base" -o "$work/propose.html" -w '%{http_code}' "$base/admin/applications/propose" \
		--data-urlencode "csrf=$(csrf_of "$work/view.html")" --data-urlencode "no=$1" --data-urlencode "reason=三人申请相同信息"
}
check propose-303 test "$(propose "$granted")" = 303
check propose-twice-409 test "$(propose "$granted")" = 409
check propose-not-released-409 test "$(propose "$none")" = 409
curl -s -b "$work/h" -o "$work/view2.html" "$base/admin/applications/view?no=$granted&done=propose"
check propose-confirmed grep -q '已建议纳入主动公开' "$work/view2.html"

login editor "$work/e"
curl -s -b "$work/e" -o "$work/admin.html" "$base/admin"
check editor-task grep -q '依申请公开转主动公开建议：<strong>1</strong>' "$work/admin.html"
curl -s -b "$work/e" -o "$work/proposals.html" "$base/admin/applications/proposals"
check proposals-list grep -q "$granted" "$work/proposals.html"
count_shown() { curl -s "$base/apply/query" | grep -q "id=\"publication-count\">.*<strong>$1</strong> 件申请"; }
check portal-count-before count_shown 0
app_id=$(db_sql "$db" "SELECT id FROM application WHERE tracking_no = '$granted'")
status=$(curl -s -b "$work/e" -H "Origin: $base" -o /dev/null -w '%{http_code} %{redirect_url}' \
	"$base/admin/applications/proposals/draft" --data-urlencode "csrf=$(csrf_of "$work/proposals.html")" \
	--data-urlencode "application_id=$app_id")
check draft-303 sh -c "echo '$status' | grep -q '^303 .*/admin/info/view?id='"
item=$(db_sql "$db" "SELECT item_id FROM application_publication WHERE application_id = $app_id")
check draft-linked test -n "$item"
check draft-status test "$(db_sql "$db" "SELECT status FROM info_item WHERE id = ${item:-0}")" = draft
check draft-title test "$(db_sql "$db" "SELECT title FROM info_item WHERE id = ${item:-0}")" = "钟楼街道2025年老旧小区改造项目清单"
curl -s -b "$work/e" -o "$work/proposals2.html" "$base/admin/applications/proposals"
check proposals-link grep -q "/admin/info/view?id=$item" "$work/proposals2.html"
check portal-count-after count_shown 1
check handler-cannot-draft test "$(curl -s -b "$work/h" -H "Origin: $base" -o /dev/null -w '%{http_code}' \
	"$base/admin/applications/proposals/draft" --data-urlencode "csrf=$(csrf_of "$work/view.html")" \
	--data-urlencode "application_id=$app_id")" = 403

finish apply_publish
