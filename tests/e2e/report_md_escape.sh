#!/usr/bin/env bash
# report_md_escape.sh — the Markdown export escapes HTML that agency text may carry (issue 11): a
# report whose agency name and section text hold <script>, <img onerror> and <a href> is rendered with
# `gongkai report render --format md`; the output contains no raw tag, and a "<书名>" stays as written.
# Environment: GONGKAI (binary), SRC (repo root).
set -euo pipefail
: "${GONGKAI:?path of the gongkai binary}"
SRC=${SRC:-$(cd "$(dirname "$0")/../.." && pwd)}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$GONGKAI" report parse "$SRC/tests/fixtures/reports/ruzhou-zhonglou-2023.txt" >"$work/r.json"
python3 - "$work/r.json" <<'PY'
import json, sys
path = sys.argv[1]
d = json.load(open(path))
d["agency"] = "钟楼<script>alert(1)</script>街道"
d["sections"]["overview"] = d["sections"]["overview"] + "\n附：<img src=x onerror=alert(2)> & <a href=\"javascript:x\">链接</a>"
json.dump(d, open(path, "w"), ensure_ascii=False)
PY
"$GONGKAI" report render --format md "$work/r.json" >"$work/r.md" || true
failures=0
grep -q '&lt;script>alert(1)&lt;/script>' "$work/r.md" || { echo "FAIL: title not escaped"; failures=$((failures + 1)); }
grep -q '附：&lt;img src=x onerror=alert(2)> & &lt;a href="javascript:x">链接&lt;/a>' "$work/r.md" ||
	{ echo "FAIL: section text not escaped"; failures=$((failures + 1)); }
if grep -q '<script\|<img\|<a ' "$work/r.md"; then
	echo "FAIL: raw HTML in the Markdown export"
	failures=$((failures + 1))
fi
# a '<' that opens no tag (Chinese reports write book titles so) stays as it is
grep -q '<政府信息公开信息处理费管理办法>' "$work/r.md" || { echo "FAIL: book title changed"; failures=$((failures + 1)); }
echo "$((4 - failures)) of 4 checks passed"
[ "$failures" -eq 0 ]
