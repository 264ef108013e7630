#!/usr/bin/env bash
# Quick start, part one, proven: run scripts/serve.sh on a fresh data directory and a spare
# port, wait until the founding case is served, check the demo accounts were printed, stop.
set -euo pipefail
cd "$(dirname "$0")/.."

port=${SMOKE_PORT:-8765}
data=$(mktemp -d)
log="$data/serve.log"
SEMANGGI_DATA_DIR="$data" ADDRESS="127.0.0.1:$port" setsid scripts/serve.sh >"$log" 2>&1 &
pid=$!
trap 'kill -- -$pid 2>/dev/null || true; rm -rf "$data"' EXIT

url="http://127.0.0.1:$port/partnerships/bina-kesehatan-semanggi/"
for _ in $(seq 1 600); do  # a bound for a loaded machine, not a timing
  if curl -fsS -o "$data/page.html" "$url" 2>/dev/null; then break; fi
  kill -0 "$pid" 2>/dev/null || { cat "$log"; echo "smoke: serve.sh stopped"; exit 1; }
  sleep 1
done
grep -q "Dinas Kesehatan Kota Surakarta" "$data/page.html" || { cat "$log"; echo "smoke: founding case not served"; exit 1; }
grep -q "koordinator" "$log" || { cat "$log"; echo "smoke: demo accounts not printed"; exit 1; }
grep -q "http://127.0.0.1:$port/" "$log" || { cat "$log"; echo "smoke: address not printed"; exit 1; }
echo "smoke: make serve works (founding case served at $url)"
