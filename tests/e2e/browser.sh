#!/usr/bin/env bash
# browser.sh — runs the browser tests (tests/browser: playwright-core + axe-core driving Debian's
# chromium) against the real binary. The npm packages are installed
# once, under a lock (lib/browser.sh).
# Environment: GONGKAI (binary), SRC (repo root).
set -euo pipefail
: "${GONGKAI:?path of the gongkai binary}"
. "$(dirname "$0")/lib/browser.sh"
exec node "$browser_dir/browser.test.js"
