#!/usr/bin/env bash
# apply_flow.sh — 依申请公开 end to end against the real server: a citizen applies online through the
# public HTML form (CSRF cookie, idempotency key: a double submission gives one application) and
# through the JSON API; bad input is refused with 422 naming each field; the handler (bearer token)
# confirms receipt, requests and receives a correction, extends, replies 部分公开 and delivers, with
# refused transitions (409) on the way; the applicant's view (API and 申请查询 page) shows each step;
# the staff list, view and letter pages render; a full view of personal data is audited; a supervisor of
# the city government picks a subordinate agency and sees its lists and records read-only and masked.
# Environment: GONGKAI (binary).
E2E_NAME=apply
. "$(dirname "$0")/lib/server.sh"
demo_db
handler_pw=$(password handler)
token=$("$GONGKAI" token create handler --db "$db" | tail -n 1)
start_server --set threads=4
today=$(TZ=Asia/Shanghai date +%F)

# ---- the public form ----
curl -s -c "$work/jar" -o "$work/form.html" "$base/apply/new"
check form-labels grep -q '申请人类型' "$work/form.html"
check form-channels grep -q '口头' "$work/form.html"
csrf=$(sed -n 's/.*name="csrf" value="\([0-9a-f]*\)".*/\1/p' "$work/form.html" | head -1)
key=$(sed -n 's/.*name="idempotency_key" value="\([0-9a-f]*\)".*/\1/p' "$work/form.html" | head -1)
check form-csrf test -n "$csrf"
check form-key test -n "$key"
post_form() {
	curl -s -b "$work/jar" -H "Origin: $base" -o "$1" -w '%{http_code}' "$base/apply/new" \
		--data-urlencode "csrf=$csrf" --data-urlencode "idempotency_key=$key" --data-urlencode agency_id=2 \
		--data-urlencode applicant_type=natural_person --data-urlencode "name=李四" \
		--data-urlencode id_type=resident_id --data-urlencode "id_number=$2" \
		--data-urlencode phone=13900001111 --data-urlencode "description=钟楼街道2025年度老旧小区改造资金使用情况" \
		--data-urlencode form=electronic --data-urlencode delivery=email --data-urlencode "email=li@example.cn"
}
check form-bad-status test "$(post_form "$work/bad.html" 110105194912310021)" = 422
check form-bad-message grep -q '校验位' "$work/bad.html"
check form-ok-status test "$(post_form "$work/ok.html" 11010519491231002X)" = 200
form_no=$(sed -n 's/.*id="tracking-no">\([^<]*\)<.*/\1/p' "$work/ok.html")
form_code=$(sed -n 's/.*id="query-code">\([^<]*\)<.*/\1/p' "$work/ok.html")
check form-tracking test -n "$form_no"
post_form "$work/again.html" 11010519491231002X >/dev/null
check form-double-submit grep -q "$form_no" "$work/again.html"
check form-double-one test "$(db_sql "$db" "SELECT count(*) FROM application WHERE name = '李四'")" = 1

# ---- the API: bad input, then a valid application ----
body='{"agency_id":2,"applicant_type":"natural_person","name":"张三","id_type":"resident_id","id_number":"11010519491231002X","phone":"13812345678","email":"zhang@example.cn","address":"汝州市中大街1号","description":"2025年钟楼街道老旧小区改造项目的立项批复","doc_no":"","form":"electronic","delivery":"email","channel":"online"}'
status=$(curl -s -o "$work/bad.json" -w '%{http_code}' -XPOST "$base/api/v1/applications" -H 'Content-Type: application/json' \
	-d '{"agency_id":2,"applicant_type":"martian","id_type":"uscc","id_number":"91350100M000100Y44"}')
check api-422 test "$status" = 422
for field in applicant_type name id_number description form delivery; do
	check "api-422-names-$field" sh -c "python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d[\"error\"][\"fields\"][sys.argv[2]]' '$work/bad.json' $field"
done
check api-422-chinese grep -q '\\u' "$work/bad.json"
status=$(curl -s -o "$work/created.json" -w '%{http_code}' -XPOST "$base/api/v1/applications" -H 'Content-Type: application/json' -d "$body")
check api-201 test "$status" = 201
no=$(json 'd["tracking_no"]' <"$work/created.json")
code=$(json 'd["query_code"]' <"$work/created.json")
check api-status test "$(json 'd["status"]' <"$work/created.json")" = awaiting_confirmation

# ---- handling through the API ----
event() { # EXPECTED-STATUS JSON
	local got
	got=$(curl -s -o "$work/ev.json" -w '%{http_code}' -XPOST "$base/api/v1/applications/$no/events" \
		-H "Authorization: Bearer $token" -H 'Content-Type: application/json' -d "$2")
	[ "$got" = "$1" ] || { echo "event $2 → $got: $(cat "$work/ev.json")"; return 1; }
}
check no-reply-before-receipt event 409 "{\"type\":\"reply\",\"date\":\"$today\",\"outcome\":\"partial\"}"
check no-anonymous-events test "$(curl -s -o /dev/null -w '%{http_code}' -XPOST "$base/api/v1/applications/$no/events" \
	-H 'Content-Type: application/json' -d "{\"type\":\"confirm_receipt\",\"date\":\"$today\"}")" = 401
check confirm event 201 "{\"type\":\"confirm_receipt\",\"date\":\"$today\"}"
check future-refused event 409 '{"type":"extend","date":"2999-01-01","workdays":5,"approver":"李主任"}'
check correction-needs-note event 422 "{\"type\":\"request_correction\",\"date\":\"$today\",\"workdays\":10}"
check correction event 201 "{\"type\":\"request_correction\",\"date\":\"$today\",\"workdays\":10,\"note\":\"请写明文件名称\"}"
# ---- the applicant sees what to correct and by when, and answers online ----
curl -s "$base/api/v1/applications/$no?code=$code" >"$work/corr.json"
check correction-note test "$(json 'd["correction"]["note"]' <"$work/corr.json")" = 请写明文件名称
check correction-by python3 -c 'import json,sys,datetime; d=json.load(open(sys.argv[1])); assert datetime.date.fromisoformat(d["correction"]["by"]) > datetime.date.fromisoformat(sys.argv[2])' "$work/corr.json" "$today"
check correction-notice-text python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert "补正告知书" in d["notices"][0]["text"] and "请写明文件名称" in d["notices"][0]["text"]' "$work/corr.json"
correct() { # EXPECTED-STATUS CODE-HEADER BODY [NO]
	local got
	got=$(curl -s -o "$work/corr-post.json" -w '%{http_code}' -XPOST "$base/api/v1/applications/${4:-$no}/correction" \
		-H 'Content-Type: application/json' -H "X-Query-Code: $2" -d "$3")
	[ "$got" = "$1" ] || { echo "correction $3 → $got: $(cat "$work/corr-post.json")"; return 1; }
}
lower_no=$(printf '%s' "$no" | tr 'A-Z' 'a-z')
lower_code=$(printf '%s' "$code" | tr 'A-Z' 'a-z')
check correction-wrong-code correct 404 WRONGCODE234 '{"text":"文件名称为……"}'
check correction-empty correct 422 "$code" '{"text":"  "}'
check correction-online correct 201 " $lower_code " '{"text":"所需文件为钟政〔2025〕5号"}' "$lower_no"
check correction-dated-today test "$(json 'd["date"]' <"$work/corr-post.json")" = "$today"
check correction-twice-409 correct 409 "$code" '{"text":"再补充"}'
check correction-code-in-body sh -c "curl -s -o /dev/null -w '%{http_code}' -XPOST '$base/api/v1/applications/$no/correction' -H 'Content-Type: application/json' -d '{\"code\":\"$code\",\"text\":\"x\"}' | grep -q 409"
check extend-needs-approver event 422 "{\"type\":\"extend\",\"date\":\"$today\",\"workdays\":15}"
check extend event 201 "{\"type\":\"extend\",\"date\":\"$today\",\"workdays\":15,\"approver\":\"李主任\"}"
check second-extension event 409 "{\"type\":\"extend\",\"date\":\"$today\",\"workdays\":5,\"approver\":\"李主任\"}"
check bad-outcome event 422 "{\"type\":\"reply\",\"date\":\"$today\",\"outcome\":\"maybe\"}"
check deadline-derivation sh -c "curl -s '$base/api/v1/applications/$no/deadline' -H 'Authorization: Bearer $token' | grep -q derivation"
check deadline-needs-token test "$(curl -s -o /dev/null -w '%{http_code}' "$base/api/v1/applications/$no/deadline")" = 401
check reply event 201 "{\"type\":\"reply\",\"date\":\"$today\",\"outcome\":\"partial\"}"
check deliver event 201 "{\"type\":\"deliver\",\"date\":\"$today\"}"
check after-reply event 409 "{\"type\":\"withdraw\",\"date\":\"$today\"}"

# ---- the applicant's view shows each step ----
curl -s "$base/api/v1/applications/$no?code=$code" >"$work/view.json"
check view-status test "$(json 'd["status"]' <"$work/view.json")" = replied
check view-outcome test "$(json 'd["outcome"]' <"$work/view.json")" = partial
steps=$(json '",".join(e["type"] for e in d["timeline"])' <"$work/view.json")
check view-steps test "$steps" = "receive,confirm_receipt,request_correction,correction_received,extend,reply,deliver"
check view-wrong-code test "$(curl -s -o /dev/null -w '%{http_code}' "$base/api/v1/applications/$no?code=WRONG")" = 404
curl -s -c "$work/jar2" -o "$work/q.html" "$base/apply/query"
qcsrf=$(sed -n 's/.*name="csrf" value="\([0-9a-f]*\)".*/\1/p' "$work/q.html" | head -1)
curl -s -b "$work/jar2" -H "Origin: $base" -o "$work/q2.html" "$base/apply/query" --data-urlencode "csrf=$qcsrf" \
	--data-urlencode "no=$no" --data-urlencode "code=$code"
for label in 收到申请 确认收到申请 告知补正 延长答复期限 答复 送达 部分公开; do
	check "query-page-$label" grep -q "$label" "$work/q2.html"
done

# ---- staff pages (session login) ----
curl -s -c "$work/staff" -o "$work/login.html" "$base/login"
lcsrf=$(sed -n 's/.*name="csrf" value="\([0-9a-f]*\)".*/\1/p' "$work/login.html" | head -1)
curl -s -b "$work/staff" -c "$work/staff" -H "Origin: $base" -o /dev/null "$base/login" --data-urlencode "csrf=$lcsrf" \
	--data-urlencode name=handler --data-urlencode "password=$handler_pw"
curl -s -b "$work/staff" -o "$work/list.html" "$base/admin/applications?filter=all"
check list-has-form-app grep -q "$form_no" "$work/list.html"
check list-masks-phone grep -q '139\*\*\*\*1111' "$work/list.html"
check list-no-full-phone sh -c "! grep -q 13900001111 '$work/list.html'"
curl -s -b "$work/staff" -o "$work/view.html" "$base/admin/applications/view?no=$no"
check view-derivation grep -q '条例第三十三条' "$work/view.html"
check view-masked sh -c "! grep -q 11010519491231002X '$work/view.html'"
check view-no-repeat sh -c "! grep -q 'id=\"repeat\"' '$work/view.html'"
# The same applicant asks again for the same information: pointed out as a possible 重复申请.
again=$(curl -s -XPOST "$base/api/v1/applications" -H 'Content-Type: application/json' \
	-d "${body/立项批复/立项批复文件}" | json 'd["tracking_no"]')
curl -s -b "$work/staff" -o "$work/again.html" "$base/admin/applications/view?no=$again"
check view-repeat grep -q "重复申请.*$no\|$no.*相似度" "$work/again.html"
scsrf=$(sed -n 's/.*name="csrf" value="\([0-9a-f]*\)".*/\1/p' "$work/view.html" | head -1)
before=$(db_sql "$db" "SELECT count(*) FROM audit_log WHERE action = 'application.view_personal'")
curl -s -b "$work/staff" -H "Origin: $base" -o "$work/full.html" "$base/admin/applications/reveal" \
	--data-urlencode "csrf=$scsrf" --data-urlencode "no=$no"
check reveal-full grep -q 11010519491231002X "$work/full.html"
check reveal-audited test "$(db_sql "$db" "SELECT count(*) FROM audit_log WHERE action = 'application.view_personal'")" = $((before + 1))
curl -s -b "$work/staff" -o "$work/letter.html" "$base/admin/applications/letter?no=$no"
for element in 政府信息公开申请答复书 张三 第三十七条 六十日内 六个月内 汝州市钟楼街道办事处; do
	check "letter-$element" grep -q "$element" "$work/letter.html"
done
# ---- a supervisor of the city government: subordinate agencies, read-only, masked ----
sup_pw=$(awk '$1 == "supervisor" { print $2; exit }' "$work/init.txt")
curl -s -c "$work/sup" -o "$work/login2.html" "$base/login"
lcsrf=$(sed -n 's/.*name="csrf" value="\([0-9a-f]*\)".*/\1/p' "$work/login2.html" | head -1)
curl -s -b "$work/sup" -c "$work/sup" -H "Origin: $base" -o /dev/null "$base/login" --data-urlencode "csrf=$lcsrf" \
	--data-urlencode name=supervisor --data-urlencode "password=$sup_pw"
curl -s -b "$work/sup" -o "$work/sup-list.html" "$base/admin/applications"
check sup-overview grep -q '本级及下级机关督办概况' "$work/sup-list.html"
check sup-picker grep -q '<select id="agency" name="agency">' "$work/sup-list.html"
check sup-picker-subordinate grep -q '<option value="2"[^>]*>.*汝州市钟楼街道办事处' "$work/sup-list.html"
check sup-no-intake sh -c "! grep -q '/admin/applications/intake' '$work/sup-list.html'"
curl -s -b "$work/sup" -o "$work/sup-list2.html" "$base/admin/applications?agency=2&filter=all"
check sup-sees-subordinate grep -q "$no" "$work/sup-list2.html"
check sup-list-masked sh -c "grep -q '138\*\*\*\*5678' '$work/sup-list2.html' && ! grep -q 13812345678 '$work/sup-list2.html'"
curl -s -b "$work/sup" -o "$work/sup-view.html" "$base/admin/applications/view?no=$no"
check sup-view-masked sh -c "grep -q 'id=\"details\"' '$work/sup-view.html' && ! grep -q 11010519491231002X '$work/sup-view.html'"
check sup-view-readonly sh -c "! grep -q 'action=\"/admin/applications/event\"' '$work/sup-view.html' && ! grep -q 'reveal' '$work/sup-view.html'"
sup_csrf=$(sed -n 's/.*name="csrf" value="\([0-9a-f]*\)".*/\1/p' "$work/sup-view.html" | head -1)
check sup-no-reveal test "$(curl -s -b "$work/sup" -H "Origin: $base" -o /dev/null -w '%{http_code}' \
	"$base/admin/applications/reveal" --data-urlencode "csrf=$sup_csrf" --data-urlencode "no=$no")" = 403
# a handler cannot pick another agency: the list stays their own
curl -s -b "$work/staff" -o "$work/other.html" "$base/admin/applications?agency=3&filter=all"
check handler-no-picker sh -c "grep -q '$form_no' '$work/other.html' && ! grep -q 'id=\"agency\"' '$work/other.html'"

# No smtp_url and no sms_command: the notices are recorded and skipped, nothing fails.
for _ in $(seq 100); do
	[ "$(db_sql "$db" "SELECT count(*) FROM notify_outbox WHERE status IN ('pending', 'sending')")" = 0 ] && break
	sleep 0.1
done
check notices-skipped test "$(db_sql "$db" "SELECT count(*) FROM notify_outbox WHERE status = 'skipped'")" -gt 0
check notices-none-pending test "$(db_sql "$db" "SELECT count(*) FROM notify_outbox WHERE status <> 'skipped'")" = 0
check audit-intact sh -c "'$GONGKAI' audit verify --db '$db' | grep -q 审计日志完整"

finish apply_flow
