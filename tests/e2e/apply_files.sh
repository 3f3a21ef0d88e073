#!/usr/bin/env bash
# apply_files.sh — the applicant's files (issue 13) against the real server: the online application
# form takes files (multipart); one whose content is HTML though named .pdf is refused with a Chinese
# message on the field and nothing is recorded; a PDF and a PNG are accepted and the success page
# counts them. The handler of the agency sees both on the handling page and downloads them byte for
# byte (sniffed type, attachment disposition, sandbox CSP); the handler of another agency and the
# anonymous public get nothing; every download is in the audit log and refusals are not. During a 补正 the applicant answers online with text and a file; the
# file is listed as sent with the 补正. Environment: GONGKAI (binary).
E2E_NAME=files
. "$(dirname "$0")/lib/server.sh"
demo_db
other_pw='Qz8#other-handler-pw'
printf '%s\n' "$other_pw" | "$GONGKAI" user add other_handler --role handler --agency 3 --password-stdin --db "$db" >/dev/null ||
	{ echo "user add failed"; exit 1; }
echo "other_handler $other_pw" >>"$work/init.txt" # so login() finds its password
token=$("$GONGKAI" token create handler --db "$db" | tail -n 1)
start_server
today=$(TZ=Asia/Shanghai date +%F)
printf '%%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%%%EOF\n' >"$work/id.pdf"
printf '\x89PNG\r\n\x1a\n\0\0\0\rIHDR 身份证' >"$work/scan.png"
printf '<html><script>alert(1)</script></html>' >"$work/fake.pdf"

jar="$work/public"
curl -s -c "$jar" -o "$work/form.html" "$base/apply/new"
check form-multipart grep -q 'enctype="multipart/form-data"' "$work/form.html"
check form-file-field grep -q '<input id="files" name="files" type="file" multiple' "$work/form.html"
csrf=$(csrf_of "$work/form.html")
submit() { # OUT FILE… → HTTP status
	local out=$1
	shift
	local args=()
	for f in "$@"; do args+=(-F "files=@$f"); done
	curl -s -b "$jar" -H "Origin: $base" -o "$out" -w '%{http_code}' "$base/apply/new" -F "csrf=$csrf" \
		-F agency_id=2 -F applicant_type=natural_person -F name=吴九 -F id_type=resident_id \
		-F id_number=11010519491231002X -F phone=13700001234 -F email=wu@example.cn \
		-F description=钟楼街道2025年道路维修合同 -F form=electronic -F delivery=email \
		-F "idempotency_key=files-$RANDOM$RANDOM" "${args[@]}"
}
count() { db_sql "$db" "SELECT count(*) FROM $1"; }
apps_before=$(count application)
check fake-refused-422 test "$(submit "$work/bad.html" "$work/fake.pdf")" = 422
check fake-message grep -q '附件：文件内容不是允许的类型' "$work/bad.html"
check fake-on-field grep -q 'id="files-error"' "$work/bad.html"
check fake-nothing-recorded test "$(count application)" = "$apps_before"
check fake-no-file-row test "$(count application_file)" = 0
check accepted-200 test "$(submit "$work/ok.html" "$work/id.pdf" "$work/scan.png")" = 200
check success-counts-files grep -q '已收到 2 个文件' "$work/ok.html"
no=$(sed -n 's/.*id="tracking-no">\([^<]*\)<.*/\1/p' "$work/ok.html")
code=$(sed -n 's/.*id="query-code">\([^<]*\)<.*/\1/p' "$work/ok.html")
check two-rows test "$(db_sql "$db" "SELECT kind || ':' || event_seq FROM application_file ORDER BY id" | paste -sd,)" = "pdf:0,png:0"

login handler "$work/h"
curl -s -b "$work/h" -o "$work/view.html" "$base/admin/applications/view?no=$no"
check staff-list grep -q 'id="applicant-files"' "$work/view.html"
pdf_id=$(db_sql "$db" "SELECT id FROM application_file WHERE kind = 'pdf'")
check staff-link grep -q "href=\"/admin/applications/file?id=$pdf_id\">id.pdf<" "$work/view.html"
curl -s -b "$work/h" -D "$work/headers" -o "$work/got.pdf" "$base/admin/applications/file?id=$pdf_id"
check download-bytes cmp -s "$work/got.pdf" "$work/id.pdf"
check download-type grep -qi '^Content-Type: application/pdf' "$work/headers"
check download-disposition grep -qi '^Content-Disposition: attachment;' "$work/headers"
check download-sandbox grep -qi '^Content-Security-Policy: sandbox' "$work/headers"
check anonymous-to-login test "$(curl -s -o /dev/null -w '%{http_code}' "$base/admin/applications/file?id=$pdf_id")" = 303
login other_handler "$work/o"
check other-agency-404 test "$(curl -s -b "$work/o" -o /dev/null -w '%{http_code}' "$base/admin/applications/file?id=$pdf_id")" = 404
login editor "$work/e"
check editor-403 test "$(curl -s -b "$work/e" -o /dev/null -w '%{http_code}' "$base/admin/applications/file?id=$pdf_id")" = 403
# every download of an applicant's file is audited under the tracking number (never the file's name);
# refused attempts record nothing
downloads() { db_sql "$db" "SELECT count(*) || ':' || coalesce(max(detail), '') FROM audit_log WHERE action = 'application.file_download'"; }
check download-audited test "$(downloads)" = "1:$no"
curl -s -b "$work/h" -o /dev/null "$base/admin/applications/file?id=$pdf_id"
check second-download-audited test "$(downloads)" = "2:$no"
check unknown-file-404 test "$(curl -s -b "$work/h" -o /dev/null -w '%{http_code}' "$base/admin/applications/file?id=999999")" = 404
check refused-not-audited test "$(downloads)" = "2:$no"

# the online 补正 with a file
ev() { curl -s -o /dev/null -w '%{http_code}' -XPOST "$base/api/v1/applications/$no/events" \
	-H "Authorization: Bearer $token" -H 'Content-Type: application/json' -d "$1"; }
check confirm test "$(ev "{\"type\":\"confirm_receipt\",\"date\":\"$today\"}")" = 201
check correction test "$(ev "{\"type\":\"request_correction\",\"date\":\"$today\",\"note\":\"请提供合同编号\",\"workdays\":10}")" = 201
curl -s -b "$jar" -c "$jar" -H "Origin: $base" -o "$work/status.html" "$base/apply/query" --data-urlencode "csrf=$csrf" \
	--data-urlencode "no=$no" --data-urlencode "code=$code"
check correction-form-multipart grep -q 'action="/apply/query/correction" enctype="multipart/form-data"' "$work/status.html"
check correction-200 test "$(curl -s -b "$jar" -H "Origin: $base" -o "$work/corr.html" -w '%{http_code}' \
	"$base/apply/query/correction" -F "csrf=$csrf" -F "no=$no" -F "code=$code" -F text=合同编号为钟建2025-07 \
	-F "files=@$work/scan.png;filename=合同.png")" = 200
check correction-confirms-file grep -q '含附件 1 个' "$work/corr.html"
check correction-file-row test "$(db_sql "$db" "SELECT name || ':' || CASE WHEN event_seq > 0 THEN 1 ELSE 0 END FROM application_file ORDER BY id DESC LIMIT 1")" = "合同.png:1"
curl -s -b "$work/h" -o "$work/view.html" "$base/admin/applications/view?no=$no"
check staff-sees-correction-file grep -q '合同.png</a></td><td>在线补正' "$work/view.html"
finish apply_files
