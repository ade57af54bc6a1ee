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

measure() {
  local label="$1"; shift
  local walls=() rss=()
  for _ in $(seq "$runs"); do
    /usr/bin/time -f "%e %M" -o "$work/time.txt" "$@" >/dev/null || true
    read -r w m <"$work/time.txt"
    walls+=("$w"); rss+=("$m")
  done
  local mw mr
  mw=$(printf '%s\n' "${walls[@]}" | sort -n | awk '{a[NR]=$1} END{print a[int((NR+1)/2)]}')
  mr=$(printf '%s\n' "${rss[@]}" | sort -n | awk '{a[NR]=$1} END{print a[int((NR+1)/2)]}')
  printf '%-36s median wall %6.3f s   median peak RSS %6.1f MB   (%s runs)\n' "$label" "$mw" "$(awk "BEGIN{print $mr/1024}")" "$runs"
}

measure "policy check, export of 10,000" ./infra policy check --state "$work/export-10000.json" --format json
measure "policy check --stack prod" ./infra policy check --stack prod --format json
