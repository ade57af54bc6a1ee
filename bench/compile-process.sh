#!/usr/bin/env bash
# Whole-process cost of `./infra compile` — what every `pulumi preview` pays — for the reference
# estate (prod) and a synthetic estate of 500 offices: median wall time and peak RSS of N runs.
# Usage: bench/compile-process.sh [runs]   (default 11)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
runs="${1:-11}"
work="$root/.build/bench"
mkdir -p "$work"
./infra --help >/dev/null   # build outside the measurement
dotnet run -c Release --project bench/Oic.Infra.Bench -- generate 500 "$work/Pulumi.synthetic-500.yaml" >/dev/null

measure() {
  local label="$1"; shift
  local walls=() rss=()
  for _ in $(seq "$runs"); do
    /usr/bin/time -f "%e %M" -o "$work/time.txt" "$@" >/dev/null
    read -r w m <"$work/time.txt"
    walls+=("$w"); rss+=("$m")
  done
  local mw mr
  mw=$(printf '%s\n' "${walls[@]}" | sort -n | awk '{a[NR]=$1} END{print a[int((NR+1)/2)]}')
  mr=$(printf '%s\n' "${rss[@]}" | sort -n | awk '{a[NR]=$1} END{print a[int((NR+1)/2)]}')
  printf '%-28s median wall %6.3f s   median peak RSS %6.1f MB   (%s runs)\n' "$label" "$mw" "$(awk "BEGIN{print $mr/1024}")" "$runs"
}

measure "prod (reference estate)" ./infra compile --stack prod
measure "synthetic, 500 offices" ./infra compile --stack synthetic-500 --config-file "$work/Pulumi.synthetic-500.yaml"
