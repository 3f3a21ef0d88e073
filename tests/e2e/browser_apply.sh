#!/usr/bin/env bash
# browser_apply.sh — runs the browser test of the public 依申请公开 form (tests/browser/apply.test.js:
# playwright-core + axe-core driving Debian's chromium) against the real binary. The npm packages are installed
# once, under a lock (lib/browser.sh).
# Environment: GONGKAI (binary), SRC (repo root).
set -euo pipefail
: "${GONGKAI:?path of the gongkai binary}"
. "$(dirname "$0")/lib/browser.sh"
exec node "$browser_dir/apply.test.js"
