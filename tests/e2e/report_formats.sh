#!/usr/bin/env bash
# report_formats.sh — end-to-end tests of `gongkai report check|parse` on files as published: the Word,
# PDF and OFD fixtures made from the real 2024 report of 淮安市洪泽区 (every number against its JSON),
# the published PDF tests/fixtures/real/243.pdf against its pdftotext text, UTF-16 text, and the
# hostile inputs of tests/fixtures/formats/hostile.py (zip bomb, 6,000 entries, damaged zips,
# 10,000 pages, scan, encrypted, old DOC, images, an OFD naming no document): exit 2, a Chinese message naming the problem
# or the limit, and bounded memory (peak RSS under 300 MB).
set -uo pipefail
: "${GONGKAI:?path to the gongkai binary}" "${SRC:?repository root}"
fx="$SRC/tests/fixtures/formats"
real="$SRC/tests/fixtures/real"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
. "$SRC/tests/e2e/lib/expect.sh"
# same_numbers A.json B.json [title] — tables 二, 三, 四 equal cell by cell (and agency/year with "title")
same_numbers() {
  python3 - "$@" <<'PY'
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:3])
keys = ['edition', 'proactive', 'applications', 'cases'] + (['agency', 'year'] if len(sys.argv) > 3 else [])
diff = [k for k in keys if a.get(k) != b.get(k)]
for k in diff:
    print('differs:', k, json.dumps(a.get(k), ensure_ascii=False)[:300], '!=', json.dumps(b.get(k), ensure_ascii=False)[:300])
sys.exit(1 if diff else 0)
PY
}

# The HTML rendering and the Word, PDF and OFD fixtures read as the report they were made from, every cell.
for f in hongze-2024.html hongze-2024.docx hongze-2024-lo.pdf hongze-2024-cairo.pdf hongze-2024.ofd; do
  expect_status 0 "check $f" "$GONGKAI" report check "$fx/$f"
  grep -q "通过（完整且一致）" "$tmp/out" && ok || bad "$f: verdict consistent"
  expect_status 0 "parse $f" "$GONGKAI" report parse "$fx/$f"
  same_numbers "$tmp/out" "$fx/hongze-2024.json" title && ok || bad "$f: numbers or title differ from hongze-2024.json"
done
grep -q '"agency": "淮安市洪泽区人民政府"' <("$GONGKAI" report parse "$fx/hongze-2024.docx") && ok || bad "docx agency"

# The same report with one arithmetic error: a violation naming row and columns.
expect_status 1 "check error docx" "$GONGKAI" report check "$fx/hongze-2024-error.docx"
grep -q "R2.*本机关不掌握相关政府信息.*31.*30" "$tmp/out" && ok || bad "error docx names the row total"
"$GONGKAI" report parse "$fx/hongze-2024-error.docx" >"$tmp/error.json"
same_numbers "$tmp/error.json" "$fx/hongze-2024-error.json" title && ok || bad "error docx numbers"

# The published PDF reads as its text: same verdict, same numbers in every cell.
"$GONGKAI" report check "$real/243.pdf" >"$tmp/pdf.out" 2>&1; pdf_status=$?
"$GONGKAI" report check "$real/243.pdftotext.txt" >"$tmp/txt.out" 2>&1; txt_status=$?
[ "$pdf_status" -eq "$txt_status" ] && ok || bad "243.pdf exit $pdf_status, its text $txt_status"
# year, edition, verdict, counts (the PDF's agency is found: its title is rejoined; the text's is not)
verdict() { head -1 "$1" | sed 's/^[^:]*: //; s/^.*\([0-9]\{4\} 年\)/\1/'; }
[ "$(verdict "$tmp/pdf.out")" = "$(verdict "$tmp/txt.out")" ] && ok ||
  bad "243.pdf verdict '$(verdict "$tmp/pdf.out")' differs from its text's '$(verdict "$tmp/txt.out")'"
"$GONGKAI" report parse "$real/243.pdf" >"$tmp/243-pdf.json" 2>/dev/null # exit 2 while rows are unread
"$GONGKAI" report parse "$real/243.pdftotext.txt" >"$tmp/243-txt.json" 2>/dev/null
same_numbers "$tmp/243-pdf.json" "$tmp/243-txt.json" && ok || bad "243.pdf numbers differ from its text"
grep -q '"agency": "淮安市洪泽区人民政府"' "$tmp/243-pdf.json" && ok || bad "243.pdf agency from its wrapped title"
for want in '"new": \[95,0,0,0,0,0,95\]' '"carried_over": \[0,0,0,0,0,0,0\]' '"total": \[95,0,0,0,0,0,95\]' \
  '"reconsideration": \[1,1,0,0,2\]' '"litigation_direct": \[1,0,0,0,1\]' \
  '"litigation_after_reconsideration": \[2,0,1,0,3\]' '"licensing": {"decisions": 9487}' '"fees": {"amount": 7545}'; do
  grep -q "$want" "$tmp/243-pdf.json" && ok || bad "243.pdf: $want"
done

# UTF-16 text, little- and big-endian, with and without a byte-order mark, reads as the UTF-8 text.
for enc in UTF-16LE UTF-16BE UTF-16 UTF-16BE-BOM; do
  case $enc in
  UTF-16BE-BOM) { printf '\xfe\xff'; iconv -f UTF-8 -t UTF-16BE "$real/243.pdftotext.txt"; } >"$tmp/243-$enc.txt" ;;
  *) iconv -f UTF-8 -t "$enc" "$real/243.pdftotext.txt" >"$tmp/243-$enc.txt" ;;
  esac
  "$GONGKAI" report parse "$tmp/243-$enc.txt" >"$tmp/243-$enc.json" 2>"$tmp/err" || true
  cmp -s "$tmp/243-$enc.json" "$tmp/243-txt.json" && ok || bad "$enc text parses differently"
done

# Hostile and unreadable files: exit 2, a message saying what is wrong, peak RSS under 300 MB.
python3 "$fx/hostile.py" "$tmp/h" "$fx/hongze-2024.docx" || bad "hostile.py"
# measure FILE → runs check, prints "status rss_kib" (peak RSS of the child)
measure() {
  python3 - "$GONGKAI" "$1" "$tmp/out" <<'PY'
import resource, subprocess, sys
with open(sys.argv[3], 'w') as out:
    rc = subprocess.run([sys.argv[1], 'report', 'check', sys.argv[2]], stdout=out, stderr=subprocess.STDOUT).returncode
print(rc, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
PY
}
while IFS='|' read -r file message; do
  read -r status rss < <(measure "$tmp/h/$file")
  [ "$status" -eq 2 ] && ok || bad "$file: exit $status, wanted 2"
  grep -q -- "$message" "$tmp/out" && ok || { bad "$file: message lacks '$message'"; cat "$tmp/out"; }
  [ "$rss" -lt 307200 ] && ok || bad "$file: peak RSS ${rss} KiB ≥ 300 MB"
  echo "$file: exit $status, peak RSS $((rss / 1024)) MiB"
done <<'LIST'
bomb.docx|解压后超过 48 MiB 的上限（可能是压缩炸弹）
entries.docx|含有 6001 个文件，超过 5000 个的上限
corrupt.docx|word/document.xml 已损坏
truncated.docx|已损坏或不完整
not-word.zip|不是 Word（.docx）或 OFD 文件
pages.pdf|PDF 共 10000 页，超过 200 页的上限
scan.pdf|扫描件/图片（PDF 共 1 页，没有文字层）
encrypted.pdf|PDF 文件已加密
broken.pdf|PDF 文件已损坏
ofd.ofd|OFD 文件的 OFD.xml 没有指明文档（DocRoot）
ofd-pages.ofd|OFD 文件超过 200 页的上限
old.doc|这是旧版 Word/Excel 文件（.doc/.xls），请另存为 .docx 或 PDF 后再检查
image.png|这是扫描件/图片，没有可读取的文字
image.jpg|这是扫描件/图片，没有可读取的文字
LIST

echo "report_formats: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
