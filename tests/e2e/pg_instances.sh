#!/usr/bin/env bash
# pg_instances.sh — two `gongkai serve` processes on one PostgreSQL database (issue 12, item 4;
# docs/deploy.md "Several instances on one database"), on a throw-away cluster this test starts itself
# (tests/lib/pg.sh). Both instances run from one working directory, so they share var/ (the audit key
# and the attachments: the shared path of a real deployment). Both run with cache_ms=60000, so a cached
# page or agency outlives the test's patience by far: what makes the other instance see a change is
# the change watcher (store_watch), not the cache's age.
#   (a) 60 applications submitted at once, split across both (xargs -P 8): every one acknowledged (201),
#       each acknowledged one stored, tracking numbers unique and consecutive (YSyyyy-agency-nnnnn, the
#       next numbers after the ones before); then a per-address rate limit counted across both;
#   (b) an item published through A appears on B's 目录 page that B had cached (X-Cache: HIT) before,
#       and its 有效性 changed through A shows on B's item page cached before;
#   (c) a holiday schedule loaded through A's /admin/calendar is used by B's deadline API, and the
#       portal agency's phone edited through A shows in B's footer (cached agency, cookie → no page cache);
#   (d) login failures split between A and B lock the account on both;
#   (e) a session created on A is valid on B (it downloads there a file uploaded through A: the shared
#       content store), and logging out on A ends it on B;
#   (f) an idempotency key replayed on the other instance returns the same application.
# Changes are polled for with a 10 s timeout (the documented bound is about 0.2 s), never timed.
# Skips (exit 77) only when the PostgreSQL binaries are absent. Environment: GONGKAI (binary).
set -uo pipefail
E2E_NAME=pg-instances
. "$(dirname "$0")/../lib/e2e.sh"
. "$(dirname "$0")/../lib/pg.sh"
pg_require
pid_a=
pid_b=
stop_instances() {
	local p
	for p in $pid_a $pid_b; do kill "$p" 2>/dev/null && wait "$p" 2>/dev/null; done
	pid_a=
	pid_b=
}
trap 'stop_instances; pg_stop; e2e_cleanup' EXIT
pg_start || { echo "could not start the PostgreSQL cluster"; exit 1; }
psql_at() { "$PG_BIN/psql" -X -At -h 127.0.0.1 -p "$pg_port" -U gongkai inst "$@"; }
url=$(pg_createdb inst) || exit 1
cd "$work" || exit 1
"$GONGKAI" init --demo --db "$url" >"$work/init.txt" 2>"$work/init.err" || { cat "$work/init.err"; exit 1; }
password() { awk -v u="$1" '$1 == u { print $2; exit }' "$work/init.txt"; }
t_editor=$("$GONGKAI" token create editor --db "$url" | tail -n 1)
t_reviewer=$("$GONGKAI" token create reviewer --db "$url" | tail -n 1)
t_handler=$("$GONGKAI" token create handler --db "$url" | tail -n 1)

start_server "$url" --set threads=4 --set cache_ms=60000
pid_a=$server_pid
A=$base
start_server "$url" --set threads=4 --set cache_ms=60000
pid_b=$server_pid
B=$base
server_pid= # both are stopped by stop_instances
json() { python3 -c 'import json,sys; d=json.load(sys.stdin); print(eval(sys.argv[1]))' "$1"; }
# eventually COMMAND…: true as soon as the command succeeds, polling for at most 10 s.
eventually() {
	local _
	for _ in $(seq 100); do
		"$@" && return 0
		sleep 0.1
	done
	"$@"
}

# ---- (a) concurrent submissions across both instances
year=$(TZ=Asia/Shanghai date +%Y)
before=$(psql_at -c "SELECT coalesce(max(seq), 0) FROM application WHERE agency_id = 2 AND year = $year")
cat >"$work/submit.sh" <<'EOF'
#!/usr/bin/env bash
# submit.sh N A B: the N-th application, through A when N is even, else B; prints "STATUS TRACKING".
n=$1
base=$2
[ $((n % 2)) = 1 ] && base=$3
status=$(curl -s -m 30 -o "$WORK/r.$n" -w '%{http_code}' -XPOST "$base/api/v1/applications" -H 'Content-Type: application/json' \
	-d "{\"agency_id\":2,\"applicant_type\":\"natural_person\",\"name\":\"申请人$n\",\"id_type\":\"resident_id\",\"id_number\":\"11010519491231002X\",\"phone\":\"13812345678\",\"description\":\"第 $n 份申请所需的信息\",\"form\":\"electronic\",\"delivery\":\"email\",\"email\":\"a@example.cn\",\"channel\":\"online\"}")
no=$(sed -n 's/.*"tracking_no": *"\([^"]*\)".*/\1/p' "$WORK/r.$n")
echo "$status ${no:--}"
EOF
chmod +x "$work/submit.sh"
seq 60 | WORK=$work xargs -P 8 -I{} "$work/submit.sh" {} "$A" "$B" >"$work/submitted"
check submit-all-201 test "$(grep -c '^201 YS' "$work/submitted")" = 60
grep -v '^201 YS' "$work/submitted" | head -3
awk '$1 == 201 { print $2 }' "$work/submitted" | sort >"$work/acked"
check submit-unique test "$(sort -u "$work/acked" | wc -l)" = "$(wc -l <"$work/acked")"
check submit-format test "$(grep -cE "^YS$year-2-[0-9]{5}$" "$work/acked")" = 60
list=$(sed "s/.*/'&'/" "$work/acked" | paste -sd,)
check submit-stored test "$(psql_at -c "SELECT count(*) FROM application WHERE tracking_no IN ($list)")" = 60
# consecutive: exactly the 60 numbers after the ones before, each once
seqs=$(sed 's/.*-0*//' "$work/acked" | sort -n | paste -sd' ')
check submit-consecutive test "$seqs" = "$(seq $((before + 1)) $((before + 60)) | paste -sd' ')"
check submit-db-consecutive test "$(psql_at -c "SELECT count(*) = count(DISTINCT seq) AND max(seq) = $((before + 60)) FROM application WHERE agency_id = 2 AND year = $year")" = t
check audit-chain-intact "$GONGKAI" audit verify --db "$url"
# the per-address rate limit counts the submissions of both instances
sent=$(psql_at -c "SELECT count(*) FROM application WHERE submitter_ip = '127.0.0.1'")
psql_at -c "INSERT INTO settings (name, value, updated_at) VALUES ('apply_rate_limit', '$((sent + 3))', 0)" >/dev/null
seq 101 108 | WORK=$work xargs -P 4 -I{} "$work/submit.sh" {} "$A" "$B" >"$work/limited"
check rate-limit-3-pass test "$(grep -c '^201 ' "$work/limited")" = 3
check rate-limit-5-refused test "$(grep -c '^429 ' "$work/limited")" = 5
grep -qv '^201 \|^429 ' "$work/limited" && { cat "$work/limited"; cat "$work"/r.10[0-9]; }
psql_at -c "DELETE FROM settings WHERE name = 'apply_rate_limit'" >/dev/null

# ---- (b) an item published on A shows on B's cached page
# first the senders of both instances finish the receipts of (a): from then on B itself writes nothing,
# so only the watcher can tell B of A's commits
quiet() { test "$(psql_at -c "SELECT count(*) FROM notify_outbox WHERE status IN ('pending', 'sending')")" = 0; }
check outbox-done eventually quiet
catalog() { curl -s -D "$work/b.headers" -o "$work/b.html" "$B/info?agency=2"; }
catalog_cached() { catalog && grep -qi '^X-Cache: HIT' "$work/b.headers"; }
check b-page-cached eventually catalog_cached
api() { # TOKEN METHOD PATH [JSON] on A; prints the body
	curl -s -X "$2" -H 'Content-Type: application/json' -H "Authorization: Bearer $1" ${4:+--data "$4"} "$A$3"
}
id=$(api "$t_editor" POST /api/v1/items '{"category":"财政信息","title":"多实例发布测试事项","doc_no":"钟办〔2024〕99号","formed_on":"2024-01-15","summary":"多实例","body":"正文","doc_type":"normative"}' | json 'd["id"]')
check item-created test -n "$id"
api "$t_editor" POST "/api/v1/items/$id/submit" >/dev/null
api "$t_reviewer" POST "/api/v1/items/$id/review" '{"decision":"pass","opinion":"不涉密"}' >/dev/null
check item-published test "$(api "$t_editor" POST "/api/v1/items/$id/publish" | json 'd["status"]')" = published
lists_item() { catalog && grep -q "/info/item/$id\"" "$work/b.html"; }
check b-shows-published eventually lists_item
check b-cached-again eventually catalog_cached # and caches the new page (once the senders' writes settle)
# an edit on A (有效性 → 废止): B's item page, cached before the edit, follows
item_page() { curl -s -D "$work/item.headers" -o "$work/item.html" "$B/info/item/$id"; }
item_cached() { item_page && grep -qi '^X-Cache: HIT' "$work/item.headers"; }
check item-page-cached eventually item_cached
check item-page-valid grep -q '有效' "$work/item.html"
check item-page-not-repealed sh -c "! grep -q '废止' '$work/item.html'"
check item-repealed test "$(api "$t_editor" POST "/api/v1/items/$id/validity" '{"validity":"repealed","validity_on":"2024-06-01"}' | json 'd["status"]')" = published
shows_edit() { item_page && grep -q '废止' "$work/item.html"; }
check b-shows-edit eventually shows_edit

# ---- (c) a calendar change and a settings change on A, seen by B
login() { # USER JAR BASE [PASSWORD] → prints the status of the login POST
	curl -s -c "$2" -o "$work/login.html" "$3/login"
	local c
	c=$(sed -n 's/.*name="csrf" value="\([0-9a-f]*\)".*/\1/p' "$work/login.html" | head -1)
	curl -s -b "$2" -c "$2" -H "Origin: $3" -o "$work/login.out" -w '%{http_code}' "$3/login" --data-urlencode "csrf=$c" \
		--data-urlencode "name=$1" --data-urlencode "password=${4:-$(password "$1")}"
}
csrf_of() { sed -n 's/.*name="csrf" value="\([0-9a-f]*\)".*/\1/p' "$1" | head -1; }
check admin-login test "$(login admin "$work/admin.jar" "$A")" = 303
received="$year-12-28"
body="{\"agency_id\":2,\"applicant_type\":\"natural_person\",\"name\":\"赵六\",\"id_type\":\"resident_id\",\"id_number\":\"11010519491231002X\",\"phone\":\"13812345678\",\"address\":\"汝州市中大街1号\",\"description\":\"冬季供暖补贴发放情况\",\"form\":\"paper\",\"delivery\":\"post\",\"channel\":\"in_person\",\"received_on\":\"$(TZ=Asia/Shanghai date +%F)\"}"
no=$(curl -s -XPOST "$A/api/v1/applications" -H "Authorization: Bearer $t_handler" -H 'Content-Type: application/json' -d "$body" | json 'd["tracking_no"]')
check intake-created test -n "$no"
deadline_b() { curl -s "$B/api/v1/applications/$no/deadline" -H "Authorization: Bearer $t_handler" >"$work/deadline.json"; }
check intake-notices-sent eventually quiet # B's sender writes nothing more
deadline_b
deadline_b # B's calendar is built now
check calendar-before grep -q '"calendar_version"' "$work/deadline.json"
next=$((year + 1))
printf 'year %s https://example.gov.cn/%s\n%s-01-01 off 元旦\n' "$next" "$next" "$next" >"$work/next.txt"
curl -s -b "$work/admin.jar" -o "$work/cal.html" "$A/admin/calendar"
check calendar-load-303 test "$(curl -s -b "$work/admin.jar" -H "Origin: $A" -o /dev/null -w '%{http_code}' "$A/admin/calendar" \
	-F "csrf=$(csrf_of "$work/cal.html")" -F "file=@$work/next.txt;type=text/plain")" = 303
b_uses_loaded() { deadline_b && grep -q "loaded-r1; years 2019-$next" "$work/deadline.json"; }
check b-calendar-loaded eventually b_uses_loaded
# the portal agency's phone, edited on A, in B's footer (a cookie: no page cache, the agency cache only)
footer_b() { curl -s -H 'Cookie: x=1' -o "$work/home.html" "$B/"; }
footer_b
site=$(psql_at -c "SELECT coalesce((SELECT CAST(value AS BIGINT) FROM settings WHERE name = 'site_agency_id'), (SELECT id FROM agency WHERE parent_id IS NULL ORDER BY level, name, id LIMIT 1))")
curl -s -b "$work/admin.jar" -o "$work/agency.html" "$A/admin/agencies/edit?id=$site"
python3 - "$work/agency.html" >"$work/agency.fields" <<'EOF'
# prints the fields of the agency form as NAME=VALUE lines (inputs, the selected option, checked boxes)
import html.parser, sys
class Form(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(); self.inside = False; self.select = None; self.fields = []
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == 'form' and a.get('action') == '/admin/agencies/edit': self.inside = True
        if not self.inside: return
        if tag == 'input' and a.get('name') and (a.get('type') != 'checkbox' or 'checked' in a):
            self.fields.append((a['name'], a.get('value') or ''))
        if tag == 'select': self.select = a.get('name')
        if tag == 'option' and self.select and 'selected' in a: self.fields.append((self.select, a.get('value') or ''))
    def handle_endtag(self, tag):
        if tag == 'form': self.inside = False
        if tag == 'select': self.select = None
f = Form(); f.feed(open(sys.argv[1], encoding='utf-8').read())
for name, value in f.fields: print(f'{name}={value}')
EOF
args=()
while IFS= read -r field; do
	case "$field" in phone=*) field="phone=0375-6000001" ;; esac
	args+=(--data-urlencode "$field")
done <"$work/agency.fields"
check agency-form-read grep -q '^csrf=' "$work/agency.fields"
check agency-edit-303 test "$(curl -s -b "$work/admin.jar" -H "Origin: $A" -o "$work/agency.out" -w '%{http_code}' "$A/admin/agencies/edit" "${args[@]}")" = 303
b_footer_phone() { footer_b && grep -q '0375-6000001' "$work/home.html"; }
check b-footer-phone eventually b_footer_phone
grep -q '0375-6000001' "$work/home.html" || { head -c 600 "$work/agency.out"; cat "$work/agency.fields"; grep -o '联系电话.\{0,80\}' "$work/home.html"; curl -s "$A/" | grep -o '联系电话.\{0,80\}'; }

# ---- (d) login failures split between both instances lock the account
for i in 1 2 3 4 5; do
	[ $((i % 2)) = 0 ] && at=$A || at=$B
	login reviewer "$work/bad.jar" "$at" wrong-password-$i >/dev/null
done
check lockout-on-a test "$(login reviewer "$work/r.jar" "$A")" = 200
check lockout-message-a grep -q '分钟后可再试' "$work/login.out"
check lockout-on-b test "$(login reviewer "$work/r.jar" "$B")" = 200
check lockout-message-b grep -q '分钟后可再试' "$work/login.out"

# ---- (e) a session of A is valid on B; logout on A ends it on B
check session-login-a test "$(login handler "$work/h.jar" "$A")" = 303
check session-valid-on-b test "$(curl -s -b "$work/h.jar" -o /dev/null -w '%{http_code}' "$B/admin")" = 200
# an applicant's file uploaded through A (written to the shared content store before A's commit),
# downloaded through B with the session A created
printf '%%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%%% pg_instances\n%%%%EOF\n' >"$work/id.pdf"
curl -s -c "$work/public.jar" -o "$work/form.html" "$A/apply/new"
check upload-on-a test "$(curl -s -b "$work/public.jar" -H "Origin: $A" -o "$work/ok.html" -w '%{http_code}' "$A/apply/new" \
	-F "csrf=$(csrf_of "$work/form.html")" -F agency_id=2 -F applicant_type=natural_person -F name=吴九 \
	-F id_type=resident_id -F id_number=11010519491231002X -F phone=13700001234 -F email=wu@example.cn \
	-F description=钟楼街道2025年道路维修合同 -F form=electronic -F delivery=email \
	-F idempotency_key=pg-instances-files-1 -F "files=@$work/id.pdf")" = 200
pdf_id=$(psql_at -c "SELECT max(id) FROM application_file WHERE kind = 'pdf'")
curl -s -b "$work/h.jar" -o "$work/got.pdf" "$B/admin/applications/file?id=$pdf_id"
check download-on-b cmp -s "$work/got.pdf" "$work/id.pdf"
sid=$(awk -F'\t' '$6 == "gk_session" { print $7 }' "$work/h.jar")
check session-cookie test -n "$sid"
curl -s -b "$work/h.jar" -o "$work/admin.html" "$A/admin"
check logout-on-a test "$(curl -s -b "$work/h.jar" -H "Origin: $A" -o /dev/null -w '%{http_code}' "$A/logout" \
	--data-urlencode "csrf=$(csrf_of "$work/admin.html")")" = 303
check session-ended-on-b test "$(curl -s -H "Cookie: gk_session=$sid" -o /dev/null -w '%{http_code}' "$B/admin")" != 200
check session-ended-on-a test "$(curl -s -H "Cookie: gk_session=$sid" -o /dev/null -w '%{http_code}' "$A/admin")" != 200

# ---- (f) an idempotency key replayed on the other instance
idem='{"agency_id":2,"applicant_type":"natural_person","name":"张三","id_type":"resident_id","id_number":"11010519491231002X","phone":"13812345678","email":"zhang@example.cn","description":"钟楼街道老旧小区改造项目的立项批复","form":"electronic","delivery":"email","channel":"online","idempotency_key":"pg-instances-key-0001"}'
post() { curl -s -o "$work/$1" -w '%{http_code}' -XPOST "$2/api/v1/applications" -H 'Content-Type: application/json' -d "$idem"; }
check idem-first-a test "$(post idem1 "$A")" = 201
check idem-replay-b test "$(post idem2 "$B")" = 200
check idem-same-number test "$(json 'd["tracking_no"]' <"$work/idem1")" = "$(json 'd["tracking_no"]' <"$work/idem2")"
check idem-same-code test "$(json 'd["query_code"]' <"$work/idem1")" = "$(json 'd["query_code"]' <"$work/idem2")"
check idem-one-row test "$(psql_at -c "SELECT count(*) FROM application WHERE idempotency_key = 'pg-instances-key-0001'")" = 1

check servers-alive kill -0 "$pid_a" "$pid_b"
check server-log-no-500 test "$(grep -c ' 500 ' "$work/server.log")" = 0
finish pg_instances
