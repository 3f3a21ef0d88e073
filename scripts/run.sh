#!/usr/bin/env bash
# run.sh — `make run`: after the build, create var/gongkai.db with demo data if it does not exist yet
# (saving the generated demo passwords beside it in var/demo-accounts.txt, readable only by you),
# then serve on 127.0.0.1:8080 and print the URL and the demo accounts.
# Overrides: GONGKAI=binary, DB=database path, LISTEN=host:port.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${GONGKAI:-build/gongkai}
db=${DB:-var/gongkai.db}
listen=${LISTEN:-127.0.0.1:8080}
accounts="$(dirname "$db")/demo-accounts.txt"
[ -x "$bin" ] || { echo "run.sh: $bin 不存在，请先运行 make" >&2; exit 1; }
mkdir -p "$(dirname "$db")"
if [ ! -e "$db" ]; then
	echo "正在创建演示数据库 $db …"
	# built under a temporary name and renamed only when complete, so a failed or interrupted
	# first run is simply retried by the next `make run`
	tmp="$db.creating"
	rm -f "$tmp" "$tmp-wal" "$tmp-shm"
	if ! (umask 077 && "$bin" init --db "$tmp" --demo >"$accounts.creating"); then
		rm -f "$tmp" "$tmp-wal" "$tmp-shm" "$accounts.creating"
		echo "run.sh: 创建演示数据库失败" >&2
		exit 1
	fi
	sed "s|$tmp|$db|" "$accounts.creating" >"$accounts" && rm -f "$accounts.creating"
	mv "$tmp" "$db"
fi
echo
echo "gongkai 政府信息公开平台"
echo "  门户网站： http://$listen/"
echo "  工作人员登录： http://$listen/login"
echo "  健康检查： http://$listen/api/v1/health"
if [ -s "$accounts" ]; then
	echo
	cat "$accounts"
	echo "（演示账号保存在 $accounts）"
else
	echo "  数据库 $db 已存在；演示账号见创建时保存的 $accounts（如已删除，可用 gongkai user 命令重设密码）。"
fi
echo
exec "$bin" serve --db "$db" --listen "$listen"
