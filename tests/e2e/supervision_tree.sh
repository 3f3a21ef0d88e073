#!/usr/bin/env bash
# supervision_tree.sh — supervision across the agency tree (issue 10, items 1 and 6), against the real
# binary and server:
#  - `gongkai agency add` prints the new id alone on its last line (乡镇街道 → 乡镇, --external), `agency
#    list` indents by depth and `--json` carries id, parent, name, level, external; bad input exits
#    64 (or 1 for an unknown parent) with a Chinese message naming the field and adds nothing;
#  - a new 街道 (added with the CLI, with its own handler and leader) gets applications at the counter;
#    the demo's supervisor (汝州市人民政府, the root) sees the 街道's overdue one on the 工作台 (the
#    count grows by one), on /admin/supervision and in the API (state=open&sort=urgency);
#  - the administrator of the root opens the 街道's annual report through the picker (header names it);
#  - a 督办 notice is refused without text or deadline (422, naming the field), sent, shown to the
#    街道's handler on the 工作台 and the application page, answered (the answer shown, a second answer
#    409), and audited;
#  - the figures CSV of the year: the 街道's row equals values computed here independently from the
#    chosen dates and the holiday file (received, concluded, replied, on time, late, on-time rate,
#    median working days, outcome mix, open overdue); the XLSX export is a workbook.
# Environment: GONGKAI (binary), SRC (source tree, for data/holidays-cn.txt).
E2E_NAME=supervise
. "$(dirname "$0")/lib/server.sh"
SRC=${SRC:-$(cd "$(dirname "$0")/../.." && pwd)}
demo_db
agency() { "$GONGKAI" agency "$@" --db "$db"; }

# ---- the agency tree from the command line ----
agency list --json >"$work/tree.json"
root=$(json '[a["id"] for a in d if a["name"]=="汝州市人民政府"][0]' <"$work/tree.json")
street=$(json '[a["id"] for a in d if a["name"]=="汝州市钟楼街道办事处"][0]' <"$work/tree.json")
count_before=$(json 'len(d)' <"$work/tree.json")
check json-root-parent test "$(json '[a["parent"] for a in d if a["id"]=='"$root"'][0]' <"$work/tree.json")" = None
check json-street-fields test "$(json '[(a["parent"],a["level"],a["external"]) for a in d if a["id"]=='"$street"'][0]' <"$work/tree.json")" = "($root, '街道', False)"

agency add 汝州市测试街道办事处 --parent "$root" --level 街道 >"$work/add1.txt"
t=$(tail -n 1 "$work/add1.txt")
check add-id-alone grep -Eq '^[0-9]+$' <<<"$t"
agency add 汝州市测试镇人民政府 --parent "$root" --level 乡镇街道 >"$work/add2.txt"
town=$(tail -n 1 "$work/add2.txt")
agency add 汝州市外部测试局 --parent "$town" --external >"$work/add3.txt"
ext=$(tail -n 1 "$work/add3.txt")
agency list --json >"$work/tree2.json"
check json-new-street test "$(json '[(a["parent"],a["level"],a["external"],a["depth"]) for a in d if a["id"]=='"$t"'][0]' <"$work/tree2.json")" = "($root, '街道', False, 1)"
check json-township-level test "$(json '[a["level"] for a in d if a["id"]=='"$town"'][0]' <"$work/tree2.json")" = 乡镇
check json-external test "$(json '[(a["parent"],a["level"],a["external"],a["depth"]) for a in d if a["id"]=='"$ext"'][0]' <"$work/tree2.json")" = "($town, '部门', True, 2)"
agency list >"$work/tree.txt"
check text-indent-depth2 grep -Pq "^    $ext\t汝州市外部测试局\t部门\t外部$" "$work/tree.txt"
check text-indent-depth1 grep -Pq "^  $town\t汝州市测试镇人民政府\t乡镇$" "$work/tree.txt"
check text-root grep -Pq "^$root\t汝州市人民政府\t市$" "$work/tree.txt"

bad() { # NAME EXPECTED-STATUS EXPECTED-MESSAGE ARGS…
	local name=$1 status=$2 message=$3
	shift 3
	agency "$@" >"$work/bad.out" 2>"$work/bad.err"
	local rc=$?
	check "bad-$name-status" test "$rc" = "$status"
	check "bad-$name-message" grep -q "$message" "$work/bad.err"
}
bad no-parent 64 '缺少“上级机关”' add 某局
bad no-name 64 '缺少“机关名称”' add --parent "$root"
bad level 64 '“层级”（--level）' add 某局 --parent "$root" --level 村
bad parent-text 64 '“上级机关”（--parent）应为机关编号' add 某局 --parent abc
bad parent-unknown 1 '“上级机关”编号 99999 不存在' add 某局 --parent 99999
bad list-option 64 'gongkai agency list' list --xml
check bad-input-added-nothing test "$(agency list --json | json 'len(d)')" = "$((count_before + 3))"

# ---- the new 街道's staff ----
printf 'Handler-pass-42\n' | "$GONGKAI" user add t_handler --role handler --agency "$t" --display-name 测试承办人 --password-stdin --db "$db" >/dev/null
printf 'Leader-pass-42\n' | "$GONGKAI" user add t_leader --role leader --agency "$t" --display-name 测试领导 --password-stdin --db "$db" >/dev/null
printf 't_handler Handler-pass-42\nt_leader Leader-pass-42\n' >>"$work/init.txt"
token=$("$GONGKAI" token create t_handler --db "$db" | tail -n 1)
sup_token=$("$GONGKAI" token create supervisor --db "$db" | tail -n 1)

# The dates: the figures year Y is this year when today is past its 120th day, else last year; the
# applications lie in Y, within the last year and not after today. Working days from the embedded
# holiday file, computed here independently of the server.
python3 - "$SRC/data/holidays-cn.txt" >"$work/dates.sh" <<'EOF'
import datetime, sys
off, work = set(), set()
for line in open(sys.argv[1], encoding="utf-8"):
    f = line.split()
    if len(f) >= 2 and f[1] in ("off", "work"):
        (off if f[1] == "off" else work).add(datetime.date.fromisoformat(f[0]))
def workday(d): return d in work or (d.weekday() < 5 and d not in off)
def add_workdays(d, n):
    while n > 0:
        d += datetime.timedelta(days=1)
        n -= workday(d)
    return d
def between(a, b):  # working days after a up to and including b
    return sum(workday(a + datetime.timedelta(days=i)) for i in range(1, (b - a).days + 1))
china = datetime.datetime.now(datetime.timezone(datetime.timedelta(hours=8))).date()
year = china.year if china.timetuple().tm_yday > 120 else china.year - 1
start = max(datetime.date(year, 1, 1), china - datetime.timedelta(days=330))
r1 = add_workdays(start, 1)           # A: replied 予以公开 after 3 working days (on time)
a_reply = add_workdays(r1, 3)
b_reply = add_workdays(r1, 25)        # B: replied 部分公开 after 25 working days (late: due after 20)
r3 = add_workdays(r1, 1)              # C: withdrawn the next working day
c_withdraw = add_workdays(r3, 1)
due = add_workdays(r1, 20)
assert b_reply > due >= a_reply and b_reply <= china and b_reply.year == year
d_received = china - datetime.timedelta(days=70)  # D: open, overdue today
days = sorted([between(r1, a_reply), between(r1, b_reply)])
median = (days[0] + days[1]) / 2
received = 3 + (d_received.year == year)
print(f"year={year} r1={r1} a_reply={a_reply} b_reply={b_reply} r3={r3} c_withdraw={c_withdraw} d_received={d_received}")
print(f"expect_row='{received},3,2,1,1,50.0,{median:g},1,1,0,0,0,0,1,1'")
EOF
. "$work/dates.sh"
check dates-chosen test -n "$year"

start_server
intake() { # RECEIVED-DAY DESCRIPTION → tracking number
	curl -s -XPOST "$base/api/v1/applications" -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
		-d "{\"agency_id\":$t,\"applicant_type\":\"natural_person\",\"name\":\"王五\",\"id_type\":\"resident_id\",\"id_number\":\"11010519491231002X\",\"phone\":\"13812345678\",\"description\":\"$2\",\"form\":\"paper\",\"delivery\":\"pickup\",\"channel\":\"in_person\",\"received_on\":\"$1\"}" |
		json 'd["tracking_no"]'
}
event() { # NO JSON → HTTP status
	curl -s -o "$work/event.json" -w '%{http_code}' -XPOST "$base/api/v1/applications/$1/events" \
		-H "Authorization: Bearer $token" -H 'Content-Type: application/json' -d "$2"
}
no_a=$(intake "$r1" "督办测试甲：道路维修计划")
no_b=$(intake "$r1" "督办测试乙：老旧小区改造资金")
no_c=$(intake "$r3" "督办测试丙：路灯安装")
check reply-a test "$(event "$no_a" "{\"type\":\"reply\",\"date\":\"$a_reply\",\"outcome\":\"granted\"}")" = 201
check reply-b test "$(event "$no_b" "{\"type\":\"reply\",\"date\":\"$b_reply\",\"outcome\":\"partial\"}")" = 201
check withdraw-c test "$(event "$no_c" "{\"type\":\"withdraw\",\"date\":\"$c_withdraw\"}")" = 201

# ---- the supervisor's 工作台: the subordinate's overdue application ----
login supervisor "$work/sup"
overdue_count() {
	curl -s -b "$work/sup" "$base/admin" | sed -n 's/.*本机关及下级机关已超过答复期限的申请：<strong>\([0-9]*\)<.*/\1/p'
}
before=$(overdue_count)
no_d=$(intake "$d_received" "督办测试丁：垃圾清运合同")
check intake-all test -n "$no_a" -a -n "$no_b" -a -n "$no_c" -a -n "$no_d"
after=$(overdue_count)
check workbench-overdue-grows test "$after" = "$((${before:-0} + 1))"
curl -s -b "$work/sup" -o "$work/admin.html" "$base/admin"
check workbench-not-empty sh -c "! grep -q 暂无待办任务 '$work/admin.html'"
curl -s -b "$work/sup" -o "$work/supervision.html" "$base/admin/supervision"
check supervision-lists-overdue grep -q "view?no=$no_d#supervision\">$no_d</a></td><td><span class=\"urgency urgency-overdue\">已超期" "$work/supervision.html"
check supervision-names-agency grep -q "<tr><td>汝州市测试街道办事处</td><td><a href=\"/admin/applications/view?no=$no_d" "$work/supervision.html"
curl -s "$base/api/v1/applications?state=open&sort=urgency" -H "Authorization: Bearer $sup_token" >"$work/api.json"
check api-supervisor-subtree python3 -c '
import json,sys
d=json.load(open(sys.argv[1]))["applications"]
x=[a for a in d if a["tracking_no"]==sys.argv[2]]
assert len(x)==1 and x[0]["overdue"], x
' "$work/api.json" "$no_d"

# ---- the picker: the root's administrator opens the 街道's annual report ----
login admin "$work/admin"
curl -s -b "$work/admin" -o "$work/annual.html" "$base/admin/annual?agency=$street"
check picker-report-agency grep -q 'id="report-agency">汝州市钟楼街道办事处' "$work/annual.html"
check picker-header grep -q '代表机关：<strong>汝州市钟楼街道办事处</strong>' "$work/annual.html"
curl -s -b "$work/admin" -o "$work/acting.html" "$base/admin/acting?back=/admin/annual"
csrf=$(csrf_of "$work/acting.html")
check picker-set test "$(curl -s -b "$work/admin" -c "$work/admin" -o /dev/null -w '%{http_code} %{redirect_url}' -H "Origin: $base" \
	"$base/admin/acting" --data-urlencode "csrf=$csrf" -d "agency=$street&back=/admin/annual")" = "303 $base/admin/annual"
check picker-cookie-report sh -c "curl -s -b '$work/admin' '$base/admin/annual' | grep -q 'id=\"report-agency\">汝州市钟楼街道办事处'"
check picker-download test "$(curl -s -b "$work/admin" -o /dev/null -w '%{http_code}' "$base/admin/annual/download?format=json")" = 200

# ---- 督办 ----
curl -s -b "$work/sup" -o "$work/view.html" "$base/admin/applications/view?no=$no_d"
csrf=$(csrf_of "$work/view.html")
check send-form-shown grep -q 'action="/admin/supervision/notice"' "$work/view.html"
reply_by=$(TZ=Asia/Shanghai date -d '5 days' +%F)
send() { # BODY REPLY_BY → status
	curl -s -b "$work/sup" -o "$work/send.html" -w '%{http_code}' -H "Origin: $base" "$base/admin/supervision/notice" \
		--data-urlencode "csrf=$csrf" --data-urlencode "no=$no_d" --data-urlencode "body=$1" --data-urlencode "reply_by=$2"
}
check send-no-text test "$(send '' "$reply_by")" = 422
check send-no-text-named grep -q '督办事项' "$work/send.html"
check send-bad-deadline test "$(send '请说明' '2020-01-01')" = 422
check send-bad-deadline-named grep -q '答复期限' "$work/send.html"
check send-ok test "$(send '该申请已超过答复期限，请说明原因并尽快答复。' "$reply_by")" = 303
login t_handler "$work/handler"
curl -s -b "$work/handler" -o "$work/h_admin.html" "$base/admin"
check handler-workbench grep -q "待答复的督办：申请 $no_d（汝州市人民政府，$reply_by 前答复）" "$work/h_admin.html"
curl -s -b "$work/handler" -o "$work/h_view.html" "$base/admin/applications/view?no=$no_d"
check handler-sees-notice grep -q '该申请已超过答复期限，请说明原因并尽快答复。' "$work/h_view.html"
notice_id=$(sed -n 's/.*name="id" value="\([0-9]*\)".*/\1/p' "$work/h_view.html" | head -1)
check answer-form test -n "$notice_id"
csrf=$(csrf_of "$work/h_view.html")
answer() { # JAR ANSWER → status
	curl -s -b "$1" -o /dev/null -w '%{http_code}' -H "Origin: $base" "$base/admin/supervision/answer" \
		--data-urlencode "csrf=$(csrf_of "$work/h_view.html")" -d "id=$notice_id" --data-urlencode "answer=$2"
}
check answer-empty test "$(answer "$work/handler" '')" = 422
check answer-ok test "$(answer "$work/handler" '已于今日答复申请人，超期原因为材料调取延误。')" = 303
curl -s -b "$work/sup" -o "$work/s_view.html" "$base/admin/applications/view?no=$no_d"
check answer-shown grep -q '测试承办人 于 .* 答复：已于今日答复申请人，超期原因为材料调取延误。' "$work/s_view.html"
check handler-workbench-cleared sh -c "! curl -s -b '$work/handler' '$base/admin' | grep -q '待答复的督办'"
# the notice and its answer are part of the application's history (the timeline table), after its events
today=$(TZ=Asia/Shanghai date +%F)
python3 - "$work/s_view.html" "$today" "$reply_by" <<'PY' || fail timeline-supervision "督办 rows missing or out of place in the timeline"
import re, sys
html, today, reply_by = open(sys.argv[1]).read(), sys.argv[2], sys.argv[3]
table = re.search(r'<table id="timeline">(.*?)</table>', html, re.S).group(1)
rows = [re.findall(r'<td>(.*?)</td>', r) for r in re.findall(r'<tr>(.*?)</tr>', table, re.S)]
rows = [r for r in rows if r]
events = [r[1] for r in rows]
assert events[-2:] == ['督办', '督办答复'], events
assert rows[-2] == [today, '督办', f'该申请已超过答复期限，请说明原因并尽快答复。（请于 {reply_by} 前答复）', '汝州市人民政府 ' + rows[-2][3].split(' ', 1)[1]], rows[-2]
assert rows[-1][0] == today and rows[-1][2] == '已于今日答复申请人，超期原因为材料调取延误。' and rows[-1][3] == '测试承办人', rows[-1]
PY
login t_leader "$work/leader"
curl -s -b "$work/leader" -o "$work/h_view.html" "$base/admin/applications/view?no=$no_d"
check answer-twice test "$(answer "$work/leader" '再答一次')" = 409
"$GONGKAI" audit list 200 --db "$db" >"$work/audit.txt"
check audited-send grep -q 'application.supervise ' "$work/audit.txt"
check audited-answer grep -q 'application.supervise_answer' "$work/audit.txt"
curl -s -b "$work/sup" -o "$work/supervision.html" "$base/admin/supervision"
check sent-listed grep -q "view?no=$no_d#supervision\">$no_d</a></td><td>汝州市测试街道办事处</td><td>汝州市人民政府</td><td>$reply_by</td><td>已答复" "$work/supervision.html"

# ---- figures of the year ----
curl -s -b "$work/sup" -o "$work/figures.csv" -w '%{content_type}' "$base/admin/supervision/figures?year=$year&format=csv" >"$work/ct"
check csv-type grep -q 'text/csv' "$work/ct"
check csv-header sh -c "head -1 '$work/figures.csv' | grep -q '机关,收到申请,办结,答复,按期答复,逾期答复,按期答复率（%）,答复用时中位数（工作日）,予以公开,部分公开,不予公开,无法提供,不予处理,其他处理,撤回申请,目前超期未办结'"
row=$(grep '^汝州市测试街道办事处,' "$work/figures.csv" | tr -d '\r' | cut -d, -f2-)
check csv-row test "$row" = "$expect_row"
subtree=$(python3 -c '
import json,sys
d={a["id"]:a for a in json.load(open(sys.argv[1]))}
def under(i):
    while i is not None:
        if i==int(sys.argv[2]): return True
        i=d[i]["parent"]
    return False
print(sum(under(i) for i in d))' "$work/tree2.json" "$root")
check csv-rows-subtree test "$(($(wc -l <"$work/figures.csv") - 1))" = "$subtree"
curl -s -b "$work/sup" -o "$work/figures.xlsx" "$base/admin/supervision/figures?year=$year&format=xlsx"
check xlsx-workbook python3 -c '
import sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
s = z.read("xl/sharedStrings.xml").decode()
assert "汝州市测试街道办事处" in s and "按期答复率" in s
' "$work/figures.xlsx"
check figures-bad-year test "$(curl -s -b "$work/sup" -o /dev/null -w '%{http_code}' "$base/admin/supervision/figures?year=1999")" = 400
check figures-page sh -c "curl -s -b '$work/sup' '$base/admin/supervision/figures?year=$year' | grep -q '<caption id=\"figures-caption\">$year 年各机关依申请公开办理情况</caption>'"
check figures-handler-403 test "$(curl -s -b "$work/handler" -o /dev/null -w '%{http_code}' "$base/admin/supervision/figures")" = 403

finish supervision_tree
