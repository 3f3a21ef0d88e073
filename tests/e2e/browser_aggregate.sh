#!/usr/bin/env bash
# browser_aggregate.sh — runs the aggregated report's page with the keyboard only in chromium
# (tests/browser/aggregate.test.js: choose parts, write section 五, approve, publish; axe at 1280 and
# 375 px; the trends page) against the real binary. The npm packages are installed once, under a lock
# (lib/browser.sh). Environment: GONGKAI (binary), SRC (repo root).
set -euo pipefail
: "${GONGKAI:?path of the gongkai binary}"
. "$(dirname "$0")/lib/browser.sh"
exec node "$browser_dir/aggregate.test.js"
