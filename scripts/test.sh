#!/usr/bin/env bash
# The full test suite: builds the solution, runs every test project, and ends with "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."

results="artifacts/test-results"
rm -rf "$results"
mkdir -p "$results"

# Azurite and docker-compose for the cluster tests, chromium for the browser tests (a no-op once installed).
# Playwright drives Debian's chromium and must never download a browser of its own.
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
if ! ./scripts/install-tools.sh; then
  echo "installing the test tools failed"
  echo "0 passed, 1 failed"
  exit 1
fi

if ! dotnet build DeferredOrleans.sln -c Release -nologo -v quiet; then
  echo "build failed"
  echo "0 passed, 1 failed"
  exit 1
fi

status=0
for project in tests/*/*.csproj; do
  name=$(basename "$project" .csproj)
  dotnet test "$project" -c Release --no-build -nologo \
    --logger "trx;LogFileName=${name}.trx" --logger "console;verbosity=minimal" --results-directory "$results" || status=1
done

# The SDK packages must keep building: each packaging check below counts as one result.
packages="artifacts/packages"
rm -rf "$packages"
mkdir -p "$packages"
pack_passed=0
pack_failed=0
pack_check() {
  local name=$1
  shift
  if "$@"; then
    pack_passed=$((pack_passed + 1))
  else
    echo "packaging check failed: $name"
    pack_failed=$((pack_failed + 1))
  fi
}
# dotnet pack: the client package, whose dependencies are Microsoft.Extensions.* only.
nuget_ok() {
  dotnet pack src/Client/DeferredOrleans.Client.csproj -c Release --no-build -nologo -v quiet -o "$packages" >/dev/null &&
    local nupkg && nupkg=$(ls "$packages"/DeferredOrleans.Client.*.nupkg) &&
    local contents && contents=$(unzip -l "$nupkg") &&
    grep -q 'lib/net10.0/DeferredOrleans.Client.dll' <<<"$contents" &&
    ! unzip -p "$nupkg" '*.nuspec' | grep -o 'dependency id="[^"]*"' | grep -v 'id="Microsoft.Extensions.'
}
pack_check "dotnet pack src/Client" nuget_ok
# npm pack: the JS package with its sources and types.
npm_ok() {
  local log="$packages/npm-pack.log" tarball
  if ! (cd clients/js && npm pack --pack-destination "../../$packages" >"../../$log" 2>&1); then
    cat "$log"
    return 1
  fi
  # The listing is read whole before it is searched: with pipefail, `tar | grep -q` fails whenever grep stops reading
  # before tar has written everything (tar then dies of SIGPIPE).
  local listing
  tarball=$(ls "$packages"/*.tgz) && listing=$(tar -tzf "$tarball") &&
    grep -qx 'package/src/index.js' <<<"$listing" &&
    grep -qx 'package/types/index.d.ts' <<<"$listing" || { echo "the npm package lacks its sources or types"; cat "$log"; return 1; }
}
pack_check "npm pack clients/js" npm_ok

passed=$pack_passed
failed=$pack_failed
shopt -s nullglob
for trx in "$results"/*.trx; do
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")
  f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  passed=$((passed + ${p:-0}))
  failed=$((failed + ${f:-0}))
done

# A test host that crashed leaves no counters; never report that as green.
if [ "$status" -ne 0 ] && [ "$failed" -eq "$pack_failed" ]; then
  failed=$((failed + 1))
fi

echo "${passed} passed, ${failed} failed"
[ "$failed" -eq 0 ]
