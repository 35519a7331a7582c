#!/usr/bin/env bash
# Run pixorga's whole test suite: lint, typing, the core (SQLite and PostgreSQL), every plugin,
# the reference app (including browser tests in Chromium), and the docs build.
# Installs what it needs first (Debian packages, .venv with tox). Extra arguments go to tox,
# e.g. scripts/test.sh -e core
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-system-deps.sh
scripts/bootstrap.sh --dev

PIXORGA_TEST_POSTGRESQL_URL="$(scripts/test-postgres.sh start)"
export PIXORGA_TEST_POSTGRESQL_URL
export PIXORGA_REQUIRE_POSTGRESQL=1
trap 'scripts/test-postgres.sh stop' EXIT

.venv/bin/tox run "$@"
