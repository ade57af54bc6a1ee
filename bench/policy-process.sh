#!/usr/bin/env bash
# Whole-process cost of `./infra policy check --state` on a stack export of 10,000 resources
# (the reference estate deployed in copies on paper), and of the compile-time check of prod:
# median wall time and peak RSS of N runs.   Usage: bench/policy-process.sh [runs]  (default 7)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
runs="${1:-7}"
work="$root/.build/bench"
mkdir -p "$work"
./infra --help >/dev/null
dotnet run -c Release --project bench/Oic.Infra.Bench -- state 10000 "$work/export-10000.json" >/dev/null

source "$root/bench/measure.sh"

measure "policy check, export of 10,000" ./infra policy check --state "$work/export-10000.json" --format json
measure "policy check --stack prod" ./infra policy check --stack prod --format json
