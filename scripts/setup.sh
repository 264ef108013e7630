#!/usr/bin/env bash
# Set up (or refresh) a development environment: virtualenv, dependencies, translations,
# static files, database schema, regions and the founding case. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3.11}
command -v "$PYTHON" >/dev/null || PYTHON=python3

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
apt_install() {
  # Debian packages the project needs; installed only when missing.
  local missing=()
  for pkg in "$@"; do dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg"); done
  if [ ${#missing[@]} -gt 0 ]; then
    echo "Installing Debian packages: ${missing[*]}"
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
}

# gettext: translations; Pango and fonts: PDF reports (WeasyPrint).
apt_install gettext libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core
[ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -e ".[dev]"

export SEMANGGI_DEMO=${SEMANGGI_DEMO:-1}
# Only Semanggi's own catalogue: run from the package, not over the virtualenv's packages.
(cd src/semanggi && ../../.venv/bin/semanggi compilemessages -v0)
.venv/bin/semanggi collectstatic --noinput -v0
.venv/bin/semanggi migrate --noinput -v0
.venv/bin/semanggi load_regions
