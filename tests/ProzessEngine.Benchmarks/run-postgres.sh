#!/usr/bin/env bash
# The engine's PostgreSQL benchmarks on the cluster of ../shared/bench/pg (its pg-up.sh: fsync on, synchronous_commit
# on, shared_buffers 1GB, 127.0.0.1:54329), interleaved with that cluster's pgbench workflow-step ceiling
# (transition.sql and transition-pipelined.sql, -c 8 -j 2, synchronous_commit on, exactly as bench-transition.sh runs
# them), so that engine and ceiling are measured on the same machine, server and minute. Then the timer benchmarks.
#
#   tests/ProzessEngine.Benchmarks/run-postgres.sh [runs]    (default 3 runs; ~1.5 min per run plus ~3 min of timers)
#
# Environment: SHARED_BENCH (default ../shared/bench next to the repository), INSTANCES (10000), TIMERS (100000),
# BENCH_SECONDS (pgbench seconds per run, default 20). Prints every RESULT| line at the end.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
ROOT=$PWD
SHARED_BENCH=$(cd "${SHARED_BENCH:-$ROOT/../shared/bench}" && pwd)
RUNS=${1:-3}
INSTANCES=${INSTANCES:-10000}
TIMERS=${TIMERS:-100000}
[ -f "$SHARED_BENCH/pg/pg-up.sh" ] || { echo "No $SHARED_BENCH/pg/pg-up.sh" >&2; exit 2; }

dotnet build -c Release tests/ProzessEngine.Benchmarks -v quiet -nologo >/dev/null
bench=(dotnet "$ROOT/tests/ProzessEngine.Benchmarks/bin/Release/net10.0/ProzessEngine.Benchmarks.dll" engine)

bash "$SHARED_BENCH/pg/pg-up.sh"
trap 'bash "$SHARED_BENCH/pg/pg-down.sh" >/dev/null 2>&1 || true' EXIT
# shellcheck source=/dev/null
. "$SHARED_BENCH/pg/common.sh"
export PROZESS_TEST_DB="Host=127.0.0.1;Port=$BENCH_PGPORT;Username=postgres;Database=postgres;Maximum Pool Size=40"

# The ceiling's schema and parameters, as bench-transition.sh sets them up.
NINST=100000 STATE_BYTES=1024
psqlq -v ninst="$NINST" -v state_bytes="$STATE_BYTES" -f "$HERE/transition-schema.sql" >/dev/null
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
  run_pgbench "transition-c8-1024B" on "${common[@]}" -f "$HERE/transition.sql" -c 8 -j 2 -T "$BENCH_SECONDS" | grep '^RESULT' | tee -a "$log"
  run_pgbench "transition-pipelined-c8-1024B" on "${common[@]}" -f "$HERE/transition-pipelined.sql" -c 8 -j 2 -T "$BENCH_SECONDS" \
    | grep '^RESULT' | tee -a "$log"
done
echo "== timers: $TIMERS due at one moment (load $(cut -d' ' -f1-3 /proc/loadavg))" | tee -a "$log"
"${bench[@]}" timer-burst --timers "$TIMERS" 2>&1 | grep -E '^(Started|Burst|RESULT|WARNING)' | tee -a "$log"
echo "== timers: 200/s for 30 s (load $(cut -d' ' -f1-3 /proc/loadavg))" | tee -a "$log"
"${bench[@]}" timer-lag --rate 200 --seconds 30 2>&1 | grep -E '^(Lag|RESULT)' | tee -a "$log"
echo
echo "== summary"
grep '^RESULT' "$log"
rm -f "$log"
