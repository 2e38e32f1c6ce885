#!/usr/bin/env bash
# The whole test suite: lint, types, then every test against SQLite and, at the same time,
# against PostgreSQL every test that touches the database (browser tests only where marked
# browser_on_postgresql; tests/conftest.py).
# PostgreSQL: TEST_DATABASE_URL, default the local server (trust auth) at 127.0.0.1:5432.
#
# The two passes share nothing that could mix them up: each pytest has its own data directory
# (tests/settings.py), its own database, its own temporary directory (--basetemp below), its own
# broker queue per Celery test (tests/jobs/celery_support.py) and ports the system gives it. Run
# side by side they take about 21 minutes on two cores, against 32 one after the other.
# ONRECORD_TEST_PASSES=sequential runs them one after the other (one core, or to read one log).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/.venv/bin:$PATH"

echo "==> ruff"
ruff check .
ruff format --check .
echo "==> mypy"
mypy onrecord tests bench
echo "==> lint-imports (the layering contracts in pyproject.toml, docs/ARCHITECTURE.md)"
lint-imports --no-cache

scratch="$(mktemp -d "${TMPDIR:-/tmp}/onrecord-passes.XXXXXX")"
trap 'rm -rf "$scratch"' EXIT

sqlite_pass() {
  env -u DATABASE_URL pytest -p no:cacheprovider --basetemp="$scratch/sqlite" "$@"
}
postgresql_pass() {
  DATABASE_URL="${TEST_DATABASE_URL:-postgresql://postgres@127.0.0.1:5432/postgres}" \
    ONRECORD_TESTS_DATABASE_ONLY=1 pytest -p no:cacheprovider --basetemp="$scratch/postgresql" "$@"
}

if [ "${ONRECORD_TEST_PASSES:-parallel}" = "sequential" ]; then
  echo "==> pytest on SQLite"
  sqlite_pass "$@"
  echo "==> pytest on PostgreSQL (the tests that touch the database; browser_on_postgresql of the browser tests)"
  postgresql_pass "$@"
  exit 0
fi

# The PostgreSQL pass writes to a log, shown whole once it ends; the SQLite pass to the screen.
echo "==> pytest on PostgreSQL (the tests that touch the database; browser_on_postgresql of the browser tests), in the background: its output follows the SQLite pass's"
postgresql_pass "$@" > "$scratch/postgresql.log" 2>&1 &
postgresql=$!
trap 'kill "$postgresql" 2>/dev/null || true; rm -rf "$scratch"' EXIT
echo "==> pytest on SQLite"
sqlite_status=0
sqlite_pass "$@" || sqlite_status=$?
postgresql_status=0
wait "$postgresql" || postgresql_status=$?
echo "==> pytest on PostgreSQL: its output"
cat "$scratch/postgresql.log"
echo "==> SQLite pass exit status $sqlite_status, PostgreSQL pass exit status $postgresql_status"
[ "$sqlite_status" -eq 0 ] && [ "$postgresql_status" -eq 0 ]
