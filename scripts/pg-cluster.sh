#!/usr/bin/env bash
# A throwaway PostgreSQL 15 cluster for tests and benchmarks.
#   scripts/pg-cluster.sh start DIR   -> prints a postgresql:// URL on stdout
#   scripts/pg-cluster.sh stop DIR
#   scripts/pg-cluster.sh crash DIR   -> immediate shutdown (no checkpoint), as after a power cut
# Starting an existing cluster again reuses its port, so clients can reconnect.
# The cluster listens only on a Unix socket inside DIR and on 127.0.0.1 at a free port.
# backend_flush_after as docs/deploy.md recommends for the collector's database.
set -euo pipefail
PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
action=${1:?usage: pg-cluster.sh start|stop|crash DIR}
dir=${2:?usage: pg-cluster.sh start|stop|crash DIR}

as_owner() {
  # initdb and postgres refuse to run as root: use the postgres account then.
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

case "$action" in
  start)
    mkdir -p "$dir"
    [ "$(id -u)" -eq 0 ] && chown postgres:postgres "$dir"
    if [ ! -f "$dir/data/PG_VERSION" ]; then
      as_owner "$PG_BIN/initdb" -D "$dir/data" -U insightos --auth=trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1
    fi
    if [ -f "$dir/port" ]; then port=$(cat "$dir/port"); else port=$(free_port); fi
    as_owner "$PG_BIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
      -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=on -c max_connections=200 -c shared_buffers=256MB -c max_wal_size=8GB -c checkpoint_timeout=30min -c backend_flush_after=256kB" \
      start >/dev/null
    echo "$port" >"$dir/port"
    if ! as_owner "$PG_BIN/psql" -h "$dir" -p "$port" -U insightos -d insightos -Atc "select 1" >/dev/null 2>&1; then
      as_owner "$PG_BIN/createdb" -h "$dir" -p "$port" -U insightos insightos
    fi
    echo "postgresql://insightos@127.0.0.1:$port/insightos"
    ;;
  stop)
    if [ -f "$dir/data/postmaster.pid" ]; then
      as_owner "$PG_BIN/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
    fi
    ;;
  crash)
    as_owner "$PG_BIN/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
    ;;
  *) echo "usage: pg-cluster.sh start|stop|crash DIR" >&2; exit 2 ;;
esac
