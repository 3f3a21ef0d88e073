#!/usr/bin/env bash
# apply_pdf.sh — fees and the 答复书 PDF against the real server. An application goes through a fee
# notice computed by the server (按量 150 pages = 1700 元; both methods at once refused with 422),
# payment and a 部分公开 reply; the applicant's view shows the calculation. The handler downloads the
# draft letter as PDF, issues it, and the applicant gets the issued letter as PDF through the API and
# through 申请查询 (before issue: 404; wrong code: 404). Every PDF is checked with poppler: an embedded
# Noto CJK font (pdffonts), page 1 renders (pdftoppm), the Chinese text reads back (pdftotext).
# Environment: GONGKAI (binary).
for tool in pdffonts pdftoppm pdftotext; do
	command -v "$tool" >/dev/null || { echo "$tool is not installed (apt-get install poppler-utils)"; exit 1; }
done
E2E_NAME=apply-pdf
. "$(dirname "$0")/lib/server.sh"
demo_db
token=$("$GONGKAI" token create handler --db "$db" | tail -n 1)
start_server
today=$(TZ=Asia/Shanghai date +%F)

pdf_ok() { # FILE: a PDF with an embedded Noto CJK font whose first page renders
	head -c 5 "$1" | grep -q '%PDF-' || { echo "not a PDF: $(head -c 200 "$1")"; return 1; }
	pdffonts "$1" | awk '/NotoS(erif|ans)CJK/ && $(NF-4) == "yes" { found = 1 } END { exit !found }' ||
		{ pdffonts "$1"; return 1; }
	rm -f "$work"/page-*.png
	pdftoppm -f 1 -l 1 -r 40 -png "$1" "$work/page" && [ -s "$work/page-1.png" ]
}

# ---- an application, its fee ----
body='{"agency_id":2,"applicant_type":"natural_person","name":"王五","id_type":"resident_id","id_number":"11010519491231002X","phone":"13812345678","email":"wang@example.cn","address":"汝州市中大街2号","description":"钟楼街道2025年全部会议纪要的复印件","form":"paper","delivery":"post","channel":"online"}'
curl -s -XPOST "$base/api/v1/applications" -H 'Content-Type: application/json' -d "$body" >"$work/created.json"
no=$(json 'd["tracking_no"]' <"$work/created.json")
code=$(json 'd["query_code"]' <"$work/created.json")
check created test -n "$no"
event() { # EXPECTED-STATUS JSON
	local got
	got=$(curl -s -o "$work/ev.json" -w '%{http_code}' -XPOST "$base/api/v1/applications/$no/events" \
		-H "Authorization: Bearer $token" -H 'Content-Type: application/json' -d "$2")
	[ "$got" = "$1" ] || { echo "event $2 → $got: $(cat "$work/ev.json")"; return 1; }
}
check confirm event 201 "{\"type\":\"confirm_receipt\",\"date\":\"$today\"}"
check fee-both-methods event 422 "{\"type\":\"fee_notice\",\"date\":\"$today\",\"fee_method\":\"item\",\"fee_pages\":150}"
check fee-both-named grep -q 'fee_pages' "$work/ev.json"
check fee-no-method event 422 "{\"type\":\"fee_notice\",\"date\":\"$today\",\"fee_pages\":150}"
check fee-wrong-amount event 422 "{\"type\":\"fee_notice\",\"date\":\"$today\",\"fee_method\":\"page\",\"fee_pages\":150,\"fee_yuan\":99}"
check fee-notice event 201 "{\"type\":\"fee_notice\",\"date\":\"$today\",\"fee_method\":\"page\",\"fee_pages\":150}"
check fee-amount test "$(json 'd["fee"]["yuan"]' <"$work/ev.json")" = 1700
curl -s "$base/api/v1/applications/$no?code=$code" >"$work/view.json"
check view-fee-status test "$(json 'd["status"]' <"$work/view.json")" = awaiting_fee
check view-fee-explanation sh -c "python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); f=d[\"fees\"][0]; assert f[\"yuan\"] == 1700 and \"第 101–150 页\" in f[\"explanation\"] and f[\"pay_by\"]' '$work/view.json'"
check fee-paid event 201 "{\"type\":\"fee_paid\",\"date\":\"$today\"}"
check fee-paid-amount test "$(json 'd["fee"]["paid_on"]' <"$work/ev.json")" = "$today"
check reply event 201 "{\"type\":\"reply\",\"date\":\"$today\",\"outcome\":\"partial\"}"

# ---- the applicant cannot get a letter before it is issued ----
check pdf-before-issue test "$(curl -s -o /dev/null -w '%{http_code}' "$base/api/v1/applications/$no/letter.pdf?code=$code")" = 404

# ---- staff: draft PDF, issue ----
login handler "$work/staff"
curl -s -b "$work/staff" -o "$work/view.html" "$base/admin/applications/view?no=$no"
check staff-fee-block grep -q '信息处理费' "$work/view.html"
check staff-fee-calc grep -q '第 31–100 页：70 页 × 10 元 = 700 元' "$work/view.html"
status=$(curl -s -b "$work/staff" -o "$work/draft.pdf" -w '%{http_code}' "$base/admin/applications/letter.pdf?no=$no")
check draft-pdf-200 test "$status" = 200
check draft-pdf pdf_ok "$work/draft.pdf"
check draft-marked sh -c "pdftotext '$work/draft.pdf' - | grep -q 草稿"
check draft-needs-login test "$(curl -s -o /dev/null -w '%{http_code}' "$base/admin/applications/letter.pdf?no=$no")" != 200
curl -s -b "$work/staff" -o "$work/letter.html" "$base/admin/applications/letter?no=$no"
check letter-page-links-pdf grep -q 'letter.pdf' "$work/letter.html"
scsrf=$(sed -n 's/.*name="csrf" value="\([0-9a-f]*\)".*/\1/p' "$work/letter.html" | head -1)
letter=$(python3 -c 'import html,re,sys; t=open(sys.argv[1]).read(); print(html.unescape(re.search(r"<textarea[^>]*>(.*?)</textarea>", t, re.S).group(1)), end="")' "$work/letter.html")
curl -s -b "$work/staff" -H "Origin: $base" -o /dev/null -w '%{http_code}' "$base/admin/applications/letter" \
	--data-urlencode "csrf=$scsrf" --data-urlencode "no=$no" --data-urlencode "doc_no=钟政信复〔2026〕8号" \
	--data-urlencode "body=$letter" --data-urlencode action=issue >"$work/issue.status"
check issued test "$(cat "$work/issue.status")" = 303
curl -s -b "$work/staff" -o "$work/issued.html" "$base/admin/applications/letter?no=$no&done=issued"
check issued-confirmation grep -q '答复书已签发' "$work/issued.html"
check letter-way-back grep -q "href=\"/admin/applications/view?no=$no\"" "$work/issued.html"
check letter-page-doc-no grep -q '钟政信复〔2026〕8号' "$work/issued.html"
check letter-page-no-blank sh -c "! grep -q '〔    〕' '$work/issued.html'"

# ---- the applicant's PDF: API and 申请查询 ----
status=$(curl -s -o "$work/api.pdf" -w '%{http_code}' "$base/api/v1/applications/$no/letter.pdf?code=$code")
check api-pdf-200 test "$status" = 200
check api-pdf pdf_ok "$work/api.pdf"
pdftotext "$work/api.pdf" "$work/api.txt"
for element in 政府信息公开申请答复书 王五 第三十七条 六十日内 六个月内 汝州市钟楼街道办事处; do
	check "api-pdf-text-$element" sh -c "tr -d ' ' <'$work/api.txt' | grep -q '$element'"
done
check api-pdf-not-draft sh -c "! grep -q 草稿 '$work/api.txt'"
check api-pdf-doc-no sh -c "tr -d ' ' <'$work/api.txt' | grep -q '钟政信复〔2026〕8号'"
check api-pdf-no-blank-doc-no sh -c "! tr -d ' ' <'$work/api.txt' | grep -q '〔〕号'"
check api-pdf-one-page test "$(pdfinfo "$work/api.pdf" | awk '/^Pages:/ { print $2 }')" = 1
check api-pdf-wrong-code test "$(curl -s -o /dev/null -w '%{http_code}' "$base/api/v1/applications/$no/letter.pdf?code=WRONGCODE")" = 404
curl -s -c "$work/jar" -o "$work/q.html" "$base/apply/query"
qcsrf=$(sed -n 's/.*name="csrf" value="\([0-9a-f]*\)".*/\1/p' "$work/q.html" | head -1)
curl -s -b "$work/jar" -H "Origin: $base" -o "$work/q2.html" "$base/apply/query" --data-urlencode "csrf=$qcsrf" \
	--data-urlencode "no=$no" --data-urlencode "code=$code"
check query-fee grep -q '1700 元' "$work/q2.html"
check query-pdf-button grep -q '/apply/query/letter' "$work/q2.html"
status=$(curl -s -b "$work/jar" -H "Origin: $base" -o "$work/query.pdf" -w '%{http_code}' "$base/apply/query/letter" \
	--data-urlencode "csrf=$qcsrf" --data-urlencode "no=$no" --data-urlencode "code=$code")
check query-pdf-200 test "$status" = 200
check query-pdf pdf_ok "$work/query.pdf"
check query-pdf-wrong-code test "$(curl -s -b "$work/jar" -H "Origin: $base" -o /dev/null -w '%{http_code}' \
	"$base/apply/query/letter" --data-urlencode "csrf=$qcsrf" --data-urlencode "no=$no" --data-urlencode code=WRONG)" = 404
check fee-collected test "$(db_sql "$db" "SELECT sum(fee_yuan) FROM application_event WHERE type = 'fee_paid'")" = 1700

finish apply_pdf
