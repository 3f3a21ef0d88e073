#!/usr/bin/env bash
# apply_notify.sh — applicants kept informed (issue 13), against the real server and a local SMTP sink
# started here on a free loopback port (tests/e2e/lib/smtp_sink.py; nothing leaves the machine), with
# an SMS command that writes to a file. An online application with an e-mail address gets, in Chinese:
# the receipt, the 补正告知 (what to correct, by when), the 延长答复期限告知, the 收费通知 (amount) and the
# issued 答复书 with its PDF attached (the 文号 on it, read with pdftotext); each also as SMS. A lost
# query code is re-sent to the address given (a wrong address gets the same answer and no mail); the
# new code works, the old one no longer. Every outbox row ends "sent". A bad smtp_url stops start-up.
# Environment: GONGKAI (binary).
E2E_NAME=notify
. "$(dirname "$0")/lib/server.sh"
lib=$(cd "$(dirname "$0")/lib" && pwd)
demo_db
token=$("$GONGKAI" token create handler --db "$db" | tail -n 1)
today=$(TZ=Asia/Shanghai date +%F)
mkdir -p "$work/mail" "$work/att"
python3 "$lib/smtp_sink.py" "$work/mail" "$work/smtp.port" &
sink_pid=$!
trap 'kill $sink_pid 2>/dev/null; e2e_cleanup' EXIT
for _ in $(seq 100); do [ -s "$work/smtp.port" ] && break; sleep 0.1; done
smtp_port=$(cat "$work/smtp.port")
printf '#!/bin/sh\n{ echo "TO $1"; cat; echo; } >>"%s"\n' "$work/sms.log" >"$work/sms.sh"
chmod +x "$work/sms.sh"

check bad-smtp-url sh -c "! '$GONGKAI' serve --db '$db' --listen 127.0.0.1:0 --set smtp_url=http://127.0.0.1:1 2>'$work/bad.txt' && grep -q smtp_url '$work/bad.txt'"
start_server --set "smtp_url=smtp://127.0.0.1:$smtp_port" --set mail_from=gongkai@example.gov.cn \
	--set "sms_command=$work/sms.sh"

mails() { ls "$work/mail"/*.eml 2>/dev/null | wc -l; }
wait_mails() { # COUNT: waits (up to 60 s) until the sink holds COUNT messages
	for _ in $(seq 600); do [ "$(mails)" -ge "$1" ] && return 0; sleep 0.1; done
	echo "only $(mails) of $1 messages arrived"
	return 1
}
last_mail() { python3 "$lib/read_mail.py" "$work/mail" | awk -v f="$(printf '%03d' "$1").eml" '/^=== / { on = ($2 == f) } on'; }
event() { # JSON
	curl -s -o "$work/ev.json" -w '%{http_code}' -XPOST "$base/api/v1/applications/$no/events" \
		-H "Authorization: Bearer $token" -H 'Content-Type: application/json' -d "$1" | grep -q 201 ||
		{ echo "event $1: $(cat "$work/ev.json")"; return 1; }
}

body='{"agency_id":2,"applicant_type":"natural_person","name":"赵六","id_type":"resident_id","id_number":"11010519491231002X","phone":"13700001234","email":"zhao@example.cn","address":"汝州市中大街3号","description":"钟楼街道2025年道路维修工程的合同","form":"electronic","delivery":"email","channel":"online"}'
curl -s -XPOST "$base/api/v1/applications" -H 'Content-Type: application/json' -d "$body" >"$work/created.json"
no=$(json 'd["tracking_no"]' <"$work/created.json")
code=$(json 'd["query_code"]' <"$work/created.json")
check receipt-arrives wait_mails 1
last_mail 1 >"$work/m1.txt"
check receipt-to grep -q 'TO: zhao@example.cn' "$work/m1.txt"
check receipt-subject grep -q "SUBJECT: 【汝州市钟楼街道办事处】已收到您的政府信息公开申请（$no）" "$work/m1.txt"
check receipt-body grep -q '20 个工作日内答复' "$work/m1.txt"
check receipt-no-query-code test -n "$code" -a "$(grep -c -- "$code" "$work/m1.txt")" = 0 # a mailbox is not a secret

check confirm event "{\"type\":\"confirm_receipt\",\"date\":\"$today\"}"
check correction event "{\"type\":\"request_correction\",\"date\":\"$today\",\"workdays\":10,\"note\":\"请写明合同的项目名称\"}"
check correction-arrives wait_mails 2
last_mail 2 >"$work/m2.txt"
check correction-subject grep -q '请补正您的政府信息公开申请' "$work/m2.txt"
check correction-what grep -q '请写明合同的项目名称' "$work/m2.txt"
check correction-by grep -q '请您于.*前补正' "$work/m2.txt"
check correction-online grep -q '在线提交补正' "$work/m2.txt"
status=$(curl -s -o /dev/null -w '%{http_code}' -XPOST "$base/api/v1/applications/$no/correction" \
	-H 'Content-Type: application/json' -d "{\"code\":\"$code\",\"text\":\"钟楼街道中大街道路维修工程\"}")
check online-correction test "$status" = 201
check extend event "{\"type\":\"extend\",\"date\":\"$today\",\"workdays\":10,\"approver\":\"李主任\",\"note\":\"需要调取档案\"}"
check extension-arrives wait_mails 3
last_mail 3 >"$work/m3.txt"
check extension-text grep -q '延长 10 个工作日' "$work/m3.txt"
check extension-reason grep -q '因需要调取档案' "$work/m3.txt"
check fee event "{\"type\":\"fee_notice\",\"date\":\"$today\",\"fee_method\":\"page\",\"fee_pages\":50}"
check fee-arrives wait_mails 4
last_mail 4 >"$work/m4.txt"
check fee-amount grep -q '应缴纳信息处理费 200 元' "$work/m4.txt"
check fee-pay-by grep -q '前按收费通知书载明的方式缴纳' "$work/m4.txt"
check paid event "{\"type\":\"fee_paid\",\"date\":\"$today\"}"
check reply event "{\"type\":\"reply\",\"date\":\"$today\",\"outcome\":\"granted\"}"

login handler "$work/staff"
curl -s -b "$work/staff" -o "$work/letter.html" "$base/admin/applications/letter?no=$no"
letter=$(python3 -c 'import html,re,sys; t=open(sys.argv[1]).read(); print(html.unescape(re.search(r"<textarea[^>]*>(.*?)</textarea>", t, re.S).group(1)), end="")' "$work/letter.html")
curl -s -b "$work/staff" -H "Origin: $base" -o /dev/null "$base/admin/applications/letter" \
	--data-urlencode "csrf=$(csrf_of "$work/letter.html")" --data-urlencode "no=$no" \
	--data-urlencode "doc_no=钟政信复〔2026〕21号" --data-urlencode "body=$letter" --data-urlencode action=issue
check reply-arrives wait_mails 5
python3 "$lib/read_mail.py" "$work/mail" --save-attachments "$work/att" >/dev/null
last_mail 5 >"$work/m5.txt"
check reply-subject grep -q '政府信息公开申请答复书' "$work/m5.txt"
check reply-letter-in-body grep -q '钟政信复〔2026〕21号' "$work/m5.txt"
check reply-attachment grep -q "ATTACHMENT: 答复书-$no.pdf" "$work/m5.txt"
check reply-pdf-doc-no sh -c "pdftotext '$work/att/005.eml.pdf' - | tr -d ' ' | grep -q '钟政信复〔2026〕21号'"

# ---- SMS for the same events ----
check sms-count test "$(grep -c '^TO 13700001234' "$work/sms.log")" -ge 5
check sms-text grep -q "您的政府信息公开申请 $no：需要补正" "$work/sms.log"

# ---- a lost query code ----
curl -s -c "$work/jar" -o "$work/resend.html" "$base/apply/query/resend"
rcsrf=$(csrf_of "$work/resend.html")
resend() { # EMAIL
	curl -s -b "$work/jar" -H "Origin: $base" -o "$work/resent.html" "$base/apply/query/resend" \
		--data-urlencode "csrf=$rcsrf" --data-urlencode "no=$no" --data-urlencode "email=$1"
}
resend someone@example.cn
check resend-same-answer grep -q '新的查询码已发送到该邮箱' "$work/resent.html"
check resend-wrong-no-mail test "$(db_sql "$db" "SELECT count(*) FROM notify_outbox WHERE kind = 'query_code'")" = 0
resend ' ZHAO@example.cn '
check resend-arrives wait_mails 6
last_mail 6 >"$work/m6.txt"
new_code=$(sed -n 's/^ *\([2-9A-HJ-NP-Z]\{12\}\) *$/\1/p' "$work/m6.txt" | head -1)
check resend-code test -n "$new_code"
check new-code-works test "$(curl -s -o /dev/null -w '%{http_code}' "$base/api/v1/applications/$no?code=$new_code")" = 200
check old-code-gone test "$(curl -s -o /dev/null -w '%{http_code}' "$base/api/v1/applications/$no?code=$code")" = 404

for _ in $(seq 100); do
	[ "$(db_sql "$db" "SELECT count(*) FROM notify_outbox WHERE status NOT IN ('sent')")" = 0 ] && break
	sleep 0.1
done
check outbox-all-sent test "$(db_sql "$db" "SELECT count(*) FROM notify_outbox WHERE status <> 'sent'")" = 0
check no-personal-data-in-log sh -c "! grep -q 'zhao@example.cn\|13700001234' '$work/server.log'"

[ -n "${KEEP:-}" ] && cp -r "$work/mail" /tmp/wf-mail
finish apply_notify
