#!/usr/bin/env bash
# Whole-process cost of `./infra reach` for the reference estate: the compiled program of prod and
# prod-dr (compile included, as users run it), every source against every destination with paths,
# in JSON; median wall time and peak RSS of N runs. Issue 15's target: prod under 1 s.
# Usage: bench/reach-process.sh [runs]   (default 11)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
runs="${1:-11}"
work="$root/.build/bench"
mkdir -p "$work"
./infra --help >/dev/null   # build outside the measurement
uptime

source "$root/bench/measure.sh"

measure "reach prod, json" ./infra reach --stack prod --format json
measure "reach prod-dr, json" ./infra reach --stack prod-dr --format json
measure "reach prod, text" ./infra reach --stack prod
measure "compile prod (for comparison)" ./infra compile --stack prod
