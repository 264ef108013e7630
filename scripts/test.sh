#!/usr/bin/env bash
# Quick start, part two: set up and run every check and test, as CI does:
# ruff, mypy (the pure core, strict), the import contracts, the suite on SQLite, the suite
# again on PostgreSQL, the browser tests in Debian's Chromium, the queue and deployment tests
# against Redis, and the Quick start's first command on a fresh data directory.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/setup.sh
source scripts/services.sh
ensure_chromium
ensure_postgres
ensure_redis

echo "== ruff";           .venv/bin/ruff check src bench
echo "== ruff format";    .venv/bin/ruff format --check src bench
echo "== mypy (core)";    .venv/bin/mypy
echo "== import contracts"; .venv/bin/lint-imports

echo "== quick start (make serve) on a fresh data directory"; scripts/smoke.sh

export SEMANGGI_BROWSER=/usr/bin/chromium
echo "== tests on SQLite (with the browser tests)"
env -u DATABASE_URL .venv/bin/pytest -q -p no:cacheprovider "$@"
echo "== tests on PostgreSQL (with the browser tests)"
DATABASE_URL=${TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/postgres} \
  .venv/bin/pytest -q -p no:cacheprovider "$@"
