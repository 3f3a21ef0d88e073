#!/usr/bin/env bash
# annual_xlsx.sh — the exported annual report opens in a real spreadsheet program and the PDF renders:
#   - the demo 街道's 2023 report built as XLSX is converted by LibreOffice (headless, a private profile so
#     it runs as root and beside other tests) to one CSV per sheet; every sheet 表二 表三 表四 is there with
#     the template's labels, and the numbers of the three tables are the seed report's
#     (tests/fixtures/reports/ruzhou-zhonglou-2023.txt), read from the seed text itself and, for the rows
#     that matter, checked by label (新收 = 无法提供·本机关不掌握 = 总计 = 1 for 自然人 and 总计, all else 0);
#   - numbers are numbers: the CSV quotes every text cell, so a figure written as text ("1", "'0") or
#     with a leading apostrophe shows up quoted and fails;
#   - the 2025 report (varied data, a 诉讼 case, a fee of 1.25 万元) as XLSX has exactly the numbers of
#     the canonical JSON built from the same records, in table order;
#   - the 2023 PDF: page 1 renders with pdftoppm (PNG, A4 at 50 dpi, with ink on it), Noto Sans CJK is
#     embedded, and its Chinese text reads back.
# Environment: GONGKAI (binary), SRC (repo root). Needs libreoffice (scripts/deps.sh test installs
# libreoffice-calc-nogui); without it the test says so and is skipped.
set -uo pipefail
: "${GONGKAI:?path of the gongkai binary}" "${SRC:?repository root}"
soffice=$(command -v soffice || command -v libreoffice || true)
if [ -z "$soffice" ]; then
	echo "annual_xlsx: SKIPPED — libreoffice is not installed" \
		"(scripts/deps.sh test installs libreoffice-calc-nogui)"
	exit 0
fi
seed="$SRC/tests/fixtures/reports/ruzhou-zhonglou-2023.txt"
[ -f "$seed" ] || seed="$SRC/tests/fixtures/reports/ruzhou-zhonglou-2023.txt"
work=$(mktemp -d /tmp/gongkai-e2e-xlsx-XXXXXX)
trap 'rm -rf "$work"' EXIT
failures=0 n=0
check() { # NAME COMMAND…
	local name=$1
	shift
	n=$((n + 1))
	"$@" || { echo "FAIL [$name]: $*"; failures=$((failures + 1)); }
}
same() { # NAME GOT WANT
	n=$((n + 1))
	[ "$2" = "$3" ] || { printf 'FAIL [%s]:\n  got:  %s\n  want: %s\n' "$1" "$2" "$3"; failures=$((failures + 1)); }
}

. "$(dirname "$0")/../lib/db.sh"
db=$(e2e_db g "$work") || exit 1
"$GONGKAI" init --db "$db" --demo >"$work/init.txt" 2>&1 || { echo "init --demo failed"; cat "$work/init.txt"; exit 1; }
agency=$(db_sql "$db" "SELECT id FROM agency WHERE name = '汝州市钟楼街道办事处'")
[ -n "$agency" ] || { echo "the demo 街道 is missing"; exit 1; }
# A fee with decimals in 2025, so a non-integer figure crosses the export too.
db_sql "$db" "UPDATE annual_figures SET fees_micro = 1250000 WHERE agency_id = $agency AND year = 2025"

build() { # YEAR FORMAT OUT
	"$GONGKAI" report build --db "$db" --agency "$agency" --year "$1" --format "$2" -o "$3" 2>>"$work/build.log" ||
		{ echo "FAIL [build $1 $2]"; cat "$work/build.log"; exit 1; }
}
build 2023 xlsx "$work/r2023.xlsx"
build 2025 xlsx "$work/r2025.xlsx"
build 2025 json "$work/r2025.json"
build 2023 pdf "$work/r2023.pdf"

# CSV filter options: tab-separated, '"' quotes, UTF-8 (76), from line 1, quote all text cells, raw values
# (not as shown), no formulas, every sheet (-1) — LibreOffice 7.4 then writes NAME-SHEET.csv per sheet.
filter='csv:Text - txt - csv (StarCalc):9,34,76,1,,0,true,true,false,false,false,-1'
timeout 50 "$soffice" "-env:UserInstallation=file://$work/lo-profile" --headless --norestore \
	--convert-to "$filter" --outdir "$work/csv" "$work/r2023.xlsx" "$work/r2025.xlsx" >"$work/lo.log" 2>&1
for y in 2023 2025; do
	for sheet in 表二 表三 表四; do
		check "sheet-$y-$sheet" test -s "$work/csv/r$y-$sheet.csv"
	done
done
[ -s "$work/csv/r2023-表三.csv" ] || { echo "LibreOffice did not convert the workbook:"; cat "$work/lo.log"; exit 1; }

numbers() { # CSV → the unquoted (numeric) cells, row by row, space-separated
	awk -F'\t' '{ for (i = 1; i <= NF; i++) if ($i != "" && substr($i, 1, 1) != "\"") printf "%s ", $i }
		END { print "" }' "$1"
}
bad_cells() { # CSV → cells that are not either quoted text or a plain number: text digits, apostrophes
	awk -F'\t' '{ for (i = 1; i <= NF; i++) {
		c = $i
		if (c == "") continue
		if (substr(c, 1, 1) == "\"") {
			t = substr(c, 2, length(c) - 2)
			if (t ~ /^['\''-]?[0-9.]+$/ || t ~ /^'\''/) print NR ":" i ": " c
		}
		else if (c !~ /^-?[0-9]+(\.[0-9]+)?$/) print NR ":" i ": " c
	} }' "$1"
}
row_numbers() { # CSV LABEL → the numbers of the row that has the quoted cell LABEL
	awk -F'\t' -v label="\"$2\"" '{ hit = 0; for (i = 1; i <= NF; i++) if ($i == label) hit = 1
		if (!hit) next
		for (i = 1; i <= NF; i++) if ($i != "" && substr($i, 1, 1) != "\"") printf "%s ", $i
		print "" }' "$1"
}
seed_numbers() { # FROM-HEADING TO-HEADING → the numeric cells of the seed text between the two headings
	awk -F'\t' -v from="$1" -v to="$2" 'index($0, from) == 1 { on = 1; next }
		index($0, to) == 1 { on = 0 }
		on { for (i = 1; i <= NF; i++) if ($i ~ /^[0-9]+(\.[0-9]+)?$/) printf "%s ", $i }
		END { print "" }' "$seed"
}
csv() { echo "$work/csv/r$1-$2.csv"; }

# ---- 2023: the seed's numbers, as numbers, under the template's labels ----
for sheet in 表二 表三 表四; do
	same "numbers-are-numbers-$sheet" "$(bad_cells "$(csv 2023 "$sheet")")" ""
done
same "seed-table-2" "$(numbers "$(csv 2023 表二)")" "$(seed_numbers 二、主动公开政府信息情况 三、收到和处理政府信息公开申请情况)"
same "seed-table-3" "$(numbers "$(csv 2023 表三)")" "$(seed_numbers 三、收到和处理政府信息公开申请情况 四、政府信息公开行政复议)"
same "seed-table-4" "$(numbers "$(csv 2023 表四)")" "$(seed_numbers 四、政府信息公开行政复议 五、存在的主要问题及改进情况)"
same "count-table-2" "$(numbers "$(csv 2023 表二)" | wc -w)" 10
same "count-table-3" "$(numbers "$(csv 2023 表三)" | wc -w)" $((25 * 7))
same "count-table-4" "$(numbers "$(csv 2023 表四)" | wc -w)" 15
t3=$(csv 2023 表三)
one='1 0 0 0 0 0 1 ' zero='0 0 0 0 0 0 0 '
same "row-new" "$(row_numbers "$t3" 一、本年新收政府信息公开申请数量)" "$one"
same "row-carried-over" "$(row_numbers "$t3" 二、上年结转政府信息公开申请数量)" "$zero"
same "row-unable-no-info" "$(row_numbers "$t3" 1.本机关不掌握相关政府信息)" "$one"
same "row-granted" "$(row_numbers "$t3" （一）予以公开)" "$zero"
same "row-total" "$(row_numbers "$t3" （七）总计)" "$one"
same "row-carried-forward" "$(row_numbers "$t3" 四、结转下年度继续办理)" "$zero"
same "table-3-sum" "$(numbers "$t3" | tr ' ' '\n' | awk '{ s += $1 } END { print s }')" 6
same "table-4-zero" "$(numbers "$(csv 2023 表四)" | tr -d '0 ')" ""
for label in 三、收到和处理政府信息公开申请情况 本年新收政府信息公开申请数量 申请人情况 自然人 法人或其他组织 商业企业 \
	（四）无法提供 1.本机关不掌握相关政府信息 结转下年度继续办理; do
	check "label-3-$label" grep -q "$label" "$t3"
done
for label in 四、政府信息公开行政复议、行政诉讼情况 行政复议 行政诉讼 未经复议直接起诉 复议后起诉 结果维持 结果纠正 尚未审结; do
	check "label-4-$label" grep -q "$label" "$(csv 2023 表四)"
done
for label in 二、主动公开政府信息情况 第二十条第（一）项 本年制发件数 行政规范性文件 行政许可 行政事业性收费 本年收费金额（单位：万元）; do
	check "label-2-$label" grep -q "$label" "$(csv 2023 表二)"
done

# ---- 2025: the workbook holds exactly the canonical JSON's numbers ----
for sheet in 表二 表三 表四; do
	same "numbers-are-numbers-2025-$sheet" "$(bad_cells "$(csv 2025 "$sheet")")" ""
done
json_numbers() { jq -r "$1"' | map(tostring) | join(" ") + " "' "$work/r2025.json"; }
same "json-table-2" "$(numbers "$(csv 2025 表二)")" "$(json_numbers '.proactive | [.regulations[],
	.normative_documents[], .licensing.decisions, .punishment.decisions, .coercion.decisions, .fees.amount]')"
same "json-table-3" "$(numbers "$(csv 2025 表三)")" "$(json_numbers '[.applications[][]]')"
same "json-table-4" "$(numbers "$(csv 2025 表四)")" \
	"$(json_numbers '.cases | [.reconsideration[], .litigation_direct[], .litigation_after_reconsideration[]]')"
same "fee-decimal" "$(row_numbers "$(csv 2025 表二)" 行政事业性收费)" "1.25 "

# ---- the PDF: page 1 renders, CJK font embedded, Chinese text ----
pdf="$work/r2023.pdf"
pdftoppm -png -r 50 -f 1 -l 1 "$pdf" "$work/page" 2>"$work/pdftoppm.log"
png=$(find "$work" -maxdepth 1 -name 'page*.png' | head -1)
check pdf-page1-png test -n "$png"
if [ -n "$png" ]; then # IHDR: width and height of an A4 page at 50 dpi (595.276 × 841.89 pt)
	same pdf-page1-size "$(od -An -tu1 -j16 -N8 "$png" | awk '{ print $3 * 256 + $4 "x" $7 * 256 + $8 }')" \
		414x585
fi
pdftoppm -gray -r 50 -f 1 -l 1 "$pdf" "$work/ink" 2>/dev/null
dark=$(od -An -tu1 -v "$work"/ink*.pgm 2>/dev/null | tr -s ' ' '\n' |
	awk '$1 != "" && $1 < 128 { d++ } END { print d + 0 }') # dark pixels (and a few header bytes)
check pdf-page1-ink test "$dark" -gt 500
check pdf-cjk-embedded sh -c "pdffonts '$pdf' | grep -Eq 'NotoSansCJK[^ ]* +CID Type 0C +Identity-H +yes'"
pdftotext -f 1 -l 1 "$pdf" "$work/page1.txt"
check pdf-chinese-text grep -q '汝州市钟楼街道办事处' "$work/page1.txt"

echo "annual_xlsx: $((n - failures))/$n checks passed"
[ "$failures" -eq 0 ]
