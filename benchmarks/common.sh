# Shared by the benchmark scripts (sourced): the release binary, a demo server on $port in $data,
# and the medians of curl and sqlite3 timings. The caller sets port, runs and data, and its EXIT trap.
if [ -z "${YANGLAO_BIN:-}" ]; then
  swift build -c release --product yanglao 2>&1 | grep -E "error|Build complete" | tail -2
  binary="$(swift build -c release --product yanglao --show-bin-path)/yanglao"
else
  binary="$YANGLAO_BIN"
fi
db="$data/demo.sqlite"
server=""
start() {
  YANGLAO_DATA_DIR="$data" LOG_LEVEL=warning "$binary" serve --demo --port "$port" >>"$data/server.log" 2>&1 &
  server=$!
  for _ in $(seq 1 240); do curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && return; sleep 0.5; done
  echo "server did not start" >&2; exit 1
}
stop() { [ -n "$server" ] && kill "$server" 2>/dev/null; wait "$server" 2>/dev/null || true; server=""; }
login() {
  token="$(curl -fsS -X POST "http://127.0.0.1:$port/api/v1/auth/token" -H 'Content-Type: application/json' \
    -d '{"username":"demo-city","password":"yanglao-demo"}' | python3 -c 'import json, sys; print(json.load(sys.stdin)["token"])')"
}
api() { curl -fsS -H "Authorization: Bearer $token" "http://127.0.0.1:$port/api/v1/$1"; }
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
timed() { for _ in $(seq 1 "$runs"); do curl -fsS -o /dev/null -w '%{time_total}\n' -H "Authorization: Bearer $token" "http://127.0.0.1:$port/api/v1/$1"; done | median; }
sqltimed() { for _ in $(seq 1 "$runs"); do printf '.timer on\n%s\n' "$1" | sqlite3 "$db" | grep -o 'real [0-9.]*' | awk '{print $2}'; done | median; }
