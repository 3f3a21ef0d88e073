# expect.sh — the counting helpers of the end-to-end tests, sourced by them (this folder is not
# globbed as tests). The sourcing script sets $tmp (a scratch directory) and ends with
#   echo "NAME: $pass passed, $fail failed"; [ "$fail" -eq 0 ]
# ok / bad MESSAGE count a passed / failed check; expect_status WANT DESCRIPTION COMMAND… runs the
# command with its output in $tmp/out and $tmp/err and checks its exit status.
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
expect_status() {
  local want=$1 what=$2; shift 2
  "$@" >"$tmp/out" 2>"$tmp/err"; local got=$?
  if [ "$got" -eq "$want" ]; then ok; else bad "$what: exit $got, wanted $want"; head -20 "$tmp/out" "$tmp/err"; fi
}
