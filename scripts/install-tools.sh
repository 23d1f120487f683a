#!/usr/bin/env bash
# Installs what the cluster and interop tests and scripts need beyond the .NET SDK, once:
# - Azurite and openid-client (npm, pinned in package-lock.json) into the repo-local node_modules/;
# - Debian's docker-compose, which validates docker-compose.yml without a container engine (as root only);
# - Debian's chromium, the browser the browser tests drive through Playwright (as root only; Playwright never
#   downloads a browser of its own here).
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -x node_modules/.bin/azurite ] || [ ! -f node_modules/openid-client/package.json ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi

if ! command -v docker-compose >/dev/null 2>&1; then
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq docker-compose >/dev/null
  else
    echo "docker-compose is missing: install Debian's package (sudo apt-get install docker-compose)." >&2
  fi
fi

if [ ! -x /usr/bin/chromium ]; then
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "chromium is missing: install Debian's package (sudo apt-get install chromium) for the browser tests." >&2
  fi
fi
