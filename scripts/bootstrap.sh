#!/usr/bin/env bash
# Create .venv and install pixorga (core, the four plugins, the reference app) into it.
#   scripts/bootstrap.sh           runtime only
#   scripts/bootstrap.sh --dev     plus what the tests, linters and docs need (and tox)
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON="${PYTHON:-python3}"
if ! "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
  echo "pixorga needs Python 3.11 or newer ($PYTHON is $("$PYTHON" --version 2>&1))" >&2
  exit 1
fi
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
PIP=(.venv/bin/python -m pip install --quiet --disable-pip-version-check)

extra=""
if [ "${1:-}" = "--dev" ]; then
  extra="[testing]"
fi
"${PIP[@]}" \
  -e ".${extra}" \
  -e "plugins/login_generator${extra}" \
  -e "plugins/siecle_import${extra}" \
  -e "plugins/gar_sso${extra}" \
  -e "plugins/email_invite${extra}" \
  -e "reference_app${extra}"
if [ "${1:-}" = "--dev" ]; then
  # import-linter: `lint-imports` checks the layer contracts of pyproject.toml (it brings grimp,
  # which tests/test_import_graph.py uses to refuse import cycles).
  # tox-uv: tox builds its ten environments with uv instead of pip, about half the set-up time
  # of the suite (each environment installs the core and its plugins afresh).
  "${PIP[@]}" tox tox-uv ruff mypy sphinx import-linter pytest-xdist hypothesis
fi
