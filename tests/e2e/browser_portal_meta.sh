#!/usr/bin/env bash
# browser_portal_meta.sh — runs the item-metadata journeys in chromium (tests/browser/portal_meta.test.js:
# repeal with 替代文件 and its banner link, 主题分类 change and browsing, 发布机构 select, the
# administrators' 主题分类 list and empty-category reasons; axe at 1280 and 375 px) against the real
# binary. The npm packages are installed once, under a lock (lib/browser.sh). Environment: GONGKAI.
set -euo pipefail
: "${GONGKAI:?path of the gongkai binary}"
. "$(dirname "$0")/lib/browser.sh"
exec node "$browser_dir/portal_meta.test.js"
