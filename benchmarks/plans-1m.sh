#!/usr/bin/env bash
# A plan's full progress table at city scale, release build, SQLite: the demo territory with the
# synthetic registry of N persons (default 1,000,000, as benchmarks/elders-1m.sh makes it), F more
# facilities across 海安市's towns (default 10,000: institutions and community facilities, some
# breaking the rules) and 300 projects completed this year; then the current year's Hai'an plan —
# every indicator, every town, 镇本级 and 合计 — through the API (curl, median of 20, warm), beside the
# bare SQL aggregates that table needs (the facilities' stored monthly contributions, the capacity
# snapshots, projects, the 特困 persons and the entered figures by town) in the same run.
# Usage: benchmarks/plans-1m.sh [persons] [facilities]   (YANGLAO_BIN=path uses a release binary built beforehand; KEEP=1 keeps the data)
set -euo pipefail
cd "$(dirname "$0")/.."
count="${1:-1000000}"
facilities="${2:-10000}"
port=18485
runs=20
data="$(mktemp -d)"
. benchmarks/common.sh
trap 'stop; [ -n "${KEEP:-}" ] && echo "kept: $data" || rm -rf "$data"' EXIT

"$binary" bench generate --elders "$count" --seed 1 --output "$data/elders.csv" --today "$(date +%F)"
YANGLAO_DATA_DIR="$data" "$binary" migrate --demo >/dev/null
YANGLAO_DATA_DIR="$data" "$binary" elders import "$data/elders.csv" --demo | tail -1

start
login

# The facilities spread evenly over the towns' villages: a third institutions, some breaking a rule (deterministic).
python3 - "$db" "$facilities" >"$data/facilities.csv" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
total = int(sys.argv[2])
villages = db.execute("SELECT code, town_code FROM regions WHERE county_code = '320685' AND level = 'village' ORDER BY code").fetchall()
by_town = {}
for code, town in villages:
    by_town.setdefault(town, []).append(code)
flags = ["消防审验（验收）", "消防安全达标", "食品安全达标", "需安装电气火灾报警", "已安装电气火灾报警", "需安装燃气泄漏报警", "已安装燃气泄漏报警", "油烟治理完成", "污水接管完成"]
print(",".join(["名称", "类别", "所在区划代码", "机构类别", "状态", "床位数", "护理型床位数", "在用床位数", "入住人数", "内设医务室", "内设护理站", "有场地", "有牌子"] + flags))
n = 0
towns = sorted(by_town)
for t, town in enumerate(towns):
    for i in range(total // len(towns) + (1 if t < total % len(towns) else 0)):
        n += 1
        village = by_town[town][i % len(by_town[town])]
        institution = i % 3 == 0
        category = "养老机构" if institution else ["日间照料中心", "居家养老服务站", "互助幸福院", "助餐点"][i % 4]
        beds = 40 + (n * 37) % 160 if institution else 0
        nursing = beds * (40 + n % 40) // 100
        row = [f"基准设施{n:05d}", category, village, "其他养老机构" if institution else "", "运营", beds, nursing, beds * 3 // 4, beds * 3 // 4,
               "是" if beds >= 100 else "否", "否", "是" if not institution else "", "是" if not institution else ""]
        row += ["否" if (n + k) % 17 == 0 else "是" for k in range(len(flags))]
        print(",".join(str(cell) for cell in row))
PY
curl -fsS -X POST -H "Authorization: Bearer $token" -H 'Content-Type: text/csv' --data-binary @"$data/facilities.csv" \
  "http://127.0.0.1:$port/api/v1/facilities/import?dryRun=false" | python3 -c 'import json, sys; r = json.load(sys.stdin); print("facilities imported:", r["created"], "rejected:", r["rejected"])'
year="$(date +%Y)"
sqlite3 "$db" "SELECT id FROM facilities WHERE name LIKE '基准设施%' ORDER BY name LIMIT 300" | while read -r id; do
  curl -fsS -o /dev/null -X POST -H "Authorization: Bearer $token" -H 'Content-Type: application/json' "http://127.0.0.1:$port/api/v1/projects" \
    -d "{\"facilityId\":\"$id\",\"name\":\"基准项目\",\"kind\":\"提升改造\",\"upgradeKind\":\"日间照料中心提升\",\"year\":$year,\"status\":\"已完成\",\"actualCompletion\":\"$year-01-15\"}"
done
echo "facilities: $(sqlite3 "$db" 'SELECT COUNT(*) FROM facilities'), projects: $(sqlite3 "$db" 'SELECT COUNT(*) FROM facility_projects'), persons: $(sqlite3 "$db" 'SELECT COUNT(*) FROM elders')"

plan="$(api "plans?year=$year" | python3 -c 'import json, sys; print([p["id"] for p in json.load(sys.stdin)["items"] if p["regionCode"] == "320685"][0])')"
api "plans/$plan/progress?region=320685" >/dev/null   # warm
towns="JOIN regions r ON r.code = region_code WHERE r.county_code = '320685'"
month="$(date +%Y-%m)"; today="$(date +%F)"
facts_sql="SELECT formula, region_code, SUM(numerator), SUM(denominator) FROM facility_month_facts WHERE month = '$month' AND counted = 1 AND region_code IN (SELECT code FROM regions WHERE county_code = '320685') GROUP BY formula, region_code;"
beds_at() { echo "COALESCE((SELECT s.nursing_beds FROM facility_capacity_snapshots s WHERE s.facility_id = facilities.id AND s.taken_on <= '$1' ORDER BY s.taken_on DESC, s.taken_at DESC LIMIT 1), 0)"; }
capacity_sql="SELECT r.town_code, SUM($(beds_at "$today") - $(beds_at "$((year - 1))-12-31")) FROM facilities $towns AND category = '养老机构' GROUP BY r.town_code;"
projects_sql="SELECT r.town_code, COUNT(*) FROM facility_projects p JOIN facilities f ON f.id = p.facility_id JOIN regions r ON r.code = f.region_code WHERE r.county_code = '320685' AND p.status = '已完成' AND p.actual_completion >= '$year-01-01' GROUP BY r.town_code;"
elders_sql="SELECT r.town_code, COUNT(*), SUM(CASE WHEN self_care IN ('部分丧失', '完全丧失') THEN 1 ELSE 0 END), SUM(CASE WHEN support_mode = '集中供养' THEN 1 ELSE 0 END), SUM(CASE WHEN willing_for_centralised = 1 THEN 1 ELSE 0 END) FROM elders $towns AND categories LIKE '%特困%' AND death_date IS NULL AND moved_away_on IS NULL GROUP BY r.town_code;"
reported_sql="SELECT indicator_code, region_code, SUM(value) FROM reported_values WHERE period >= '$year-01' GROUP BY indicator_code, region_code;"
api_s="$(timed "plans/$plan/progress?region=320685")"
f_s="$(sqltimed "$facts_sql")"; c_s="$(sqltimed "$capacity_sql")"; p_s="$(sqltimed "$projects_sql")"; e_s="$(sqltimed "$elders_sql")"; r_s="$(sqltimed "$reported_sql")"
echo
echo "| request | time (median of $runs, warm) |"
echo "|---|---|"
echo "| GET /api/v1/plans/{id}/progress?region=320685 — $(api "plans/$plan/progress?region=320685" | python3 -c 'import json, sys; d = json.load(sys.stdin); print(len(d["items"]), "indicators ×", len(d["rows"]), "rows")') | ${api_s} s |"
echo "| bare SQL: the facilities' stored contributions to the shares by region and formula ($(sqlite3 "$db" "SELECT COUNT(*) FROM facility_month_facts WHERE month = '$month'") rows) | ${f_s} s |"
echo "| bare SQL: 新增护理型床位 from the capacity snapshots by town | ${c_s} s |"
echo "| bare SQL: this year's completed projects by town | ${p_s} s |"
echo "| bare SQL: the 特困 persons' rates by town ($(sqlite3 "$db" "SELECT COUNT(*) FROM elders $towns AND categories LIKE '%特困%'") persons) | ${e_s} s |"
echo "| bare SQL: entered figures by region | ${r_s} s |"
echo "| bare SQL, the five together | $(awk -v a="$f_s" -v b="$p_s" -v c="$e_s" -v d="$r_s" -v e="$c_s" 'BEGIN{printf "%.3f", a + b + c + d + e}') s |"
