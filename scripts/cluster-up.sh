#!/usr/bin/env bash
# Starts a local cluster on loopback: Azurite, two silos and one gateway (an Orleans client of the silos), then
# waits until the gateway answers ready. Every process it starts gets a pid file in $CLUSTER_DIR/pids, and
# scripts/cluster-down.sh stops exactly those. Logs go to $CLUSTER_DIR/logs; the silos share the key-encryption
# key ring in $CLUSTER_DIR/keys.
#
#   scripts/cluster-up.sh [--no-build]
#
# Ports (override with the environment): GATEWAY_PORT=5080, Azurite AZURITE_BLOB_PORT=10000,
# AZURITE_QUEUE_PORT=10001, AZURITE_TABLE_PORT=10002; silo N (1, 2) listens on 11110+N (silo-to-silo),
# 30000+N-1 (clients) and 8080+N (health, dashboard), shifted by SILO_PORT_OFFSET=0.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

CLUSTER_DIR="${CLUSTER_DIR:-$root/.cluster}"
CONFIGURATION="${CONFIGURATION:-Release}"
GATEWAY_PORT="${GATEWAY_PORT:-5080}"
AZURITE_BLOB_PORT="${AZURITE_BLOB_PORT:-10000}"
AZURITE_QUEUE_PORT="${AZURITE_QUEUE_PORT:-10001}"
AZURITE_TABLE_PORT="${AZURITE_TABLE_PORT:-10002}"
SILO_PORT_OFFSET="${SILO_PORT_OFFSET:-0}"
READY_TIMEOUT="${READY_TIMEOUT:-120}"

pids="$CLUSTER_DIR/pids"
logs="$CLUSTER_DIR/logs"
mkdir -p "$pids" "$logs"

for pidfile in "$pids"/*.pid; do
  [ -e "$pidfile" ] || continue
  if kill -0 "$(cat "$pidfile")" 2>/dev/null; then
    echo "A cluster is already running from $CLUSTER_DIR (see $pidfile); stop it with scripts/cluster-down.sh." >&2
    exit 1
  fi
  rm -f "$pidfile"
done

# Azurite is the one tool this script needs: from npm into node_modules/, as the invoking user. The Debian packages
# other tests need (installed as root) are scripts/install-tools.sh's business, never this script's.
if [ ! -x node_modules/.bin/azurite ]; then
  if ! command -v npm >/dev/null 2>&1; then
    echo "cluster-up needs Azurite from npm: install Node.js 20 or later (with npm), then run this again." >&2
    exit 1
  fi
  echo "installing Azurite from npm into node_modules/ (package-lock.json)" >&2
  npm ci --no-audit --no-fund --loglevel=error
fi

if [ "${1:-}" != "--no-build" ]; then
  dotnet build src/Gateway/DeferredOrleans.Gateway.csproj -c "$CONFIGURATION" -nologo -v quiet
fi

# The Azurite development account (public, documented); endpoints name our ports.
account="devstoreaccount1"
key="Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="
storage="DefaultEndpointsProtocol=http;AccountName=$account;AccountKey=$key;BlobEndpoint=http://127.0.0.1:$AZURITE_BLOB_PORT/$account;QueueEndpoint=http://127.0.0.1:$AZURITE_QUEUE_PORT/$account;TableEndpoint=http://127.0.0.1:$AZURITE_TABLE_PORT/$account;"

# start NAME DIRECTORY COMMAND...: runs COMMAND in DIRECTORY in the background and records its pid.
start() {
  local name="$1" directory="$2"
  shift 2
  ( cd "$directory" && exec "$@" >"$logs/$name.log" 2>&1 ) &
  echo $! >"$pids/$name.pid"
}

# wait_for NAME URL: polls URL until it answers 2xx, fails if the process dies or the time runs out.
wait_for() {
  local name="$1" url="$2" deadline=$((SECONDS + READY_TIMEOUT))
  until curl -fsS -o /dev/null --max-time 2 "$url" 2>/dev/null; do
    if ! kill -0 "$(cat "$pids/$name.pid")" 2>/dev/null; then
      echo "$name exited; last lines of $logs/$name.log:" >&2
      tail -n 40 "$logs/$name.log" >&2
      exit 1
    fi
    if [ "$SECONDS" -ge "$deadline" ]; then
      echo "$name did not answer at $url within ${READY_TIMEOUT}s; last lines of $logs/$name.log:" >&2
      tail -n 40 "$logs/$name.log" >&2
      exit 1
    fi
    sleep 0.5
  done
}

# --skipApiVersionCheck: Azurite 3.37 rejects the service version that Azure.Storage.Blobs 12.30 sends.
mkdir -p "$CLUSTER_DIR/azurite"
start azurite "$root" node_modules/.bin/azurite --silent --skipApiVersionCheck --loose --disableProductStyleUrl \
  --location "$CLUSTER_DIR/azurite" \
  --blobHost 127.0.0.1 --blobPort "$AZURITE_BLOB_PORT" \
  --queueHost 127.0.0.1 --queuePort "$AZURITE_QUEUE_PORT" \
  --tableHost 127.0.0.1 --tablePort "$AZURITE_TABLE_PORT"
# Any HTTP answer (Azurite says 4xx to an anonymous request) means it listens.
deadline=$((SECONDS + 60))
until curl -s -o /dev/null --max-time 2 "http://127.0.0.1:$AZURITE_TABLE_PORT/"; do
  kill -0 "$(cat "$pids/azurite.pid")" 2>/dev/null || { cat "$logs/azurite.log" >&2; exit 1; }
  [ "$SECONDS" -lt "$deadline" ] || { echo "Azurite did not start" >&2; exit 1; }
  sleep 0.3
done

common=(
  "DeferredOrleans__Silo__Clustering=AzureStorage"
  "DeferredOrleans__Storage__Profile=AzureStorage"
  "DeferredOrleans__Storage__AzureConnectionString=$storage"
)
for n in 1 2; do
  silo_port=$((11110 + n + SILO_PORT_OFFSET))
  gateway_port=$((30000 + n - 1 + SILO_PORT_OFFSET))
  admin_port=$((8080 + n + SILO_PORT_OFFSET))
  start "silo$n" "$root/src/Silo/bin/$CONFIGURATION/net10.0" env "${common[@]}" \
    "DeferredOrleans__Silo__SiloPort=$silo_port" \
    "DeferredOrleans__Silo__GatewayPort=$gateway_port" \
    "DeferredOrleans__Silo__AdminUrls=http://127.0.0.1:$admin_port" \
    "DeferredOrleans__Keys__Directory=$CLUSTER_DIR/keys" \
    dotnet DeferredOrleans.Silo.dll
done

start gateway "$root/src/Gateway/bin/$CONFIGURATION/net10.0" env "${common[@]}" \
  "DeferredOrleans__Gateway__Role=Client" \
  "Urls=http://127.0.0.1:$GATEWAY_PORT" \
  "DeferredOrleans__Server__Issuer=http://localhost:$GATEWAY_PORT" \
  dotnet DeferredOrleans.Gateway.dll

for n in 1 2; do
  wait_for "silo$n" "http://127.0.0.1:$((8080 + n + SILO_PORT_OFFSET))/health/ready"
done
wait_for gateway "http://127.0.0.1:$GATEWAY_PORT/health/ready"

echo "Cluster up: gateway http://localhost:$GATEWAY_PORT, silos' health on :$((8081 + SILO_PORT_OFFSET)) and :$((8082 + SILO_PORT_OFFSET)), Azurite tables on :$AZURITE_TABLE_PORT."
echo "Logs in $logs; stop with scripts/cluster-down.sh"
