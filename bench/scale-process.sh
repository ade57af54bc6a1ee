#!/usr/bin/env bash
# Issue 11's figures in one table, from a clean clone: whole-process wall time (median of N runs),
# CPU time (user + system) and peak RSS (/usr/bin/time) of
#   - `./infra policy check --state` on stack exports of 10,000 and 100,000 resources, and of 10,000
#     with 20,000 waivers (the exports and waivers made by bench/policy-process.sh's recipe: `up` of
#     prod into a fresh sandbox folder, `state export`, scaled by bench/Oic.Infra.Bench `scale`);
#   - drift of 10,000 and 100,000 resources: bench/Oic.Infra.Bench `drift PROGRAM STATE LIVE` does what
#     `infra drift` does once it has its documents (read, compare desired vs state and state vs live,
#     run the packs over the sides that differ, trace each regression, JSON report). The program is
#     the export's recorded inputs; the live side is the export with 20 portal edits (`tamper`: 10
#     storage accounts opened to anonymous blob access, 10 owner tags changed). `infra drift` itself
#     compiles the program from a stack file; no stack of 100,000 resources exists to compile.
#     The bench is published as infra is (ReadyToRun, linux-x64) and runs with infra's runtime settings
#     (no TieredPGO, no background GC, 128 MB gen0).
# Prints the load (uptime) before and after: on a shared machine compare CPU time, not wall time.
# Usage: bench/scale-process.sh [runs] [runs-at-100k]   (defaults 5 and 3)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
runs="${1:-5}"
big_runs="${2:-3}"
work="$root/.build/bench"
mkdir -p "$work"
./infra --help >/dev/null
dotnet publish bench/Oic.Infra.Bench -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true \
  -o "$root/.build/bench-bin" -v quiet --nologo >/dev/null
bench=("$root/.build/bench-bin/Oic.Infra.Bench")
if [ ! -s "$work/export-100000.json" ] || [ ! -s "$work/waivers-20000.yaml" ]; then
  rm -rf "$work/policy-state"
  ./infra up --stack prod --yes --state-dir "$work/policy-state" >/dev/null 2>&1
  ./infra state export --stack prod --state-dir "$work/policy-state" >"$work/prod-export.json"
  for n in 10000 100000; do "${bench[@]}" scale "$work/prod-export.json" "$n" "$work/export-$n.json"; done
  "${bench[@]}" waivers "$work/export-10000.json" 20000 "$work/waivers-20000.yaml"
fi
for n in 10000 100000; do "${bench[@]}" tamper "$work/export-$n.json" 20 "$work/live-$n.json"; done
drift=(env DOTNET_TieredPGO=0 DOTNET_gcConcurrent=0 DOTNET_GCgen0size=0x8000000 "${bench[@]}" drift)

source "$root/bench/measure.sh"
echo "load before: $(uptime)"
echo "nproc $(nproc); runs: $runs (10,000), $big_runs (100,000)"
measure "policy check, 10,000 resources" ./infra policy check --state "$work/export-10000.json" --format json
measure "policy check, 10,000 + 20,000 waivers" ./infra policy check --state "$work/export-10000.json" --waivers "$work/waivers-20000.yaml" --format json
runs=$big_runs measure "policy check, 100,000 resources" ./infra policy check --state "$work/export-100000.json" --format json
measure "drift, 10,000 resources" "${drift[@]}" "$work/export-10000.json" "$work/export-10000.json" "$work/live-10000.json"
runs=$big_runs measure "drift, 100,000 resources" "${drift[@]}" "$work/export-100000.json" "$work/export-100000.json" "$work/live-100000.json"
echo "load after: $(uptime)"
echo "targets (issue 11): 10,000 ≤ 1 s and ≤ 300 MB; 100,000 ≤ 10 s and ≤ 1.5 GB"
