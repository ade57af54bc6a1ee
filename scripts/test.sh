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
dotnet test Infra.sln -c Debug --no-build --nologo 2>&1 | tee "$results/test.log"
status=${PIPESTATUS[0]}

# One summary line per test project: "Passed!  - Failed:     0, Passed:    17, Skipped: ..."
passed=0
failed=0
while read -r f p; do
  passed=$((passed + p))
  failed=$((failed + f))
done < <(sed -n 's/.*\(Passed\|Failed\)!  *- Failed: *\([0-9]*\), Passed: *\([0-9]*\),.*/\2 \3/p' "$results/test.log")
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
echo "$passed passed, $failed failed"
[ "$status" -eq 0 ] && [ "$failed" -eq 0 ]
