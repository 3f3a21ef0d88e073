#!/usr/bin/env bash
# pg_failover.sh — the deployment of docs/deploy.md survives a failure (issue 12, item 7). It starts
# scripts/deploy-local.sh (a PostgreSQL primary, a streaming replica, two `gongkai serve` instances under
# supervisors, nginx balancing them, all on loopback) and runs a mixed load through nginx: citizens
# reading portal pages and searching, citizens applying through the API (each submission with its own
# idempotency key, retried with the same key after an error, as a client should), and a handler logged
# in through the web forms, listing applications and confirming their receipt. Mid-load it kill -9s
# instance 1, then restarts PostgreSQL (pg_ctl restart -m fast). Afterwards:
#   - every acknowledged application (201, or 200 for a replay of its key) is in the primary (psql),
#     with its tracking number once and the query code it was given; every acknowledged confirmation is
#     an event in the database; no tracking number was handed out twice;
#   - no request failed while nothing was being broken (before the kill, between the two failures, and
#     after recovery); failures inside the two windows are counted and printed (only unacknowledged
#     requests fail: the assertions are on acknowledged ones);
#   - instance 1 was started again by its supervisor, and both instances answer health directly with
#     "status":"ok" and "backend":"postgresql" after the restart, and each takes a new submission (they
#     reconnected by themselves);
#   - the replica streams again and has replayed up to the primary's WAL position, and holds every
#     acknowledged application;
#   - backup and restore: pg_dump -Fc of the primary restored into a fresh database; with the copied
#     audit key `gongkai audit verify` accepts it, and a `gongkai serve` on it answers with the same
#     number of applications and finds an acknowledged application with its query code.
# Skips (exit 77) only when PostgreSQL 15 or nginx is absent. Environment: GONGKAI (binary).
E2E_NAME=failover
set -uo pipefail
. "$(dirname "$0")/../lib/e2e.sh"
. "$(dirname "$0")/../lib/pg.sh"
root=$(cd "$(dirname "$0")/../.." && pwd)
pg_require
command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || {
	echo "SKIPPED: nginx not found (scripts/deps.sh test installs nginx-light)"
	exit 77
}
GONGKAI=$(cd "$(dirname "$GONGKAI")" && pwd)/$(basename "$GONGKAI")
export GONGKAI PG_BIN
deploy=$work/deploy
chmod 755 "$work" # PostgreSQL runs as another user (tests/lib/pg.sh)
load_pid=
cleanup() {
	[ -n "$load_pid" ] && kill "$load_pid" 2>/dev/null
	"$root/scripts/deploy-local.sh" stop "$deploy" >/dev/null 2>&1
	e2e_cleanup
}
trap cleanup EXIT
"$root/scripts/deploy-local.sh" start "$deploy" || exit 1
# shellcheck disable=SC1091
. "$deploy/deploy.env"
psql_at() { "$PG_BIN/psql" -X -At -h 127.0.0.1 -U gongkai "$@"; }
phase() { echo "$1" >"$work/phase.new" && mv "$work/phase.new" "$work/phase"; } # atomic for the readers
now() { date +%s.%N; }
since() { awk -v a="$(now)" -v b="$1" 'BEGIN { printf "%.1f", a - b }'; } # seconds since T0
handler_password=$(awk '$1 == "handler" { print $2; exit }' "$APP_DIR/init.txt")
check handler-password test -n "$handler_password"

# ---- the load: runs until $work/stop exists; tags every failure with the phase it happened in
cat >"$work/load.py" <<'PY'
import http.client, json, os, re, sys, threading, time, urllib.parse
base, work, password = sys.argv[1], sys.argv[2], sys.argv[3]
host, port = urllib.parse.urlsplit(base).hostname, urllib.parse.urlsplit(base).port
lock = threading.Lock()
acks, confirms, errors, ok = [], [], [], {}

def phase():
    try:
        return open(os.path.join(work, 'phase')).read().strip()
    except OSError:
        return '?'

def stopping():
    return os.path.exists(os.path.join(work, 'stop'))

def request(method, path, body=None, headers=None):
    """One request on a fresh connection: (status, headers, body) or (None, {}, error text)."""
    c = http.client.HTTPConnection(host, port, timeout=30)
    try:
        c.request(method, path, body=body, headers=headers or {})
        r = c.getresponse()
        headers = {k.lower(): v for k, v in r.getheaders()}
        headers['set-cookie'] = '; '.join(v for k, v in r.getheaders() if k.lower() == 'set-cookie')
        return r.status, headers, r.read().decode('utf8', 'replace')
    except Exception as e:  # connection refused, reset, timeout
        return None, {}, f'{type(e).__name__}: {e}'
    finally:
        c.close()

def record(kind, good, what, status, text):
    p = phase()
    with lock:
        if good:
            ok[(kind, p)] = ok.get((kind, p), 0) + 1
        else:
            text = re.sub(r'\s+', ' ', re.sub(r'(?s)<head>.*</head>|<[^>]+>', ' ', text))
            at = text.find(f' {status} ')  # an error page: from its status on, past the site's header
            errors.append((p, kind, what, status, text[max(at, 0):][:200]))

def reader(n):
    status, _, text = request('GET', '/api/v1/items?per_page=10')
    items = re.findall(r'"url":"(/info/item/\d+)"', text) or ['/info']
    pages = ['/', '/info', '/info?q=%E9%A2%84%E7%AE%97', '/api/v1/items?q=%E9%A2%84%E7%AE%97', '/annual',
             '/apply', '/info/guide'] + items
    i = n
    while not stopping():
        path = pages[i % len(pages)]
        i += 1
        status, _, text = request('GET', path)
        record('read', status == 200, 'GET ' + path, status, text)

def applicant(n):
    i = 0
    while not stopping():
        i += 1
        key = f'failover-{n}-{i:05d}'
        xff = f'10.{n}.{i // 250 % 250}.{i % 250 + 1}'  # each applicant its own address (rate limit)
        body = json.dumps({'agency_id': 2, 'applicant_type': 'natural_person', 'name': '故障测试', 'id_type':
                           'resident_id', 'id_number': '11010519491231002X', 'phone': '13812345678',
                           'email': 'a@example.cn', 'description': f'故障切换测试申请 {key}', 'form':
                           'electronic', 'delivery': 'email', 'channel': 'online'}, ensure_ascii=False)
        for attempt in range(120):  # the same key again after an error, for up to about a minute
            status, _, text = request('POST', '/api/v1/applications', body.encode(),
                                      {'Content-Type': 'application/json', 'Idempotency-Key': key,
                                       'X-Forwarded-For': xff})
            if status in (200, 201):
                d = json.loads(text)
                with lock:
                    acks.append((d['tracking_no'], d['query_code'], key, status, attempt, phase()))
                record('apply', True, '', status, '')
                break
            record('apply', False, f'POST /api/v1/applications key={key} attempt={attempt}', status, text)
            if status is not None and status < 500:
                break  # refused for a reason of its own: not retried
            time.sleep(0.5)

def staff():
    jar = {}
    def call(method, path, fields=None):
        headers = {'Cookie': '; '.join(f'{k}={v}' for k, v in jar.items())}
        body = None
        if fields is not None:
            body = urllib.parse.urlencode(fields).encode()
            headers.update({'Content-Type': 'application/x-www-form-urlencoded', 'Origin': base})
        status, h, text = request(method, path, body, headers)
        for m in re.finditer(r'(gk_[a-z]+)=([^;]*)', h.get('set-cookie', '')):
            jar[m.group(1)] = m.group(2)
        return status, h, text
    def csrf(text):
        m = re.search(r'name="csrf" value="([0-9a-f]+)"', text)
        return m.group(1) if m else ''
    def login():
        status, h, text = call('GET', '/login')
        if status == 303 and '/login' not in h.get('location', '/login'):
            return True  # the session is still valid: the login page sends a logged-in user on
        status, h, text = call('POST', '/login', {'csrf': csrf(text), 'name': 'handler', 'password': password})
        good = status == 303 and '/login' not in h.get('location', '/login')
        record('staff', good, 'login', status, h.get('location', '') + ' ' + text)
        return good
    done = set()
    today = time.strftime('%Y-%m-%d', time.gmtime(time.time() + 8 * 3600))  # China time
    while not login():  # once: the session lives in the database and must outlast both failures
        time.sleep(0.5)
    while not stopping():
        status, h, text = call('GET', '/admin/applications')
        # While the database is down a staff page sends to the login page; afterwards the same session
        # must work again (it is in the database), so the handler keeps it and does not log in again.
        record('staff', status == 200, 'GET /admin/applications', status, h.get('location', '') + ' ' + text)
        if status != 200:
            time.sleep(0.3)
            continue
        with lock:
            todo = [a[0] for a in acks if a[0] not in done]
        if not todo:
            time.sleep(0.2)
            continue
        no = todo[0]
        status, _, text = call('GET', '/admin/applications/view?no=' + no)
        record('staff', status == 200, 'GET view ' + no, status, text)
        if status != 200:
            continue
        status, h, text = call('POST', '/admin/applications/event?no=' + urllib.parse.quote(no),
                               {'csrf': csrf(text), 'no': no, 'type': 'confirm_receipt', 'date': today})
        good = status == 303 and 'done=confirm_receipt' in h.get('location', '')
        record('staff', good, 'POST confirm_receipt ' + no, status, text)
        if good:
            with lock:
                confirms.append((no, phase()))
        done.add(no)  # a confirmation that failed is not tried again (it may have been made)

threads = [threading.Thread(target=reader, args=(n,)) for n in range(2)]
threads += [threading.Thread(target=applicant, args=(n,)) for n in range(2)]
threads += [threading.Thread(target=staff)]
for t in threads:
    t.start()
for t in threads:
    t.join()
with open(os.path.join(work, 'acks.tsv'), 'w') as f:
    for a in acks:
        f.write('\t'.join(map(str, a)) + '\n')
with open(os.path.join(work, 'confirms.tsv'), 'w') as f:
    for c in confirms:
        f.write('\t'.join(c) + '\n')
with open(os.path.join(work, 'errors.tsv'), 'w') as f:
    for e in errors:
        f.write('\t'.join(map(str, e)) + '\n')
with open(os.path.join(work, 'ok.tsv'), 'w') as f:
    for (kind, p), count in sorted(ok.items()):
        f.write(f'{kind}\t{p}\t{count}\n')
PY

# Waits until HOST:PORT answers health with "status":"ok" (at most 60 s).
healthy() { # HOST:PORT
	for _ in $(seq 300); do
		curl -s --max-time 2 "http://$1/api/v1/health" 2>/dev/null | grep -q '"status":"ok"' && return 0
		sleep 0.2
	done
	return 1
}

phase steady
python3 "$work/load.py" "$BASE" "$work" "$handler_password" 2>"$work/load.err" &
load_pid=$!
sleep 5

# ---- kill -9 one instance mid-load; its supervisor starts it again
phase kill
old_pid=$(cat "$deploy/run/gk1.pid")
t0=$(now)
kill -9 "$old_pid"
for _ in $(seq 100); do
	new_pid=$(cat "$deploy/run/gk1.pid")
	[ "$new_pid" != "$old_pid" ] && break
	sleep 0.1
done
check instance-restarted test "$new_pid" != "$old_pid"
check instance-back healthy "$GK1"
echo "instance 1 (pid $old_pid) killed; pid $new_pid answers after $(since "$t0") s"
sleep 6 # nginx's fail_timeout (5 s) passes and it sends instance 1 requests again
phase between
sleep 4

# ---- restart PostgreSQL mid-load; the instances reconnect by themselves
phase pg-restart
t0=$(now)
"$root/scripts/deploy-local.sh" restart-db "$deploy" fast
check pg-restarted test $? = 0
check after-restart-1 healthy "$GK1"
check after-restart-2 healthy "$GK2"
echo "PostgreSQL restarted; both instances healthy after $(since "$t0") s"
sleep 4
phase after
sleep 5
touch "$work/stop"
wait "$load_pid"
check load-finished test $? = 0
load_pid=
[ -s "$work/load.err" ] && cat "$work/load.err"

# ---- what the load saw
echo "requests that succeeded, by kind and phase:"
sed 's/^/  /' "$work/ok.tsv"
nerr=$(grep -c . "$work/errors.tsv")
echo "failed requests: $nerr (by phase and kind:)"
cut -f1,2 "$work/errors.tsv" | sort | uniq -c | sed 's/^/  /'
awk -F'\t' '$1 == "steady" || $1 == "between" || $1 == "after"' "$work/errors.tsv" >"$work/calm-errors.tsv"
echo "while nothing was being broken (each is a failure):"
sed 's/^/  /' "$work/calm-errors.tsv" | head -40
echo "in the windows of the kill and the restart (expected; the first 30):"
awk -F'\t' '$1 == "kill" || $1 == "pg-restart"' "$work/errors.tsv" | sed 's/^/  /' | head -30
calm_errors=$(grep -c . "$work/calm-errors.tsv")
if [ "$calm_errors" != 0 ]; then # nginx's side of each failure (a 502 is explained only there)
	echo "nginx's error log (the last 20 lines):"
	tail -20 "$deploy/logs/nginx-error.log" | sed 's/^/  /'
fi
check no-failure-while-calm test "$calm_errors" = 0
nack=$(grep -c . "$work/acks.tsv")
check many-acknowledged test "$nack" -gt 20
for p in steady kill between pg-restart after; do
	check "acknowledged-in-$p" grep -q "	$p\$" "$work/acks.tsv"
done
check reads-after grep -q "^read	after	" "$work/ok.tsv"
check staff-after grep -q "^staff	after	" "$work/ok.tsv"
nconf=$(grep -c . "$work/confirms.tsv")
check confirmations test "$nconf" -gt 5
echo "acknowledged: $nack applications ($(awk -F'\t' '$5 > 0' "$work/acks.tsv" | grep -c .) after a retry with the same key, $(awk -F'\t' '$4 == 200' "$work/acks.tsv" | grep -c .) of them replays), $nconf confirmations"

# ---- every acknowledged application is in the primary, once, with its code
cut -f1 "$work/acks.tsv" | sort | uniq -d >"$work/dup-acks"
check acks-distinct test ! -s "$work/dup-acks"
sql_list() { cut -f1 "$1" | sed "s/.*/'&'/" | paste -sd,; }
present=$(psql_at -p "$PG_PORT" gongkai -c "SELECT count(*) FROM application WHERE tracking_no IN ($(sql_list "$work/acks.tsv"))")
check all-acks-in-primary test "$present" = "$nack"
keys=$(psql_at -p "$PG_PORT" gongkai -c "SELECT count(DISTINCT idempotency_key) FROM application WHERE idempotency_key LIKE 'failover-%'")
check one-row-per-key test "$keys" = "$(psql_at -p "$PG_PORT" gongkai -c "SELECT count(*) FROM application WHERE idempotency_key LIKE 'failover-%'")"
check no-duplicate-tracking test "$(psql_at -p "$PG_PORT" gongkai -c "SELECT count(*) FROM (SELECT agency_id, year, seq FROM application GROUP BY 1, 2, 3 HAVING count(*) > 1) d")" = 0
bad_codes=0
while IFS=$'\t' read -r no code _; do
	[ "$(curl -s -o /dev/null -w '%{http_code}' -H "X-Query-Code: $code" "$BASE/api/v1/applications/$no")" = 200 ] ||
		bad_codes=$((bad_codes + 1))
done < <(awk 'NR % 5 == 1' "$work/acks.tsv")
check acked-codes-valid test "$bad_codes" = 0
if [ "$nconf" -gt 0 ]; then
	confirmed=$(psql_at -p "$PG_PORT" gongkai -c "SELECT count(DISTINCT a.tracking_no) FROM application a JOIN application_event e ON e.application_id = a.id WHERE e.type = 'confirm_receipt' AND a.tracking_no IN ($(sql_list "$work/confirms.tsv"))")
	check all-confirms-in-primary test "$confirmed" = "$nconf"
fi

# ---- the instances reconnected: health directly, and a new submission through each
for gk in "$GK1" "$GK2"; do
	curl -s -o "$work/h.json" "http://$gk/api/v1/health"
	check "health-$gk-backend" grep -q '"backend":"postgresql"' "$work/h.json"
	check "health-$gk-ok" grep -q '"status":"ok"' "$work/h.json"
	check "apply-direct-$gk" test "$(curl -s -o /dev/null -w '%{http_code}' -XPOST "http://$gk/api/v1/applications" \
		-H 'Content-Type: application/json' -H "X-Forwarded-For: 10.99.0.${gk##*:}" -d '{"agency_id":2,"applicant_type":"natural_person","name":"故障测试","id_type":"resident_id","id_number":"11010519491231002X","phone":"13812345678","description":"故障切换之后的申请","form":"electronic","delivery":"email","email":"a@example.cn","channel":"online"}')" = 201
done
check supervisor-log grep -q "instance 1 .* exited with status 137" "$deploy/logs/supervisor.log"
check no-other-exit test "$(grep -c exited "$deploy/logs/supervisor.log")" = 1 # none died on the restart
cat "$deploy/logs/supervisor.log"

# ---- the replica caught up
lsn=$(psql_at -p "$PG_PORT" gongkai -c "SELECT pg_current_wal_lsn()")
caught=0
for _ in $(seq 150); do
	behind=$(psql_at -p "$REPLICA_PORT" gongkai -c "SELECT pg_wal_lsn_diff('$lsn', pg_last_wal_replay_lsn()) > 0")
	[ "$behind" = f ] && { caught=1; break; }
	sleep 0.2
done
check replica-caught-up test "$caught" = 1
check replica-streaming test "$(psql_at -p "$PG_PORT" gongkai -c "SELECT count(*) FROM pg_stat_replication WHERE state = 'streaming'")" = 1
check replica-in-recovery test "$(psql_at -p "$REPLICA_PORT" gongkai -c "SELECT pg_is_in_recovery()")" = t
on_replica=$(psql_at -p "$REPLICA_PORT" gongkai -c "SELECT count(*) FROM application WHERE tracking_no IN ($(sql_list "$work/acks.tsv"))")
check all-acks-on-replica test "$on_replica" = "$nack"

# ---- backup and restore: pg_dump -Fc into a fresh database, the audit key beside it
"$PG_BIN/pg_dump" -h 127.0.0.1 -p "$PG_PORT" -U gongkai -Fc -f "$work/gongkai.dump" gongkai
check pg-dump test $? = 0
count=$(psql_at -p "$PG_PORT" gongkai -c "SELECT count(*) FROM application")
"$PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U gongkai restored &&
	"$PG_BIN/pg_restore" -h 127.0.0.1 -p "$PG_PORT" -U gongkai -d restored --no-owner "$work/gongkai.dump"
check pg-restore test $? = 0
mkdir -p "$work/restore/var"
cp -p "$APP_DIR/var/gongkai.audit-key" "$work/restore/var/restored.audit-key"
cp -a "$APP_DIR/var/files" "$work/restore/var/" 2>/dev/null
cd "$work/restore" || exit 1
restored_url="postgresql://gongkai@127.0.0.1:$PG_PORT/restored"
"$GONGKAI" audit verify --db "$restored_url" >"$work/verify.txt" 2>&1
check restored-audit-verifies test $? = 0
check restored-count test "$(psql_at -p "$PG_PORT" restored -c "SELECT count(*) FROM application")" = "$count"
start_server "$restored_url" --set threads=2
check restored-health grep -q '"backend":"postgresql"' <<<"$(curl -s "$base/api/v1/health")"
missing=0
while IFS=$'\t' read -r no code _; do # the first, one in the middle and the last acknowledged
	[ "$(curl -s -o /dev/null -w '%{http_code}' -H "X-Query-Code: $code" "$base/api/v1/applications/$no")" = 200 ] ||
		missing=$((missing + 1))
done < <(awk -v n="$nack" 'NR == 1 || NR == int(n / 2) || NR == n' "$work/acks.tsv")
check restored-finds-applications test "$missing" = 0
stop_server
if [ "$failures" -gt 0 ]; then
	for i in 1 2; do # (not n: the check counter of tests/lib/e2e.sh)
		echo "errors logged by instance $i (the first 10) and its last lines:"
		grep -i 'error\|fatal' "$deploy/logs/gk$i.log" | head -10
		tail -n 25 "$deploy/logs/gk$i.log"
	done
fi
finish failover
