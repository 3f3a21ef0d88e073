#!/usr/bin/env bash
# browser_portal.sh — runs the portal crawl (tests/browser/portal_crawl.test.js): every public page of the
# demo reached from the home page is checked against the machine-checkable items of the inspection
# checklist (docs/portal-conventions.md) at 375 px, with axe-core. Installs the npm packages from the
# committed lockfile with `npm ci` unless node_modules is already present, as browser.sh does.
set -euo pipefail
: "${GONGKAI:?path of the gongkai binary}"
dir="${SRC:?repo root}/tests/browser"
[ -x /usr/bin/chromium ] || { echo "chromium is not installed (apt-get install chromium)"; exit 1; }
command -v node >/dev/null || { echo "node is not installed (apt-get install nodejs npm)"; exit 1; }
if [ ! -d "$dir/node_modules/playwright-core" ] || [ ! -d "$dir/node_modules/axe-core" ]; then
	(cd "$dir" && { npm ci --offline --no-audit --no-fund || npm ci --no-audit --no-fund; })
fi
exec node "$dir/portal_crawl.test.js"
