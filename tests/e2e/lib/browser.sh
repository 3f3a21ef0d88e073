# tests/e2e/lib/browser.sh — sourced by the browser e2e tests: checks chromium and node, installs the
# npm packages of tests/browser from the committed lockfile (`npm ci`) unless already present, and
# runs the test file given: run_browser_test FILE.js. Environment: GONGKAI (binary), SRC (repo root).
set -euo pipefail
: "${GONGKAI:?path of the gongkai binary}"
browser_dir="${SRC:?repo root}/tests/browser"
run_browser_test() {
	[ -x /usr/bin/chromium ] || { echo "chromium is not installed (apt-get install chromium)"; exit 1; }
	command -v node >/dev/null || { echo "node is not installed (apt-get install nodejs npm)"; exit 1; }
	if [ ! -d "$browser_dir/node_modules/playwright-core" ] || [ ! -d "$browser_dir/node_modules/axe-core" ]; then
		(cd "$browser_dir" && { npm ci --offline --no-audit --no-fund || npm ci --no-audit --no-fund; })
	fi
	exec node "$browser_dir/$1"
}
