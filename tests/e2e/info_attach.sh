#!/usr/bin/env bash
# info_attach.sh — attachments of 主动公开 items end to end, against the real server on a random port
# with a small upload limit: an editor logs in and uploads a PDF on the item's edit page (multipart);
# while the item is a draft the public gets 404 for it and staff can download it; a ".pdf" that is
# really HTML is refused with a Chinese message naming the field; an upload over the limit is 413;
# after review and publication the public item page lists the file with its type and size and the
# download carries the sniffed Content-Type, an RFC 5987 Content-Disposition, nosniff, a sandboxing
# CSP and an ETag (304 on revalidation); attachments are frozen once submitted; removal from a draft
# works; the stored file is named by its SHA-256 next to the database; every change is audited.
# Environment: GONGKAI (binary), SRC (repo root).
set -euo pipefail
E2E_NAME=attach
. "$(dirname "$0")/../lib/e2e.sh"
db=$(e2e_db t "$work") || exit 1
"$GONGKAI" init --db "$db" --demo >"$work/init.txt"
editor_pw=$(awk '$1 == "editor" { print $2 }' "$work/init.txt")
[ -n "$editor_pw" ] || { echo "no editor password in init output"; cat "$work/init.txt"; exit 1; }
printf 'Strong-pass-42\n' | "$GONGKAI" user add jdadmin --role admin --agency 2 --db "$db" --password-stdin >/dev/null
token() { "$GONGKAI" token create "$1" --db "$db" | tail -n 1; }
t_admin=$(token jdadmin)
t_editor=$(token editor)
t_reviewer=$(token reviewer)

limit=65536
start_server --set threads=2 \
	--set max_upload_bytes=$limit

api() { # TOKEN METHOD PATH [JSON] — prints the body, then the status on the last line
	local args=(-s -X "$2" -w '\n%{http_code}' -H 'Content-Type: application/json' -H "Authorization: Bearer $1")
	[ -n "${4:-}" ] && args+=(--data "$4")
	curl "${args[@]}" "$base$3"
}
json() { python3 -c 'import json,sys; print(json.load(sys.stdin)[sys.argv[1]])' "$1"; }
code_of() { curl -s -o /dev/null -w '%{http_code}' "$@"; }
csrf_of() { sed -n 's/.*name="csrf" value="\([0-9a-f]*\)".*/\1/p' "$1" | head -1; }

case "$(api "$t_admin" POST /api/v1/categories/defaults | tail -n 1)" in 200 | 201) ;; *) fail "category defaults" ;; esac
new_item() { # TITLE — creates a draft as the editor, prints its id
	api "$t_editor" POST /api/v1/items "{\"category\":\"财政信息\",\"title\":\"$1\",\"formed_on\":\"2024-01-15\",\"body\":\"预算说明\"}" |
		sed '$d' | json id
}
id=$(new_item '2024年部门预算公开')
draft=$(new_item '尚未公开的草稿')

# ---- the editor logs in ----
jar="$work/jar"
curl -s -c "$jar" -o "$work/login.html" "$base/login"
curl -s -b "$jar" -c "$jar" -H "Origin: $base" -o /dev/null "$base/login" --data-urlencode "csrf=$(csrf_of "$work/login.html")" \
	--data-urlencode name=editor --data-urlencode "password=$editor_pw"
curl -s -b "$jar" -o "$work/edit.html" "$base/admin/info/edit?id=$id"
grep -q 'enctype="multipart/form-data"' "$work/edit.html" || fail "edit page has no upload form"
grep -q 'id="file" name="file" type="file"' "$work/edit.html" || fail "edit page has no file field"
csrf=$(csrf_of "$work/edit.html")
[ -n "$csrf" ] || fail "no CSRF token on the edit page"

upload() { # ITEM FILE FILENAME OUT — prints the status
	curl -s -b "$jar" -H "Origin: $base" -o "$4" -w '%{http_code}' "$base/admin/info/attach" -F "csrf=$csrf" -F "id=$1" \
		-F "file=@$2;filename=$3"
}

# A small but real PDF (and a web page in disguise, and something too large).
printf '%%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%%%EOF\n' >"$work/budget.pdf"
printf '<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>\n' >"$work/evil.pdf"
head -c $((limit + 1024)) /dev/zero | tr '\0' 'A' | sed '1s/^/%PDF-1.4 /' >"$work/big.pdf"

[ "$(upload "$id" "$work/budget.pdf" '2023年部门预算.pdf' "$work/up.html")" = 303 ] || fail "PDF upload not accepted"
curl -s -b "$jar" -o "$work/edit.html" "$base/admin/info/edit?id=$id"
att=$(sed -n 's/.*href="\/admin\/info\/file?id=\([0-9]*\)">2023年部门预算.pdf<.*/\1/p' "$work/edit.html" | head -1)
[ -n "$att" ] || fail "uploaded file not listed on the edit page"
grep -q 'PDF 文档' "$work/edit.html" || fail "edit page does not show the type"

status=$(upload "$id" "$work/evil.pdf" 'report.pdf' "$work/evil.html")
[ "$status" = 422 ] || fail "HTML disguised as PDF: expected 422, got $status"
grep -q '附件：文件内容不是允许的类型' "$work/evil.html" || fail "disguised HTML: no Chinese message naming 附件"
grep -q 'id="file-error"' "$work/evil.html" || fail "disguised HTML: message not beside the field"

status=$(upload "$id" "$work/big.pdf" 'big.pdf' "$work/big.html")
[ "$status" = 413 ] || fail "over-limit upload: expected 413, got $status"
grep -q '提交的内容过大' "$work/big.html" || fail "413 page is not in Chinese"
[ "$(db_sql "$db" "SELECT count(*) FROM info_attachment WHERE item_id = $id")" = 1 ] || fail "refused uploads were recorded"

# ---- a draft's attachment: staff only ----
[ "$(upload "$draft" "$work/budget.pdf" '草稿附件.pdf' /dev/null)" = 303 ] || fail "upload to the second draft"
datt=$(db_sql "$db" "SELECT id FROM info_attachment WHERE item_id = $draft")
for a in "$att" "$datt"; do
	[ "$(code_of "$base/info/file/$a")" = 404 ] || fail "attachment $a of a draft reachable by the public"
	[ "$(code_of -b "$jar" "$base/admin/info/file?id=$a")" = 200 ] || fail "staff cannot download attachment $a"
done
[ "$(code_of "$base/admin/info/file?id=$att")" = 303 ] || fail "staff download without login does not ask for login"
# removal while a draft, audited
curl -s -b "$jar" -o "$work/attpage.html" "$base/admin/info/attach?id=$draft"
[ "$(curl -s -b "$jar" -H "Origin: $base" -o /dev/null -w '%{http_code}' "$base/admin/info/attach/remove" \
	--data-urlencode "csrf=$csrf" --data-urlencode "id=$datt")" = 303 ] || fail "removal from a draft"
[ "$(code_of -b "$jar" "$base/admin/info/file?id=$datt")" = 404 ] || fail "removed attachment still served"
curl -s -b "$jar" -o "$work/attpage.html" "$base/admin/info/attach?id=$draft"
grep -q '草稿附件.pdf' "$work/attpage.html" && fail "removed attachment still listed"

# ---- workflow: frozen once submitted; published → public ----
[ "$(api "$t_editor" POST "/api/v1/items/$id/submit" | tail -n 1)" = 200 ] || fail submit
status=$(upload "$id" "$work/budget.pdf" 'late.pdf' "$work/late.html")
[ "$status" = 409 ] || fail "upload to a submitted item: expected 409, got $status"
[ "$(api "$t_reviewer" POST "/api/v1/items/$id/review" '{"decision":"pass","opinion":"附件不涉密"}' | tail -n 1)" = 200 ] ||
	fail review
[ "$(api "$t_editor" POST "/api/v1/items/$id/publish" | tail -n 1)" = 200 ] || fail publish
[ "$(curl -s -b "$jar" -H "Origin: $base" -o /dev/null -w '%{http_code}' "$base/admin/info/attach/remove" \
	--data-urlencode "csrf=$csrf" --data-urlencode "id=$att")" = 409 ] || fail "removal from a published item"

curl -s "$base/info/item/$id" >"$work/item.html"
grep -q "href=\"/info/file/$att\">2023年部门预算.pdf</a>" "$work/item.html" || fail "public page does not list the attachment"
size=$(stat -c %s "$work/budget.pdf")
grep -q "（PDF 文档，$size 字节）" "$work/item.html" || fail "public page lacks type and size"
curl -s "$base/api/v1/items/$id" | grep -q "\"attachments\":\[{\"id\":$att,.*\"type\":\"application/pdf\",\"size\":$size,.*\"url\":\"/info/file/$att\"" ||
	fail "API item lacks its attachment"
curl -s -D "$work/headers" -o "$work/download" "$base/info/file/$att"
head -1 "$work/headers" | grep -q ' 200' || fail "published attachment not downloadable: $(head -1 "$work/headers")"
cmp -s "$work/download" "$work/budget.pdf" || fail "downloaded bytes differ"
header() { grep -i "^$1:" "$work/headers" | head -1 | tr -d '\r'; }
[ "$(header Content-Type)" = 'Content-Type: application/pdf' ] || fail "Content-Type: $(header Content-Type)"
[ "$(header Content-Disposition)" = "Content-Disposition: attachment; filename=\"2023_____.pdf\"; filename*=UTF-8''2023%E5%B9%B4%E9%83%A8%E9%97%A8%E9%A2%84%E7%AE%97.pdf" ] ||
	fail "Content-Disposition: $(header Content-Disposition)"
[ "$(header X-Content-Type-Options)" = 'X-Content-Type-Options: nosniff' ] || fail "no nosniff"
header Content-Security-Policy | grep -q 'sandbox' || fail "CSP lacks sandbox: $(header Content-Security-Policy)"
header Content-Security-Policy | grep -q "default-src 'none'" || fail "CSP is not default-src 'none'"
sha=$(sha256sum "$work/budget.pdf" | cut -c1-64)
[ "$(header ETag)" = "ETag: \"$sha\"" ] || fail "ETag: $(header ETag)"
[ "$(code_of -H "If-None-Match: \"$sha\"" "$base/info/file/$att")" = 304 ] || fail "no 304 on revalidation"
files=$(db_files_dir "$db")
[ -f "$files/${sha:0:2}/${sha:2}" ] || fail "content not stored by SHA-256 next to the database"
[ "$(find "$files" -type f | wc -l)" = 1 ] || fail "identical content stored more than once"
[ "$(code_of "$base/info/file/999999")" = 404 ] || fail "unknown attachment"

# withdrawal hides the file again
[ "$(api "$t_editor" POST "/api/v1/items/$id/withdraw" '{"reason":"内容有误"}' | tail -n 1)" = 200 ] || fail withdraw
[ "$(code_of "$base/info/file/$att")" = 404 ] || fail "attachment of a withdrawn item still public"

# the pages that show attachments are valid HTML (as http_tidy.sh: only tidy's ARIA 1.1 complaint tolerated)
if command -v tidy >/dev/null; then
	for page in edit.html evil.html attpage.html item.html; do
		tidy -errors -q "$work/$page" >"$work/tidy.txt" 2>&1 || true
		grep -v 'proprietary attribute "aria-' "$work/tidy.txt" | grep -q . && fail "tidy $page: $(cat "$work/tidy.txt")"
	done
fi

attached=$(db_sql "$db" "SELECT count(*) FROM audit_log WHERE action = 'info.attach'")
detached=$(db_sql "$db" "SELECT count(*) FROM audit_log WHERE action = 'info.detach'")
[ "$attached" = 2 ] && [ "$detached" = 1 ] || fail "audit: $attached attach, $detached detach entries"
"$GONGKAI" audit verify --db "$db" | grep -q 审计日志完整 || fail "audit chain broken"

if [ "$failures" -gt 0 ]; then
	echo "$failures failure(s)"
	exit 1
fi
echo "info_attach: all checks passed"
