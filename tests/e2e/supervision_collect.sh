#!/usr/bin/env bash
# supervision_collect.sh — the 年报 collection of issue 10 (docs/supervision.md) driven through the real
# binary and server on the demo: 汝州市's supervisor sees every agency below it with the right state
# (page and GET /api/v1/agencies/{id}/reports), uploads the ten external report files of
# data/demo-reports/upload/ (text, HTML, PDF, DOCX) in one multipart batch, confirms the one whose title
# lacks "汝州市", finds the two planted arithmetic errors as findings, sends 整改 notices that the
# agency's leader (on the platform) and the supervisor (for an external agency) answer, and exports the
# collection as CSV and XLSX whose contents are checked. Also `gongkai report import FILE… --year`.
set -uo pipefail
GONGKAI=${GONGKAI:-$(dirname "$0")/../../build/gongkai}
E2E_NAME=supervision
# shellcheck source=lib/server.sh
. "$(dirname "$0")/lib/server.sh"
src=$(cd "$(dirname "$0")/../.." && pwd)
uploads="$src/data/demo-reports/upload"

demo_db
start_server
jar="$work/sup.jar"
login supervisor "$jar"
token=$("$GONGKAI" token create supervisor --db "$db" --label e2e | tail -1)
parent=$(curl -s -H "Authorization: Bearer $token" "$base/api/v1/me" | json 'd["user"]["agency_id"]')
api() { curl -s -H "Authorization: Bearer $token" "$base/api/v1/agencies/$parent/reports?year=2025"; }
state_of() { api | json "[a['state'] for a in d if a['agency']=='$1'][0]"; }

# ---- the collection before the batch: every state of the demo ----
api >"$work/before.json"
check twenty-agencies test "$(json 'len(d)' <"$work/before.json")" -ge 20
check own-not-listed test "$(json "sum(a['agency_id']==$parent for a in d)" <"$work/before.json")" = 0
check draft test "$(state_of 汝州市钟楼街道办事处)" = draft
check no-records test "$(state_of 汝州市司法局)" = no_records
check published test "$(state_of 汝州市教育体育局)" = published
check published-on test "$(api | json "[a['published_on'] for a in d if a['agency']=='汝州市教育体育局'][0]")" = 2026-01-20
check published-late test "$(state_of 汝州市卫生健康委员会)" = published_late
check days-late test "$(api | json "[a['days_late'] for a in d if a['agency']=='汝州市卫生健康委员会'][0]")" = 3
check received test "$(state_of 汝州市交通运输局)" = external_received
check received-on-deadline test "$(api | json "[a['published_on'] for a in d if a['agency']=='汝州市交通运输局'][0]")" = 2026-01-31
check missing test "$(state_of 汝州市发展和改革委员会)" = external_missing
check late-findings test "$(api | json "[a['findings'].get('R8',0) for a in d if a['agency']=='汝州市卫生健康委员会'][0]")" -gt 0
check api-needs-year test "$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $token" \
	"$base/api/v1/agencies/$parent/reports")" = 400

curl -s -b "$jar" "$base/admin/supervise/reports?agency=$parent&year=2025" >"$work/page.html"
check page-lists grep -q '汝州市庙下镇人民政府（外部）' "$work/page.html"
check page-states grep -q '逾期发布' "$work/page.html"
check page-late-days grep -q '逾期 3 天' "$work/page.html"
curl -s -b "$jar" "$base/admin/supervise/reports?agency=$parent&year=2025&state=external_missing" >"$work/missing.html"
check filter-keeps grep -q '汝州市庙下镇人民政府' "$work/missing.html"
check filter-drops test "$(grep -c '汝州市教育体育局' "$work/missing.html")" = 0
curl -s -b "$jar" "$base/admin/supervise/reports?agency=$parent&year=2025&sort=name&desc=1" >"$work/sorted.html"
check sort-marked grep -q 'aria-sort="descending"' "$work/sorted.html"

# ---- one batch of ten files through the real multipart upload ----
curl -s -b "$jar" "$base/admin/supervise/upload?agency=$parent&year=2025" >"$work/form.html"
csrf=$(csrf_of "$work/form.html")
files=()
for f in fagai.txt nongye.txt meishan.txt shangwu.txt yanglou.txt linru.txt fengxuelu.html wenquan.html runan.pdf xierhe.docx; do
	files+=(-F "file=@$uploads/$f")
done
check ten-files test "${#files[@]}" = 20
location=$(curl -s -b "$jar" -H "Origin: $base" -o /dev/null -w '%{redirect_url}' -F "csrf=$csrf" \
	-F "agency=$parent" -F "year=2025" "${files[@]}" "$base/admin/supervise/upload")
check upload-redirects grep -q '/admin/supervise/batch?id=' <<<"$location"
curl -s -b "$jar" "$location" >"$work/batch.html"
check batch-summary grep -q '共 10 个文件：已接收 9 个，待确认 1 个，未接收 0 个' "$work/batch.html"
check batch-pdf grep -q '已接收：汝州市汝南街道办事处' "$work/batch.html"
check batch-docx grep -q '已接收：汝州市洗耳河街道办事处' "$work/batch.html"
check batch-html grep -q '已接收：汝州市温泉镇人民政府' "$work/batch.html"
# the unsure one: 杨楼镇人民政府 is preselected as 汝州市杨楼镇人民政府; confirm it
yanglou=$(api | json "[a['agency_id'] for a in d if a['agency']=='汝州市杨楼镇人民政府'][0]")
check guess-preselected grep -q "<option value=\"$yanglou\" selected>汝州市杨楼镇人民政府" "$work/batch.html"
file_id=$(sed -n 's/.*name="id" value="\([0-9]*\)".*/\1/p' "$work/batch.html" | head -1)
csrf=$(csrf_of "$work/batch.html")
curl -s -b "$jar" -H "Origin: $base" -o /dev/null "$base/admin/supervise/confirm" --data-urlencode "csrf=$csrf" \
	--data "id=$file_id&agency_id=$yanglou"
curl -s -b "$jar" "$location" >"$work/batch2.html"
check confirmed grep -q '共 10 个文件：已接收 10 个，待确认 0 个' "$work/batch2.html"
check yanglou-received test "$(state_of 汝州市杨楼镇人民政府)" = external_received
# the same file again is refused: that year's report is in the archive already
curl -s -b "$jar" "$base/admin/supervise/upload?agency=$parent&year=2025" >"$work/form.html"
location=$(curl -s -b "$jar" -H "Origin: $base" -o /dev/null -w '%{redirect_url}' -F "csrf=$(csrf_of "$work/form.html")" \
	-F "agency=$parent" -F "year=2025" -F "file=@$uploads/meishan.txt" -F "url=https://www.ruzhou.gov.cn/ms/2025.htm" \
	"$base/admin/supervise/upload")
check duplicate-refused grep -q '档案中已有汝州市煤山街道办事处 2025 年的年报' <(curl -s -b "$jar" "$location")
# a zip of several reports is opened into its files (here: both already received, so both refused)
(cd "$uploads" && python3 -c 'import sys, zipfile; z = zipfile.ZipFile(sys.argv[1], "w"); [z.write(f) for f in sys.argv[2:]]' \
	"$work/bundle.zip" linru.txt xierhe.docx)
curl -s -b "$jar" "$base/admin/supervise/upload?agency=$parent&year=2025" >"$work/form.html"
location=$(curl -s -b "$jar" -H "Origin: $base" -o /dev/null -w '%{redirect_url}' -F "csrf=$(csrf_of "$work/form.html")" \
	-F "agency=$parent" -F "year=2025" -F "file=@$work/bundle.zip" "$base/admin/supervise/upload")
curl -s -b "$jar" "$location" >"$work/zip.html"
check zip-opened grep -q '共 2 个文件：已接收 0 个，待确认 0 个，未接收 2 个' "$work/zip.html"
check zip-entry-named grep -q 'bundle.zip/xierhe.docx' "$work/zip.html"
check zip-docx-read grep -q '档案中已有汝州市洗耳河街道办事处 2025 年的年报' "$work/zip.html"

# ---- after the batch: states and the two planted errors ----
api >"$work/after.json"
check only-one-missing test "$(json "[a['agency'] for a in d if a['state']=='external_missing']" <"$work/after.json")" = "['汝州市庙下镇人民政府']"
check pdf-received test "$(state_of 汝州市汝南街道办事处)" = external_received
fagai_rules=$(json "[a['findings'] for a in d if a['agency']=='汝州市发展和改革委员会'][0]" <"$work/after.json")
nongye_rules=$(json "[a['findings'] for a in d if a['agency']=='汝州市农业农村局'][0]" <"$work/after.json")
check fagai-R1 grep -q "'R1'" <<<"$fagai_rules"
check fagai-R3 grep -q "'R3'" <<<"$fagai_rules"
check nongye-R2 grep -q "'R2'" <<<"$nongye_rules"
check nongye-errors test "$(json "[a['errors'] for a in d if a['agency']=='汝州市农业农村局'][0]" <"$work/after.json")" -gt 0
check clean-no-errors test "$(json "[a['errors'] for a in d if a['agency']=='汝州市汝南街道办事处'][0]" <"$work/after.json")" = 0

# the collection's link prefills the notice form with the agency and the findings
curl -s -b "$jar" "$base/admin/supervise/reports?agency=$parent&year=2025" >"$work/page2.html"
link=$(python3 - "$work/page2.html" <<'PY'
import html, re, sys
page = open(sys.argv[1], encoding='utf-8').read()
row = [r for r in page.split('<tr>') if '汝州市农业农村局' in r][0]
print(html.unescape(re.findall(r'href="(/admin/supervise/notices[^"]*)"', row)[0]))
PY
)
curl -s -b "$jar" "$base$link" >"$work/prefilled.html"
check notice-prefilled-agency grep -q "selected>汝州市农业农村局（外部）" "$work/prefilled.html"
check notice-prefilled-finding grep -q 'name="finding" size="40" value="错误 [0-9]* 个（.*R2×' "$work/prefilled.html"

# ---- 整改 notices: one to an external agency (answer recorded by the supervisor), one answered by staff ----
fagai=$(json "[a['agency_id'] for a in d if a['agency']=='汝州市发展和改革委员会'][0]" <"$work/after.json")
zhonglou=$(json "[a['agency_id'] for a in d if a['agency']=='汝州市钟楼街道办事处'][0]" <"$work/after.json")
send() { # AGENCY BODY
	curl -s -b "$jar" "$base/admin/supervise/notices" >"$work/n.html"
	curl -s -b "$jar" -H "Origin: $base" -o /dev/null -w '%{http_code}' "$base/admin/supervise/notices" \
		--data-urlencode "csrf=$(csrf_of "$work/n.html")" --data "agency_id=$1&year=2025&rule=R1&reply_due=2099-12-31" \
		--data-urlencode "finding=表三 （七）总计 与各办理结果之和不符" --data-urlencode "body=$2"
}
check send-external test "$(send "$fagai" 请核对表三并重新发布)" = 303
check send-onplatform test "$(send "$zhonglou" 请补充第五部分)" = 303
check open-notice test "$(json "[a['notices_open'] for a in d if a['agency']=='汝州市发展和改革委员会'][0]" < <(api))" = 1
check past-due-refused test "$(curl -s -b "$jar" -H "Origin: $base" -o /dev/null -w '%{http_code}' \
	"$base/admin/supervise/notices" --data-urlencode "csrf=$(csrf_of "$work/n.html")" \
	--data "agency_id=$fagai&year=2025&body=x&reply_due=2000-01-01")" = 422
reply() { # JAR NOTICE-TEXT REPLY
	curl -s -b "$1" "$base/admin/supervise/notices" >"$work/r.html"
	local id
	id=$(python3 - "$work/r.html" "$2" <<'PY'
import re, sys
html = open(sys.argv[1], encoding='utf-8').read()
for row in html.split('<tr>'):
    if sys.argv[2] in row:
        m = re.search(r'name="id" value="(\d+)"', row)
        if m:
            print(m.group(1)); break
PY
)
	curl -s -b "$1" -H "Origin: $base" -o /dev/null -w '%{http_code}' "$base/admin/supervise/notices/reply" \
		--data-urlencode "csrf=$(csrf_of "$work/r.html")" --data "id=$id" --data-urlencode "reply=$3"
}
check supervisor-records-external test "$(reply "$jar" 请核对表三并重新发布 已电话通知，对方已更正)" = 303
leader="$work/leader.jar"
login leader "$leader"
curl -s -b "$leader" "$base/admin/supervise/notices" >"$work/leader.html"
check leader-sees-own grep -q '请补充第五部分' "$work/leader.html"
check leader-not-others test "$(grep -c '请核对表三并重新发布' "$work/leader.html")" = 0
check leader-answers test "$(reply "$leader" 请补充第五部分 已补充并更正发布)" = 303
curl -s -b "$jar" "$base/admin/supervise/notices" >"$work/n2.html"
check answers-recorded grep -q '已电话通知，对方已更正' "$work/n2.html"
check staff-answer-recorded grep -q '已补充并更正发布' "$work/n2.html"
check answered-once test "$(reply "$leader" 请补充第五部分 再答一次)" != 303
check no-open test "$(json "sum(a['notices_open'] for a in d)" < <(api))" = 0
# the 街道's editor sees nothing of the collection, other agencies' notices or their batches
editor="$work/editor.jar"
login editor "$editor"
check editor-no-collection test "$(curl -s -b "$editor" -o /dev/null -w '%{http_code}' \
	"$base/admin/supervise/reports?agency=$parent&year=2025")" = 403
check editor-no-batch test "$(curl -s -b "$editor" -o /dev/null -w '%{http_code}' "$location")" = 403

# ---- exports ----
curl -s -b "$jar" -o "$work/c.csv" "$base/admin/supervise/reports?agency=$parent&year=2025&format=csv"
check csv-header grep -q '机关,层级,是否外部,状态,发布（收到）日期,法定期限,逾期天数,错误,提醒,发现（按规则）' "$work/c.csv"
check csv-rows test "$(($(wc -l <"$work/c.csv") - 1))" = "$(json 'len(d)' <"$work/after.json")"
check csv-late grep -q '^汝州市卫生健康委员会,部门,否,逾期发布,2026-02-03,2026-01-31,3,' "$work/c.csv"
check csv-missing grep -q '^汝州市庙下镇人民政府,乡镇,是,未收到（外部）,,2026-01-31,0,0,0,,0（0）,' "$work/c.csv"
check csv-findings grep -q '^汝州市农业农村局,.*R2×' "$work/c.csv"
curl -s -b "$jar" -o "$work/c.xlsx" "$base/admin/supervise/reports?agency=$parent&year=2025&format=xlsx"
python3 - "$work/c.xlsx" >"$work/xlsx.txt" <<'PY'
import re, sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
strings = re.findall(r'<t[^>]*>([^<]*)</t>', z.read('xl/sharedStrings.xml').decode()) if 'xl/sharedStrings.xml' in z.namelist() else []
sheet = z.read('xl/worksheets/sheet1.xml').decode()
for row in re.findall(r'<row[^>]*>(.*?)</row>', sheet):
    cells = []
    for attrs, v in re.findall(r'<c([^>]*)>(?:<f>[^<]*</f>)?<v>([^<]*)</v></c>', row):
        cells.append(strings[int(v)] if 't="s"' in attrs else v)
    print('|'.join(cells))
PY
check xlsx-title grep -q '^2025 年度政府信息公开工作年度报告收集情况$' "$work/xlsx.txt"
check xlsx-late grep -q '^汝州市卫生健康委员会|部门|否|逾期发布|2026-02-03|2026-01-31|3|' "$work/xlsx.txt"
check xlsx-rows test "$(grep -c '^汝州市' "$work/xlsx.txt")" = "$(json 'len(d)' <"$work/after.json")"

# ---- the command line: several files, each on its own; --year refuses another year's report ----
miaoxia=$(json "[a['agency_id'] for a in d if a['agency']=='汝州市庙下镇人民政府'][0]" <"$work/after.json")
sed 's/临汝镇/庙下镇/g' "$uploads/linru.txt" >"$work/miaoxia.txt"
"$GONGKAI" report import "$work/miaoxia.txt" --agency "$miaoxia" --year 2024 --db "$db" >"$work/imp.out" 2>"$work/imp.err"
check cli-year-refused test $? = 2
check cli-year-message grep -q '不是 --year 指定的 2024 年度' "$work/imp.err"
check cli-year-nothing-kept test "$(state_of 汝州市庙下镇人民政府)" = external_missing
"$GONGKAI" report import "$work/miaoxia.txt" "$work/absent.txt" --agency "$miaoxia" --year 2025 --db "$db" \
	>"$work/imp.out" 2>"$work/imp.err"
check cli-worst-status test $? = 2
check cli-first-imported grep -q 'miaoxia.txt：已导入 2025 年年报' "$work/imp.out"
check cli-second-named grep -q 'absent.txt' "$work/imp.err"
check cli-received test "$(state_of 汝州市庙下镇人民政府)" = external_received
finish supervision_collect
