#!/usr/bin/env bash
# The engine's PostgreSQL benchmarks on the cluster of ../shared/bench/pg (pg-up.sh: fsync on, synchronous_commit on,
# shared_buffers 1GB, 127.0.0.1:54329), in one run with that cluster's pgbench workflow-step ceiling, so that both
# figures come from the same machine, server and moment. ~5 min. Prints the RESULT| lines of both at the end.
#
#   tests/ProzessEngine.Benchmarks/run-postgres.sh [runs]     runs (default 1) repeats engine + ceiling for medians
#
# Environment: SHARED_BENCH (default ../shared/bench next to the repository), INSTANCES (10000), TIMERS (100000),
# BENCH_SECONDS (pgbench seconds per run, default 20).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
ROOT=$PWD
SHARED_BENCH=${SHARED_BENCH:-$ROOT/../shared/bench}
RUNS=${1:-1}
INSTANCES=${INSTANCES:-10000}
TIMERS=${TIMERS:-100000}
[ -x "$SHARED_BENCH/pg/pg-up.sh" ] || [ -f "$SHARED_BENCH/pg/pg-up.sh" ] || { echo "No $SHARED_BENCH/pg/pg-up.sh" >&2; exit 2; }

dotnet build -c Release tests/ProzessEngine.Benchmarks -v quiet -nologo >/dev/null
bench=(dotnet "$ROOT/tests/ProzessEngine.Benchmarks/bin/Release/net10.0/ProzessEngine.Benchmarks.dll" engine)

bash "$SHARED_BENCH/pg/pg-up.sh"
trap 'bash "$SHARED_BENCH/pg/pg-down.sh" >/dev/null 2>&1 || true' EXIT
export PROZESS_TEST_DB="Host=127.0.0.1;Port=54329;Username=postgres;Database=postgres;Maximum Pool Size=40"
log=$(mktemp)
echo "== $(date -u +%FT%TZ) $(nproc) cpu, $(uname -r)" | tee -a "$log"
for run in $(seq "$RUNS"); do
  echo "== run $run: engine (straight, usertask), $INSTANCES instances, 8 clients" | tee -a "$log"
  "${bench[@]}" postgres --instances "$INSTANCES" --concurrency 8 2>&1 | tee -a "$log"
  echo "== run $run: pgbench workflow step (../shared/bench/pg/bench-transition.sh)" | tee -a "$log"
  (cd "$SHARED_BENCH/pg" && bash bench-transition.sh) 2>&1 | grep '^RESULT' | tee -a "$log"
done
echo "== timers: $TIMERS due at one moment" | tee -a "$log"
"${bench[@]}" timer-burst --timers "$TIMERS" 2>&1 | grep -E '^(Started|Burst|RESULT|WARNING)' | tee -a "$log"
echo "== timers: 200/s for 30 s" | tee -a "$log"
"${bench[@]}" timer-lag --rate 200 --seconds 30 2>&1 | grep -E '^(Lag|RESULT)' | tee -a "$log"
echo
echo "== summary"
grep '^RESULT' "$log"
rm -f "$log"
