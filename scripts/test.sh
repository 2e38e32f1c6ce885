#!/usr/bin/env bash
# The whole test suite: lint, types, then every test against SQLite, and again against PostgreSQL
# every test that touches the database (browser tests only where marked browser_on_postgresql;
# tests/conftest.py).
# PostgreSQL: TEST_DATABASE_URL, default the local server (trust auth) at 127.0.0.1:5432.
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
echo "==> pytest on SQLite"
env -u DATABASE_URL pytest -p no:cacheprovider "$@"
echo "==> pytest on PostgreSQL (the tests that touch the database; browser_on_postgresql of the browser tests)"
DATABASE_URL="${TEST_DATABASE_URL:-postgresql://postgres@127.0.0.1:5432/postgres}" \
  ONRECORD_TESTS_DATABASE_ONLY=1 pytest -p no:cacheprovider "$@"
