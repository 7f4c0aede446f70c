#!/usr/bin/env bash
# The facilities list at city scale: 100,000 synthetic facilities in the villages of one city (Hai'an)
# on SQLite, release build. Times page 1, page 500 (reached by cursor) and a problem filter through
# the API with curl (median of 20 runs each), beside the same queries in bare SQL (sqlite3, same
# database, same run), and an XLSX export of all rows with the server's peak memory (VmHWM).
# Usage: benchmarks/facility-list-100k.sh [facilities]   (YANGLAO_BIN=path uses a release binary already built;
# KEEP=1 keeps the database)
set -euo pipefail
cd "$(dirname "$0")/.."
count="${1:-100000}"
port=18383
runs=20
data="$(mktemp -d)"
# YANGLAO_BIN: a release binary built beforehand (the default builds one).
if [ -z "${YANGLAO_BIN:-}" ]; then
  swift build -c release --product yanglao 2>&1 | grep -E "error|Compiling|Build complete" | tail -3
  binary="$(swift build -c release --product yanglao --show-bin-path)/yanglao"
else
  binary="$YANGLAO_BIN"
fi
db="$data/demo.sqlite"
start() {
  YANGLAO_DATA_DIR="$data" LOG_LEVEL=info "$binary" serve --demo --port "$port" >>"$data/server.log" 2>&1 &
  server=$!
  for _ in $(seq 1 120); do curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && return; sleep 0.5; done
  echo "server did not start" >&2; exit 1
}
stop() { kill "$server" 2>/dev/null; wait "$server" 2>/dev/null || true; }
trap 'stop; [ -n "${KEEP:-}" ] && echo "kept: $data" || rm -rf "$data"' EXIT

start; stop   # a demo database with its regions and accounts
# Synthetic facilities, spread over Hai'an's villages, with a mix of categories, figures and flaws.
sqlite3 "$db" <<SQL
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $count),
villages AS (SELECT code, town_code, ROW_NUMBER() OVER (ORDER BY code) - 1 AS k FROM regions WHERE county_code = '320685' AND level = 'village'),
v AS (SELECT COUNT(*) AS c FROM villages)
INSERT INTO facilities (id, code, name, category, region_code, supervising_region_code, status, filing_status, created_at, updated_at,
  beds, nursing_beds, occupied_beds, residents, special_hardship_residents, staff_count, internal_clinic, nursing_station,
  fire_acceptance, fire_compliant, food_compliant, electrical_alarm_required, electrical_alarm_installed, gas_alarm_required,
  gas_alarm_installed, fume_treated, sewage_connected, has_site, has_sign, socialised, problem_count)
SELECT printf('bench-%06d', i), printf('B320685-%06d', i), printf('合成设施%06d号', i),
  CASE i % 5 WHEN 0 THEN '养老机构' WHEN 1 THEN '居家养老服务站' WHEN 2 THEN '日间照料中心' WHEN 3 THEN '助餐点' ELSE '农村互助养老服务设施' END,
  villages.code, villages.town_code, '运营', CASE WHEN i % 7 = 0 THEN '未备案' ELSE '已备案' END, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z',
  10 + i % 190, (10 + i % 190) / 2, (10 + i % 190) / 3, (10 + i % 190) / 3, i % 20, 2 + i % 30, i % 3 = 0, i % 4 = 0,
  i % 11 <> 0, i % 13 <> 0, i % 17 <> 0, 1, i % 19 <> 0, 1, 1, i % 23 <> 0, i % 29 <> 0, 1, 1, i % 2 = 0, 0
FROM n, v JOIN villages ON villages.k = n.i % v.c;
SQL
echo "facilities: $(sqlite3 "$db" 'SELECT COUNT(*) FROM facilities')"
start
# The start-up refresh writes every facility's problems; wait for it.
# (The first start, which made the demo, logged one refresh already: wait for the second.)
for _ in $(seq 1 600); do [ "$(grep -c "facility problems refreshed" "$data/server.log")" -ge 2 ] && break; sleep 1; done
grep "facility problems refreshed" "$data/server.log" | tail -1
echo "facilities with problems: $(sqlite3 "$db" 'SELECT COUNT(*) FROM facilities WHERE problem_count > 0')"
token="$(curl -fsS -X POST "http://127.0.0.1:$port/api/v1/auth/token" -H 'Content-Type: application/json' \
  -d '{"username":"demo-city","password":"yanglao-demo"}' | python3 -c 'import json, sys; print(json.load(sys.stdin)["token"])')"
api() { curl -fsS -H "Authorization: Bearer $token" "http://127.0.0.1:$port/api/v1/facilities?$1"; }
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
timed() {  # median seconds of $runs requests
  for _ in $(seq 1 "$runs"); do
    curl -fsS -o /dev/null -w '%{time_total}\n' -H "Authorization: Bearer $token" "http://127.0.0.1:$port/api/v1/facilities?$1"
  done | median
}
sqltimed() {  # median seconds of $runs runs of a query in sqlite3 (real time of the query alone)
  for _ in $(seq 1 "$runs"); do
    printf '.timer on\n%s\n' "$1" | sqlite3 "$db" | grep -o 'real [0-9.]*' | awk '{print $2}'
  done | median
}
cursor=""
for _ in $(seq 1 499); do
  cursor="$(api "limit=50${cursor:+&cursor=$cursor}" | python3 -c 'import json, sys; print(json.load(sys.stdin)["next"])')"
done
# Page 500's position in bare SQL: the last row of page 499.
last="$(sqlite3 "$db" "SELECT region_code || '|' || name || '|' || id FROM facilities ORDER BY region_code, name, id LIMIT 1 OFFSET 24949")"
IFS='|' read -r lregion lname lid <<<"$last"
scope="region_code IN (SELECT code FROM regions WHERE county_code = '320685')"
echo
echo "| request | API (curl, median of $runs) | bare SQL (sqlite3, median of $runs) |"
echo "|---|---|---|"
echo "| page 1 (50 rows) | $(timed 'limit=50') s | $(sqltimed "SELECT * FROM facilities WHERE $scope ORDER BY region_code, name, id LIMIT 51;") s |"
echo "| page 500 by cursor | $(timed "limit=50&cursor=$cursor") s | $(sqltimed "SELECT * FROM facilities WHERE $scope AND (region_code > '$lregion' OR (region_code = '$lregion' AND name > '$lname') OR (region_code = '$lregion' AND name = '$lname' AND id > '$lid')) ORDER BY region_code, name, id LIMIT 51;") s |"
echo "| problem filter (fire_non_compliant) | $(timed 'limit=50&problem=fire_non_compliant') s | $(sqltimed "SELECT * FROM facilities WHERE $scope AND id IN (SELECT facility_id FROM facility_problems WHERE problem = 'fire_non_compliant') ORDER BY region_code, name, id LIMIT 51;") s |"
before="$(awk '/VmHWM/ {print $2}' /proc/$server/status)"
curl -fsS -o "$data/export.xlsx" -w 'export: %{http_code}, %{size_download} bytes in %{time_total} s\n' \
  -H "Authorization: Bearer $token" "http://127.0.0.1:$port/api/v1/facilities?format=xlsx"
after="$(awk '/VmHWM/ {print $2}' /proc/$server/status)"
echo "server peak memory (VmHWM): before the export $((before / 1024)) MB, after $((after / 1024)) MB"
python3 - "$data/export.xlsx" <<'PY'
import sys, zipfile, re
with zipfile.ZipFile(sys.argv[1]) as z:
    with z.open("xl/worksheets/sheet1.xml") as sheet:
        rows = sum(chunk.count(b"<row ") for chunk in iter(lambda: sheet.read(1 << 20), b""))
print(f"rows in the export (with the header): {rows}")
PY
