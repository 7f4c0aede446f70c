#!/usr/bin/env bash
# Throughput on the demo database under wrk (2 threads, 16 connections, loopback, release build), in
# one run: the facilities list API, the facilities page, and beside them the same server's static
# stylesheet (the framework's ceiling on this machine).
# Usage: benchmarks/wrk-demo.sh [seconds]   (YANGLAO_BIN=path uses a release binary already built)
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-15}"
port=18484
data="$(mktemp -d)"
if [ -z "${YANGLAO_BIN:-}" ]; then
  swift build -c release --product yanglao 2>&1 | grep -E "error" || true
  binary="$(swift build -c release --product yanglao --show-bin-path)/yanglao"
else
  binary="$YANGLAO_BIN"
fi
YANGLAO_DATA_DIR="$data" LOG_LEVEL=error "$binary" serve --demo --port "$port" >"$data/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; rm -rf "$data"' EXIT
for _ in $(seq 1 120); do curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break; sleep 0.5; done
base="http://127.0.0.1:$port"
token="$(curl -fsS -X POST "$base/api/v1/auth/token" -H 'Content-Type: application/json' \
  -d '{"username":"demo-city","password":"yanglao-demo"}' | python3 -c 'import json, sys; print(json.load(sys.stdin)["token"])')"
# A signed-in browser session: the sign-in form's CSRF token, then the form.
jar="$data/cookies"
csrf="$(curl -fsS -c "$jar" "$base/login" | python3 -c 'import re, sys; print(re.search(r"name=\"_csrf\" value=\"([^\"]+)\"", sys.stdin.read()).group(1))')"
curl -fsS -b "$jar" -c "$jar" -o /dev/null -X POST "$base/login" --data-urlencode "username=demo-city" \
  --data-urlencode "password=yanglao-demo" --data-urlencode "_csrf=$csrf"
session="$(awk '$6 == "yanglao_session" {print $7}' "$jar")"
run() {  # label, then wrk's arguments
  local label="$1"; shift
  local rate
  rate="$(wrk -t2 -c16 -d"${seconds}s" "$@" | awk '/Requests\/sec/ {print $2}')"
  printf '| %s | %s |\n' "$label" "$rate"
}
echo "| request (wrk -t2 -c16 -d${seconds}s) | requests/s |"
echo "|---|---|"
run "GET /assets/app.css (static, the ceiling)" "$base/assets/app.css"
run "GET /api/v1/facilities (50 per page, token)" -H "Authorization: Bearer $token" "$base/api/v1/facilities"
run "GET /facilities (the page, session)" -H "Cookie: yanglao_session=$session" "$base/facilities"
