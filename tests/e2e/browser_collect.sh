#!/usr/bin/env bash
# browser_collect.sh — runs the 年报 collection journey of issue 10 in chromium (tests/browser/
# collect.test.js: keyboard-only filter, sort, upload and confirmation; axe at 1280 and 375 px) against
# the real binary. The npm packages are installed once, under a lock (lib/browser.sh).
# Environment: GONGKAI (binary), SRC (repo root).
set -euo pipefail
: "${GONGKAI:?path of the gongkai binary}"
. "$(dirname "$0")/lib/browser.sh"
exec node "$browser_dir/collect.test.js"
