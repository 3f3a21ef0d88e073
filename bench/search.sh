#!/usr/bin/env bash
# search.sh — 主动公开 search latency at scale: loads 100,000 generated published items (Chinese titles,
# 文号 and ~300-character bodies drawn from a government vocabulary) into a fresh database, serves it,
# and measures GET /api/v1/items?q=… with wrk (one connection, so each figure is one search's
# latency) for 2-character and 4-character terms, common ones and ones that match nothing (火锅: the
# worst case, a full scan). Prints p50 / p95 per term; the target is p95 < 50 ms.
# Usage: bench/search.sh [BUILD_DIR] (default build; uses BUILD_DIR/gongkai). ITEMS=N overrides 100000.
set -euo pipefail
build=${1:-build}
src=$(cd "$(dirname "$0")/.." && pwd)
gongkai="$src/$build/gongkai"
[ -x "$gongkai" ] || gongkai="$build/gongkai"
[ -x "$gongkai" ] || { echo "no gongkai binary in $build" >&2; exit 1; }
command -v wrk >/dev/null || { echo "wrk is required (apt-get install wrk)" >&2; exit 1; }
items=${ITEMS:-100000}
work=$(mktemp -d /tmp/gongkai-bench-search-XXXXXX)
server_pid=
cleanup() {
	[ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
	rm -rf "$work"
}
trap cleanup EXIT
db="$work/bench.db"
"$gongkai" init --db "$db" --demo >/dev/null

echo "generating $items published items…"
start=$(date +%s)
python3 - "$db" "$items" <<'PY'
import random, sqlite3, sys
db, n = sys.argv[1], int(sys.argv[2])
random.seed(42)
words = ("预算 决算 公开 政务 信息 道路 改造 社区 养老 服务 救助 低保 补贴 农业 农村 安全 生产 检查 "
         "会议 报告 规划 计划 通知 公告 公示 街道 办事处 居民 工作 部署 落实 政策 文件 建设 项目 资金 "
         "管理 监督 考核 教育 医疗 卫生 环境 保护 消防 应急 防汛 就业 培训 文化 体育 交通 水利 住房 "
         "征收 补偿 审批 许可 处罚 收费 采购 招标 统计 数据 调查 宣传 志愿 服务站 网格 治理 平安 法治").split()
con = sqlite3.connect(db)
con.execute("PRAGMA foreign_keys = ON")
editor = con.execute("SELECT id FROM users WHERE name = 'editor'").fetchone()[0]
agency = con.execute("SELECT agency_id FROM users WHERE name = 'editor'").fetchone()[0]
cat = con.execute("INSERT INTO info_category (agency_id, code, name, sort_order, created_at) "
                  "VALUES (?, 'BENCH', '基准测试', 1, 0) RETURNING id", (agency,)).fetchone()[0]
def text(k):
    return "".join(random.choice(words) for _ in range(k))
rows = []
base = 1577836800  # 2020-01-01
for i in range(n):
    at = base + i * 1800
    day = (at + 28800) // 86400
    y = 1970 + 0  # computed below by sqlite
    rows.append((agency, cat, "BENCH-%06d" % i, text(6), "钟办〔%d〕%d号" % (2020 + i % 5, i), "汝州市钟楼街道办事处",
                 "2020-01-01", text(12), text(110), text(110), at, editor, at, at))
con.executemany(
    "INSERT INTO info_item (agency_id, category_id, index_no, title, doc_no, publisher, formed_on, summary, body, "
    "body_text, status, published_at, published_on, pub_year, created_by, created_at, updated_at) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'published', ?, date(?, 'unixepoch', '+8 hours'), 0, ?, ?, ?)",
    [(r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8], r[9], r[10], r[10], r[11], r[12], r[13]) for r in rows])
con.execute("UPDATE info_item SET pub_year = CAST(substr(published_on, 1, 4) AS INTEGER)")
con.commit()
PY
echo "loaded in $(( $(date +%s) - start )) s"

"$gongkai" serve --db "$db" --listen 127.0.0.1:0 --port-file "$work/port" --set threads=2 2>/dev/null &
server_pid=$!
for _ in $(seq 100); do
	[ -s "$work/port" ] && break
	sleep 0.1
done
addr=$(sed -n 's/^listening on //p' "$work/port")
[ -n "$addr" ] || { echo "server did not start" >&2; exit 1; }

cat >"$work/pct.lua" <<'LUA'
done = function(summary, latency, requests)
	io.write(string.format("p50 %.1f ms  p95 %.1f ms  (%d requests)\n", latency:percentile(50) / 1000,
		latency:percentile(95) / 1000, summary.requests))
end
LUA
enc() { python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1]))' "$1"; }
printf '%-8s %-10s %s\n' chars term latency
for term in 预算 公开 低保 养老 火锅 一般公共 火锅烧烤 道路改造 社区养老 志愿服务 钟办〔2021〕; do
	chars=$(python3 -c 'import sys; print(len(sys.argv[1]))' "$term")
	result=$(wrk -t1 -c1 -d5s -s "$work/pct.lua" "http://$addr/api/v1/items?q=$(enc "$term")" | tail -n 1)
	printf '%-8s %-10s %s\n' "$chars" "$term" "$result"
done
