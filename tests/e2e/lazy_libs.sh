#!/usr/bin/env bash
# lazy_libs.sh — the libraries most commands never use (poppler-glib, pango/cairo, libcurl, libpq) are
# opened on first use (src/util/dl.h), not at start-up: `report check` of a text file loads none of
# them (LD_DEBUG=files), and with the four hidden (an empty file bound over each in a private mount
# namespace, so nothing outside this test sees it) the check of a text file still works while the
# commands that need one fail with a message naming the library and its Debian package: reading a
# PDF (poppler), rendering one (pango) and serving on PostgreSQL (libpq: at start, before any request).
# Hiding needs root and unshare(1); without them the test says so and is skipped (exit 77).
set -uo pipefail
: "${GONGKAI:?path to the gongkai binary}" "${SRC:?repository root}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
. "$SRC/tests/e2e/lib/expect.sh"
txt="$SRC/tests/fixtures/real/229.txt"
pdf="$SRC/tests/fixtures/formats/hongze-2024-lo.pdf"
libs=(libpoppler-glib.so.8 libpangocairo-1.0.so.0 libcurl.so.4 libpq.so.5)

# Start-up loads none of them, nor what they alone bring in (glib, cairo, harfbuzz).
LD_DEBUG=files "$GONGKAI" report check "$txt" >/dev/null 2>"$tmp/files"
grep -q 'file=libsqlite3.so.0' "$tmp/files" && ok || bad "LD_DEBUG=files lists the libraries loaded"
for l in "${libs[@]}" libpango-1.0.so.0 libcairo.so.2 libglib-2.0.so.0 libharfbuzz.so.0; do
  grep -q "file=$l " "$tmp/files" && bad "report check of a text file loads $l" || ok
done

# The paths the dynamic loader would open them from (ldconfig's cache), to hide in a namespace.
paths=()
for l in "${libs[@]}"; do
  p=$(ldconfig -p | awk -v l="$l" '$1 == l && /x86-64/ { print $NF; exit }')
  [ -n "$p" ] || { echo "lazy_libs: $l not installed (scripts/deps.sh)"; exit 1; }
  paths+=("$p")
done
if [ "$(id -u)" -ne 0 ] || ! unshare -m true 2>/dev/null; then
  echo "lazy_libs: SKIPPED — hiding libraries needs root and unshare -m"
  exit 77
fi
# hidden CMD… — runs CMD with the four libraries hidden (output in $tmp/out, $tmp/err)
hidden() {
  unshare -m bash -c 'for p in "${@:2:$1}"; do mount --bind /dev/null "$p" || exit 99; done; shift $(($1 + 1)); exec "$@"' \
    hide "${#paths[@]}" "${paths[@]}" "$@"
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
hidden "$GONGKAI" serve --db postgresql://127.0.0.1:1/none --listen 127.0.0.1:0 >"$tmp/out" 2>"$tmp/err" && bad "hidden: serve started" || ok
grep -q "无法加载 libpq.so.5（Debian 软件包 libpq5）" "$tmp/err" && ok || { bad "hidden: serve message names libpq"; cat "$tmp/err"; }
"$GONGKAI" serve --db postgresql://127.0.0.1:1/none --listen 127.0.0.1:0 >"$tmp/out" 2>"$tmp/err" && bad "visible: serve started" || ok
grep -q "无法加载" "$tmp/err" && bad "visible: libpq reported missing" || ok

echo "lazy_libs: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
