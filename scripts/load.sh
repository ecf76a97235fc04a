#!/usr/bin/env bash
# Load test: wrk against items (random bbox pages), export (small filtered GeoJSON) and, when the route exists, vector
# tiles, all at once. Fails on any non-2xx/3xx answer or socket error, or if the server's RSS at the end of the run
# exceeds 1.2x its RSS after a warm-up (peaks over equal windows, sampled every second: see sample_rss).
#
#   scripts/load.sh [--duration S] [--connections N] [--warmup S] [--url URL --pid PID]
#
# Without --url it starts `./zonemap serve` on a free loopback port with ZONEMAP_RATE_LIMIT=0 (the per-client rate
# limiter would otherwise answer most of the load with 429) and stops it afterwards. With --url, that server must run
# with ZONEMAP_RATE_LIMIT=0 too; --pid is its process id for the RSS figures (found from the port when omitted).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DURATION=60 CONNECTIONS=64 WARMUP=30 URL="" PID=""
while [ $# -gt 0 ]; do
  case "$1" in
    --duration) DURATION="$2"; shift 2 ;;
    --connections) CONNECTIONS="$2"; shift 2 ;;
    --warmup) WARMUP="$2"; shift 2 ;;
    --url) URL="${2%/}"; shift 2 ;;
    --pid) PID="$2"; shift 2 ;;
    -h|--help) sed -n '2,11p' "$0"; exit 0 ;;
    *) echo "load.sh: unknown option $1" >&2; exit 2 ;;
  esac
done
for tool in wrk curl jq python3; do command -v "$tool" >/dev/null || { echo "load.sh: $tool is not installed (apt-get install $tool)" >&2; exit 2; }; done

WORK="$(mktemp -d)"
# shellcheck source=lib/server.sh
. "$ROOT/scripts/lib/server.sh"
SAMPLER=""
cleanup() { [ -z "$SAMPLER" ] || kill "$SAMPLER" 2>/dev/null || true; stop_server; rm -rf "$WORK"; }
trap cleanup EXIT

if [ -z "$URL" ]; then
  start_server "$WORK/serve.log" || exit 1
  PID=$SERVER_PID
fi
curl -fs "$URL/health" >/dev/null || { echo "load.sh: $URL/health does not answer" >&2; exit 1; }
if [ -z "$PID" ]; then
  PID="$(ss -ltnpH "sport = :${URL##*:}" | grep -o 'pid=[0-9]*' | head -1 | cut -d= -f2)"
  [ -n "$PID" ] || { echo "load.sh: cannot find the server's process for $URL: give --pid" >&2; exit 2; }
fi
rss_kb() { awk '/^VmRSS:/ { print $2 }' "/proc/$PID/status"; }
# The GC makes RSS a saw-tooth (tens of MiB up and down within seconds), so one reading proves little: sample every
# second and compare the peak of the warm-up's second half with the peak of the run's last stretch of the same length.
sample_rss() { # $1 = phase name; runs until killed
  while :; do echo "$1 $(rss_kb)" >>"$WORK/rss.log"; sleep 1; done
}
peak_mib() { # $1 = phase, $2 = how many of its last samples
  grep "^$1 " "$WORK/rss.log" | tail -n "$2" | awk 'BEGIN { m = 0 } $2 > m { m = $2 } END { printf "%d", m / 1024 }'
}

# Real ids from the running server, so that every generated URL is a valid request (any 4xx counts as an error).
REGIONS="$(curl -fs "$URL/collections/zones/items?limit=1000" | jq -r '[.features[].properties.region] | unique | map("\"" + . + "\"") | join(",")')"
SECTORS="$(curl -fs "$URL/sectors" | jq -r '[.families[] | .id, .sectors[].id] | map("\"" + . + "\"") | join(",")')"

cat >"$WORK/items.lua" <<LUA
-- A random bbox over eastern China and a random page of zones or mentions.
local collections = { "zones", "zones", "mentions", "districts", "structures" }
request = function()
  local w = 100 + math.random() * 20
  local s = 22 + math.random() * 15
  local path = string.format("/collections/%s/items?bbox=%.3f,%.3f,%.3f,%.3f&limit=%d&offset=%d",
    collections[math.random(#collections)], w, s, w + math.random() * 10, s + math.random() * 8, math.random(1, 100), math.random(0, 20))
  return wrk.format("GET", path)
end
LUA
cat >"$WORK/export.lua" <<LUA
-- A small filtered GeoJSON export: one region and one sector (family) or period.
local regions = { $REGIONS }
local sectors = { $SECTORS }
local periods = { "2011-2015", "2016-2020", "2021-2025" }
request = function()
  local path = "/export?format=geojson&collection=zones&region=" .. regions[math.random(#regions)]
  if math.random() < 0.5 then path = path .. "&sector=" .. sectors[math.random(#sectors)] else path = path .. "&period=" .. periods[math.random(#periods)] end
  return wrk.format("GET", path)
end
LUA
cat >"$WORK/tiles.lua" <<LUA
-- Vector tiles around Shanghai and Chongqing, zoom 4 to 12.
local centres = { { 121.5, 31.2 }, { 106.5, 29.6 } }
request = function()
  local c = centres[math.random(#centres)]
  local z = math.random(4, 12)
  local n = 2 ^ z
  local lat = math.rad(c[2] + (math.random() - 0.5))
  local x = math.floor((c[1] + (math.random() - 0.5) + 180) / 360 * n)
  local y = math.floor((1 - math.log(math.tan(lat) + 1 / math.cos(lat)) / math.pi) / 2 * n)
  return wrk.format("GET", string.format("/collections/zones/tiles/%d/%d/%d", z, x, y))
end
LUA

SCENARIOS="items export"
TILE_STATUS="$(curl -s -o /dev/null -w '%{http_code}' "$URL/collections/zones/tiles/4/12/6")"
if [ "$TILE_STATUS" = "404" ]; then
  echo "load.sh: note: /collections/{id}/tiles/{z}/{x}/{y} answers 404 on this server (route not there yet): skipping tiles"
else
  SCENARIOS="$SCENARIOS tiles"
fi

run_all() { # $1 = seconds, $2 = output suffix
  local pids=()
  for s in $SCENARIOS; do
    wrk -t 2 -c "$CONNECTIONS" -d "${1}s" --timeout 10s -s "$WORK/$s.lua" "$URL" >"$WORK/$s.$2" 2>&1 &
    pids+=($!)
  done
  local failed=0
  for p in "${pids[@]}"; do wait "$p" || failed=1; done
  return $failed
}

echo "load.sh: warm-up ${WARMUP} s ($SCENARIOS)"
sample_rss warmup & SAMPLER=$!
run_all "$WARMUP" warmup || { echo "load.sh: wrk failed during the warm-up" >&2; exit 1; }
kill "$SAMPLER"; wait "$SAMPLER" 2>/dev/null || true
WINDOW=$(( WARMUP / 2 > 1 ? WARMUP / 2 : 1 ))
RSS_BEFORE="$(peak_mib warmup "$WINDOW")"
echo "load.sh: RSS after warm-up (peak of its last ${WINDOW} s): $RSS_BEFORE MiB; running ${DURATION} s at ${CONNECTIONS} connections per scenario"
sample_rss run & SAMPLER=$!
run_all "$DURATION" out || { echo "load.sh: wrk failed" >&2; exit 1; }
kill "$SAMPLER"; wait "$SAMPLER" 2>/dev/null || true
RSS_AFTER="$(peak_mib run "$WINDOW")"
RSS_RANGE="$(grep '^run ' "$WORK/rss.log" | awk 'NR == 1 { lo = hi = $2 } $2 < lo { lo = $2 } $2 > hi { hi = $2 } END { printf "%d-%d", lo / 1024, hi / 1024 }')"

ERRORS=0
for s in $SCENARIOS; do
  out="$WORK/$s.out"
  requests="$(grep -Eo '^ *[0-9]+ requests in' "$out" | grep -Eo '[0-9]+' || echo 0)"
  rps="$(awk '/^Requests\/sec:/ { print $2 }' "$out")"
  latency="$(awk '/^ *Latency/ { print $2 " avg, " $4 " max" }' "$out")"
  non2xx="$(awk -F': ' '/Non-2xx or 3xx responses/ { print $2 }' "$out")"; non2xx="${non2xx:-0}"
  socket="$(grep -Eo 'Socket errors: .*' "$out" | grep -Eo '[0-9]+' | paste -sd+ | bc 2>/dev/null || echo 0)"; socket="${socket:-0}"
  printf 'load.sh: %-7s %8s requests, %8s req/s, latency %s; non-2xx/3xx: %s, socket errors: %s\n' "$s" "$requests" "$rps" "$latency" "$non2xx" "$socket"
  ERRORS=$((ERRORS + non2xx + socket))
done
echo "load.sh: server RSS before (warm-up peak) $RSS_BEFORE MiB, after (peak of the run's last ${WINDOW} s) $RSS_AFTER MiB (x$(awk -v a="$RSS_AFTER" -v b="$RSS_BEFORE" 'BEGIN { printf "%.2f", a / b }')); range during the run $RSS_RANGE MiB, now $(( $(rss_kb) / 1024 )) MiB"

STATUS=0
if [ "$ERRORS" -gt 0 ]; then echo "load.sh: FAIL: $ERRORS errors" >&2; STATUS=1; fi
if [ "$RSS_AFTER" -gt $((RSS_BEFORE * 12 / 10)) ]; then echo "load.sh: FAIL: RSS grew more than 1.2x" >&2; STATUS=1; fi
[ $STATUS -eq 0 ] && echo "load.sh: OK"
exit $STATUS
