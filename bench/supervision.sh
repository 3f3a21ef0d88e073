#!/usr/bin/env bash
# supervision.sh — the speed figures of issue 10 (docs/supervision.md, docs/performance.md), one run each,
# each printed with its baseline from the same run:
#   bench/lib/supervision-collect.sh    a batch of COUNT (300) external text reports uploaded, checked and
#                                       matched; the collection page of 300+ agencies (baseline: checking
#                                       one report). Targets: batch < 10 s, page < 200 ms.
#   bench/lib/supervision-aggregate.sh  the aggregated report of AGENCIES (300) agencies × APPS (10,000)
#                                       applications (baseline: one agency's report build). Target < 2 s.
# Uses $GONGKAI or build/gongkai (a release build).
set -euo pipefail
cd "$(dirname "$0")"
bash lib/supervision-collect.sh
bash lib/supervision-aggregate.sh
