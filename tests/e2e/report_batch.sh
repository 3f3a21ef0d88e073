#!/usr/bin/env bash
# report_batch.sh — end-to-end tests of batch checking, `gongkai report check DIR…`, on a tree made of
# the real published reports (tests/fixtures/real/), the seed-derived fixtures and a few made here:
# recursion (hidden entries skipped, every regular file counted, non-reports counted unreadable), the
# summary table, the exit status, the three --format outputs (JSON read with jq, CSV with python3's csv
# module, XLSX by reading the sheet XML out of the zip), --jobs 1 and --jobs 3 giving identical
# output, the same output for the files named one by one (read from the descriptor opened while the
# list is made, also with too few descriptors to keep them all), the cross-year rules between
# consecutive years of one agency, and the progress bar (never on
# a pipe, shown on a terminal made with script(1)).
#
# The verdicts on the real reports change as the reader improves, so nothing here pins them: every
# count is compared with what `report check --json FILE` says of each file on its own, which must
# equal the batch's findings for that file minus the cross-year ones.
set -uo pipefail
: "${GONGKAI:?path to the gongkai binary}" "${SRC:?repository root}"
fix="$SRC/tests/fixtures"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
check() { # description command… — passes when the command succeeds
  local what=$1; shift
  if "$@" >/dev/null; then ok; else bad "$what"; fi
}
refute() { # description command… — passes when the command fails
  local what=$1; shift
  if "$@" >/dev/null; then bad "$what"; else ok; fi
}
CROSS_YEAR='["R5","R6","R7","T2"]' # rules that need two reports (src/report/report_check.h)

# ---- the tree ----
tree="$tmp/tree"
mkdir -p "$tree/real" "$tree/seed/nested/deeper" "$tree/years" "$tree/.hidden-dir" "$tree/misc"
cp "$fix"/real/2??.txt "$fix"/real/243.pdf "$fix"/real/244.md "$tree/real/"
for f in "$fix"/reports/*; do
  case $f in *.py) ;; *) cp "$f" "$tree/seed/" ;; esac
done
seed="$fix/reports/ruzhou-zhonglou-2023.txt"
cp "$seed" "$tree/seed/nested/deeper/copy-of-seed.txt"
cp "$seed" "$tree/.hidden-dir/hidden-report.txt"
cp "$seed" "$tree/seed/.hidden-file.txt"
printf '会议纪要\n今天开会。\n' >"$tree/misc/notes.txt"
# Two consecutive years of one agency: 2024 says 1 application was carried over from 2023, whose
# report carried none forward (R5). The 2024 report is consistent on its own.
cp "$seed" "$tree/years/y2023.txt"
sed 's/2023/2024/g; s/^二、上年结转政府信息公开申请数量\t\t0\t0\t0\t0\t0\t0\t0/二、上年结转政府信息公开申请数量\t\t1\t0\t0\t0\t0\t0\t1/; s/^(七) 总计\t1\t0\t0\t0\t0\t0\t1/(七) 总计\t2\t0\t0\t0\t0\t0\t2/; s/^\t(四) 无法提供\t1. 本机关不掌握相关政府信息\t1\t0\t0\t0\t0\t0\t1/\t(四) 无法提供\t1. 本机关不掌握相关政府信息\t2\t0\t0\t0\t0\t0\t2/' \
  "$seed" >"$tree/years/y2024.txt"
refute "the 2024 variant differs from the seed" cmp -s "$seed" "$tree/years/y2024.txt"
"$GONGKAI" report check "$tree/years/y2024.txt" >/dev/null && ok || bad "2024 variant is consistent on its own"
"$GONGKAI" report check "$seed" >/dev/null && ok || bad "seed is consistent on its own"

mapfile -t visible < <(cd "$tree" && find . -type f -not -path '*/.*' | sed "s|^\.|$tree|" | LC_ALL=C sort)
nfiles=${#visible[@]}

# ---- each file on its own: the reference ----
for f in "${visible[@]}"; do
  "$GONGKAI" report check --json "$f" 2>/dev/null | jq -c '.[0]'
done | jq -s . >"$tmp/single.json"
check "reference has every file" [ "$(jq length "$tmp/single.json")" -eq "$nfiles" ]

# ---- the batch ----
"$GONGKAI" report check --json "$tree" >"$tmp/batch.json" 2>"$tmp/batch.err"
batch_rc=$?
check "batch --json is JSON with one entry per visible file" [ "$(jq length "$tmp/batch.json")" -eq "$nfiles" ]
check "batch lists exactly the visible files, sorted by path" \
  [ "$(jq -r '.[].file' "$tmp/batch.json")" = "$(printf '%s\n' "${visible[@]}")" ]
refute "hidden files and directories are skipped" grep -q hidden "$tmp/batch.json"
check "nested directories are walked" grep -q 'nested/deeper/copy-of-seed.txt' "$tmp/batch.json"
check "the real PDF is handed to the reader (counted, with the reader's own message or verdict)" \
  jq -e 'any(.[]; (.file | endswith("243.pdf")))' "$tmp/batch.json"

# Per file: the batch's findings minus the cross-year rules equal the file's own; status, error,
# agency, year and edition equal too.
jq -n --slurpfile b "$tmp/batch.json" --slurpfile s "$tmp/single.json" --argjson cy "$CROSS_YEAR" '
  [range($b[0] | length) as $i | $b[0][$i] as $x | $s[0][$i] as $y
   | select(($x.findings | map(select(.rule as $r | $cy | index($r) | not))) != $y.findings
            or $x.error != $y.error or $x.agency != $y.agency or $x.year != $y.year or $x.edition != $y.edition
            or $x.file != $y.file)
   | $x.file]' >"$tmp/mismatch.json"
check "every file's batch result equals its own check (apart from cross-year findings): $(jq -c . "$tmp/mismatch.json")" \
  [ "$(jq length "$tmp/mismatch.json")" -eq 0 ]
check "every status agrees with its findings (2 incomplete or unreadable, 1 error, 0 otherwise)" jq -e '
  all(.[]; .status == (if .error != null or any(.findings[]; .incomplete) then 2
                       elif any(.findings[]; .severity == "error") then 1 else 0 end))' "$tmp/batch.json"
check "the exit status is the worst file's status" [ "$batch_rc" -eq "$(jq '[.[].status] | max' "$tmp/batch.json")" ]
check "a non-report is unreadable, not a crash" \
  jq -e '.[] | select(.file | endswith("misc/notes.txt")) | .status == 2 and .error != null' "$tmp/batch.json"
check "cross-year findings only on reports whose agency has the year before in the batch" jq -e --argjson cy "$CROSS_YEAR" '
  . as $all | all(.[] | select(any(.findings[]; .rule as $r | $cy | index($r)));
    .agency as $a | .year as $y | any($all[]; .agency == $a and .year == $y - 1 and .error == null))' "$tmp/batch.json"

# ---- cross-year ----
jq '.[] | select(.file | endswith("years/y2024.txt"))' "$tmp/batch.json" >"$tmp/y2024.json"
check "R5 fires on the 2024 report of the pair" jq -e 'any(.findings[]; .rule == "R5" and .severity == "error")' "$tmp/y2024.json"
check "the 2024 report is a violation in the batch" jq -e '.status == 1' "$tmp/y2024.json"
check "the 2023 report gets no cross-year finding" \
  jq -e '.[] | select(.file | endswith("years/y2023.txt")) | all(.findings[]; .rule != "R5")' "$tmp/batch.json"
mkdir -p "$tmp/gap"
cp "$seed" "$tmp/gap/a2023.txt"
sed 's/2024/2025/g' "$tree/years/y2024.txt" >"$tmp/gap/b2025.txt"
"$GONGKAI" report check --json "$tmp/gap" >"$tmp/gap.json"
check "no cross-year rule between years that are not consecutive" \
  jq -e 'all(.[].findings[]; .rule != "R5") and length == 2' "$tmp/gap.json"
"$GONGKAI" report check "$tree/years/y2024.txt" "$tree/years/y2023.txt" >/dev/null
check "two files in any order: cross-year violation → exit 1" [ $? -eq 1 ]

# ---- the text summary ----
"$GONGKAI" report check "$tree" >"$tmp/text.out" 2>"$tmp/text.err"
check "text run: same exit status" [ $? -eq "$batch_rc" ]
count() { jq "$1" "$tmp/batch.json"; }
consistent=$(count '[.[] | select(.status == 0)] | length')
violations=$(count '[.[] | select(.status == 1)] | length')
incomplete=$(count '[.[] | select(.status == 2 and .error == null)] | length')
unreadable=$(count '[.[] | select(.error != null)] | length')
check "summary line counts" grep -qx "共 $nfiles 份：通过 $consistent，违反规则 $violations，不完整 $incomplete，无法读取 $unreadable" "$tmp/text.out"
row() { grep "│ $1 " "$tmp/text.out" | awk -F'│' '{gsub(/ /, "", $3); print $3}'; }
check "summary table: 文件" [ "$(row 文件)" = "$nfiles" ]
check "summary table: 完整且一致" [ "$(row 完整且一致)" = "$consistent" ]
check "summary table: 违反规则" [ "$(row 违反规则)" = "$violations" ]
check "summary table: 不完整" [ "$(row 不完整)" = "$incomplete" ]
check "summary table: 无法读取" [ "$(row 无法读取)" = "$unreadable" ]
check "one line per file" [ "$(grep -c "^$tree/" "$tmp/text.out")" -eq "$nfiles" ]
check "no progress bar on a pipe" [ ! -s "$tmp/text.err" ]

# ---- exit status of small batches ----
mkdir -p "$tmp/clean" "$tmp/mixed"
cp "$seed" "$tmp/clean/a.txt"
sed 's/汝州市钟楼街道办事处/汝州市某某局/g' "$seed" >"$tmp/clean/b.txt"
"$GONGKAI" report check "$tmp/clean" >"$tmp/clean.out"
check "all consistent → exit 0" [ $? -eq 0 ]
check "all consistent → summary" grep -q "共 2 份：通过 2，违反规则 0，不完整 0，无法读取 0" "$tmp/clean.out"
cp "$tmp/clean/a.txt" "$tmp/mixed/a.txt"
sed 's/^(七) 总计\t1\t0/(七) 总计\t2\t0/' "$seed" >"$tmp/mixed/broken.txt"
"$GONGKAI" report check "$tmp/mixed" >/dev/null
check "a violation → exit 1" [ $? -eq 1 ]
cp "$tree/misc/notes.txt" "$tmp/mixed/"
"$GONGKAI" report check "$tmp/mixed" >/dev/null
check "a violation and an unreadable file → exit 2" [ $? -eq 2 ]
mkdir -p "$tmp/empty/.only-hidden" && cp "$seed" "$tmp/empty/.only-hidden/x.txt"
"$GONGKAI" report check "$tmp/empty" >/dev/null 2>"$tmp/empty.err"
check "a directory with nothing to check → exit 2 with a message" [ $? -eq 2 ]
check "empty-directory message" grep -q "没有可检查的文件" "$tmp/empty.err"

# ---- --format json|csv|xlsx ----
"$GONGKAI" report check --format json -o "$tmp/findings.json" "$tree" >"$tmp/fmt.out"
check "--format json -o: same exit status" [ $? -eq "$batch_rc" ]
check "--format json -o: the summary still goes to stdout" grep -q "^共 $nfiles 份" "$tmp/fmt.out"
# the expected table: one row per finding, one row per unreadable file
jq '[.[] | . as $f | if .error != null
      then {file, agency, year, rule: null, severity: "unreadable", table: null, row: null, column: null, message: .error}
      else .findings[] | {file: $f.file, agency: $f.agency, year: $f.year, rule,
                          severity: (if .incomplete then "incomplete" else .severity end), table, row, column, message}
      end]' "$tmp/batch.json" >"$tmp/expected-rows.json"
check "there are findings to compare" [ "$(jq length "$tmp/expected-rows.json")" -gt 20 ]
check "--format json: one row per finding with every column" \
  jq -e --slurpfile e "$tmp/expected-rows.json" '. == $e[0]' "$tmp/findings.json"
check "--format json: the columns in order" \
  jq -e 'all(.[]; keys_unsorted == ["file","agency","year","rule","severity","table","row","column","message"])' "$tmp/findings.json"
"$GONGKAI" report check --format json "$tree" >"$tmp/findings-stdout.json" 2>"$tmp/fmt.err"
check "--format json without -o: the table on stdout" cmp -s "$tmp/findings.json" "$tmp/findings-stdout.json"
check "--format json without -o: the summary on stderr" grep -q "^共 $nfiles 份" "$tmp/fmt.err"

"$GONGKAI" report check --format csv -o "$tmp/findings.csv" "$tree" >/dev/null
check "--format csv: same exit status" [ $? -eq "$batch_rc" ]
check "--format csv: starts with a UTF-8 BOM" [ "$(head -c 3 "$tmp/findings.csv" | od -An -tx1 | tr -d ' ')" = efbbbf ]
python3 - "$tmp/findings.csv" "$tmp/expected-rows.json" <<'EOF' && ok || bad "--format csv: rows equal the JSON table"
import csv, io, json, sys
with open(sys.argv[1], newline="", encoding="utf-8-sig") as f:
    raw = f.read()
assert "\r\n" in raw and "\n" not in raw.replace("\r\n", ""), "records end with CRLF (RFC 4180)"
rows = list(csv.reader(io.StringIO(raw, newline="")))
header, body = rows[0], rows[1:]
cols = ["file", "agency", "year", "rule", "severity", "table", "row", "column", "message"]
assert header == cols, header
expected = json.load(open(sys.argv[2], encoding="utf-8"))
assert len(body) == len(expected), (len(body), len(expected))
for got, want in zip(body, expected):
    want = ["" if want[c] is None else str(want[c]) for c in cols]
    got = [g[1:] if g[:2] in ("'=", "'+", "'-", "'@") else g for g in got]
    assert got == want, (got, want)
EOF
# quoting: a file name with a comma and quotes that a spreadsheet would also run as a formula (the
# reader keeps only the agency's name proper, so the formula goes into the file column)
mkdir -p "$tmp/quote"
sed 's/^(七) 总计\t1\t0/(七) 总计\t2\t0/' "$seed" >"$tmp/quote/=1+2,\"q\".txt"
(cd "$tmp/quote" && "$GONGKAI" report check --format csv -o "$tmp/q.csv" '=1+2,"q".txt' >/dev/null) || true
(cd "$tmp/quote" && "$GONGKAI" report check --json '=1+2,"q".txt' >"$tmp/q.json") || true
python3 - "$tmp/q.csv" "$tmp/q.json" <<'EOF' && ok || bad "--format csv: quoting of commas and quotes, formula defused"
import csv, io, json, sys
raw = open(sys.argv[1], encoding="utf-8-sig", newline="").read()
rows = list(csv.reader(io.StringIO(raw, newline="")))
files = json.load(open(sys.argv[2]))
if isinstance(files, dict):
    files = [files]
name = files[0]["file"]
assert name == '=1+2,"q".txt', name
assert '"\'=1+2,""q"".txt",' in raw, "the field is quoted, its quotes doubled and the formula defused"
body = rows[1:]
assert len(body) == sum(len(f["findings"]) for f in files) and len(body) > 0
assert all(r[0] == "'" + name for r in body), body[:2]
assert all(len(r) == 9 for r in rows)
EOF
"$GONGKAI" report check --format xlsx -o "$tmp/findings.xlsx" "$tree" >/dev/null
check "--format xlsx: same exit status" [ $? -eq "$batch_rc" ]
python3 - "$tmp/findings.xlsx" "$tmp/expected-rows.json" "$tmp/batch.json" <<'EOF' && ok || bad "--format xlsx: sheets 发现 and 文件 hold the table"
import json, re, sys, zipfile
import xml.etree.ElementTree as ET
ns = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
z = zipfile.ZipFile(sys.argv[1])
book = ET.fromstring(z.read("xl/workbook.xml"))
names = [s.get("name") for s in book.find("m:sheets", ns)]
assert names == ["发现", "文件"], names
shared = []
if "xl/sharedStrings.xml" in z.namelist():
    for si in ET.fromstring(z.read("xl/sharedStrings.xml")).findall("m:si", ns):
        shared.append("".join(t.text or "" for t in si.iter("{%s}t" % ns["m"])))
def sheet(n):
    rows = []
    for r in ET.fromstring(z.read(f"xl/worksheets/sheet{n}.xml")).iter("{%s}row" % ns["m"]):
        cells = {}
        for c in r.findall("m:c", ns):
            col = ord(re.match(r"[A-Z]+", c.get("r")).group()) - ord("A")
            t, v = c.get("t"), c.find("m:v", ns)
            if t == "inlineStr":
                cells[col] = "".join(x.text or "" for x in c.iter("{%s}t" % ns["m"]))
            elif t == "s":
                cells[col] = shared[int(v.text)]
            else:
                cells[col] = float(v.text)
        rows.append(cells)
    return rows
zh = {"error": "错误", "warning": "警告", "incomplete": "不完整", "unreadable": "无法读取"}
cols = ["file", "agency", "year", "rule", "severity", "table", "row", "column", "message"]
findings = sheet(1)
assert [findings[0][i] for i in range(9)] == ["文件", "机关", "年度", "规则", "性质", "表", "行", "列", "说明"]
expected = json.load(open(sys.argv[2], encoding="utf-8"))
assert len(findings) - 1 == len(expected), (len(findings) - 1, len(expected))
for got, want in zip(findings[1:], expected):
    w = {}
    for i, c in enumerate(cols):
        v = want[c]
        if v is None:
            continue
        w[i] = float(v) if c == "year" else zh[v] if c == "severity" else v
    assert got == w, (got, w)
files = sheet(2)
batch = json.load(open(sys.argv[3], encoding="utf-8"))
assert len(files) - 1 == len(batch)
verdict = {0: "通过（完整且一致）", 1: "违反勾稽关系或填报规则", 2: "不完整"}
for got, f in zip(files[1:], batch):
    assert got[0] == f["file"]
    assert got[4] == ("无法读取" if f["error"] else verdict[f["status"]]), (got, f)
    assert got[5] == sum(x["severity"] == "error" for x in f["findings"])
    assert got[6] == sum(x["severity"] == "warning" for x in f["findings"])
EOF

# ---- --jobs ----
for j in 1 3; do
  "$GONGKAI" report check --jobs "$j" "$tree" >"$tmp/text.$j" 2>/dev/null; echo $? >"$tmp/rc.$j"
  "$GONGKAI" report check --jobs "$j" --json "$tree" >"$tmp/json.$j" 2>/dev/null
  "$GONGKAI" report check --jobs "$j" --format csv -o "$tmp/csv.$j" "$tree" >/dev/null 2>&1
done
check "--jobs 1 and --jobs 3: same text" cmp -s "$tmp/text.1" "$tmp/text.3"
check "--jobs 1 and --jobs 3: same JSON" cmp -s "$tmp/json.1" "$tmp/json.3"
check "--jobs 1 and --jobs 3: same CSV" cmp -s "$tmp/csv.1" "$tmp/csv.3"
check "--jobs 1 and --jobs 3: same exit status" cmp -s "$tmp/rc.1" "$tmp/rc.3"
check "--jobs 3 finds the cross-year violation too" jq -e \
  '.[] | select(.file | endswith("years/y2024.txt")) | any(.findings[]; .rule == "R5")' "$tmp/json.3"
check "--jobs larger than the number of files" "$GONGKAI" report check --jobs 64 "$tmp/clean"
"$GONGKAI" report check --jobs 2 "$tree/years/y2024.txt" "$tree" >"$tmp/dup.out" 2>/dev/null
check "arguments in any order give path order" [ "$(grep -c "^$tree/" "$tmp/dup.out")" -eq $((nfiles + 1)) ]

# ---- files named one by one ----
# Each named file is opened while the list is made and read from that descriptor (while the budget of
# descriptors lasts, the soft limit raised to the hard one): the same output as for the directory,
# with room for every file, with a limit too low to keep more than a few open, and with workers.
mapfile -t named < <(find "$tree" -name '.*' -prune -o -type f -print)
"$GONGKAI" report check "${named[@]}" >"$tmp/named.out" 2>/dev/null
check "files named one by one: the directory's output" cmp -s "$tmp/text.1" "$tmp/named.out"
(ulimit -n 220 && "$GONGKAI" report check "${named[@]}") >"$tmp/named-low.out" 2>/dev/null
check "files named one by one, 220 descriptors at most: same output" cmp -s "$tmp/text.1" "$tmp/named-low.out"
(ulimit -n 220 && "$GONGKAI" report check --jobs 3 "${named[@]}") >"$tmp/named-low3.out" 2>/dev/null
check "the same with --jobs 3" cmp -s "$tmp/text.1" "$tmp/named-low3.out"
"$GONGKAI" report check --jobs 3 "${named[@]}" >"$tmp/named3.out" 2>/dev/null
check "files named one by one with --jobs 3: same output" cmp -s "$tmp/text.1" "$tmp/named3.out"

# ---- progress bar on a terminal ----
if command -v script >/dev/null; then
  script -qec "\"$GONGKAI\" report check \"$tree\" >/dev/null" /dev/null </dev/null >"$tmp/tty.out" 2>&1
  check "progress bar on a terminal" grep -q "检查中 \[" "$tmp/tty.out"
  check "progress bar reaches the total" grep -q "$nfiles/$nfiles" "$tmp/tty.out"
  script -qec "\"$GONGKAI\" report check \"$seed\" >/dev/null" /dev/null </dev/null >"$tmp/tty1.out" 2>&1
  refute "no progress bar for a single file" grep -q "检查中" "$tmp/tty1.out"
else
  echo "SKIP: script(1) is absent, progress bar on a terminal not tested"
fi

# ---- usage errors ----
for args in "--jobs 0 $tree" "--jobs x $tree" "--jobs 65 $tree" "--format doc $tree" "-o $tmp/x.csv $tree" \
  "--format xlsx $tree" "--json --format csv $tree" "--bogus $tree" ""; do
  # shellcheck disable=SC2086
  "$GONGKAI" report check $args >/dev/null 2>"$tmp/usage.err"
  check "usage error: check $args → 64" [ $? -eq 64 ]
done
check "check --help" bash -c "\"$GONGKAI\" report check --help | grep -q -- '--jobs'"
check "report --help documents batch checking" bash -c "\"$GONGKAI\" report --help | grep -q -- '--format json|csv|xlsx'"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
