#!/usr/bin/env bash
# Whole-process cost of `./infra policy check --state` on stack exports of 10,000 and 100,000
# resources, with and without 20,000 waivers, and of the compile-time check of prod: median wall
# time and peak RSS of N runs. The exports are made here, deterministically: the sandbox deploys the
# reference estate into a fresh state folder, and its `state export` is scaled up by
# bench/Oic.Infra.Bench (`scale`: copies in their own resource groups and address space, realistic
# violations planted on a fixed share of resources).
# Usage: bench/policy-process.sh [runs]  (default 5)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
runs="${1:-5}"
work="$root/.build/bench"
rm -rf "$work/policy-state"
mkdir -p "$work"
./infra --help >/dev/null
./infra up --stack prod --yes --state-dir "$work/policy-state" >/dev/null 2>&1
./infra state export --stack prod --state-dir "$work/policy-state" >"$work/prod-export.json"
dotnet build -c Release bench/Oic.Infra.Bench -v quiet --nologo >/dev/null
bench=(dotnet "$root/bench/Oic.Infra.Bench/bin/Release/net10.0/Oic.Infra.Bench.dll")
for n in 10000 100000; do "${bench[@]}" scale "$work/prod-export.json" "$n" "$work/export-$n.json"; done
"${bench[@]}" waivers "$work/export-10000.json" 20000 "$work/waivers-20000.yaml"
printf 'exports: %s\n' "$(cd "$work" && ls -l export-10000.json export-100000.json waivers-20000.yaml | awk '{printf "%s %d MB; ", $9, $5/1048576}')"
uptime

source "$root/bench/measure.sh"

measure "policy check, export of 10,000" ./infra policy check --state "$work/export-10000.json" --format json
measure "policy check, 10,000 + 20,000 waivers" ./infra policy check --state "$work/export-10000.json" --waivers "$work/waivers-20000.yaml" --format json
measure "policy check, export of 100,000" ./infra policy check --state "$work/export-100000.json" --format json
measure "policy check --stack prod" ./infra policy check --stack prod --format json
