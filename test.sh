#!/usr/bin/env bash
# Builds ProzessEngine and runs every test: the .NET test projects (PostgreSQL and chromium included), the
# designer's vitest tests, the .NET format check (dotnet format) and the designer's lint (ESLint and Prettier).
# Works on a fresh Debian 12 with only the .NET SDK, Node and npm: it installs postgresql and chromium with apt-get
# (through sudo when not root) when they are missing.
#
#   ./test.sh                                          everything
#   ./test.sh --filter "FullyQualifiedName~Timer"      only the matching .NET tests (designer tests, format and lint skipped)
#   ./test.sh <any other dotnet test option>           passed on to dotnet test
#
# Environment:
#   PROZESS_TEST_DB   Npgsql connection string of a PostgreSQL superuser: used instead of a throw-away cluster
#   CONFIGURATION     build configuration, Debug (default) or Release
#
# Results (TRX files, vitest JSON, screenshots of failed browser tests) go to TestResults/run/.
# The last line of output is always "N passed, N failed, N skipped"; the exit code is non-zero when a test failed,
# a test run crashed, the build failed, the designer's lint found something, or no test ran. A crash, a failed build
# or a lint finding counts as one failed test.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")"
readonly ROOT=$PWD
readonly CONFIGURATION=${CONFIGURATION:-Debug}
readonly RESULTS=$ROOT/TestResults/run
readonly STARTED=$SECONDS

export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
# Playwright drives Debian's chromium; it must never try to download a browser of its own.
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
export PROZESS_TEST_RESULTS=$RESULTS
# @ibm/telemetry-js in the designer's dependencies reports usage from npm's install scripts; never from here.
export IBM_TELEMETRY_DISABLED=true NPM_CONFIG_UPDATE_NOTIFIER=false

passed=0 failed=0 skipped=0
pg_dir=""

log() { printf '\n== %s\n' "$*"; }

summary() {
  echo "test.sh took $(( SECONDS - STARTED )) s; results in ${RESULTS#"$ROOT"/}/"
  echo "$passed passed, $failed failed, $skipped skipped"
}

stop_postgres() {
  if [ -n "$pg_dir" ]; then
    tests/tools/throwaway-postgres.sh stop "$pg_dir" >/dev/null 2>&1 || true
    pg_dir=""
  fi
}

trap stop_postgres EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

if [ "${1:-}" = "--help" ] || [ "${1:-}" = "-h" ]; then
  sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'
  exit 0
fi

# --- 1. Debian packages -------------------------------------------------------------------------------------------
missing=()
if [ -z "${PROZESS_TEST_DB:-}" ] && ! tests/tools/throwaway-postgres.sh bin-dir >/dev/null; then missing+=(postgresql); fi
if [ -z "${PROZESS_CHROMIUM:-}" ] && [ ! -x /usr/bin/chromium ]; then missing+=(chromium); fi
if [ ${#missing[@]} -gt 0 ]; then
  log "Installing Debian packages: ${missing[*]}"
  if [ "$(id -u)" -eq 0 ]; then
    as_root=()
  elif command -v sudo >/dev/null 2>&1; then
    as_root=(sudo)
  else
    echo "Missing ${missing[*]} and no sudo: install them as root (apt-get install -y ${missing[*]})." >&2
    failed=1; summary; exit 1
  fi
  if ! "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q \
    || ! "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q -o DPkg::Lock::Timeout=300 "${missing[@]}"; then
    echo "apt-get could not install ${missing[*]}." >&2
    failed=1; summary; exit 1
  fi
fi

mkdir -p "$ROOT/TestResults"
rm -rf "$RESULTS"
mkdir -p "$RESULTS"

# --- 2. Build once; the Host's build also runs npm ci and the designer's vite build when they are stale ------------
log "Building ProzessEngine.sln ($CONFIGURATION)"
if ! dotnet build ProzessEngine.sln -c "$CONFIGURATION" -v minimal; then
  echo "The build failed." >&2
  failed=1; summary; exit 1
fi

# --- 2b. .NET formatting and code style (.editorconfig); skipped when dotnet test options narrow the run -------------
if [ $# -gt 0 ]; then
  log "dotnet format skipped: options given ($*)"
else
  log "dotnet format --verify-no-changes (run 'dotnet format ProzessEngine.sln' to fix)"
  if ! dotnet format ProzessEngine.sln --verify-no-changes --no-restore; then
    echo "dotnet format found code that does not follow .editorconfig: run 'dotnet format ProzessEngine.sln'." >&2
    failed=$(( failed + 1 ))
  fi
fi

# --- 3. Designer unit tests (vitest) and lint; skipped when dotnet test options narrow the run -----------------------
designer_has_tests() {
  [ -f designer/package.json ] && node -e \
    'process.exit(require(process.argv[1]).scripts?.test ? 0 : 1)' "$ROOT/designer/package.json" 2>/dev/null
}

if [ $# -gt 0 ]; then
  log "Designer tests skipped: options given ($*)"
elif ! designer_has_tests; then
  log "Designer tests skipped: designer/package.json has no test script"
else
  log "Designer tests (npm test)"
  (
    cd designer
    if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
      npm ci --no-audit --no-fund
    fi
  ) || { echo "npm ci failed in designer/." >&2; failed=$(( failed + 1 )); }
  vitest_json=$RESULTS/designer-vitest.json
  reporter_args=()
  if grep -q '"test": *"vitest' designer/package.json; then
    reporter_args=(-- --reporter=default --reporter=json "--outputFile.json=$vitest_json")
  fi
  set +e
  (cd designer && CI=true npm test "${reporter_args[@]}" </dev/null)
  vitest_exit=$?
  set -e
  vitest_counts="0 0 0"
  if [ -s "$vitest_json" ]; then
    vitest_counts=$(node -e '
      const r = require(process.argv[1]);
      console.log(r.numPassedTests, r.numFailedTests, r.numPendingTests + r.numTodoTests);' "$vitest_json") \
      || vitest_counts="0 0 0"
  fi
  read -r v_passed v_failed v_skipped <<<"$vitest_counts"
  passed=$(( passed + v_passed )); failed=$(( failed + v_failed )); skipped=$(( skipped + v_skipped ))
  if [ "$vitest_exit" -ne 0 ] && [ "$v_failed" -eq 0 ]; then
    echo "npm test exited with $vitest_exit without a failed test: counted as one failure." >&2
    failed=$(( failed + 1 ))
  fi

  log "Designer lint (npm run lint: ESLint, then Prettier's check)"
  if ! (cd designer && npm run lint </dev/null); then
    echo "The designer's lint failed: fix the findings above (npm run format in designer/ fixes formatting)." >&2
    failed=$(( failed + 1 ))
  fi
fi

# --- 4. One throw-away PostgreSQL cluster for the whole run ----------------------------------------------------------
if [ -n "${PROZESS_TEST_DB:-}" ]; then
  log "PostgreSQL: using PROZESS_TEST_DB"
else
  pg_dir=$(mktemp -u "${TMPDIR:-/tmp}/prozess-test-pg.XXXXXXXX")
  log "PostgreSQL: throw-away cluster in $pg_dir"
  if ! PROZESS_TEST_DB=$(tests/tools/throwaway-postgres.sh start "$pg_dir"); then
    failed=$(( failed + 1 )); summary; exit 1
  fi
  export PROZESS_TEST_DB
  echo "$PROZESS_TEST_DB"
fi

# --- 5. Every .NET test project --------------------------------------------------------------------------------------
log "dotnet test ProzessEngine.sln $*"
set +e
# A test that hangs is killed after 5 minutes, so that the run ends and says which test it was.
dotnet test ProzessEngine.sln --no-build -c "$CONFIGURATION" \
  --logger trx --results-directory "$RESULTS" \
  --blame-hang-timeout 5m --blame-hang-dump-type none \
  "$@" 2>&1 | tee "$RESULTS/dotnet-test.log"
dotnet_exit=${PIPESTATUS[0]}
set -e
stop_postgres

# counter NAME FILE: an attribute of the TRX's <Counters> element, 0 when absent.
counter() {
  local value
  value=$(grep -o '<Counters [^>]*>' "$2" | grep -o " $1=\"[0-9]*\"" | grep -o '[0-9][0-9]*' | head -1 || true)
  echo "${value:-0}"
}

dotnet_failed=0 crashed=0 trx_count=0
shopt -s nullglob
for trx in "$RESULTS"/*.trx; do
  trx_count=$(( trx_count + 1 ))
  passed=$(( passed + $(counter passed "$trx") + $(counter passedButRunAborted "$trx") ))
  # xunit's skipped tests are counted in total but not in executed (notExecuted stays 0).
  skipped=$(( skipped + $(counter total "$trx") - $(counter executed "$trx") ))
  for outcome in failed error timeout aborted; do
    dotnet_failed=$(( dotnet_failed + $(counter "$outcome" "$trx") ))
  done
  # A test host that crashed (or was killed as hanging) leaves this in its TRX; its remaining tests never ran.
  if grep -q 'The active test run was aborted' "$trx"; then
    echo "Crashed: ${trx##*/} ($(grep -o 'Reason: [^:]*' "$trx" | head -1))" >&2
    crashed=$(( crashed + 1 ))
  fi
done
failed=$(( failed + dotnet_failed ))

# Two test runs that finish in the same second could write the same TRX name; then counts would be lost.
announced=$(grep -o 'Results File: .*\.trx' "$RESULTS/dotnet-test.log" | wc -l)
if [ "$announced" -gt "$trx_count" ]; then
  echo "dotnet test announced $announced TRX files but $trx_count are in $RESULTS: results are missing." >&2
  crashed=$(( crashed + 1 ))
fi
if [ "$dotnet_exit" -ne 0 ] && [ "$dotnet_failed" -eq 0 ] && [ "$crashed" -eq 0 ]; then
  echo "dotnet test exited with $dotnet_exit without a failed test: a test project crashed or did not run." >&2
  crashed=1
fi
failed=$(( failed + crashed ))

if [ $(( passed + failed )) -eq 0 ]; then
  echo "No test ran${1:+ (check the filter: $*)}." >&2
  summary
  exit 1
fi
summary
[ "$failed" -eq 0 ]
