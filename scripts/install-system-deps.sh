#!/usr/bin/env bash
# Install the Debian packages pixorga's tests and demo need: PostgreSQL (a throw-away test
# cluster), Chromium (browser tests through Playwright), xmlsec1 (SAML signatures for GAR).
# Idempotent: does nothing when everything is already installed.
set -euo pipefail

PACKAGES=(postgresql chromium xmlsec1 fonts-dejavu-core)
missing=()
for pkg in "${PACKAGES[@]}"; do
  dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
done
if [ "${#missing[@]}" -eq 0 ]; then
  exit 0
fi

SUDO=""
if [ "$(id -u)" != 0 ]; then
  SUDO="sudo"
fi
echo "installing system packages: ${missing[*]}"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
