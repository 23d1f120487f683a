#!/usr/bin/env bash
# Installs what the cluster and interop tests and scripts need beyond the .NET SDK, once:
# - Azurite, openid-client and oidc-provider (npm, pinned in package-lock.json) into the repo-local node_modules/
#   (oidc-provider is the real upstream OpenID Provider of the inbox's sign-in tests);
# - Debian's docker-compose, which validates docker-compose.yml without a container engine (as root only);
# - Debian's python3-aiosmtpd, the real SMTP server of the notification tests (as root only);
# - Debian's chromium, the browser the browser tests drive through Playwright (as root only; Playwright never
#   downloads a browser of its own here);
# - Debian's postgresql, whose server programs (initdb, pg_ctl) the PostgreSQL profile's tests and
#   `scripts/cluster-up.sh --postgres` run as clusters of their own in a directory (as root only).
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -x node_modules/.bin/azurite ] || [ ! -f node_modules/openid-client/package.json ] || [ ! -f node_modules/oidc-provider/package.json ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi

# Debian packages, each only when missing, installed together (one apt-get update).
missing=()
command -v docker-compose >/dev/null 2>&1 || missing+=(docker-compose)
/usr/bin/python3 -c 'import aiosmtpd' >/dev/null 2>&1 || missing+=(python3-aiosmtpd)
[ -x /usr/bin/chromium ] || missing+=(chromium)
compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null || command -v initdb >/dev/null 2>&1 || missing+=(postgresql)
# unzip lists the NuGet package in scripts/test.sh's packaging check.
command -v unzip >/dev/null 2>&1 || missing+=(unzip)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "installing Debian packages: ${missing[*]}" >&2
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    echo "missing Debian packages (the cluster, PostgreSQL, notification and browser tests need them): sudo apt-get install ${missing[*]}" >&2
  fi
fi
