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

# pcscd with vsmartcard's vpcd driver, for the card tests and the demo.
# vpcd listens for virtual cards on a TCP port on all interfaces and cannot be
# bound to loopback; so pcscd runs in a private network namespace of its own
# (only its own loopback inside), and the virtual card joins that namespace.
# Nothing is exposed outside the machine, or even to this machine's network.
# Clients reach pcscd through its Unix socket, which does not depend on the
# network namespace. Exports VENDING_VPCD_NETNS and VENDING_VPCD_PORT.
PCSCD_SOCKET=/run/pcscd/pcscd.comm
start_pcscd() {
  if pgrep -x pcscd >/dev/null; then
    echo "a pcscd not started by this script is running; stop it first (the tests need" \
         "their own, with the virtual reader)" >&2
    return 1
  fi
  rm -f "$PCSCD_SOCKET"
  PCSC_DIR=$(mktemp -d /tmp/vending-pcsc.XXXXXX)
  mkdir -p "$PCSC_DIR/reader.conf.d"
  export VENDING_VPCD_PORT=35963
  cat > "$PCSC_DIR/reader.conf.d/vending-vpcd" <<CONF
FRIENDLYNAME "Vending Virtual Reader"
DEVICENAME   /dev/null:$(printf '0x%X' "$VENDING_VPCD_PORT")
LIBPATH      /usr/lib/pcsc/drivers/serial/libifdvpcd.so
CHANNELID    $(printf '0x%X' "$VENDING_VPCD_PORT")
CONF
  # pcscd's select() aborts on descriptors above FD_SETSIZE: keep the limit low.
  unshare --net --fork -- bash -c "ip link set lo up && ulimit -n 1024 && echo \$\$ > '$PCSC_DIR/pid' \
    && exec pcscd --foreground -c '$PCSC_DIR/reader.conf.d'" > "$PCSC_DIR/log" 2>&1 &
  for _ in $(seq 1 100); do
    [ -S "$PCSCD_SOCKET" ] && [ -s "$PCSC_DIR/pid" ] && break
    sleep 0.1
  done
  if [ ! -S "$PCSCD_SOCKET" ]; then
    echo "pcscd did not start:" >&2; cat "$PCSC_DIR/log" >&2; return 1
  fi
  export VENDING_VPCD_NETNS="/proc/$(cat "$PCSC_DIR/pid")/ns/net"
  echo ">> pcscd with the virtual reader (vpcd port $VENDING_VPCD_PORT inside a private network namespace)"
}

stop_pcscd() {
  if [ -n "${PCSC_DIR:-}" ] && [ -s "$PCSC_DIR/pid" ]; then
    kill "$(cat "$PCSC_DIR/pid")" 2>/dev/null || true
    sleep 0.2
    rm -rf "$PCSC_DIR"
  fi
}
