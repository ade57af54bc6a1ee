#!/usr/bin/env bash
# Runs every test of the repository (unit, property, golden, real-process and the azure-native
# conformance test) and ends with the line "N passed, N failed".
# Installs what it needs: NuGet packages (dotnet restore) and the pinned npm tools.
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
results="$root/.build/test-results"
rm -rf "$results"
mkdir -p "$results"

scripts/install-tools.sh || { echo "0 passed, 1 failed"; exit 1; }

echo "== build (warnings are errors)" >&2
if ! dotnet build Infra.sln -c Debug --nologo -v quiet -clp:NoSummary; then
  echo "build failed"
  echo "0 passed, 1 failed"
  exit 1
fi
# Build the infra program once, before tests start it in parallel.
./infra --help >/dev/null || { echo "0 passed, 1 failed"; exit 1; }

echo "== test" >&2
dotnet test Infra.sln -c Debug --no-build --nologo --logger "trx" --results-directory "$results"
status=$?

passed=0
failed=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -1)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")
  f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  e=$(sed -n 's/.* error="\([0-9]*\)".*/\1/p' <<<"$counters")
  passed=$((passed + ${p:-0}))
  failed=$((failed + ${f:-0} + ${e:-0}))
done
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
