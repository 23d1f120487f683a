#!/usr/bin/env bash
# Installs the repo-local development tools (Azurite) from package-lock.json into node_modules/, once.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -x node_modules/.bin/azurite ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
