#!/usr/bin/env bash
# apply_remind.sh — reminders to staff before due dates (issue 13), against the real server and a local
# SMTP sink started here (nothing leaves the machine): the handler's address is set with `gongkai user
# email`; an application received in person so long ago that at most 3 working days are left is
# assigned to the handler on the handling page; at the server's next start its reminder pass queues
# one e-mail to the handler (subject with the tracking number and the due date, the days left in
# words, the 条例's rule on extensions, never the applicant's name), which the sink receives. After
# another restart, once a later notice has been delivered (so the pass has run again), there is still
# exactly one reminder: each is sent once. A bad address is refused by the CLI in Chinese.
# Environment: GONGKAI (binary).
E2E_NAME=remind
. "$(dirname "$0")/lib/server.sh"
lib=$(cd "$(dirname "$0")/lib" && pwd)
demo_db
token=$("$GONGKAI" token create handler --db "$db" | tail -n 1)
mkdir -p "$work/mail"
python3 "$lib/smtp_sink.py" "$work/mail" "$work/smtp.port" &
sink_pid=$!
trap 'kill $sink_pid 2>/dev/null; e2e_cleanup' EXIT
for _ in $(seq 100); do [ -s "$work/smtp.port" ] && break; sleep 0.1; done
smtp=(--set "smtp_url=smtp://127.0.0.1:$(cat "$work/smtp.port")" --set mail_from=gongkai@example.gov.cn --set reminder_days=3)

check bad-address sh -c "! '$GONGKAI' user email handler 'not an address' --db '$db' 2>'$work/bad.txt' && grep -q '电子邮箱' '$work/bad.txt'"
check set-address sh -c "'$GONGKAI' user email handler handler@example.gov.cn --db '$db' >/dev/null"
start_server "${smtp[@]}"

# in-person applications received 20–31 calendar days ago: one of them has 1–3 working days left
no=
for ago in $(seq 20 31); do
	day=$(TZ=Asia/Shanghai date -d "-$ago days" +%F)
	created=$(curl -s -XPOST "$base/api/v1/applications" -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
		-d "{\"agency_id\":2,\"applicant_type\":\"natural_person\",\"name\":\"郑十\",\"id_type\":\"resident_id\",\"id_number\":\"11010519491231002X\",\"phone\":\"13600009999\",\"description\":\"钟楼街道2025年绿化养护合同\",\"form\":\"paper\",\"delivery\":\"pickup\",\"channel\":\"in_person\",\"received_on\":\"$day\"}" |
		json 'd["tracking_no"]')
	left=$(curl -s "$base/api/v1/applications?state=open&sort=urgency" -H "Authorization: Bearer $token" |
		json "[a['working_days_left'] for a in d['applications'] if a['tracking_no'] == '$created'][0]")
	if [ "$left" -ge 1 ] && [ "$left" -le 3 ]; then no=$created; break; fi
done
check found-one test -n "$no"
login handler "$work/h"
curl -s -b "$work/h" -o "$work/view.html" "$base/admin/applications/view?no=$no"
handler_id=$(db_sql "$db" "SELECT id FROM users WHERE name = 'handler'")
check assigned test "$(curl -s -b "$work/h" -H "Origin: $base" -o /dev/null -w '%{http_code}' "$base/admin/applications/assign" \
	--data-urlencode "csrf=$(csrf_of "$work/view.html")" --data-urlencode "no=$no" --data-urlencode "handler_id=$handler_id")" = 303

restart() {
	kill "$server_pid" && wait "$server_pid" 2>/dev/null
	start_server "${smtp[@]}"
}
mails() { ls "$work/mail"/*.eml 2>/dev/null | wc -l; }
wait_mails() { for _ in $(seq 600); do [ "$(mails)" -ge "$1" ] && return 0; sleep 0.1; done; echo "only $(mails) of $1"; return 1; }
restart
check reminder-arrives wait_mails 1
python3 "$lib/read_mail.py" "$work/mail" >"$work/all.txt"
due=$(curl -s "$base/api/v1/applications?state=open&sort=urgency" -H "Authorization: Bearer $token" |
	json "[a['due_on'] for a in d['applications'] if a['tracking_no'] == '$no'][0]")
check reminder-to grep -q 'TO: handler@example.gov.cn' "$work/all.txt"
check reminder-subject grep -q "SUBJECT: 【办理提醒】申请 $no 将于 $due 到期" "$work/all.txt"
check reminder-days-left grep -qE '还剩 [1-3] 个工作日' "$work/all.txt"
check reminder-law grep -q '第三十三条' "$work/all.txt"
check reminder-no-applicant sh -c "! grep -q '郑十' '$work/all.txt'"

# once: after a restart, a later notice delivered means the pass ran again
restart
curl -s -o /dev/null -XPOST "$base/api/v1/applications" -H 'Content-Type: application/json' \
	-d '{"agency_id":2,"applicant_type":"natural_person","name":"钱二","id_type":"resident_id","id_number":"11010519491231002X","email":"qian@example.cn","description":"钟楼街道2025年路灯维修记录","form":"electronic","delivery":"email","channel":"online"}'
check later-notice wait_mails 2
check sent-once test "$(db_sql "$db" "SELECT count(*) FROM notify_outbox WHERE kind = 'reminder'")" = 1
check recorded-once test "$(db_sql "$db" "SELECT count(*) FROM application_reminder")" = 1
finish apply_remind
