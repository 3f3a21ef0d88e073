#!/usr/bin/env bash
# report-check.sh — how many published reports of the seed's size `gongkai report check` reads and
# checks per second on one core. Generates N (default 4000) variants of the seed report (different
# agencies, years and consistent numbers), checks them all in one process pinned to one core under
# /usr/bin/time -v, and prints reports/s against a baseline measured in the same run: `cat` of the
# same files (the I/O floor). Target: ≥ 5,000 reports/s.
set -euo pipefail
cd "$(dirname "$0")/.."
N=${N:-4000}
bin=${GONGKAI:-build/gongkai}
seed=tests/fixtures/reports/ruzhou-zhonglou-2023.txt
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Variants: agency i, year 2020+i%5, and a consistent table-三 change (k applications answered 予以公开).
for ((i = 0; i < N; i++)); do
  k=$((i % 7))
  sed -e "s/汝州市钟楼街道办事处/测试${i}街道办事处/g" -e "s/2023/$((2020 + i % 5))/g" \
      -e "s/^一、本年新收政府信息公开申请数量\t\t1\t0\t0\t0\t0\t0\t1/一、本年新收政府信息公开申请数量\t\t$((1 + k))\t0\t0\t0\t0\t0\t$((1 + k))/" \
      -e "s/^三、本年度办理结果\t(一) 予以公开\t0\t0\t0\t0\t0\t0\t0/三、本年度办理结果\t(一) 予以公开\t$k\t0\t0\t0\t0\t0\t$k/" \
      -e "s/^(七) 总计\t1\t0\t0\t0\t0\t0\t1/(七) 总计\t$((1 + k))\t0\t0\t0\t0\t0\t$((1 + k))/" \
      "$seed" >"$work/r$i.txt"
done
"$bin" report check "$work/r1.txt" >/dev/null || { echo "variant r1 does not check clean"; "$bin" report check "$work/r1.txt"; exit 1; }

measure() { # command… → prints elapsed seconds (wall clock of one core)
  local t0 t1
  t0=$(date +%s.%N)
  "$@" >/dev/null 2>&1 || true
  t1=$(date +%s.%N)
  echo "$t1 - $t0" | bc -l
}
cd "$work"
files=(r*.txt)
base=$(measure taskset -c 0 cat "${files[@]}")
/usr/bin/time -v -o time.log taskset -c 0 "$OLDPWD/$bin" report check "${files[@]}" >check.log 2>&1 || true
cd "$OLDPWD"
elapsed=$(awk -F': ' '/Elapsed \(wall clock\)/ {n = split($2, t, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + t[i]; print s}' "$work/time.log")
maxrss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$work/time.log")
passed=$(grep -c '— 通过' "$work/check.log" || true)
rate=$(echo "$N / $elapsed" | bc -l)
printf 'reports: %d (passed: %d)\n' "$N" "$passed"
printf 'gongkai report check: %.3f s, %.0f reports/s on one core, max RSS %s KiB\n' "$elapsed" "$rate" "$maxrss"
printf 'baseline cat of the same files: %.3f s; check/cat time ratio %.1f\n' "$base" "$(echo "$elapsed / $base" | bc -l)"
printf 'target ≥ 5000 reports/s: %s\n' "$(echo "$rate >= 5000" | bc -l | sed 's/1/met/;s/0/NOT met/')"

# ---- PDF pages/s (files as published) ------------------------------------------------------------
# How many PDF pages `gongkai report check` reads per second on one core: the published PDF
# tests/fixtures/real/243.pdf and the PDF fixtures of tests/fixtures/formats/, each checked R times
# in one process, against a baseline from the same run: `pdftotext -layout` of the same files.
bench_pdf_pages() {
  local R=${PDF_ROUNDS:-50} pdfs=(tests/fixtures/real/243.pdf tests/fixtures/formats/hongze-2024-lo.pdf
    tests/fixtures/formats/hongze-2024-cairo.pdf)
  local pages=0 f n args=() t0 t1 t2
  for f in "${pdfs[@]}"; do
    n=$(pdfinfo "$f" | awk '/^Pages:/ {print $2}')
    pages=$((pages + n))
  done
  for ((i = 0; i < R; i++)); do args+=("${pdfs[@]}"); done
  t0=$(date +%s.%N)
  taskset -c 0 "$bin" report check "${args[@]}" >/dev/null 2>&1 || true
  t1=$(date +%s.%N)
  for ((i = 0; i < R; i++)); do
    for f in "${pdfs[@]}"; do taskset -c 0 pdftotext -layout "$f" - >/dev/null; done
  done
  t2=$(date +%s.%N)
  local total=$((pages * R)) check base
  check=$(echo "$t1 - $t0" | bc -l)
  base=$(echo "$t2 - $t1" | bc -l)
  printf 'PDF: %d pages (%d files × %d rounds)\n' "$total" "${#pdfs[@]}" "$R"
  printf 'gongkai report check: %.3f s, %.0f pages/s on one core\n' "$check" "$(echo "$total / $check" | bc -l)"
  printf 'baseline pdftotext -layout of the same files: %.3f s, %.0f pages/s\n' "$base" "$(echo "$total / $base" | bc -l)"
}
bench_pdf_pages
