#!/usr/bin/env bash
# browser_workflow.sh — runs the back-office journeys of issue 13 in chromium (tests/browser/
# workflow.test.js: handler with 补正, refused extension, reply and letter; leader; supervisor; axe at
# 1280 and 375 px) against the real binary. Environment: GONGKAI (binary), SRC (repo root).
. "$(dirname "$0")/lib/browser.sh"
run_browser_test workflow.test.js
