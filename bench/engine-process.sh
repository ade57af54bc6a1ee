#!/usr/bin/env bash
# The sandbox engine from the command line: wall time and peak RSS of `./infra up --stack prod`
# into a fresh state directory and of `./infra drift --stack prod`, and the simulated makespan
# of prod at --parallel 1, 10 and unbounded.   Usage: bench/engine-process.sh [runs]  (default 5)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
runs="${1:-5}"
work="$root/.build/bench"
mkdir -p "$work"
./infra --help >/dev/null
source "$root/bench/measure.sh"

measure "sandbox up prod (fresh state)" bash -c "rm -rf '$work/sandbox' && ./infra up --stack prod --yes --state-dir '$work/sandbox'"
measure "sandbox up prod (no changes)" ./infra up --stack prod --yes --state-dir "$work/sandbox"
measure "drift prod" ./infra drift --stack prod --state-dir "$work/sandbox"

for p in 1 10 100000; do
  rm -rf "$work/makespan"
  minutes=$(./infra up --stack prod --yes --state-dir "$work/makespan" --parallel "$p" --format json | sed -n 's/.*"simulatedMinutes": \([0-9.]*\).*/\1/p')
  printf 'makespan of prod at --parallel %-7s %6s simulated minutes\n' "$p" "$minutes"
done
