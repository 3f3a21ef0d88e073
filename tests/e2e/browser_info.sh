#!/usr/bin/env bash
# browser_info.sh — runs the 主动公开 browser test (tests/browser/info.test.js: editor drafts and
# attaches, reviewer passes, editor publishes, the public sees and finds the item) against the real
# binary, with playwright-core driving Debian's chromium. The npm packages are installed
# once, under a lock (lib/browser.sh).sh does.
# Environment: GONGKAI (binary), SRC (repo root).
set -euo pipefail
: "${GONGKAI:?path of the gongkai binary}"
. "$(dirname "$0")/lib/browser.sh"
exec node "$browser_dir/info.test.js"
