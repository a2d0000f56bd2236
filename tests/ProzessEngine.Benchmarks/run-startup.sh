#!/usr/bin/env bash
# Cold start and memory of the published host on PostgreSQL: what a municipal IT department sees after
# `docker compose up` or a restart. For each run it starts the published host (Production, a durable throw-away
# PostgreSQL of its own from tests/tools/throwaway-postgres.sh, the shipped workflows), and measures
#   - ready_ms:       process start until GET /health/ready answers 200 (GET /health on hosts without readiness);
#   - cpu_ms:         CPU time (user + system) the host used until then: on a machine shared with other work the
#                     figure that depends least on the others, since ready_ms grows with the machine's load;
#   - rss_idle_mb:    resident memory 5 s after ready, nothing to do;
#   - rss_1000_mb:    resident memory after 1,000 instances of a straight-through process (start event, end event)
#                     were started over HTTP (8 at a time, one curl) and ran to their end.
# Goal (issue "Safe to run"): ready <= 2 s, idle RSS <= 150 MB. The first run also migrates the empty database; the
# medians are over the runs after it, on the same database (a restart, the usual case), each started once the
# database has written and vacuumed the previous run's instances. Each line carries the load average: other work on
# the machine stretches ready_ms (see docs/operations.md, "Start-up and memory").
#
#   tests/ProzessEngine.Benchmarks/run-startup.sh [runs]      (default 5; about 30 s per run, plus the publish)
#
# Needs Debian's postgresql package and curl. Prints RESULT| lines and the medians at the end.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
ROOT=$PWD
RUNS=${1:-5}
INSTANCES=${INSTANCES:-1000}
PORT=${PORT:-5399}
API_KEY=startup-benchmark-key-0123456789abcdef

command -v curl >/dev/null || { echo "curl is missing: apt-get install -y curl" >&2; exit 2; }
tests/tools/throwaway-postgres.sh bin-dir >/dev/null || { echo "PostgreSQL is not installed: apt-get install -y postgresql" >&2; exit 2; }

publish=$(mktemp -d "${TMPDIR:-/tmp}/prozess-startup-publish.XXXXXXXX")
pg_dir=$(mktemp -u "${TMPDIR:-/tmp}/prozess-startup-pg.XXXXXXXX")
host_pid=
cleanup() {
  [[ -n $host_pid ]] && kill "$host_pid" 2>/dev/null || true
  tests/tools/throwaway-postgres.sh stop "$pg_dir" >/dev/null 2>&1 || true
  rm -rf "$publish"
}
trap cleanup EXIT

echo "== publishing the host (Release) to $publish"
dotnet publish engine/ProzessEngine.Host -c Release -o "$publish" -p:SkipDesignerBuild=true -v quiet -nologo >/dev/null
connection=$(PROZESS_PG_DURABLE=1 tests/tools/throwaway-postgres.sh start "$pg_dir")
connection="${connection%;Database=*};Database=prozessengine_startup"
port=$(sed -n 's/.*Port=\([0-9]*\).*/\1/p' <<<"$connection")
pg_bin=$(tests/tools/throwaway-postgres.sh bin-dir)
"$pg_bin/createdb" -h 127.0.0.1 -p "$port" -U postgres prozessengine_startup

base=http://127.0.0.1:$PORT
now_ms() { date +%s%3N; }
rss_mb() { awk '/^VmRSS:/ { printf "%.0f", $2 / 1024 }' "/proc/$1/status"; }
cpu_ms() { awk -v tick="$(getconf CLK_TCK)" '{ printf "%.0f", ($14 + $15) * 1000 / tick }' "/proc/$1/stat"; }
ready() { curl -fsS -o /dev/null "$base/health/ready" 2>/dev/null || curl -fsS -o /dev/null "$base/health" 2>/dev/null; }

start_host() {
  (cd "$publish" && exec env ASPNETCORE_ENVIRONMENT=Production Urls="$base" Engine__Database=PostgreSQL \
      ConnectionStrings__Engine="$connection" Engine__WorkflowsDirectory="$ROOT/workflows" \
      Engine__Auth__ApiKeys__0__Key="$API_KEY" Engine__Auth__ApiKeys__0__Name=benchmark Engine__Auth__ApiKeys__0__Roles__0=admin \
      Logging__LogLevel__Default=Warning \
      dotnet ProzessEngine.Host.dll >"$publish/host.log" 2>&1) &
  host_pid=$!
}

# One curl for all starts (a process per request would cost the machine more than the host does).
starts=$publish/starts.curl
for i in $(seq "$INSTANCES"); do
  (( i == 1 )) || echo next   # between two requests only: a trailing "next" is a request without a URL
  printf '%s\n' "url = \"$base/v2/process-instances\"" "header = \"X-Api-Key: $API_KEY\"" \
    'header = "Content-Type: application/json"' 'data = "{\"processDefinitionId\":\"durchlauf\"}"' \
    'output = "/dev/null"' 'write-out = "%{http_code}\n"'
done >"$starts"
start_instances() {
  local failed
  failed=$(curl -sS --no-progress-meter --parallel --parallel-max 8 -K "$starts" | grep -cv '^200$' || true)
  if [[ $failed != 0 ]]; then echo "$failed of $INSTANCES starts did not answer 200" >&2; exit 1; fi
}

deploy_straight_through() {
  cat >"$publish/durchlauf.bpmn" <<'BPMN'
<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d" targetNamespace="http://bpmn.io/schema/bpmn">
  <bpmn:process id="durchlauf" isExecutable="true">
    <bpmn:startEvent id="start" />
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="end" />
    <bpmn:endEvent id="end" />
  </bpmn:process>
</bpmn:definitions>
BPMN
  curl -fsS -o /dev/null -X POST "$base/v2/deployments" -H "X-Api-Key: $API_KEY" -F "resources=@$publish/durchlauf.bpmn;type=text/xml"
}

declare -a ready_list cpu_list idle_list loaded_list load_list
echo "== $(date -u +%FT%TZ) $(nproc) cpu ($(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)), $(uname -r), load $(cut -d' ' -f1-3 /proc/loadavg)"
for run in $(seq 1 "$RUNS"); do
  started=$(now_ms)
  start_host
  until ready; do
    kill -0 "$host_pid" 2>/dev/null || { echo "The host stopped; its log:" >&2; cat "$publish/host.log" >&2; exit 1; }
    sleep 0.02
  done
  ready_ms=$(( $(now_ms) - started ))
  cpu=$(cpu_ms "$host_pid")
  load=$(cut -d' ' -f1 /proc/loadavg)
  sleep 5
  idle=$(rss_mb "$host_pid")
  (( run > 1 )) || deploy_straight_through
  start_instances
  loaded=$(rss_mb "$host_pid")
  echo "RESULT|startup|run=$run|ready_ms=$ready_ms|cpu_ms=$cpu|rss_idle_mb=$idle|rss_${INSTANCES}_mb=$loaded|load=$load"
  kill "$host_pid"; wait "$host_pid" 2>/dev/null || true; host_pid=
  # The next start is measured against a database at rest: after 1,000 instances PostgreSQL goes on writing and
  # vacuuming them in the background for a while, and a start overlapping that would measure the database's work.
  "$pg_bin/psql" -h 127.0.0.1 -p "$port" -U postgres -d prozessengine_startup -qAt -c "CHECKPOINT" -c "VACUUM ANALYZE" >/dev/null
  if (( run > 1 || RUNS == 1 )); then
    ready_list+=("$ready_ms"); cpu_list+=("$cpu"); idle_list+=("$idle"); loaded_list+=("$loaded"); load_list+=("$load")
  fi
done

median() { printf '%s\n' "$@" | sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
echo "RESULT|startup-median|runs=${#ready_list[@]}|ready_ms=$(median "${ready_list[@]}")|cpu_ms=$(median "${cpu_list[@]}")|rss_idle_mb=$(median "${idle_list[@]}")|rss_${INSTANCES}_mb=$(median "${loaded_list[@]}")|load=$(median "${load_list[@]}")|cpus=$(nproc)"
