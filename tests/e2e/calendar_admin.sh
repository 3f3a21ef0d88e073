#!/usr/bin/env bash
# calendar_admin.sh — an administrator loads a new year's holiday schedule and every deadline uses it,
# without restarting the server. A handler records a staff intake (in person) received in the last
# days of 2026 — 2026-12-28, or today when the clock has not reached that day yet — whose 20 working
# days need the 2027 schedule (days from 12-25 on depend on the next 元旦 arrangement), so the deadline
# API flags it unknown. `gongkai calendar load` of a 2027 schedule into the database of the running
# server: the same API then computes the due day with the loaded holidays (checked against an
# independent count in Python over data/holidays-cn.txt plus the loaded file) and names the new
# calendar version. Then through /admin/calendar (admin session, CSRF, multipart): a bad line is
# refused with its number and nothing changes; a corrected 2027 replaces the first at once; a handler
# may not use the page; both loads are audited and `gongkai calendar list` shows the loaded year.
# The 2027 texts are fixtures, not the State Council's notice. Environment: GONGKAI (binary), SRC.
set -uo pipefail
: "${SRC:?repository root}"
E2E_NAME=calendar
. "$(dirname "$0")/../lib/e2e.sh"

db=$(e2e_db t) || exit 1
"$GONGKAI" init --db "$db" --demo >"$work/init.txt" || { echo "init failed"; exit 1; }
token=$("$GONGKAI" token create handler --db "$db" | tail -n 1)

start_server --set threads=4
json() { python3 -c 'import json,sys; d=json.load(sys.stdin); print(eval(sys.argv[1]))' "$1"; }

today=$(TZ=Asia/Shanghai date +%F)
received=2026-12-28
[[ "$today" < "$received" ]] && received=$today
echo "received_on $received (today $today)"

cat >"$work/2027.txt" <<'EOF'
# 2027 年放假安排（测试数据，非正式通知）
year 2027 https://example.gov.cn/2027
2027-01-01 off 元旦
2027-01-02 off 元旦
2027-01-03 off 元旦
2027-02-06 off 春节
2027-02-07 off 春节
2027-02-08 off 春节
2027-02-09 off 春节
2027-02-10 off 春节
2027-02-11 off 春节
2027-02-12 off 春节
2027-02-13 off 春节
2027-02-14 work 春节
2027-02-20 work 春节
EOF
# The corrected schedule: 元旦 moved so that 2026-12-31 is off and Saturday 2027-01-02 is a working day.
cat >"$work/2027b.txt" <<'EOF'
year 2027 https://example.gov.cn/2027-corrected
2026-12-31 off 元旦
2027-01-01 off 元旦
2027-01-02 work 元旦
2027-02-06 off 春节
2027-02-07 off 春节
2027-02-08 off 春节
2027-02-09 off 春节
2027-02-10 off 春节
2027-02-11 off 春节
2027-02-12 off 春节
2027-02-14 work 春节
EOF
printf 'year 2027\n2027-01-01 off 元旦\n2027-13-01 off 春节\n' >"$work/bad.txt"

# The due day counted independently: 20 working days after the receipt day, with the built-in schedules
# and the given extra file(s); an unknown year counts as ordinary weekdays (as the engine does).
expected_due() { # RECEIVED FILE…
	python3 - "$SRC/data/holidays-cn.txt" "$@" <<'EOF'
import datetime, sys
listed = {}
def load(path):
	year = None
	for line in open(path, encoding="utf-8"):
		parts = line.split()
		if not parts or parts[0].startswith("#"):
			continue
		if parts[0] == "year":
			year = int(parts[1])
			for day in [d for d, (y, _) in listed.items() if y == year]:
				del listed[day]
			continue
		day = datetime.date.fromisoformat(parts[0])
		if day not in listed or listed[day][0] <= year:
			listed[day] = (year, parts[1] == "off")
received = datetime.date.fromisoformat(sys.argv[2])
load(sys.argv[1])
for extra in sys.argv[3:]:
	load(extra)
day, counted = received, 0
while counted < 20:
	day += datetime.timedelta(days=1)
	off = listed[day][1] if day in listed else day.weekday() >= 5
	counted += not off
print(day.isoformat())
EOF
}

# ---- a staff intake whose deadline needs 2027 ----
body="{\"agency_id\":2,\"applicant_type\":\"natural_person\",\"name\":\"赵六\",\"id_type\":\"resident_id\",\"id_number\":\"11010519491231002X\",\"phone\":\"13812345678\",\"address\":\"汝州市中大街1号\",\"description\":\"2026年钟楼街道冬季供暖补贴发放情况\",\"doc_no\":\"\",\"form\":\"paper\",\"delivery\":\"post\",\"channel\":\"in_person\",\"received_on\":\"$received\"}"
status=$(curl -s -o "$work/created.json" -w '%{http_code}' -XPOST "$base/api/v1/applications" \
	-H "Authorization: Bearer $token" -H 'Content-Type: application/json' -d "$body")
check intake-201 test "$status" = 201 || { cat "$work/created.json"; exit 1; }
no=$(json 'd["tracking_no"]' <"$work/created.json")
deadline() { curl -s "$base/api/v1/applications/$no/deadline" -H "Authorization: Bearer $token" >"$work/$1.json"; }

deadline before
check before-unknown test "$(json 'd["unknown_calendar"]' <"$work/before.json")" = True ||
	echo "  (the receipt day $received must be 2026-11-26 or later for its deadline to reach 2026-12-25)"
check before-unknown-step test "$(json '"unknown_calendar" in [s["code"] for s in d["derivation"]]' <"$work/before.json")" = True
check before-version grep -q 'years 2019-2026' "$work/before.json"
check before-received test "$(json 'd["received_on"]' <"$work/before.json")" = "$received"

# ---- load 2027 from the command line while the server runs ----
check cli-bad-refused sh -c "! '$GONGKAI' calendar load '$work/bad.txt' --db '$db' 2>'$work/bad.err'"
check cli-bad-line grep -q '第 3 行' "$work/bad.err"
check cli-load "$GONGKAI" calendar load "$work/2027.txt" --db "$db"
for _ in $(seq 40); do # the server looks at the stored schedules every couple of seconds
	deadline after
	[ "$(json 'd["unknown_calendar"]' <"$work/after.json")" = False ] && break
	sleep 0.25
done
check after-known test "$(json 'd["unknown_calendar"]' <"$work/after.json")" = False
want=$(expected_due "$received" "$work/2027.txt")
check after-due test "$(json 'd["due_on"]' <"$work/after.json")" = "$want"
check after-version grep -q 'loaded-r1; years 2019-2027' "$work/after.json"
check after-no-unknown-step test "$(json '"unknown_calendar" in [s["code"] for s in d["derivation"]]' <"$work/after.json")" = False
check after-derivation-names-version test "$(json '[s["staff"] for s in d["derivation"] if s["code"] == "calendar"][0].endswith(d["calendar_version"])' <"$work/after.json")" = True

# ---- the back-office page ----
login() { # USER → cookie jar $work/USER.jar
	curl -s -c "$work/$1.jar" -o "$work/login.html" "$base/login"
	local c pw
	c=$(sed -n 's/.*name="csrf" value="\([0-9a-f]*\)".*/\1/p' "$work/login.html" | head -1)
	pw=$(awk -v u="$1" '$1 == u { print $2; exit }' "$work/init.txt")
	curl -s -b "$work/$1.jar" -c "$work/$1.jar" -H "Origin: $base" -o /dev/null "$base/login" --data-urlencode "csrf=$c" \
		--data-urlencode "name=$1" --data-urlencode "password=$pw"
}
login admin
login handler
code() { curl -s -o "$2" -w '%{http_code}' "$1" "${@:3}"; }
check page-200 test "$(code "$base/admin/calendar" "$work/page.html" -b "$work/admin.jar")" = 200
check page-2027-row grep -q '<th scope="row">2027</th><td>管理员载入：命令行' "$work/page.html"
check page-2026-builtin grep -q '<th scope="row">2026</th><td>程序内置</td><td>33</td><td>6</td>' "$work/page.html"
check page-version grep -q 'loaded-r1; years 2019-2027' "$work/page.html"
check page-example grep -q '2027-02-14 work 春节' "$work/page.html"
check page-handler-403 test "$(code "$base/admin/calendar" /dev/null -b "$work/handler.jar")" = 403
check page-prefill sh -c "curl -s -b '$work/admin.jar' '$base/admin/calendar?year=2027' | grep -q 'https://example.gov.cn/2027$'"
csrf=$(sed -n 's/.*name="csrf" value="\([0-9a-f]*\)".*/\1/p' "$work/page.html" | head -1)
upload() { # OUT FIELD=VALUE (curl -F syntax) → status
	curl -s -b "$work/admin.jar" -H "Origin: $base" -o "$1" -w '%{http_code}' "$base/admin/calendar" -F "csrf=$csrf" -F "$2"
}
check page-no-csrf test "$(curl -s -b "$work/admin.jar" -H "Origin: $base" -o /dev/null -w '%{http_code}' \
	"$base/admin/calendar" -F "schedule=<$work/2027b.txt")" = 403
check page-bad-422 test "$(upload "$work/bad.html" "schedule=<$work/bad.txt")" = 422
check page-bad-line grep -q '第 3 行' "$work/bad.html"
check page-bad-field grep -q 'id="schedule-error"' "$work/bad.html"
check page-bad-invalid grep -q 'aria-invalid="true"' "$work/bad.html"
check page-bad-kept grep -q '2027-13-01 off 春节' "$work/bad.html"
check page-bad-upload-422 test "$(upload "$work/bad2.html" "file=@$work/bad.txt;type=text/plain")" = 422
check page-bad-upload-field grep -q 'id="file-error"' "$work/bad2.html"
deadline unchanged
check page-bad-nothing-changed grep -q 'loaded-r1; years 2019-2027' "$work/unchanged.json"
check page-replace-303 test "$(upload /dev/null "file=@$work/2027b.txt;type=text/plain")" = 303
deadline replaced # no waiting: the page rebuilds the server calendar at once
check replaced-version grep -q 'loaded-r2; years 2019-2027' "$work/replaced.json"
want=$(expected_due "$received" "$work/2027b.txt")
check replaced-due test "$(json 'd["due_on"]' <"$work/replaced.json")" = "$want"
check replaced-known test "$(json 'd["unknown_calendar"]' <"$work/replaced.json")" = False
check page-after-replace sh -c "curl -s -b '$work/admin.jar' '$base/admin/calendar' | grep -q '<th scope=\"row\">2027</th><td>管理员载入：演示管理员'"

# ---- audit and the command line ----
check audit-load test "$(db_sql "$db" "SELECT count(*) FROM audit_log WHERE action = 'calendar.load' AND record_id = 2027")" = 1
check audit-replace test "$(db_sql "$db" "SELECT count(*) FROM audit_log WHERE action = 'calendar.replace' AND record_id = 2027 AND ip = '127.0.0.1'")" = 1
check audit-verify "$GONGKAI" audit verify --db "$db"
"$GONGKAI" calendar list --db "$db" >"$work/list.txt"
check cli-list-2027 grep -qP '^2027\t载入\t9\t2\t' "$work/list.txt"
check cli-list-2024 grep -qP '^2024\t内置\t28\t8\t' "$work/list.txt"
check cli-usage sh -c "'$GONGKAI' calendar frobnicate --db '$db' 2>/dev/null; test \$? = 64"

finish calendar_admin
