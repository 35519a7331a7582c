#!/usr/bin/env bash
# Install pixorga and run the reference app on a demo school, with SQLite.
# Settings live in .pixorga/pixorga.toml (created once, with a random secret key).
# PORT=8081 scripts/demo.sh to use another port.
# MAIL_SINK=1 scripts/demo.sh also prints, in this terminal, every e-mail pixorga sends
# (invitations…), caught by a local SMTP sink on 127.0.0.1:8025.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/bootstrap.sh
PORT="${PORT:-8080}"
mkdir -p .pixorga
CONFIG="$PWD/.pixorga/pixorga.toml"
if [ ! -f "$CONFIG" ]; then
  SECRET=$(.venv/bin/python -c 'import secrets; print(secrets.token_urlsafe(48))')
  cat > "$CONFIG" <<TOML
# Settings of the local demo (see docs/configuration.rst). Environment variables PIXORGA_* win.
database_url = "sqlite:///$PWD/.pixorga/demo.sqlite3"
secret_key = "$SECRET"
base_url = "http://127.0.0.1:$PORT"
TOML
  chmod 600 "$CONFIG"
fi
export PIXORGA_CONFIG="$CONFIG"
export PIXORGA_BASE_URL="http://127.0.0.1:$PORT"
.venv/bin/pixorga demo
# Invented SIECLE exports: one to try the import page with (first school), one imported here so
# that the second school already has its pupils.
.venv/bin/python bench/make_siecle.py --pupils 450 --uai 0759999L --seed 7 --zip .pixorga >/dev/null
.venv/bin/python bench/make_siecle.py --pupils 600 --uai 0930001W --seed 8 .pixorga/second.xml >/dev/null
.venv/bin/pixorga import-siecle --uai 0930001W .pixorga/second.xml >/dev/null 2>&1
echo "Fichier SIECLE de démonstration à importer (menu Élèves) : $PWD/.pixorga/ExportXML_ElevesSansAdresses.zip"
echo "  (l'importer remplace la liste : les 6 élèves de démonstration de la 3e A seraient désactivés)"
if [ "${MAIL_SINK:-0}" = "1" ]; then
  .venv/bin/python -m pip install --quiet --disable-pip-version-check -e "plugins/email_invite[sink]"
  .venv/bin/pixorga mail-sink --port 8025 &
  export PIXORGA_SMTP_HOST=127.0.0.1 PIXORGA_SMTP_PORT=8025
fi
exec .venv/bin/pixorga serve --host 127.0.0.1 --port "$PORT"
