#!/usr/bin/env bash
# Start or stop a throw-away PostgreSQL cluster on 127.0.0.1 for the test suite.
#   scripts/test-postgres.sh start   -> prints the URL to export as PIXORGA_TEST_POSTGRESQL_URL
#   scripts/test-postgres.sh stop
# Uses Debian's postgresql binaries (scripts/install-system-deps.sh installs them). Runs the server
# as the unprivileged "postgres" user when started as root, as PostgreSQL refuses to run as root.
set -euo pipefail

PORT="${PIXORGA_TEST_PG_PORT:-54329}"
DIR="${PIXORGA_TEST_PG_DIR:-/tmp/pixorga-test-pg-$PORT}"
BIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
if [ -z "$BIN" ]; then
  echo "PostgreSQL server binaries not found: run scripts/install-system-deps.sh" >&2
  exit 1
fi

as_pg() {
  if [ "$(id -u)" = 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

case "${1:-start}" in
  start)
    if [ ! -f "$DIR/PG_VERSION" ]; then
      rm -rf "$DIR"
      mkdir -p "$DIR"
      [ "$(id -u)" = 0 ] && chown postgres:postgres "$DIR"
      as_pg "$BIN/initdb" -D "$DIR" -U pixorga --auth=trust --encoding=UTF8 --locale=C.UTF-8 >/dev/null
    fi
    if ! as_pg "$BIN/pg_ctl" -D "$DIR" status >/dev/null 2>&1; then
      as_pg "$BIN/pg_ctl" -D "$DIR" -l "$DIR/server.log" -w -t 60 \
        -o "-c listen_addresses=127.0.0.1 -p $PORT -k $DIR -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
        start >/dev/null
    fi
    echo "postgresql+psycopg://pixorga@127.0.0.1:$PORT/postgres"
    ;;
  stop)
    if [ -f "$DIR/PG_VERSION" ]; then
      as_pg "$BIN/pg_ctl" -D "$DIR" -m fast -w stop >/dev/null 2>&1 || true
    fi
    ;;
  *)
    echo "usage: $0 start|stop" >&2
    exit 2
    ;;
esac
