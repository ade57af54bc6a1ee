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

source "$root/bench/measure.sh"

measure "prod (reference estate)" ./infra compile --stack prod
measure "synthetic, 500 offices" ./infra compile --stack synthetic-500 --config-file "$work/Pulumi.synthetic-500.yaml"
