#!/usr/bin/env bash
# A throw-away PostgreSQL cluster from Debian's binaries, for tests only: trust auth, 127.0.0.1, free port,
# no durability (fsync off). Used by ./test.sh and by ProzessEngine.Testing's PostgresServer.
#
#   throwaway-postgres.sh start DIR   create DIR (must not exist), init and start a cluster in it; prints the
#                                     Npgsql connection string (superuser postgres, database postgres) on stdout
#   throwaway-postgres.sh stop DIR    stop that cluster and delete DIR (quiet; safe to call twice)
#   throwaway-postgres.sh bin-dir     print the folder of the server binaries (exit 3 when there are none)
#
# Environment: PROZESS_PG_BIN overrides the binary folder (default: newest /usr/lib/postgresql/<ver>/bin).
#              PROZESS_PG_DURABLE=1 keeps PostgreSQL's durable defaults (fsync, synchronous_commit, full_page_writes
#              on) with 1 GB shared_buffers and 4 GB max_wal_size: what the benchmarks measure against.
# Exit codes: 0 ok, 2 usage, 3 PostgreSQL binaries not installed, 1 anything else.
set -euo pipefail

usage() { echo "usage: $0 start|stop DIR, or $0 bin-dir" >&2; exit 2; }
command=${1:-}
dir=${2:-}
case "$command" in
  start | stop) [ $# -eq 2 ] || usage ;;
  bin-dir) [ $# -eq 1 ] || usage ;;
  *) usage ;;
esac
case "$command:$dir" in bin-dir:* | *:/*) ;; *) echo "$0: DIR must be an absolute path" >&2; exit 2 ;; esac

# The newest installed server; a newer client-only package (psql without initdb) does not count.
find_bin() {
  if [ -n "${PROZESS_PG_BIN:-}" ]; then echo "$PROZESS_PG_BIN"; return; fi
  local version
  for version in $(ls /usr/lib/postgresql 2>/dev/null | sort -rV); do
    if [ -x "/usr/lib/postgresql/$version/bin/initdb" ]; then echo "/usr/lib/postgresql/$version/bin"; return; fi
  done
  echo "/usr/lib/postgresql/<version>/bin"
}
bin=$(find_bin)
has_binaries() { [ -x "$bin/initdb" ] && [ -x "$bin/pg_ctl" ]; }

# initdb refuses to run as root: as root the cluster belongs to Debian's postgres user.
if [ "$(id -u)" -eq 0 ]; then
  as_owner() { runuser -u postgres -- "$@"; }
else
  as_owner() { "$@"; }
fi

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

start() {
  if ! has_binaries; then
    echo "PostgreSQL binaries not found in $bin (install them: sudo apt-get install -y postgresql)" >&2
    exit 3
  fi
  if [ -e "$dir" ]; then echo "$0: $dir already exists" >&2; exit 1; fi
  mkdir -m 700 "$dir"
  if [ "$(id -u)" -eq 0 ]; then chown postgres:postgres "$dir"; fi

  if ! as_owner "$bin/initdb" -D "$dir/data" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 --no-sync \
      >"$dir/initdb.log" 2>&1; then
    cat "$dir/initdb.log" >&2
    exit 1
  fi
  # Unix socket inside DIR so nothing clashes in /var/run.
  cat >>"$dir/data/postgresql.conf" <<CONF
# --- throwaway-postgres.sh ---
listen_addresses = '127.0.0.1'
unix_socket_directories = '$dir'
max_connections = 300
CONF
  if [ "${PROZESS_PG_DURABLE:-0}" = 1 ]; then
    # Benchmarks: durable like production; a 20 s run is not cut short by a size-triggered checkpoint.
    printf 'shared_buffers = 1GB\nmax_wal_size = 4GB\n' >>"$dir/data/postgresql.conf"
  else
    # Test data is disposable: trade durability for speed.
    printf 'fsync = off\nsynchronous_commit = off\nfull_page_writes = off\n' >>"$dir/data/postgresql.conf"
  fi

  local attempt port
  for attempt in 1 2 3 4 5 6 7 8 9 10; do
    port=$(( 20000 + (RANDOM * 32768 + RANDOM) % 40000 ))
    if port_in_use "$port"; then continue; fi
    if as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -o "-p $port" -w -t 60 start >/dev/null 2>&1; then
      echo "Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres"
      return 0
    fi
    # Another process may have taken the port between the check and the bind: try another one.
    if ! grep -q 'could not bind\|Address already in use\|could not create any TCP/IP sockets' "$dir/server.log" 2>/dev/null; then
      break
    fi
  done
  echo "PostgreSQL did not start; its log ($dir/server.log):" >&2
  tail -n 20 "$dir/server.log" >&2 2>/dev/null || true
  stop
  exit 1
}

# Only a cluster that start made is stopped and deleted, so that a mistyped DIR never harms anything else.
made_here() { grep -qs '^# --- throwaway-postgres.sh ---$' "$dir/data/postgresql.conf"; }

stop() {
  if made_here; then
    if [ -f "$dir/data/postmaster.pid" ] && has_binaries; then
      as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w -t 20 stop >/dev/null 2>&1 \
        || as_owner "$bin/pg_ctl" -D "$dir/data" -m immediate -w -t 20 stop >/dev/null 2>&1 \
        || true
    fi
    rm -rf "$dir/data"
  fi
  rm -f "$dir/server.log" "$dir/initdb.log" "$dir"/.s.PGSQL.*
  rmdir "$dir" 2>/dev/null || true
}

case "$command" in
  start) start ;;
  stop) stop ;;
  bin-dir) if has_binaries; then echo "$bin"; else exit 3; fi ;;
esac
