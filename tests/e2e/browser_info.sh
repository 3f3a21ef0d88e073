#!/usr/bin/env bash
# browser_info.sh — runs the 主动公开 browser test (tests/browser/info.test.js: editor drafts and
# attaches, reviewer passes, editor publishes, the public sees and finds the item) against the real
# binary, with playwright-core driving Debian's chromium. Installs the npm packages from the committed
# lockfile with `npm ci` unless node_modules is already present, as browser.sh does.
# Environment: GONGKAI (binary), SRC (repo root).
set -euo pipefail
: "${GONGKAI:?path of the gongkai binary}"
dir="${SRC:?repo root}/tests/browser"
[ -x /usr/bin/chromium ] || { echo "chromium is not installed (apt-get install chromium)"; exit 1; }
command -v node >/dev/null || { echo "node is not installed (apt-get install nodejs npm)"; exit 1; }
if [ ! -d "$dir/node_modules/playwright-core" ] || [ ! -d "$dir/node_modules/axe-core" ]; then
	(cd "$dir" && { npm ci --offline --no-audit --no-fund || npm ci --no-audit --no-fund; })
fi
exec node "$dir/info.test.js"
