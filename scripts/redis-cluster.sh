#!/usr/bin/env bash
# A three-master Redis Cluster on local ports, for the tests that run against a cluster
# (REDIS_CLUSTER_NODES / TEST_REDIS_CLUSTER_NODES). Needs redis-server and redis-cli 7 or later.
#
#   scripts/redis-cluster.sh start    start it, or reuse one already running and healthy;
#                                     prints the seeds (127.0.0.1:7001,127.0.0.1:7002,127.0.0.1:7003)
#   scripts/redis-cluster.sh stop     stop the servers this script started
#   scripts/redis-cluster.sh status   exit 0 when the cluster answers and is healthy
#
# REDIS_CLUSTER_BASE_PORT (default 7001) moves the three ports. Nothing is persisted: the servers
# run with --save '' --appendonly no in a directory of their own under $TMPDIR.
set -euo pipefail

BASE=${REDIS_CLUSTER_BASE_PORT:-7001}
PORTS=("$BASE" "$((BASE + 1))" "$((BASE + 2))")
DIR="${TMPDIR:-/tmp}/ro-p2p-redis-cluster-$BASE"
SEEDS=$(printf '127.0.0.1:%s,' "${PORTS[@]}")
SEEDS=${SEEDS%,}

cli() { redis-cli -h 127.0.0.1 -p "$1" "${@:2}"; }

healthy() {
  local info
  info=$(cli "${PORTS[0]}" cluster info 2>/dev/null) || return 1
  grep -q '^cluster_state:ok' <<<"$info" || return 1
  grep -q '^cluster_known_nodes:3' <<<"$info" || return 1
  grep -q '^cluster_slots_assigned:16384' <<<"$info"
}

stop() {
  local port pid
  for port in "${PORTS[@]}"; do
    pid=$(cat "$DIR/$port.pid" 2>/dev/null || true)
    if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
      kill "$pid"
      # Wait for the port to be free before a new server wants it.
      for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    fi
  done
  rm -rf "$DIR"
}

start() {
  if healthy; then
    echo "$SEEDS"
    return
  fi
  command -v redis-server >/dev/null || { echo "redis-server is not installed" >&2; exit 1; }
  local port
  for port in "${PORTS[@]}"; do
    # A server on the port that this script did not start is not ours to replace.
    if cli "$port" ping >/dev/null 2>&1 && [ ! -f "$DIR/$port.pid" ]; then
      echo "port $port is taken by a Redis this script did not start (and the cluster is not healthy)" >&2
      exit 1
    fi
  done
  stop
  mkdir -p "$DIR"
  for port in "${PORTS[@]}"; do
    redis-server --port "$port" --bind 127.0.0.1 --dir "$DIR" \
      --cluster-enabled yes --cluster-config-file "nodes-$port.conf" --cluster-node-timeout 2000 \
      --save '' --appendonly no --daemonize yes --pidfile "$DIR/$port.pid" --logfile "$DIR/$port.log"
  done
  for port in "${PORTS[@]}"; do
    for _ in $(seq 50); do cli "$port" ping >/dev/null 2>&1 && break; sleep 0.1; done
  done
  cli "${PORTS[0]}" --cluster create "${PORTS[@]/#/127.0.0.1:}" --cluster-replicas 0 --cluster-yes >"$DIR/create.log"
  for _ in $(seq 100); do healthy && break; sleep 0.1; done
  healthy || { echo "the cluster did not become healthy; see $DIR" >&2; exit 1; }
  echo "$SEEDS"
}

case "${1:-start}" in
  start) start ;;
  stop) stop ;;
  status) healthy ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
