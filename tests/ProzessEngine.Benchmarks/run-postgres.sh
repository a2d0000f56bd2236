#!/usr/bin/env bash
# The engine's PostgreSQL benchmarks on a durable throw-away cluster of their own (tests/tools/throwaway-postgres.sh with
# PROZESS_PG_DURABLE=1: fsync on, synchronous_commit on, shared_buffers 1 GB), interleaved with that cluster's pgbench
# ceiling for one workflow step (Ceiling/transition.sql and transition-pipelined.sql: UPDATE instance + INSERT journal +
# DELETE/INSERT bookmark, -c 8 -j 2, synchronous_commit on), so that engine and ceiling are measured on the same
# machine, server and minute. Then the timer benchmarks.
#
#   tests/ProzessEngine.Benchmarks/run-postgres.sh [runs]    (default 3 runs; ~1.5 min per run plus ~3 min of timers)
#
# Environment: INSTANCES (10000), TIMERS (100000), BENCH_SECONDS (pgbench seconds per run, default 20).
# Needs Debian's postgresql package (apt-get install -y postgresql; pgbench is part of it). Prints every RESULT| line
# at the end.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
ROOT=$PWD
CEILING=$ROOT/tests/ProzessEngine.Benchmarks/Ceiling
RUNS=${1:-3}
INSTANCES=${INSTANCES:-10000}
TIMERS=${TIMERS:-100000}
BENCH_SECONDS=${BENCH_SECONDS:-20}

PGBIN=$(tests/tools/throwaway-postgres.sh bin-dir) || { echo "PostgreSQL is not installed: apt-get install -y postgresql" >&2; exit 2; }

dotnet build -c Release tests/ProzessEngine.Benchmarks -p:SkipDesignerBuild=true -v quiet -nologo >/dev/null
bench=(dotnet "$ROOT/tests/ProzessEngine.Benchmarks/bin/Release/net10.0/ProzessEngine.Benchmarks.dll" engine)

pg_dir=$(mktemp -u "${TMPDIR:-/tmp}/prozess-bench-pg.XXXXXXXX")
connection=$(PROZESS_PG_DURABLE=1 tests/tools/throwaway-postgres.sh start "$pg_dir")
trap 'tests/tools/throwaway-postgres.sh stop "$pg_dir" >/dev/null 2>&1 || true' EXIT
export PROZESS_TEST_DB="$connection;Maximum Pool Size=40"
port=$(sed -n 's/.*Port=\([0-9]*\).*/\1/p' <<<"$connection")
export PGHOST=127.0.0.1 PGPORT=$port PGUSER=postgres PGDATABASE=ceiling
unset PGOPTIONS
"$PGBIN/createdb" -h 127.0.0.1 -p "$port" -U postgres ceiling

psqlq() { "$PGBIN/psql" -X -q -v ON_ERROR_STOP=1 "$@"; }

# run_pgbench LABEL PGBENCH-ARGS...: one "RESULT|..." line with tps, average latency and WAL bytes per transaction.
run_pgbench() {
  local label=$1; shift
  local out lsn0 lsn1 tps lat n walb
  psqlq -c 'CHECKPOINT' >/dev/null
  lsn0=$(psqlq -At -c 'SELECT pg_current_wal_lsn()')
  out=$(PGOPTIONS="-c synchronous_commit=on" "$PGBIN/pgbench" "$@" 2>&1) || { echo "$out" >&2; echo "RESULT|$label|sync=on|FAILED"; return 1; }
  lsn1=$(psqlq -At -c 'SELECT pg_current_wal_lsn()')
  tps=$(sed -n 's/^tps = \([0-9.]*\) (without initial connection time)/\1/p' <<<"$out")
  lat=$(sed -n 's/^latency average = \([0-9.]*\) ms/\1/p' <<<"$out")
  n=$(sed -n 's/^number of transactions actually processed: \([0-9]*\).*/\1/p' <<<"$out")
  walb=$(psqlq -At -c "SELECT pg_wal_lsn_diff('$lsn1', '$lsn0')")
  echo "RESULT|$label|sync=on|tps=$tps|lat_avg_ms=$lat|txns=$n|wal_bytes_per_txn=$(( walb / (n > 0 ? n : 1) ))"
}

# The ceiling's schema and parameters: 100,000 instances with a 1 KB state each.
NINST=100000 STATE_BYTES=1024
psqlq -v ninst="$NINST" -v state_bytes="$STATE_BYTES" -f "$CEILING/transition-schema.sql" >/dev/null
pad=$(head -c $((STATE_BYTES * 3)) /dev/urandom | base64 -w0 | tr -d '+/=' | head -c "$STATE_BYTES")
STATE="{\"tokens\":[{\"id\":\"t2\",\"node\":\"ship\",\"state\":\"waiting\"}],\"variables\":{\"amount\":420,\"customer\":\"c-42\",\"approved\":true,\"pad\":\"$pad\"}}"
EVENT='{"from":"approve","to":"ship","by":"clerk-7","flow":"f_approved","outcome":"approved"}'
common=(-M prepared -n -D ninst="$NINST" -D state="$STATE" -D event="$EVENT")

log=$(mktemp)
echo "== $(date -u +%FT%TZ) $(nproc) cpu, $(uname -r), load $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$log"
for run in $(seq "$RUNS"); do
  echo "== run $run: engine, $INSTANCES instances per model, 8 clients (load $(cut -d' ' -f1-3 /proc/loadavg))" | tee -a "$log"
  "${bench[@]}" postgres --instances "$INSTANCES" --concurrency 8 2>&1 | grep -E '^(straight|usertask|parallel|RESULT)' | tee -a "$log"
  echo "== run $run: pgbench workflow step, c8, synchronous_commit on" | tee -a "$log"
  run_pgbench "transition-c8-1024B" "${common[@]}" -f "$CEILING/transition.sql" -c 8 -j 2 -T "$BENCH_SECONDS" | tee -a "$log"
  run_pgbench "transition-pipelined-c8-1024B" "${common[@]}" -f "$CEILING/transition-pipelined.sql" -c 8 -j 2 -T "$BENCH_SECONDS" | tee -a "$log"
done
echo "== timers: $TIMERS due at one moment (load $(cut -d' ' -f1-3 /proc/loadavg))" | tee -a "$log"
"${bench[@]}" timer-burst --timers "$TIMERS" 2>&1 | grep -E '^(Started|Burst|RESULT|WARNING)' | tee -a "$log"
echo "== timers: 200/s for 30 s (load $(cut -d' ' -f1-3 /proc/loadavg))" | tee -a "$log"
"${bench[@]}" timer-lag --rate 200 --seconds 30 2>&1 | grep -E '^(Lag|RESULT)' | tee -a "$log"
echo
echo "== summary"
grep '^RESULT' "$log"
rm -f "$log"
