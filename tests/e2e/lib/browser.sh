# browser.sh (sourced) — what every browser test needs before it starts node: Debian's chromium,
# Node.js, and the npm packages of tests/browser (playwright-core, axe-core) installed from the
# committed lockfile. ctest runs tests in parallel, so the first test to arrive installs under a lock
# while the others wait for it (a test that started node while another ran `npm ci` would find
# node_modules half-built). Sets $browser_dir. Environment: SRC (repo root).
browser_dir="${SRC:?repo root}/tests/browser"
[ -x /usr/bin/chromium ] || { echo "chromium is not installed (apt-get install chromium)"; exit 1; }
command -v node >/dev/null || { echo "node is not installed (apt-get install nodejs npm)"; exit 1; }
(
	flock 9
	if [ ! -d "$browser_dir/node_modules/playwright-core" ] || [ ! -d "$browser_dir/node_modules/axe-core" ]; then
		cd "$browser_dir" && { npm ci --offline --no-audit --no-fund || npm ci --no-audit --no-fund; }
	fi
) 9>"$browser_dir/.npm-install.lock"
