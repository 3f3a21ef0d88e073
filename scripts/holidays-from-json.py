#!/usr/bin/env python3
"""holidays-from-json.py — derives data/holidays-cn.txt from the official holiday schedules in JSON.

The JSON files (one per year, from NateScarlet/holiday-cn, MIT licence) list every day the State
Council's yearly 放假安排 changes: isOffDay true = a holiday (休息), false = a 调休 working weekend
(上班). gongkai ships its own line-based text file instead of the JSON so that the calendar parser is
small, the data is reviewable in a diff, and an administrator can paste next year's schedule.

Usage: scripts/holidays-from-json.py [JSON_DIR] > data/holidays-cn.txt
       (JSON_DIR defaults to data/holidays-cn/, the copy of the JSON kept in this repository)

The output is deterministic: the version line is the newest year plus a SHA-256 prefix of the
emitted schedule lines, so re-running on the same input gives the same file.
"""
import hashlib
import json
import pathlib
import sys

HEADER = """\
# holidays-cn.txt — 全国法定节假日与调休上班日（国务院办公厅每年公布的放假安排）
# 由 scripts/holidays-from-json.py 从 NateScarlet/holiday-cn 的 JSON 数据生成（MIT 许可，见 data/README.md）。
#
# 格式（每行一条，# 开头为注释，空行忽略）：
#   year 2023 http://…            开始某年度的放假安排；其后各行属于该年度，直到下一条 year 行
#   2023-01-02 off 元旦           放假（不上班）的日期，第三项为节日名称
#   2023-01-28 work 春节          调休上班的周末日期
# 未列出的日期：周一至周五上班，周六、周日休息。某年度的安排可以包含相邻年份的日期
# （如 2023 年安排中的 2022-12-31）。没有 year 行的年份视为“安排未知”，计算期限时会明确提示。
"""


def schedule_lines(json_dir):
    lines = []
    for path in sorted(pathlib.Path(json_dir).glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        papers = " ".join(data.get("papers", []))
        lines.append(f"year {data['year']} {papers}".rstrip())
        for day in sorted(data["days"], key=lambda d: d["date"]):
            kind = "off" if day["isOffDay"] else "work"
            lines.append(f"{day['date']} {kind} {day['name']}")
        lines.append("")
    return lines


def main():
    json_dir = sys.argv[1] if len(sys.argv) > 1 else str(pathlib.Path(__file__).resolve().parent.parent / "data" / "holidays-cn")
    lines = schedule_lines(json_dir)
    years = [l.split()[1] for l in lines if l.startswith("year ")]
    if not years:
        sys.exit(f"holidays-from-json: no *.json in {json_dir}")
    digest = hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()[:12]
    sys.stdout.write(HEADER)
    sys.stdout.write(f"# version holidays-cn-{years[-1]}-{digest}\n\n")
    sys.stdout.write("\n".join(lines).rstrip("\n") + "\n")


if __name__ == "__main__":
    main()
