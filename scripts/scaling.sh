#!/usr/bin/env bash
# Items throughput with one ZoneMap instance vs N instances behind nginx, all reading from the streaming replica
# (`./zonemap cluster up N`). Same random bbox pages as scripts/load.sh; prints requests/s and p99 for each.
#
#   scripts/scaling.sh [N instances, default 2] [seconds per run, default 20] [connections, default 32]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
N="${1:-2}" SECONDS_PER_RUN="${2:-20}" CONNECTIONS="${3:-32}"
command -v wrk >/dev/null || { echo "scaling.sh: wrk is not installed (apt-get install wrk)" >&2; exit 2; }
WORK="$(mktemp -d)"
trap '"$ROOT/zonemap" cluster down >/dev/null 2>&1 || true; rm -rf "$WORK"' EXIT

"$ROOT/zonemap" cluster up "$N" | tee "$WORK/up.txt"
BALANCER="$(sed -n 's/^balancer: //p' "$WORK/up.txt")"
# Instances listen on the N ports just below the balancer's (cluster up takes consecutive free ports).
FIRST_INSTANCE="http://127.0.0.1:$(( ${BALANCER##*:} - N ))"

cat >"$WORK/items.lua" <<'LUA'
-- A random ~1 degree bbox over eastern China, a page of 100 zones or mentions.
local collections = { "zones", "mentions" }
request = function()
  local w = 104 + math.random() * 18
  local s = 28 + math.random() * 4
  return wrk.format("GET", string.format("/collections/%s/items?bbox=%.3f,%.3f,%.3f,%.3f&limit=100",
    collections[math.random(#collections)], w, s, w + 1, s + 1))
end
LUA

run() {
  wrk -t 2 -c "$CONNECTIONS" -d "${SECONDS_PER_RUN}s" --latency -s "$WORK/items.lua" "$1" >"$WORK/$2.txt" 2>&1
  printf '%-22s %10s req/s   p99 %s\n' "$2" "$(awk '/Requests\/sec/ {print $2}' "$WORK/$2.txt")" "$(awk '$1 == "99%" {print $2}' "$WORK/$2.txt")"
}
curl -fs "$FIRST_INSTANCE/health" >/dev/null
run "$FIRST_INSTANCE" "one instance"
run "$BALANCER" "$N instances (nginx)"
