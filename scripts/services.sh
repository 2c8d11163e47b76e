#!/usr/bin/env bash
# Real services for the test suite, started and stopped by scripts/test.sh.
# Every service listens on the loopback interface only.

# A throw-away PostgreSQL cluster owned by the postgres user, trust auth on
# 127.0.0.1, on a free port. Exports VENDING_TEST_PG_URL for the tests.
start_postgres() {
  local bindir
  bindir=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
  PG_DIR=$(mktemp -d /tmp/vending-pg.XXXXXX)
  chown postgres:postgres "$PG_DIR"
  local port
  port=$("$VENV/bin/python" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  runuser -u postgres -- "$bindir/initdb" -D "$PG_DIR/data" -A trust -U postgres -E UTF8 >/dev/null
  runuser -u postgres -- "$bindir/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/log" -w \
    -o "-p $port -k $PG_DIR -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200" start >/dev/null
  runuser -u postgres -- "$bindir/createdb" -h 127.0.0.1 -p "$port" vending_test
  export VENDING_TEST_PG_URL="postgresql+psycopg://postgres@127.0.0.1:$port/vending_test"
  PG_BIN="$bindir"
  echo ">> PostgreSQL $("$bindir/postgres" --version | awk '{print $3}') on 127.0.0.1:$port"
}

stop_postgres() {
  if [ -n "${PG_DIR:-}" ] && [ -d "$PG_DIR/data" ]; then
    runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$PG_DIR"
  fi
}
