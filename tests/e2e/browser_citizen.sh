#!/usr/bin/env bash
# browser_citizen.sh — runs the applicant's journey of issue 13 in chromium (tests/browser/
# citizen.test.js: apply with a file, print, receipt e-mail from a local SMTP sink, query, a 补正
# answered online with a file moving the due date, the handler sees the files; axe at 1280 and 375 px)
# against the real binary. The npm packages are installed once, under a lock (lib/browser.sh).
# Environment: GONGKAI (binary), SRC (repo root).
set -euo pipefail
: "${GONGKAI:?path of the gongkai binary}"
. "$(dirname "$0")/lib/browser.sh"
exec node "$browser_dir/citizen.test.js"
