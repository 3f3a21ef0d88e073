#!/usr/bin/env bash
# lazy_libs.sh — the libraries most commands never use are opened on first use (src/util/dl.h), not
# at start-up: poppler-glib (reading a PDF), pango/cairo (writing one), libcurl (SMTP), libpq
# (PostgreSQL), libmicrohttpd (serve), libzip (DOCX, OFD, zip bundles), libxml2 (HTML pages, DOCX,
# OFD), libxlsxwriter (XLSX outputs) and OpenCC (folding a search query). `report check` of a text file
# loads none of them (LD_DEBUG=files), nor what they alone bring in (glib, cairo, harfbuzz, gnutls,
# libcrypto, ICU, libstdc++…). With them hidden (an empty file bound over each in a private mount
# namespace, so nothing outside this test sees it) the check of a text file still works, while each
# feature that needs one fails with a message naming the library and its Debian package: reading a PDF
# (poppler), a DOCX (libzip, then libxml2) or an OFD (libxml2) — that file unreadable, the rest of
# the batch checked —, rendering a PDF (pango), writing XLSX (libxlsxwriter), serving on PostgreSQL
# (libpq) and serving at all (libmicrohttpd: at start, before the database is opened); a search query in
# traditional characters is searched unfolded, the log naming OpenCC.
# Hiding needs root and unshare(1); without them the test says so and is skipped (exit 77).
set -uo pipefail
: "${GONGKAI:?path to the gongkai binary}" "${SRC:?repository root}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
. "$SRC/tests/e2e/lib/expect.sh"
txt="$SRC/tests/fixtures/real/229.txt"
pdf="$SRC/tests/fixtures/formats/hongze-2024-lo.pdf"
docx="$SRC/tests/fixtures/formats/hongze-2024.docx"
ofd="$SRC/tests/fixtures/formats/hongze-2024.ofd"
html="$SRC/tests/fixtures/formats/hongze-2024.html"
libs=(libpoppler-glib.so.8 libpangocairo-1.0.so.0 libcurl.so.4 libpq.so.5
  libmicrohttpd.so.12 libzip.so.4 libxml2.so.2 libxlsxwriter.so.4 libopencc.so.1.1)
# what only they bring in (prefixes: any version)
brought=(libpango-1.0.so libcairo.so libglib-2.0.so libharfbuzz.so libgnutls.so libnettle.so libp11-kit.so
  libcrypto.so libbz2.so libicuuc.so libicudata.so libstdc++.so libmarisa.so libminizip.so)

# Start-up loads none of them, nor what they alone bring in.
LD_DEBUG=files "$GONGKAI" report check "$txt" >/dev/null 2>"$tmp/files"
grep -q 'file=libsqlite3.so.0' "$tmp/files" && ok || bad "LD_DEBUG=files lists the libraries loaded"
for l in "${libs[@]}"; do
  grep -q "file=$l " "$tmp/files" && bad "report check of a text file loads $l" || ok
done
sanitized=$(ldd "$GONGKAI" | grep -c 'lib[au]san\.so') # their runtime brings libstdc++ itself
for l in "${brought[@]}"; do
  [ "$l" = libstdc++.so ] && [ "$sanitized" -gt 0 ] && continue
  grep -q "file=$l" "$tmp/files" && bad "report check of a text file loads $l" || ok
done
# … and LD_DEBUG sees the libraries opened on first use: a DOCX brings libzip and libxml2.
LD_DEBUG=files "$GONGKAI" report check "$docx" >/dev/null 2>"$tmp/files"
for l in libzip.so.4 libxml2.so.2; do
  grep -q "file=$l " "$tmp/files" && ok || bad "report check of a DOCX does not load $l"
done

# The paths the dynamic loader would open them from (ldconfig's cache), to hide in a namespace.
declare -A path_of
for l in "${libs[@]}"; do
  p=$(ldconfig -p | awk -v l="$l" '$1 == l && /x86-64/ { print $NF; exit }')
  [ -n "$p" ] || { echo "lazy_libs: $l not installed (scripts/deps.sh)"; exit 1; }
  path_of[$l]=$p
done
if [ "$(id -u)" -ne 0 ] || ! unshare -m true 2>/dev/null; then
  echo "lazy_libs: SKIPPED — hiding libraries needs root and unshare -m"
  exit 77
fi
# hide LIB… -- CMD… — runs CMD with those libraries hidden
hide() {
  local paths=()
  while [ "$1" != -- ]; do paths+=("${path_of[$1]}") && shift; done
  shift
  unshare -m bash -c 'for p in "${@:2:$1}"; do mount --bind /dev/null "$p" || exit 99; done; shift $(($1 + 1)); exec "$@"' \
    hide "${#paths[@]}" "${paths[@]}" "$@"
}
# hidden CMD… — runs CMD with every one of them hidden
hidden() { hide "${libs[@]}" -- "$@"; }
# names LIB PACKAGE FILE — FILE has the message of a library that cannot be loaded, in both languages
names() {
  grep -q "无法加载 $1（Debian 软件包 $2）" "$3" && grep -q "cannot load $1 (Debian package $2)" "$3"
}

expect_status 0 "hidden: check a text file" hidden "$GONGKAI" report check "$txt"
grep -q "通过（完整且一致）" "$tmp/out" && ok || bad "hidden: the text file's verdict"

expect_status 2 "hidden: check a PDF" hidden "$GONGKAI" report check "$pdf"
grep -q "无法加载 libpoppler-glib.so.8（Debian 软件包 libpoppler-glib8）" "$tmp/out" && ok || bad "hidden: PDF message names poppler"
grep -q "cannot load libpoppler-glib.so.8 (Debian package libpoppler-glib8)" "$tmp/out" && ok || bad "hidden: PDF message in English"
expect_status 0 "visible: check the PDF" "$GONGKAI" report check "$pdf" # the message came from hiding

hidden "$GONGKAI" report render --format pdf -o "$tmp/r.pdf" "$txt" >"$tmp/out" 2>"$tmp/err" && bad "hidden: render PDF succeeded" || ok
grep -q "无法加载 libpangocairo-1.0.so.0（Debian 软件包 libpangocairo-1.0-0）" "$tmp/err" && ok || bad "hidden: render message names pango"
[ -s "$tmp/r.pdf" ] && bad "hidden: a PDF was written" || ok

# serve on PostgreSQL fails at start: libpq is loaded with the first connection, before listening
# (libmicrohttpd visible: serve would otherwise stop at it first)
hide libpq.so.5 -- "$GONGKAI" serve --db postgresql://127.0.0.1:1/none --listen 127.0.0.1:0 >"$tmp/out" 2>"$tmp/err" && bad "hidden: serve started" || ok
grep -q "无法加载 libpq.so.5（Debian 软件包 libpq5）" "$tmp/err" && ok || { bad "hidden: serve message names libpq"; cat "$tmp/err"; }
"$GONGKAI" serve --db postgresql://127.0.0.1:1/none --listen 127.0.0.1:0 >"$tmp/out" 2>"$tmp/err" && bad "visible: serve started" || ok
grep -q "无法加载" "$tmp/err" && bad "visible: libpq reported missing" || ok

# serve without libmicrohttpd fails at start, before the database: the message is the library's, not
# the missing database's (which the same command gives when the library is there)
expect_status 1 "hidden: serve without libmicrohttpd" hide libmicrohttpd.so.12 -- "$GONGKAI" serve --db "$tmp/none.db" --listen 127.0.0.1:0
names libmicrohttpd.so.12 libmicrohttpd12 "$tmp/err" && ! grep -q "无法打开数据库" "$tmp/err" && ok ||
  { bad "hidden: serve's message names libmicrohttpd (and not the database)"; cat "$tmp/err"; }
expect_status 1 "visible: serve on no database" "$GONGKAI" serve --db "$tmp/none.db" --listen 127.0.0.1:0
grep -q "无法打开数据库" "$tmp/err" && ! grep -q "无法加载" "$tmp/err" && ok || bad "visible: serve's message names the database"

# A DOCX without libzip, a DOCX and an OFD without libxml2: each unreadable with the library's message,
# the text file of the same batch still checked; an HTML page without libxml2 the same.
unreadable() { grep -q "^$1: 无法读取 — .*" "$tmp/out"; }
expect_status 2 "no libzip: check a DOCX and a text file" hide libzip.so.4 -- "$GONGKAI" report check "$docx" "$txt"
unreadable "$docx" && names libzip.so.4 libzip4 "$tmp/out" && ok || { bad "no libzip: the DOCX's message"; cat "$tmp/out"; }
grep -q "^$txt: .*通过（完整且一致）" "$tmp/out" && ok || bad "no libzip: the text file of the batch"
expect_status 2 "no libxml2: check a DOCX, an OFD, an HTML page and a text file" \
  hide libxml2.so.2 -- "$GONGKAI" report check "$docx" "$ofd" "$html" "$txt"
[ "$(grep -c "无法加载 libxml2.so.2（Debian 软件包 libxml2）/ cannot load libxml2.so.2 (Debian package libxml2)" "$tmp/out")" -eq 3 ] &&
  unreadable "$docx" && unreadable "$ofd" && ok || { bad "no libxml2: the DOCX's and OFD's message"; cat "$tmp/out"; }
unreadable "$html" && grep -q "^$html: 无法读取 — 无法加载 libxml2.so.2" "$tmp/out" && ok ||
  bad "no libxml2: the HTML page is not reported unreadable with the library's message"
grep -q "^$txt: .*通过（完整且一致）" "$tmp/out" && ok || bad "no libxml2: the text file of the batch"
expect_status 0 "visible: check the DOCX, OFD and HTML page" "$GONGKAI" report check "$docx" "$ofd" "$html"

# XLSX without libxlsxwriter: the findings table and a rendered report fail, naming it; nothing written
expect_status 2 "hidden: findings XLSX" hide libxlsxwriter.so.4 -- "$GONGKAI" report check --format xlsx -o "$tmp/f.xlsx" "$txt"
names libxlsxwriter.so.4 libxlsxwriter4 "$tmp/err" && [ ! -e "$tmp/f.xlsx" ] && ok ||
  { bad "hidden: findings XLSX message names libxlsxwriter (and nothing written)"; cat "$tmp/err"; }
[ ! -s "$tmp/out" ] && ok || bad "hidden: findings XLSX fails before checking any file (its summary printed)"
expect_status 2 "hidden: render XLSX" hide libxlsxwriter.so.4 -- "$GONGKAI" report render --format xlsx -o "$tmp/r.xlsx" "$txt"
names libxlsxwriter.so.4 libxlsxwriter4 "$tmp/err" && [ ! -s "$tmp/r.xlsx" ] && ok ||
  { bad "hidden: render XLSX message names libxlsxwriter (and nothing written)"; cat "$tmp/err"; }
expect_status 0 "visible: findings XLSX" "$GONGKAI" report check --format xlsx -o "$tmp/f.xlsx" "$txt"
[ -s "$tmp/f.xlsx" ] && ok || bad "visible: no findings XLSX"

# A portal search in traditional characters (預算) finds the simplified 预算 through OpenCC; without it
# the page still answers, unfolded, and the log names the library.
"$GONGKAI" init --db "$tmp/d.db" --demo >/dev/null || bad "init --demo"
search=$'GET /info?q=%E9%A0%90%E7%AE%97 HTTP/1.1\r\nHost: 127.0.0.1:8080\r\n\r\n'
"$GONGKAI" http --db "$tmp/d.db" <<<"$search" >"$tmp/out" 2>"$tmp/err"
grep -q "<mark>预算</mark>" "$tmp/out" && ok || bad "visible: 預算 does not find 预算"
hide libopencc.so.1.1 -- "$GONGKAI" http --db "$tmp/d.db" <<<"$search" >"$tmp/out" 2>"$tmp/err"
head -1 "$tmp/out" | grep -q "^HTTP/1.1 200 " && ! grep -q "<mark>预算</mark>" "$tmp/out" && ok ||
  bad "hidden: the search page without OpenCC (answered, unfolded)"
names libopencc.so.1.1 libopencc1.1 "$tmp/err" && ok || { bad "hidden: the log does not name OpenCC"; cat "$tmp/err"; }

echo "lazy_libs: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
