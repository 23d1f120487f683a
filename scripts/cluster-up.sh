#!/usr/bin/env bash
# Starts a local cluster on loopback: its storage (Azurite, or PostgreSQL with --postgres), two silos and one gateway
# (an Orleans client of the silos), then waits until the gateway answers ready. Every process it starts gets a pid
# file in $CLUSTER_DIR/pids, and scripts/cluster-down.sh stops exactly those. Logs go to $CLUSTER_DIR/logs; the silos
# share the key-encryption key ring in $CLUSTER_DIR/keys.
#
#   scripts/cluster-up.sh [--no-build] [--postgres]
#
# --postgres: membership, grain state and reminders in PostgreSQL (Storage:Profile=Postgres) instead of Azurite: a
# PostgreSQL cluster of its own in $CLUSTER_DIR/postgres (made by initdb on first use, kept afterwards) from Debian's
# postgresql package, run as the postgres user when this script runs as root (PostgreSQL refuses root).
#
# Ports (override with the environment): GATEWAY_PORT=5080, Azurite AZURITE_BLOB_PORT=10000,
# AZURITE_QUEUE_PORT=10001, AZURITE_TABLE_PORT=10002, PostgreSQL POSTGRES_PORT=15432; silo N (1, 2) listens on
# 11110+N (silo-to-silo), 30000+N-1 (clients) and 8080+N (health, dashboard), shifted by SILO_PORT_OFFSET=0.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

CLUSTER_DIR="${CLUSTER_DIR:-$root/.cluster}"
CONFIGURATION="${CONFIGURATION:-Release}"
GATEWAY_PORT="${GATEWAY_PORT:-5080}"
AZURITE_BLOB_PORT="${AZURITE_BLOB_PORT:-10000}"
AZURITE_QUEUE_PORT="${AZURITE_QUEUE_PORT:-10001}"
AZURITE_TABLE_PORT="${AZURITE_TABLE_PORT:-10002}"
POSTGRES_PORT="${POSTGRES_PORT:-15432}"
SILO_PORT_OFFSET="${SILO_PORT_OFFSET:-0}"
READY_TIMEOUT="${READY_TIMEOUT:-120}"

build=true
storage=azurite
for argument in "$@"; do
  case "$argument" in
    --no-build) build=false ;;
    --postgres) storage=postgres ;;
    *) echo "usage: scripts/cluster-up.sh [--no-build] [--postgres]" >&2; exit 2 ;;
  esac
done

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

# Azurite is the one tool this script installs: from npm into node_modules/, as the invoking user. The Debian packages
# (postgresql among them, installed as root) are scripts/install-tools.sh's business, never this script's.
if [ "$storage" = azurite ] && [ ! -x node_modules/.bin/azurite ]; then
  if ! command -v npm >/dev/null 2>&1; then
    echo "cluster-up needs Azurite from npm: install Node.js 20 or later (with npm), then run this again." >&2
    exit 1
  fi
  echo "installing Azurite from npm into node_modules/ (package-lock.json)" >&2
  npm ci --no-audit --no-fund --loglevel=error
fi

if [ "$storage" = postgres ]; then
  pg_bin=""
  for candidate in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -t/ -k4 -n -r); do
    [ -x "$candidate/initdb" ] && { pg_bin="$candidate"; break; }
  done
  if [ -z "$pg_bin" ] && command -v initdb >/dev/null 2>&1; then
    pg_bin="$(dirname "$(command -v initdb)")"
  fi
  if [ -z "$pg_bin" ]; then
    echo "cluster-up --postgres needs PostgreSQL's server programs: sudo apt-get install postgresql (or run scripts/install-tools.sh as root)." >&2
    exit 1
  fi
fi

if [ "$build" = true ]; then
  dotnet build src/Gateway/DeferredOrleans.Gateway.csproj -c "$CONFIGURATION" -nologo -v quiet
fi

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

if [ "$storage" = azurite ]; then
  # The Azurite development account (public, documented); endpoints name our ports.
  account="devstoreaccount1"
  key="Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="
  storage_connection="DefaultEndpointsProtocol=http;AccountName=$account;AccountKey=$key;BlobEndpoint=http://127.0.0.1:$AZURITE_BLOB_PORT/$account;QueueEndpoint=http://127.0.0.1:$AZURITE_QUEUE_PORT/$account;TableEndpoint=http://127.0.0.1:$AZURITE_TABLE_PORT/$account;"

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
    "DeferredOrleans__Storage__AzureConnectionString=$storage_connection"
  )
else
  # A PostgreSQL cluster of our own: data in $CLUSTER_DIR/postgres/data, its Unix socket beside it, TCP on loopback
  # only with a password made on first use (kept 0600 in $CLUSTER_DIR/postgres/password). As root, the server and its
  # tools run as the postgres user, which must be able to reach that directory.
  pg_dir="$CLUSTER_DIR/postgres"
  as_server=()
  if [ "$(id -u)" -eq 0 ]; then
    as_server=(runuser -u postgres --)
  fi
  # Closed to other users: the socket in it lets the server's own user in without a password.
  mkdir -p "$pg_dir"
  chmod 700 "$pg_dir"
  if [ ! -f "$pg_dir/data/PG_VERSION" ]; then
    rm -rf "$pg_dir/data"
    ( umask 077 && head -c 24 /dev/urandom | base64 | tr -d '/+=' >"$pg_dir/password" )
    if [ ${#as_server[@]} -gt 0 ]; then
      chown -R postgres "$pg_dir"
      if ! runuser -u postgres -- test -w "$pg_dir"; then
        echo "the postgres user cannot reach $pg_dir (a parent directory is closed to it): set CLUSTER_DIR to a directory under /tmp or /var/tmp" >&2
        exit 1
      fi
    fi
    "${as_server[@]}" "$pg_bin/initdb" -D "$pg_dir/data" -U postgres --pwfile="$pg_dir/password" -E UTF8 \
      --auth-host=scram-sha-256 --auth-local=trust --no-instructions >"$logs/initdb.log" 2>&1 ||
      { cat "$logs/initdb.log" >&2; exit 1; }
  fi
  # The server appends to its log as its own user.
  touch "$logs/postgres.log"
  [ ${#as_server[@]} -eq 0 ] || chown postgres "$logs/postgres.log"
  "${as_server[@]}" "$pg_bin/pg_ctl" -D "$pg_dir/data" -l "$logs/postgres.log" -w -t 60 \
    -o "-p $POSTGRES_PORT -k $pg_dir -c listen_addresses=127.0.0.1" start >/dev/null ||
    { tail -n 40 "$logs/postgres.log" >&2; exit 1; }
  head -n 1 "$pg_dir/data/postmaster.pid" >"$pids/postgres.pid"
  if [ -z "$("${as_server[@]}" "$pg_bin/psql" -h "$pg_dir" -p "$POSTGRES_PORT" -U postgres -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = 'deferred_orleans'")" ]; then
    "${as_server[@]}" "$pg_bin/createdb" -h "$pg_dir" -p "$POSTGRES_PORT" -U postgres deferred_orleans
  fi
  # Npgsql pools up to 100 connections per process, and this server allows 100 in all: two silos and the gateway
  # under load asked for more and got "too many clients already". 3 × 30 stays below it; callers past the pool wait.
  common=(
    "DeferredOrleans__Silo__Clustering=Postgres"
    "DeferredOrleans__Storage__Profile=Postgres"
    "DeferredOrleans__Storage__PostgresConnectionString=Host=127.0.0.1;Port=$POSTGRES_PORT;Database=deferred_orleans;Username=postgres;Password=$(cat "$pg_dir/password");Maximum Pool Size=30"
  )
fi
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

if [ "$storage" = azurite ]; then
  where="Azurite tables on :$AZURITE_TABLE_PORT"
else
  where="PostgreSQL on :$POSTGRES_PORT (database deferred_orleans)"
fi
echo "Cluster up: gateway http://localhost:$GATEWAY_PORT, silos' health on :$((8081 + SILO_PORT_OFFSET)) and :$((8082 + SILO_PORT_OFFSET)), $where."
echo "Logs in $logs; stop with scripts/cluster-down.sh"
