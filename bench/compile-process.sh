#!/usr/bin/env bash
# Whole-process cost of `./infra compile` — what every `pulumi preview` pays — for the reference
# estate (prod) and the largest estate a stack file may declare: 47 offices beside headquarters and
# the two IPsec partners, on VpnGw5AZ at its 100 tunnels (active-active: 2 a site, docs/adr/0021).
# Median wall time and peak RSS of N runs. Larger synthetic estates (500 offices) exceed every
# gateway SKU and are refused; CompileBenchmarks measures them in-process with the check off.
# Usage: bench/compile-process.sh [runs]   (default 11)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
runs="${1:-11}"
work="$root/.build/bench"
mkdir -p "$work"
./infra --help >/dev/null   # build outside the measurement
dotnet run -c Release --project bench/Oic.Infra.Bench -- generate 47 "$work/Pulumi.synthetic-47.yaml" VpnGw5AZ >/dev/null

source "$root/bench/measure.sh"

measure "prod (reference estate)" ./infra compile --stack prod
measure "synthetic, 47 offices (VpnGw5AZ, 100 tunnels)" ./infra compile --stack synthetic-47 --config-file "$work/Pulumi.synthetic-47.yaml"
