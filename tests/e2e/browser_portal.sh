#!/usr/bin/env bash
# browser_portal.sh — runs the portal crawl (tests/browser/portal_crawl.test.js): every public page of the
# demo reached from the home page is checked against the machine-checkable items of the inspection
# checklist (docs/portal-conventions.md) at 375 px, with axe-core. The npm packages are installed once,
# under a lock (lib/browser.sh).
set -euo pipefail
: "${GONGKAI:?path of the gongkai binary}"
. "$(dirname "$0")/lib/browser.sh"
exec node "$browser_dir/portal_crawl.test.js"
