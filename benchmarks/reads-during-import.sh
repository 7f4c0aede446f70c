#!/usr/bin/env bash
# Reads while a 6,000-row facility import commits: starts a fresh demo server, posts the import, and
# times /healthz and one facility's record (GET /api/v1/facilities/{id}) with curl until the import answers. Prints every read's time.
# Usage: benchmarks/reads-during-import.sh [rows]   (needs `swift build --product yanglao`)
set -euo pipefail
cd "$(dirname "$0")/.."
rows="${1:-6000}"
port=18282
data="$(mktemp -d)"
binary="$(swift build --product yanglao --show-bin-path)/yanglao"
YANGLAO_DATA_DIR="$data" LOG_LEVEL=error "$binary" serve --demo --port "$port" >"$data/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; rm -rf "$data"' EXIT
for _ in $(seq 1 60); do curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break; sleep 1; done
token="$(curl -fsS -X POST "http://127.0.0.1:$port/api/v1/auth/token" -H 'Content-Type: application/json' \
  -d '{"username":"demo-city","password":"yanglao-demo"}' | python3 -c 'import json, sys; print(json.load(sys.stdin)["token"])')"
python3 - "$rows" >"$data/import.csv" <<'PY'
import sys
towns = ["320685101", "320685102", "320685103"]
print("名称,类别,所在区划代码,床位数")
for i in range(1, int(sys.argv[1]) + 1):
    print(f"批量设施{i},助餐点,{towns[i % 3]},0")
PY
facility="$(curl -fsS -H "Authorization: Bearer $token" "http://127.0.0.1:$port/api/v1/facilities?limit=1" \
  | python3 -c 'import json, sys; print(json.load(sys.stdin)["items"][0]["id"])')"
curl -sS -o "$data/import.json" -w 'import: %{http_code} in %{time_total} s\n' -X POST \
  "http://127.0.0.1:$port/api/v1/facilities/import?dryRun=false" -H "Authorization: Bearer $token" \
  -H 'Content-Type: text/csv' --data-binary @"$data/import.csv" >"$data/import.out" &
importer=$!
sleep 1
read_pair() {
  curl -sS -o /dev/null -w '%{http_code} %{time_total}\n' "http://127.0.0.1:$port/healthz" >>"$1"
  curl -sS -o /dev/null -w '%{http_code} %{time_total}\n' -H "Authorization: Bearer $token" \
    "http://127.0.0.1:$port/api/v1/facilities/$facility" >>"$1"
}
: >"$data/reads"
while kill -0 "$importer" 2>/dev/null; do read_pair "$data/reads"; done
wait "$importer"
cat "$data/import.out"
# The floor: the same reads with nothing else running.
: >"$data/idle"
for _ in $(seq 1 500); do read_pair "$data/idle"; done
python3 - "$data/reads" "$data/idle" <<'PY'
import sys, statistics
for label, path in (("during the commit", sys.argv[1]), ("idle (floor)", sys.argv[2])):
    lines = [l.split() for l in open(path) if l.strip()]
    times = sorted(float(t) * 1000 for _, t in lines)
    codes = sorted({c for c, _ in lines})
    slow = [(i, c, t) for i, (c, t) in enumerate(lines) if float(t) > 0.2]
    print(f"reads {label}: {len(times)}, statuses {codes}, median {statistics.median(times):.1f} ms, "
          f"p99 {times[int(len(times) * 0.99) - 1]:.1f} ms, max {times[-1]:.1f} ms, over 200 ms: {len(slow)}")
PY
