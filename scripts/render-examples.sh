#!/usr/bin/env bash
# Rewrites docs/examples/ (one rendered example of each picture and report, from the real stacks) with the same
# code the verbs use; tests/Automation.Tests DocsExamplesTests fails when they are stale.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
scripts/install-tools.sh >/dev/null
UPDATE_EXAMPLES=1 dotnet test tests/Automation.Tests --nologo -v quiet --filter "FullyQualifiedName~DocsExamplesTests"
ls -l docs/examples
