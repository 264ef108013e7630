#!/usr/bin/env bash
# Quick start, part one: set up, load the demo, and serve Semanggi on http://127.0.0.1:8000
# with the embedded SQLite database.
set -euo pipefail
cd "$(dirname "$0")/.."
export SEMANGGI_DEMO=1
unset DATABASE_URL
scripts/setup.sh
.venv/bin/semanggi load_demo --accounts
ADDRESS=${ADDRESS:-127.0.0.1:8000}
cat <<TXT

Semanggi berjalan di / is serving at  http://$ADDRESS/
  Kasus Semanggi / founding case:     http://$ADDRESS/partnerships/bina-kesehatan-semanggi/
  API:                                http://$ADDRESS/api/docs
  Masuk / log in:                     http://$ADDRESS/accounts/login/  (akun di atas / accounts above)
Ctrl-C untuk berhenti / to stop.

TXT
exec .venv/bin/semanggi runserver "$ADDRESS" --noreload
