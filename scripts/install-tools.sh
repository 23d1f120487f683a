#!/usr/bin/env bash
# Installs what the cluster and interop tests and scripts need beyond the .NET SDK, once:
# - Azurite and openid-client (npm, pinned in package-lock.json) into the repo-local node_modules/;
# - Debian's docker-compose, which validates docker-compose.yml without a container engine (as root only);
# - Debian's python3-aiosmtpd, the real SMTP server of the notification tests (as root only).
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

if ! /usr/bin/python3 -c 'import aiosmtpd' >/dev/null 2>&1; then
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-aiosmtpd >/dev/null
  else
    echo "aiosmtpd is missing: install Debian's package (sudo apt-get install python3-aiosmtpd)." >&2
  fi
fi
