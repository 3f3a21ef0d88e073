#!/usr/bin/env bash
# browser_supervision.sh — runs the agency-tree and 督办 journeys of issue 10 in chromium
# (tests/browser/supervision.test.js: the supervisor finds and supervises a subordinate's overdue
# application, the handler answers, the administrator acts for the 街道 through the picker; keyboard
# only; axe at 1280 and 375 px) against the real binary. Environment: GONGKAI (binary), SRC (repo root).
set -euo pipefail
: "${GONGKAI:?path of the gongkai binary}"
. "$(dirname "$0")/lib/browser.sh"
exec node "$browser_dir/supervision.test.js"
