#!/usr/bin/env bash
# install-tools.sh — installs the Node tools of the repository exactly as their package-lock.json pins them:
#   tools/azure-native: the pinned @pulumi/azure-native SDK, TypeScript and yaml;
#   tools/azurite:      the pinned Azurite storage emulator (the document data plane's blob server);
#   tools/action-validator: the pinned @action-validator/cli (offline schema check of .github/workflows);
# and Debian's chromium (headless browser tests of the SVG and HTML reports), with apt-get when missing.
# Idempotent: does nothing for a tool whose node_modules is present and newer than its package-lock.json.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

if ! command -v npm >/dev/null 2>&1; then
  echo "install-tools: npm is not on PATH; install Node.js 20 or later" >&2
  exit 1
fi

install_tool() {
  local name="$1"
  local dir="$root/tools/$name"
  local stamp="$dir/node_modules/.package-lock.json" # written by npm on every install

  if [ -d "$dir/node_modules" ] && [ -f "$stamp" ] && [ ! "$dir/package-lock.json" -nt "$stamp" ] \
      && [ ! "$dir/package.json" -nt "$stamp" ]; then
    echo "install-tools: tools/$name/node_modules is up to date"
    return 0
  fi

  echo "install-tools: installing tools/$name (npm ci)…"
  # --loglevel=error: azurite declares node >=22 but runs on the Node 20 the machines have; the
  # engine warnings are noise here.
  (cd "$dir" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)
  touch "$stamp"
}

install_tool azure-native
install_tool azurite
install_tool action-validator

# The reports' browser tests need a real Chromium; without it they fail (never skip), so install it here.
if ! command -v chromium >/dev/null 2>&1; then
  sudo=""
  if [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null 2>&1; then sudo="sudo"; fi
  if { [ "$(id -u)" -ne 0 ] && [ -z "$sudo" ]; } || ! command -v apt-get >/dev/null 2>&1; then
    echo "install-tools: chromium is missing; install Debian's 'chromium' package (apt-get install chromium) as root" >&2
    exit 1
  fi
  echo "install-tools: installing chromium (apt-get)…"
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null
else
  echo "install-tools: chromium is installed"
fi
