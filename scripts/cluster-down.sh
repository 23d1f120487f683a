#!/usr/bin/env bash
# Stops exactly the processes scripts/cluster-up.sh started (by the pids it recorded), gateway first, the storage
# (Azurite or PostgreSQL) last. The storage's data stays in $CLUSTER_DIR/azurite or $CLUSTER_DIR/postgres; delete that
# folder for a fresh cluster.
set -uo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
CLUSTER_DIR="${CLUSTER_DIR:-$root/.cluster}"
pids="$CLUSTER_DIR/pids"

# running PID: the process runs. cluster-up.sh exits before its processes do, so they belong to whoever adopts
# orphans; where that never reaps them (a container's init often does not), an exited process stays a zombie, which
# still answers kill -0. Its state in /proc says it is gone.
running() {
  local state
  kill -0 "$1" 2>/dev/null || return 1
  state="$(sed 's/^.*) //' "/proc/$1/stat" 2>/dev/null | cut -d' ' -f1)"
  [ -n "$state" ] && [ "$state" != Z ] && [ "$state" != X ]
}

# stop NAME [SIGNAL]: SIGTERM by default; PostgreSQL gets SIGINT, its "fast" shutdown (SIGTERM would wait for every
# client to leave, and a SIGKILL after the grace period would leave its shared memory and its children behind).
stop() {
  local name="$1" signal="${2:-TERM}" pidfile="$pids/$1.pid" pid
  [ -f "$pidfile" ] || return 0
  pid="$(cat "$pidfile")"
  # A recycled pid would belong to something else: only signal a process that is still ours (dotnet, node, postgres).
  if running "$pid" && grep -qaE 'dotnet|node|postgres' "/proc/$pid/cmdline" 2>/dev/null; then
    kill "-$signal" "$pid" 2>/dev/null
    for _ in $(seq 1 100); do
      running "$pid" || break
      sleep 0.1
    done
    if running "$pid"; then
      kill -KILL "$pid" 2>/dev/null
      echo "killed $name ($pid): it did not stop within 10 s of SIG$signal"
    else
      echo "stopped $name ($pid)"
    fi
  fi
  rm -f "$pidfile"
}

for name in gateway silo1 silo2 azurite; do
  stop "$name"
done
stop postgres INT
