#!/usr/bin/env bash
# The task list over 1,000,000 open tasks on a durable throw-away PostgreSQL cluster of its own
# (tests/tools/throwaway-postgres.sh with PROZESS_PG_DURABLE=1: fsync on, shared_buffers 1 GB): bulk-loads the tasks
# (COPY, then the migration's indexes), then measures p50/p99 of the searches a clerk's list sends (TaskListBenchmark).
# Goal (issue 13): a filtered, sorted first page over 1,000,000 open tasks answers with p99 <= 25 ms.
#
#   tests/ProzessEngine.Benchmarks/run-task-list.sh [tasks] [runs]     (default 1000000 tasks, 500 runs per query)
#
# Needs Debian's postgresql package (with pg_trgm, which it ships). About 5 minutes for a million tasks on two cores.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
TASKS=${1:-1000000}
RUNS=${2:-500}

tests/tools/throwaway-postgres.sh bin-dir >/dev/null || { echo "PostgreSQL is not installed: apt-get install -y postgresql" >&2; exit 2; }
dotnet build -c Release tests/ProzessEngine.Benchmarks -p:SkipDesignerBuild=true -v quiet -nologo >/dev/null
pg_dir=$(mktemp -u "${TMPDIR:-/tmp}/prozess-tasklist-pg.XXXXXXXX")
connection=$(PROZESS_PG_DURABLE=1 tests/tools/throwaway-postgres.sh start "$pg_dir")
trap 'tests/tools/throwaway-postgres.sh stop "$pg_dir" >/dev/null 2>&1 || true' EXIT
echo "== $(date -u +%FT%TZ) $(nproc) cpu, $(uname -r), load $(cut -d' ' -f1-3 /proc/loadavg)"
PROZESS_TEST_DB="$connection" dotnet tests/ProzessEngine.Benchmarks/bin/Release/net10.0/ProzessEngine.Benchmarks.dll engine task-list \
  --tasks "$TASKS" --runs "$RUNS"
echo "== load afterwards $(cut -d' ' -f1-3 /proc/loadavg)"
