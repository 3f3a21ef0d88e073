#!/usr/bin/env bash
# annual_portal.sh — the annual report's lifecycle, portal, back office, API and exports end to end
# against the real server on the demo database:
#   - the 年报 column lists the demo 街道's published 2022 and 2023 reports; the 2023 page shows the seed
#     report built from the records (charts with text alternatives, downloads, the report itself);
#   - downloads: the PDF embeds Noto CJK and renders (pdffonts, pdftoppm), the XLSX has the sheets 表二
#     表三 表四 with merged headers and numbers as numbers (unzip -p), the JSON is the frozen one;
#   - the API gives the published JSON to anyone, the draft to the agency's staff only (bearer token),
#     404 to the public for an unpublished year, and every export format;
#   - the back office: a leader approves 2024, the editor publishes it; an editor may not approve; a
#     correction needs a change note and publishes 第 2 版 with the note and the history on the portal;
#     a published row cannot be changed even with SQL (triggers);
#   - drill-down pages list exactly the records behind a number; the cases register refuses bad input
#     naming the field; the CSV import of table-二 figures names the bad row and imports nothing;
#   - `report build|render --format xlsx|pdf`. Environment: GONGKAI (binary), SRC (repo root).
set -uo pipefail
E2E_NAME=annual
. "$(dirname "$0")/../lib/e2e.sh"
code() { curl -s -o "$2" -w '%{http_code}' "${@:3}" "$1"; } # URL OUT [curl args…] → status

db=$(e2e_db t) || exit 1
"$GONGKAI" init --db "$db" --demo >"$work/init.txt" || { echo "init failed"; exit 1; }
agency=$(db_sql "$db" "SELECT id FROM agency WHERE name = '汝州市钟楼街道办事处'")
editor_token=$("$GONGKAI" token create editor --db "$db" | tail -n 1)
outsider_token=$("$GONGKAI" token create supervisor --db "$db" | tail -n 1)

start_server --set threads=4
login() { # USER → cookie jar $work/USER.jar
	curl -s -c "$work/$1.jar" -o "$work/login.html" "$base/login"
	local c pw
	c=$(sed -n 's/.*name="csrf" value="\([0-9a-f]*\)".*/\1/p' "$work/login.html" | head -1)
	pw=$(awk -v u="$1" '$1 == u { print $2; exit }' "$work/init.txt")
	curl -s -b "$work/$1.jar" -c "$work/$1.jar" -H "Origin: $base" -o /dev/null "$base/login" --data-urlencode "csrf=$c" \
		--data-urlencode "name=$1" --data-urlencode "password=$pw"
}
csrf_of() { sed -n 's/.*name="csrf" value="\([0-9a-f]*\)".*/\1/p' "$1" | head -1; }
post() { # USER PATH OUT field=value… → status
	local user=$1 path=$2 out=$3
	shift 3
	curl -s -b "$work/$user.jar" -o "$work/form.html" "$base/admin/annual"
	local args=(--data-urlencode "csrf=$(csrf_of "$work/form.html")")
	for kv in "$@"; do args+=(--data-urlencode "$kv"); done
	curl -s -b "$work/$user.jar" -H "Origin: $base" -o "$out" -w '%{http_code}' "${args[@]}" "$base$path"
}

# ---- the portal ----
check index-200 test "$(code "$base/annual" "$work/index.html")" = 200
check index-2023 grep -q "href=\"/annual/$agency/2023\"" "$work/index.html"
check index-2022 grep -q "href=\"/annual/$agency/2022\"" "$work/index.html"
check index-no-2024 sh -c "! grep -q '/annual/$agency/2024' '$work/index.html'"
check page-200 test "$(code "$base/annual/$agency/2023" "$work/y2023.html")" = 200
check page-title grep -q '<h1>汝州市钟楼街道办事处2023年政府信息公开工作年度报告</h1>' "$work/y2023.html"
check page-table grep -q '<caption>表三' "$work/y2023.html"
check page-svg-title grep -q '<title>2023 年政府信息公开申请办理结果</title>' "$work/y2023.html"
check page-svg-desc grep -q '无法提供 1 件' "$work/y2023.html"
check page-hidden-table grep -q '<table class="visually-hidden">' "$work/y2023.html"
check page-trend grep -q '2022 年新收 3 件' "$work/y2023.html"
check page-earlier grep -q "href=\"/annual/$agency/2022\"" "$work/y2023.html"
check page-meta grep -q '<meta name="ColumnName" content="政府信息公开年报">' "$work/y2023.html"
for fmt in pdf xlsx html txt md json; do
	check "link-$fmt" grep -q "href=\"/annual/$agency/2023/report.$fmt?v=1\"" "$work/y2023.html"
done
check unpublished-404 test "$(code "$base/annual/$agency/2024" "$work/x.html")" = 404
check bad-path-404 test "$(code "$base/annual/$agency/20x3" "$work/x.html")" = 404

# Downloads: the frozen JSON, a PDF with embedded CJK fonts that renders, an XLSX laid out as the template.
check json-200 test "$(code "$base/annual/$agency/2023/report.json" "$work/p.json")" = 200
check json-frozen test "$(db_sql "$db" "SELECT json FROM annual_report WHERE agency_id = $agency AND year = 2023")" = "$(cat "$work/p.json")"
check json-seed grep -q '"unable_no_info": \[1,0,0,0,0,0,1\]' "$work/p.json"
check pdf-200 test "$(code "$base/annual/$agency/2023/report.pdf" "$work/r.pdf")" = 200
check pdf-magic sh -c "head -c 5 '$work/r.pdf' | grep -q '%PDF-'"
check pdf-cjk-embedded sh -c "pdffonts '$work/r.pdf' | grep -q 'NotoSansCJK.* yes '"
check pdf-pages sh -c "pdfinfo '$work/r.pdf' | grep -q 'Page size: *595.276 x 841.89'"
check pdf-text sh -c "pdftotext '$work/r.pdf' - | grep -q '三、收到和处理政府信息公开申请情况'"
check pdf-page-number sh -c "pdftotext '$work/r.pdf' - | grep -q '—2—'"
pdftoppm -r 40 -f 1 -l 1 -gray "$work/r.pdf" "$work/page" 2>/dev/null
check pdf-renders sh -c "ls '$work'/page*.pgm >/dev/null 2>&1 && [ \$(od -An -tu1 -v '$work'/page*.pgm | tr -s ' ' '\n' | grep -c '^[0-9]\$\|^[1-9][0-9]\$') -gt 200 ]"
check xlsx-200 test "$(code "$base/annual/$agency/2023/report.xlsx" "$work/r.xlsx")" = 200
unzip -p "$work/r.xlsx" xl/workbook.xml >"$work/workbook.xml"
for sheet in 表二 表三 表四; do check "xlsx-sheet-$sheet" grep -q "<sheet name=\"$sheet\"" "$work/workbook.xml"; done
unzip -p "$work/r.xlsx" xl/worksheets/sheet2.xml >"$work/sheet2.xml"
unzip -p "$work/r.xlsx" xl/sharedStrings.xml >"$work/strings.xml"
check xlsx-merged-header grep -q '<mergeCell ref="D2:J2"/>' "$work/sheet2.xml"
check xlsx-merged-results grep -q '<mergeCell ref="A7:A28"/>' "$work/sheet2.xml"
check xlsx-number sh -c "grep -q '<c r=\"D17\" s=\"[0-9]*\"><v>1</v></c>' '$work/sheet2.xml'" # 无法提供 1 自然人, a number
check xlsx-labels grep -q '申请人情况' "$work/strings.xml"
check xlsx-types grep -q '1.本机关不掌握相关政府信息' "$work/strings.xml"

# ---- the API ----
check api-public test "$(code "$base/api/v1/reports/$agency/2023" "$work/a.json")" = 200
check api-frozen cmp -s "$work/a.json" "$work/p.json"
check api-unpublished-404 test "$(code "$base/api/v1/reports/$agency/2024" "$work/x.json")" = 404
check api-draft-staff test "$(code "$base/api/v1/reports/$agency/2024" "$work/d.json" -H "Authorization: Bearer $editor_token" -D "$work/h.txt")" = 200
check api-draft-header grep -qi '^X-Report-Status: draft' "$work/h.txt"
check api-draft-json grep -q '"year": 2024' "$work/d.json"
check api-draft-outsider-404 test "$(code "$base/api/v1/reports/$agency/2024?draft=1" "$work/x.json" -H "Authorization: Bearer $outsider_token")" = 404
check api-pdf test "$(code "$base/api/v1/reports/$agency/2023?format=pdf" "$work/a.pdf")" = 200
check api-pdf-magic sh -c "head -c 5 '$work/a.pdf' | grep -q '%PDF-'"
check api-txt test "$(code "$base/api/v1/reports/$agency/2023?format=txt" "$work/a.txt")" = 200
check api-txt-readable sh -c "'$GONGKAI' report check '$work/a.txt' >/dev/null"
check api-bad-format test "$(code "$base/api/v1/reports/$agency/2023?format=doc" "$work/x.json")" = 400
check api-bad-path test "$(code "$base/api/v1/reports/$agency/abc" "$work/x.json")" = 404

# ---- back office: approve (leader), publish (editor), correct ----
login leader
login editor
login handler
check admin-200 test "$(code "$base/admin/annual?year=2024" "$work/admin.html" -b "$work/leader.jar")" = 200
check admin-deadline grep -q '2025-01-31 前' "$work/admin.html"
check admin-drill-link grep -q "/admin/annual/drill?year=2024&amp;table=apps&amp;row=new&amp;col=6" "$work/admin.html"
check admin-approve-form grep -q 'action="/admin/annual/approve"' "$work/admin.html"
check editor-cannot-approve test "$(post editor /admin/annual/approve "$work/x.html" year=2024)" = 403
check publish-before-approval test "$(post editor /admin/annual/publish "$work/x.html" year=2024)" = 409
check publish-before-approval-msg grep -q '请先由审批领导批准' "$work/x.html"
check approve test "$(post leader /admin/annual/approve "$work/x.html" year=2024)" = 303
check publish test "$(post editor /admin/annual/publish "$work/x.html" year=2024)" = 303
check published-page test "$(code "$base/annual/$agency/2024" "$work/y2024.html")" = 200
check published-index sh -c "curl -s '$base/annual' | grep -q '/annual/$agency/2024'"
# a correction: new text, a change note required, then 第 2 版 with its note
check text-save test "$(post editor /admin/annual/text "$work/x.html" year=2024 'problems=培训不足，已制定年度培训计划。')" = 303
check correction-needs-note test "$(post leader /admin/annual/approve "$work/x.html" year=2024 change_note=)" = 409
check correction-needs-note-msg grep -q '更正说明' "$work/x.html"
check correction-approve test "$(post leader /admin/annual/approve "$work/x.html" year=2024 'change_note=补写存在的主要问题')" = 303
check correction-publish test "$(post leader /admin/annual/publish "$work/x.html" year=2024)" = 303
code "$base/annual/$agency/2024" "$work/y2024.html" >/dev/null
check correction-version grep -q '第 2 版 · 已发布' "$work/y2024.html"
check correction-note grep -q '更正说明：</strong>补写存在的主要问题' "$work/y2024.html"
check correction-history grep -q "href=\"/annual/$agency/2024?v=1\">第 1 版</a>" "$work/y2024.html"
check correction-text grep -q '培训不足' "$work/y2024.html"
code "$base/annual/$agency/2024?v=1" "$work/v1.html" >/dev/null
check old-version-marked grep -q '本版本已被更正' "$work/v1.html"
check old-version-kept sh -c "! grep -q '培训不足' '$work/v1.html'"
# Refused by the triggers (their message), not by a busy lock while the server holds the database.
frozen_refused() { db_sql "$db" "$1" >"$work/frozen.txt" 2>&1; grep -q "annual report.* never" "$work/frozen.txt"; }
check frozen-sql frozen_refused "UPDATE annual_report SET json = '{}' WHERE year = 2024 AND version = 1"
check frozen-delete frozen_refused "DELETE FROM annual_report_render"
check audited test "$(db_sql "$db" "SELECT count(*) FROM audit_log WHERE action IN ('annual.approve', 'annual.publish')")" -ge 6

# ---- drill-down ----
check drill-200 test "$(code "$base/admin/annual/drill?year=2023&table=apps&row=unable_no_info&col=0" "$work/drill.html" -b "$work/leader.jar")" = 200
check drill-one-row sh -c "[ \$(grep -c '/admin/applications/view?no=' '$work/drill.html') -eq 1 ]"
check drill-count grep -q '共 1 条' "$work/drill.html"
check drill-items test "$(code "$base/admin/annual/drill?year=2025&table=items&row=1&col=0" "$work/items.html" -b "$work/leader.jar")" = 200
check drill-cases test "$(code "$base/admin/annual/drill?year=2025&table=cases&row=0&col=4" "$work/cases.html" -b "$work/leader.jar")" = 200
check drill-bad test "$(code "$base/admin/annual/drill?year=2023&table=apps&row=nope&col=0" "$work/x.html" -b "$work/leader.jar")" = 400
check drill-public-login test "$(code "$base/admin/annual/drill?year=2023&table=apps&row=new&col=6" "$work/x.html")" = 303

# ---- cases register and table-二 figures ----
check cases-page test "$(code "$base/admin/annual/cases" "$work/cases-page.html" -b "$work/handler.jar")" = 200
check case-bad-date test "$(post handler /admin/annual/cases "$work/x.html" kind=reconsideration filed_on=2024-13-01)" = 422
check case-bad-date-msg grep -q '立案日期' "$work/x.html"
check case-add test "$(post handler /admin/annual/cases "$work/x.html" kind=litigation_direct filed_on=2025-03-01 case_no='（2025）豫0482行初12号')" = 303
check case-listed sh -c "curl -s -b '$work/handler.jar' '$base/admin/annual/cases' | grep -q '（2025）豫0482行初12号'"
# a case linked to an application whose reply is corrected flags that application's record
linked_no=$(db_sql "$db" "SELECT tracking_no FROM application WHERE agency_id = $agency AND outcome IS NOT NULL ORDER BY id LIMIT 1")
check case-linked-add test "$(post handler /admin/annual/cases "$work/x.html" kind=reconsideration filed_on=2025-04-01 case_no='汝政复〔2025〕3号' tracking_no="$linked_no")" = 303
case_id=$(db_sql "$db" "SELECT id FROM annual_case WHERE case_no = '汝政复〔2025〕3号'")
check case-linked-result test "$(post handler /admin/annual/cases/result "$work/x.html" id="$case_id" result=corrected result_on=2025-05-20)" = 303
curl -s -b "$work/handler.jar" -o "$work/linked.html" "$base/admin/applications/view?no=$linked_no"
check case-flags-application grep -q '本申请的答复已被行政复议结果纠正' "$work/linked.html"
check case-listed-on-application grep -q '汝政复〔2025〕3号' "$work/linked.html"
check figures-page test "$(code "$base/admin/annual/figures" "$work/fig.html" -b "$work/editor.jar")" = 200
bad_csv=$'年度,行政许可,行政处罚,行政强制,行政事业性收费（万元）\n2020,1,2,3,0.5\n2021,4,-1,6,0\n'
check csv-bad-row test "$(post editor /admin/annual/figures/import "$work/x.html" "csv=$bad_csv")" = 422
check csv-bad-row-named grep -q '第 3 行' "$work/x.html"
check csv-nothing-imported test "$(db_sql "$db" "SELECT count(*) FROM annual_figures WHERE year = 2020")" = 0
good_csv=$'年度,行政许可,行政处罚,行政强制,行政事业性收费（万元）\n2020,1,2,3,0.5\n'
check csv-good test "$(post editor /admin/annual/figures/import "$work/x.html" "csv=$good_csv")" = 200
check csv-imported test "$(db_sql "$db" "SELECT licensing || '/' || fees_micro FROM annual_figures WHERE year = 2020")" = "1/500000"
check figures-bad test "$(post editor /admin/annual/figures "$work/x.html" year=2019 licensing=1 punishment=x coercion=0 fees_wan=0)" = 422
check figures-bad-msg grep -q '行政处罚' "$work/x.html"

# ---- command line exports ----
check cli-xlsx "$GONGKAI" report build --db "$db" --agency "$agency" --year 2023 --format xlsx -o "$work/c.xlsx"
check cli-xlsx-zip sh -c "unzip -l '$work/c.xlsx' | grep -q 'xl/worksheets/sheet3.xml'"
check cli-pdf "$GONGKAI" report build --db "$db" --agency "$agency" --year 2023 --format pdf -o "$work/c.pdf"
check cli-pdf-fonts sh -c "pdffonts '$work/c.pdf' | grep -q 'NotoSansCJK'"
check cli-render-xlsx "$GONGKAI" report render --format xlsx -o "$work/j.xlsx" "$work/p.json"
check cli-render-pdf-redirect sh -c "'$GONGKAI' report render --format pdf '$work/p.json' > '$work/j.pdf' && head -c 5 '$work/j.pdf' | grep -q '%PDF-'"
check cli-render-txt-no-o sh -c "! '$GONGKAI' report render --format txt -o '$work/x.txt' '$work/p.json' 2>/dev/null"

finish annual_portal
