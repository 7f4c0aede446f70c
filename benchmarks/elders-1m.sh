#!/usr/bin/env bash
# The elders registry at city scale, release build, SQLite: a deterministic synthetic registry of
# N persons (default 1,000,000) in the demo territory, imported by `yanglao elders import` (checked
# row by row, personal data sealed) — rows per second and peak memory of the whole process — beside
# sqlite3's `.import` of the same file into a bare table, in the same run; then, with those persons
# loaded, the elders list of one town (page 1 and page 500 by cursor) and the two centralised-support
# rates for the whole city through the API (curl, median of 20), beside their bare SQL.
# Usage: benchmarks/elders-1m.sh [persons]   (YANGLAO_BIN=path uses a release binary built beforehand; KEEP=1 keeps the data)
set -euo pipefail
cd "$(dirname "$0")/.."
count="${1:-1000000}"
port=18484
runs=20
data="$(mktemp -d)"
. benchmarks/common.sh
trap 'stop; [ -n "${KEEP:-}" ] && echo "kept: $data" || rm -rf "$data"' EXIT

"$binary" bench generate --elders "$count" --seed 1 --output "$data/elders.csv" --today 2026-11-28
echo "file: $(du -h "$data/elders.csv" | cut -f1), $(($(wc -l <"$data/elders.csv") - 1)) rows"
YANGLAO_DATA_DIR="$data" "$binary" migrate --demo >/dev/null   # the demo territory, its facilities and 3,600 persons

seconds() { grep "Elapsed (wall clock)" "$1" | awk '{print $NF}' | awk -F: '{ if (NF == 3) print $1 * 3600 + $2 * 60 + $3; else print $1 * 60 + $2 }'; }
peak() { grep "Maximum resident set size" "$1" | awk '{printf "%d", $NF / 1024}'; }
YANGLAO_DATA_DIR="$data" /usr/bin/time -v "$binary" elders import "$data/elders.csv" --demo >"$data/import.out" 2>"$data/import.time" || { tail -5 "$data/import.time"; exit 1; }
tail -1 "$data/import.out"
/usr/bin/time -v sqlite3 "$data/floor.sqlite" -cmd ".mode csv" ".import $data/elders.csv elders_bare" 2>"$data/floor.time"
echo "bare table rows: $(sqlite3 "$data/floor.sqlite" 'SELECT COUNT(*) FROM elders_bare')"
import_s="$(seconds "$data/import.time")"; floor_s="$(seconds "$data/floor.time")"
echo
echo "| $count rows | wall time | rows/s | peak memory |"
echo "|---|---|---|---|"
echo "| yanglao elders import (checked, sealed, indexed) | ${import_s} s | $(awk -v n="$count" -v s="$import_s" 'BEGIN{printf "%d", n / s}') | $(peak "$data/import.time") MB |"
echo "| sqlite3 .import into a bare table | ${floor_s} s | $(awk -v n="$count" -v s="$floor_s" 'BEGIN{printf "%d", n / s}') | $(peak "$data/floor.time") MB |"

start
login
town=320685101
echo "persons in $town (角斜镇): $(sqlite3 "$db" "SELECT COUNT(*) FROM elders WHERE region_code IN (SELECT code FROM regions WHERE town_code = '$town')")"
cursor=""
for _ in $(seq 1 499); do
  cursor="$(api "elders?region=$town&limit=50${cursor:+&cursor=$cursor}" | python3 -c 'import json, sys; print(json.load(sys.stdin)["next"])')"
done
scope="region_code IN (SELECT code FROM regions WHERE town_code = '$town')"
last="$(sqlite3 "$db" "SELECT region_code || '|' || name || '|' || id FROM elders WHERE $scope ORDER BY region_code, name, id LIMIT 1 OFFSET 24949")"
IFS='|' read -r lregion lname lid <<<"$last"
hardship="categories LIKE '%特困%' AND region_code IN (SELECT code FROM regions WHERE county_code = '320685')"
echo
echo "| request | API (curl, median of $runs) | bare SQL (sqlite3, median of $runs) |"
echo "|---|---|---|"
echo "| town list, page 1 (50 rows) | $(timed "elders?region=$town&limit=50") s | $(sqltimed "SELECT * FROM elders WHERE $scope ORDER BY region_code, name, id LIMIT 51;") s |"
echo "| town list, page 500 (by cursor) | $(timed "elders?region=$town&limit=50&cursor=$cursor") s | $(sqltimed "SELECT * FROM elders WHERE $scope AND (region_code > '$lregion' OR (region_code = '$lregion' AND (name > '$lname' OR (name = '$lname' AND id > '$lid')))) ORDER BY region_code, name, id LIMIT 51;") s |"
echo "| the two centralised-support rates with who is left out, whole city (海安市) | $(timed "elders/indicators?region=320685&parts=rates") s | $(sqltimed "SELECT id, name, region_code, birth_date, categories, support_mode, admitted_on, willing_for_centralised, self_care, death_date, moved_away_on FROM elders WHERE $hardship ORDER BY region_code, name;") s |"
echo "| the same with the persons by category, level and support mode (a scan of every person) | $(timed "elders/indicators?region=320685") s | — |"
echo "(特困 persons in 海安市: $(sqlite3 "$db" "SELECT COUNT(*) FROM elders WHERE $hardship"))"
