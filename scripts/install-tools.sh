#!/usr/bin/env bash
# install-tools.sh — installs the Node tools of the repository (tools/azure-native: the pinned
# @pulumi/azure-native SDK, TypeScript and yaml) exactly as package-lock.json pins them.
# Idempotent: does nothing when node_modules is present and newer than package-lock.json.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dir="$root/tools/azure-native"
stamp="$dir/node_modules/.package-lock.json" # written by npm on every install

if ! command -v npm >/dev/null 2>&1; then
  echo "install-tools: npm is not on PATH; install Node.js 20 or later" >&2
  exit 1
fi

if [ -d "$dir/node_modules" ] && [ -f "$stamp" ] && [ ! "$dir/package-lock.json" -nt "$stamp" ] \
    && [ ! "$dir/package.json" -nt "$stamp" ]; then
  echo "install-tools: tools/azure-native/node_modules is up to date"
  exit 0
fi

echo "install-tools: installing tools/azure-native (npm ci)…"
(cd "$dir" && npm ci --ignore-scripts --no-audit --no-fund)
touch "$stamp"
