#!/usr/bin/env bash
# browser_workflow.sh — runs the back-office journeys of issue 13 in chromium (tests/browser/
# workflow.test.js: handler with 补正, refused extension, reply and letter; leader; supervisor; axe at
# 1280 and 375 px) against the real binary. The npm packages are installed once, under a lock
# (lib/browser.sh). Environment: GONGKAI (binary), SRC (repo root).
set -euo pipefail
: "${GONGKAI:?path of the gongkai binary}"
. "$(dirname "$0")/lib/browser.sh"
exec node "$browser_dir/workflow.test.js"
