#!/usr/bin/env bash
# browser_review.sh — runs the editor/reviewer journey of issue 13 in chromium (tests/browser/
# review.test.js: draft, attachment, submission, return with a note, fix, pass, publish; confirmations,
# the 办理记录 in Chinese; axe at 1280 and 375 px) against the real binary. The npm packages are
# installed once, under a lock (lib/browser.sh). Environment: GONGKAI (binary), SRC (repo root).
set -euo pipefail
: "${GONGKAI:?path of the gongkai binary}"
. "$(dirname "$0")/lib/browser.sh"
exec node "$browser_dir/review.test.js"
