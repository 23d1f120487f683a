#!/usr/bin/env bash
# Stops exactly the processes scripts/cluster-up.sh started (by the pids it recorded), gateway first, Azurite last.
# Azurite's data stays in $CLUSTER_DIR/azurite; delete that folder for a fresh cluster.
set -uo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
CLUSTER_DIR="${CLUSTER_DIR:-$root/.cluster}"
pids="$CLUSTER_DIR/pids"

stop() {
  local name="$1" pidfile="$pids/$1.pid" pid
  [ -f "$pidfile" ] || return 0
  pid="$(cat "$pidfile")"
  # A recycled pid would belong to something else: only signal a process that is still ours (dotnet or node).
  if kill -0 "$pid" 2>/dev/null && grep -qaE 'dotnet|node' "/proc/$pid/cmdline" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null
    for _ in $(seq 1 100); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    if kill -0 "$pid" 2>/dev/null; then
      kill -KILL "$pid" 2>/dev/null
    fi
    echo "stopped $name ($pid)"
  fi
  rm -f "$pidfile"
}

for name in gateway silo1 silo2 azurite; do
  stop "$name"
done
