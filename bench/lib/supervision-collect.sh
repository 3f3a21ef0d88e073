#!/usr/bin/env bash
# supervision-collect.sh (run by bench/supervision.sh) — the 年报 collection of issue 10 at a city's scale (docs/supervision.md): COUNT (default
# 300) external agencies are added below the demo's 汝州市人民政府 (SQL), each gets a text report made
# from the demo's data/demo-reports/upload/linru.txt with its own name, and all of them are uploaded in
# one batch (a zip, one multipart POST through the real server): read, checked, matched and stored. Then
# the collection page of 300+ agencies is fetched (best of three). Printed with the baseline of the same run: checking
# one report (`gongkai report check`). Targets: batch < 10 s, collection page < 200 ms. One run each.
# Uses $GONGKAI or build/gongkai (a release build: sanitizers slow everything several times).
set -euo pipefail
cd "$(dirname "$0")/../.."
COUNT=${COUNT:-300}
bin=$(realpath "${GONGKAI:-build/gongkai}")
src=$PWD
work=$(mktemp -d)
server=
trap '[ -n "$server" ] && kill "$server" 2>/dev/null; [ -n "${KEEP:-}" ] && cp "$db" /tmp/bench-keep.db; rm -rf "$work"' EXIT
db=$work/bench.db
"$bin" init --db "$db" --demo >"$work/init.txt"
parent=$(sqlite3 "$db" "SELECT id FROM agency WHERE name = '汝州市人民政府'")
now=$(date +%s)
# a number written with the ten 天干 (the reader would take digits, also 〇一二…, in a title for the year)
han() { echo "$1" | sed 'y/0123456789/甲乙丙丁戊己庚辛壬癸/'; }
sqlite3 -bail "$db" >/dev/null <<SQL
$(for i in $(seq "$COUNT"); do
	echo "INSERT INTO agency (parent_id, level, name, short_name, external, created_at, updated_at)"
	echo "VALUES ($parent, 4, '汝州市测试$(han "$i")镇人民政府', '测试$(han "$i")镇', 1, $now, $now);"
done)
SQL
mkdir "$work/reports"
for i in $(seq "$COUNT"); do
	sed "s/汝州市临汝镇人民政府/汝州市测试$(han "$i")镇人民政府/g" "$src/data/demo-reports/upload/linru.txt" >"$work/reports/r$i.txt"
done
(cd "$work/reports" && python3 -c 'import os, sys, zipfile; z = zipfile.ZipFile(sys.argv[1], "w", zipfile.ZIP_DEFLATED); [z.write(f) for f in sorted(os.listdir("."))]' "$work/all.zip")

ms() { python3 -c 'import sys; print(round((float(sys.argv[2]) - float(sys.argv[1])) * 1000))' "$1" "$2"; }
t0=$(date +%s.%N)
"$bin" report check "$work/reports/r1.txt" >/dev/null || true
t1=$(date +%s.%N)
single=$(ms "$t0" "$t1")

. "$src/bench/lib/serve.sh"
gk_serve "$bin" "$db" "$work/server.log"
server=$server_pid
base="http://$addr"
jar=$work/jar
gk_login "$base" "$jar" supervisor "$(awk '$1 == "supervisor" { print $2; exit }' "$work/init.txt")"
curl -s -b "$jar" -o "$work/form.html" "$base/admin/supervise/upload?agency=$parent&year=2025"
csrf=$(sed -n 's/.*name="csrf" value="\([0-9a-f]*\)".*/\1/p' "$work/form.html" | head -1)
t0=$(date +%s.%N)
location=$(curl -s -b "$jar" -H "Origin: $base" -o /dev/null -w '%{redirect_url}' -F "csrf=$csrf" \
	-F "agency=$parent" -F "year=2025" -F "file=@$work/all.zip" "$base/admin/supervise/upload")
t1=$(date +%s.%N)
batch=$(ms "$t0" "$t1")
summary=$(curl -s -b "$jar" "$location" | sed -n 's/.*<p role="status">\([^<]*\)<.*/\1/p')
page=
for _ in 1 2 3; do # the best of three
	t0=$(date +%s.%N)
	curl -s -b "$jar" -o "$work/page.html" "$base/admin/supervise/reports?agency=$parent&year=2025"
	t1=$(date +%s.%N)
	t=$(ms "$t0" "$t1")
	[ -z "$page" ] || [ "$t" -lt "$page" ] && page=$t
done
rows=$(grep -c '<tr><th scope="row">' "$work/page.html")
echo "supervision: one report checked (baseline)       ${single} ms"
echo "supervision: batch of $COUNT external text reports ${batch} ms ($(python3 -c "print(round($batch / max($single, 1), 1))") × baseline; target < 10000 ms)"
echo "supervision:   $summary"
echo "supervision: collection page, $rows agencies       ${page} ms (target < 200 ms)"
