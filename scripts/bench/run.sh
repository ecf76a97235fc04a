#!/usr/bin/env bash
# `./zonemap bench run`: ZoneMap against the tools a GIS engineer would use instead, on the same PostGIS, the same
# table and the same machine, in one run. Every figure is a ratio ZoneMap ÷ anchor (throughput: higher is better).
#
#   ./zonemap bench run [--features N] [--seed S] [--duration S] [--connections C] [--only PARTS] [--url URL]
#                       [--output FILE]
#
#   PARTS   comma-separated, default all: load,ingest,export,items,tiles
#   --url   run items/tiles against a ZoneMap already serving this database (e.g. `./zonemap cluster up 2`);
#           otherwise the script starts `./zonemap serve` itself
#   --pg    libpq conninfo of the PostgreSQL the anchors use (default: the project's local cluster as postgres);
#           with ZONEMAP_DB set (ZoneMap's own connection, e.g. a cluster's primary) it is required
#
#   load    ./zonemap load FILE         vs ogr2ogr into PostGIS        vs COPY of the same rows + the same indexes
#   ingest  ./zonemap ingest seeds/ (second, warm run; the time the command reports)
#   export  GET /export (GeoJSON, all)  vs ogr2ogr -f GeoJSON          vs psql COPY of ZoneMap's own export SQL
#   items   wrk: bbox+sector, limit=100 vs MapServer 8 OGC API (wrk)   vs pgbench running ZoneMap's SQL for each page
#   tiles   wrk: z 8-14 tiles           vs pgbench running ZoneMap's ST_AsMVT SQL for each tile
# The requests and their SQL come from `zonemap bench workload` (the server's own query builders, parameters inlined).
# Results: a table on stdout, bench/results/latest.json (or --output) and bench/results/latest.md.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
PG="" FEATURES=1000000 SEED=1 DURATION=30 CONNECTIONS=32 ONLY="load,ingest,export,items,tiles" URL="" OUTPUT=""
while [ $# -gt 0 ]; do
  case "$1" in
    --features) FEATURES="$2"; shift 2 ;;
    --seed) SEED="$2"; shift 2 ;;
    --duration) DURATION="$2"; shift 2 ;;
    --connections) CONNECTIONS="$2"; shift 2 ;;
    --only) ONLY="$2"; shift 2 ;;
    --url) URL="${2%/}"; shift 2 ;;
    --pg) PG="$2"; shift 2 ;;
    --output) OUTPUT="$2"; shift 2 ;;
    -h|--help) sed -n '2,21p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "bench: unknown option $1 (see ./zonemap bench run --help)" >&2; exit 2 ;;
  esac
done
[[ "$FEATURES" =~ ^[0-9]+$ ]] && [ "$FEATURES" -gt 0 ] || { echo "bench: --features must be a positive number" >&2; exit 2; }
OUTPUT="${OUTPUT:-$ROOT/bench/results/latest.json}"
ZM="$ROOT/zonemap"
CLI="dotnet $ROOT/src/ZoneMap.Cli/bin/Release/net10.0/zonemap.dll"
WORK="$ROOT/.zonemap/bench"
mkdir -p "$WORK" "$(dirname "$OUTPUT")"
wants() { [[ ",$ONLY," == *",$1,"* ]]; }
say() { echo "bench: $*" >&2; }
now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.3f", b - a }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b + 0 == 0 || a == "null" || b == "null") print "null"; else printf "%.3f", a / b }'; }
# A throughput that includes failed requests proves nothing: its ratio is null and the run says so.
checked() { # $1 = value, $2 = errors, $3 = what
  if [ "${2:-0}" != 0 ] || awk -v v="$1" 'BEGIN { exit !(v + 0 == 0) }'; then say "$3: ${2:-0} failed requests or no answers: no ratio"; echo null; else echo "$1"; fi
}

declare -A R # result key -> JSON value
SERVER_PID="" MS_STARTED="" SAMPLER=""
. "$ROOT/scripts/lib/server.sh"
cleanup() {
  [ -z "$SAMPLER" ] || kill "$SAMPLER" 2>/dev/null || true
  stop_server
  [ -z "$MS_STARTED" ] || "$ROOT/scripts/bench/mapserver.sh" stop --workdir "$WORK/mapserver" >/dev/null 2>&1 || true
  psql_admin -c "DROP TABLE IF EXISTS bench_ogr2ogr, bench_copy" >/dev/null 2>&1 || true
}
trap cleanup EXIT

# The project's own PostGIS (the one ZoneMap serves from); the anchors connect as its superuser over loopback.
if [ -z "$PG" ]; then
  [ -z "${ZONEMAP_DB:-}" ] || { echo "bench: ZONEMAP_DB is set: give the anchors' database with --pg" >&2; exit 2; }
  PORT="$("$ZM" db start | sed -n 's/.*Port=\([0-9]*\).*/\1/p')"
  [ -n "$PORT" ] || { echo "bench: could not start the local PostgreSQL cluster" >&2; exit 1; }
  PG="host=127.0.0.1 port=$PORT dbname=zonemap user=postgres"
fi
PORT="$(echo "$PG" | sed -n 's/.*port=\([0-9]*\).*/\1/p')"
[ -n "$PORT" ] || { echo "bench: --pg must be a conninfo with port=, e.g. \"host=127.0.0.1 port=5432 dbname=zonemap user=postgres\"" >&2; exit 2; }
psql_admin() { psql -X -q -v ON_ERROR_STOP=1 "$PG" "$@"; }
PGBENCH="$(command -v pgbench || echo /usr/lib/postgresql/15/bin/pgbench)"

DATA="$WORK/generated-$FEATURES-$SEED.geojson"
if [ ! -s "$DATA" ]; then
  say "generating $FEATURES features (seed $SEED)"
  $CLI bench generate --features "$FEATURES" --seed "$SEED" -o "$DATA.part" >&2 && mv "$DATA.part" "$DATA"
fi
R[features]="$FEATURES"

loaded() { psql_admin -At -c 'SELECT count(*) FROM bulk_features'; }

# ---- load --------------------------------------------------------------------------------------------------------
if wants load || [ "$(loaded)" != "$FEATURES" ]; then
  say "load: ./zonemap load"
  t0="$(now)"; $CLI load "$DATA" --replace >"$WORK/load.log"; zm_load="$(since "$t0")"
  say "load: $zm_load s"
fi
[ "$(loaded)" = "$FEATURES" ] || { echo "bench: bulk_features holds $(loaded) rows, expected $FEATURES" >&2; exit 1; }
if wants load; then
  say "load: ogr2ogr into PostGIS (COPY mode, GiST index)"
  t0="$(now)"
  PG_USE_COPY=YES ogr2ogr -f PostgreSQL "PG:$PG" "$DATA" -nln bench_ogr2ogr -overwrite -nlt GEOMETRY \
    -lco GEOMETRY_NAME=geom -lco SPATIAL_INDEX=GIST >"$WORK/ogr2ogr-load.log" 2>&1
  ogr_load="$(since "$t0")"
  say "load: ogr2ogr $ogr_load s"
  # PostgreSQL alone: the same rows already in table form, COPY in binary, then the indexes ZoneMap's table has,
  # with the same maintenance_work_mem ZoneMap's load sets.
  psql_admin -c 'COPY (SELECT "SourceId", "Name", "Kind", "Region", "SectorIds", "FamilyIds", "PeriodStart", "PeriodEnd", "Properties", "Geom" FROM bulk_features) TO STDOUT (FORMAT binary)' >"$WORK/rows.bin"
  psql_admin -c 'DROP TABLE IF EXISTS bench_copy; CREATE TABLE bench_copy (LIKE bulk_features INCLUDING DEFAULTS INCLUDING IDENTITY INCLUDING CONSTRAINTS)'
  t0="$(now)"
  psql_admin -1 -c "SET maintenance_work_mem = '512MB'" \
    -c '\copy bench_copy ("SourceId", "Name", "Kind", "Region", "SectorIds", "FamilyIds", "PeriodStart", "PeriodEnd", "Properties", "Geom") FROM '"'$WORK/rows.bin'"' (FORMAT binary)' \
    -c 'ALTER TABLE bench_copy ADD PRIMARY KEY ("Id")' \
    -c 'CREATE INDEX ON bench_copy USING gist ("Geom")' -c 'CREATE INDEX ON bench_copy USING gin ("SectorIds")' \
    -c 'CREATE INDEX ON bench_copy ("Region")'
  copy_load="$(since "$t0")"
  say "load: COPY + indexes $copy_load s"
  psql_admin -c "DROP TABLE IF EXISTS bench_ogr2ogr, bench_copy"; rm -f "$WORK/rows.bin"
  R[load_s]="$zm_load"; R[load_ogr2ogr_s]="$ogr_load"; R[load_copy_s]="$copy_load"
  R[load_vs_ogr2ogr]="$(ratio "$ogr_load" "$zm_load")"; R[load_vs_copy]="$(ratio "$copy_load" "$zm_load")"
fi

# ---- ingest ------------------------------------------------------------------------------------------------------
if wants ingest; then
  say "ingest: the five seeds, twice (the second is the warm figure)"
  $CLI ingest "$ROOT/seeds" >/dev/null
  t0="$(now)"; out="$($CLI ingest "$ROOT/seeds")"; wall="$(since "$t0")"
  R[ingest_seeds_s]="$(echo "$out" | sed -n 's/^ingested 5 of 5 files in \([0-9.]*\) s$/\1/p')"
  [ -n "${R[ingest_seeds_s]}" ] || { echo "$out" >&2; echo "bench: the seeds did not ingest" >&2; exit 1; }
  R[ingest_seeds_command_s]="$wall"
  say "ingest: ${R[ingest_seeds_s]} s in the command (${wall} s with process start)"
fi

# ---- the server and the workload --------------------------------------------------------------------------------
if wants export || wants items || wants tiles; then
  if [ -z "$URL" ]; then start_server "$WORK/serve.log" >&2; fi
  curl -fs "$URL/health" >/dev/null || { echo "bench: $URL/health does not answer" >&2; exit 1; }
  rm -rf "$WORK/workload"
  $CLI bench workload --requests 100 --seed "$SEED" -o "$WORK/workload" >&2
fi

# wrk over a list of URLs, picked at random; prints "rps p50_ms p99_ms errors".
run_wrk() { # $1 = base URL, $2 = file of paths (or full URLs when $1 is empty)
  cat >"$WORK/pick.lua" <<LUA
local paths = {}
for line in io.lines("$2") do paths[#paths + 1] = line end
math.randomseed(42)
request = function() return wrk.format("GET", "$1" .. paths[math.random(#paths)]) end
done = function(summary, latency, requests)
  io.write(string.format("WRKRESULT %.2f %.2f %.2f %d\n", summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
LUA
  local host; host="$(echo "${1:-$(head -1 "$2")}" | sed -E 's#^(https?://[^/]+).*#\1#')"
  wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --timeout 10s -s "$WORK/pick.lua" "$host" | sed -n 's/^WRKRESULT //p'
}

# pgbench over the workload's SQL scripts (one picked at random per transaction); prints "tps p50_ms p99_ms errors".
run_pgbench() { # $1 = script prefix (items|tiles)
  local args=() f
  for f in "$WORK/workload/$1"-*.sql; do args+=(-f "$f"); done
  rm -rf "$WORK/pgbench-log"; mkdir -p "$WORK/pgbench-log"
  (cd "$WORK/pgbench-log" && "$PGBENCH" -n -c "$CONNECTIONS" -j 2 -T "$DURATION" -l "${args[@]}" "$PG" >"$WORK/pgbench-$1.out" 2>&1) \
    || { tail -5 "$WORK/pgbench-$1.out" >&2; echo "bench: pgbench failed" >&2; exit 1; }
  local tps; tps="$(sed -n 's/^tps = \([0-9.]*\) (without initial connection time)/\1/p' "$WORK/pgbench-$1.out")"
  local failed; failed="$(sed -n 's/^number of failed transactions: \([0-9]*\).*/\1/p' "$WORK/pgbench-$1.out")"
  # Per-transaction log: client, transaction, latency in µs, script, epoch, µs.
  cat "$WORK/pgbench-log"/pgbench_log.* | awk '{ print $3 / 1000 }' | sort -n >"$WORK/pgbench-$1.latencies"
  local n; n="$(wc -l <"$WORK/pgbench-$1.latencies")"
  local p50 p99
  p50="$(sed -n "$(( (n * 50 + 99) / 100 ))p" "$WORK/pgbench-$1.latencies")"
  p99="$(sed -n "$(( (n * 99 + 99) / 100 ))p" "$WORK/pgbench-$1.latencies")"
  echo "$tps $p50 $p99 ${failed:-0}"
}

rss_peak_mb() { awk 'BEGIN { m = 0 } $1 > m { m = $1 } END { printf "%.0f", m / 1024 }' "$1"; }

# ---- export ------------------------------------------------------------------------------------------------------
if wants export; then
  [ -n "$SERVER_PID" ] || say "export: --url given, so the peak RSS is not measured"
  best() { sort -n | sed -n 1p; }
  zm_times=() pg_times=() ogr_times=()
  : >"$WORK/rss.log"
  for round in 1 2; do
    say "export round $round: ZoneMap /export"
    if [ -n "$SERVER_PID" ]; then
      (while :; do awk '/^VmRSS:/ { print $2 }' "/proc/$SERVER_PID/status" >>"$WORK/rss.log"; sleep 0.1; done) & SAMPLER=$!
    fi
    t0="$(now)"; curl -fsS -o "$WORK/export-zonemap.geojson" "$URL$(cat "$WORK/workload/export.url")"; zm_times+=("$(since "$t0")")
    [ -z "$SAMPLER" ] || kill "$SAMPLER" 2>/dev/null || true; SAMPLER=""
    say "export round $round: PostgreSQL alone (COPY of the same SQL)"
    t0="$(now)"; psql_admin -c "COPY ($(cat "$WORK/workload/export.sql")) TO STDOUT" >"$WORK/export-postgis.txt"; pg_times+=("$(since "$t0")")
    say "export round $round: ogr2ogr -f GeoJSON"
    rm -f "$WORK/export-ogr2ogr.geojson"
    # The columns ZoneMap exports, in its order, with its 6 decimals.
    t0="$(now)"
    ogr2ogr -f GeoJSON "$WORK/export-ogr2ogr.geojson" "PG:$PG" -lco COORDINATE_PRECISION=6 -sql 'SELECT "Id" AS id, "SourceId" AS source_id, "Name" AS name, "Kind" AS kind, "Region" AS region, "SectorIds" AS sectors, "FamilyIds" AS families, "PeriodStart" || $$-$$ || "PeriodEnd" AS period, "PeriodStart" AS period_start, "PeriodEnd" AS period_end, "Geom" FROM bulk_features ORDER BY "Id"' >"$WORK/ogr2ogr-export.log" 2>&1
    ogr_times+=("$(since "$t0")")
  done
  lines="$(wc -l <"$WORK/export-postgis.txt")"
  [ "$lines" = "$FEATURES" ] || { echo "bench: PostgreSQL exported $lines rows, expected $FEATURES" >&2; exit 1; }
  R[export_s]="$(printf '%s\n' "${zm_times[@]}" | best)"
  R[export_postgis_s]="$(printf '%s\n' "${pg_times[@]}" | best)"
  R[export_ogr2ogr_s]="$(printf '%s\n' "${ogr_times[@]}" | best)"
  R[export_vs_postgis]="$(ratio "${R[export_postgis_s]}" "${R[export_s]}")"
  R[export_vs_ogr2ogr]="$(ratio "${R[export_ogr2ogr_s]}" "${R[export_s]}")"
  R[export_mb]="$(awk -v b="$(stat -c %s "$WORK/export-zonemap.geojson")" 'BEGIN { printf "%.0f", b / 1048576 }')"
  R[export_peak_rss_mb]="$( [ -s "$WORK/rss.log" ] && rss_peak_mb "$WORK/rss.log" || echo null)"
  rm -f "$WORK"/export-*
  say "export: ZoneMap ${R[export_s]} s, PostgreSQL ${R[export_postgis_s]} s, ogr2ogr ${R[export_ogr2ogr_s]} s, peak RSS ${R[export_peak_rss_mb]} MB"
fi

# ---- items -------------------------------------------------------------------------------------------------------
if wants items; then
  say "items: ZoneMap, wrk -c$CONNECTIONS ${DURATION}s"
  read -r rps p50 p99 err < <(run_wrk "$URL" "$WORK/workload/items.urls")
  say "items: PostgreSQL alone, pgbench -c$CONNECTIONS ${DURATION}s"
  read -r pg_rps pg_p50 pg_p99 pg_err < <(run_pgbench items)
  say "items: MapServer 8 OGC API (FastCGI behind nginx), wrk -c$CONNECTIONS ${DURATION}s"
  ms_port=$((PORT + 1000))
  MS_STARTED=1 # set before the start, so a half-started MapServer is stopped too
  prefix="$("$ROOT/scripts/bench/mapserver.sh" start --db "$PG" --port "$ms_port" --workdir "$WORK/mapserver" | tail -1)"
  awk -F'\t' -v p="$prefix" '{ printf "%s?bbox=%s&sector=%s&limit=100\n", p, $1, $2 }' "$WORK/workload/items.tsv" >"$WORK/mapserver.urls"
  read -r ms_rps ms_p50 ms_p99 ms_err < <(run_wrk "" "$WORK/mapserver.urls")
  "$ROOT/scripts/bench/mapserver.sh" stop --workdir "$WORK/mapserver" >/dev/null; MS_STARTED=""
  R[items_rps]="$rps"; R[items_p50_ms]="$p50"; R[items_p99_ms]="$p99"; R[items_errors]="$err"
  R[items_postgis_rps]="$pg_rps"; R[items_postgis_p50_ms]="$pg_p50"; R[items_postgis_p99_ms]="$pg_p99"
  R[items_mapserver_rps]="$ms_rps"; R[items_mapserver_p99_ms]="$ms_p99"; R[items_mapserver_errors]="$ms_err"
  rps="$(checked "$rps" "$err" "items: ZoneMap")"; pg_rps="$(checked "$pg_rps" "$pg_err" "items: PostgreSQL")"; ms_rps="$(checked "$ms_rps" "$ms_err" "items: MapServer")"
  R[items_vs_postgis]="$(ratio "$rps" "$pg_rps")"; R[items_vs_mapserver]="$(ratio "$rps" "$ms_rps")"
  R[items_p99_vs_postgis]="$(ratio "$p99" "$pg_p99")"
  say "items: ZoneMap $rps/s (p99 $p99 ms), PostgreSQL $pg_rps/s (p99 $pg_p99 ms), MapServer $ms_rps/s"
fi

# ---- tiles -------------------------------------------------------------------------------------------------------
if wants tiles; then
  say "tiles: ZoneMap, wrk -c$CONNECTIONS ${DURATION}s"
  read -r rps p50 p99 err < <(run_wrk "$URL" "$WORK/workload/tiles.urls")
  say "tiles: PostgreSQL alone (ST_AsMVT), pgbench -c$CONNECTIONS ${DURATION}s"
  read -r pg_rps pg_p50 pg_p99 pg_err < <(run_pgbench tiles)
  R[tiles_rps]="$rps"; R[tiles_p99_ms]="$p99"; R[tiles_errors]="$err"
  R[tiles_postgis_rps]="$pg_rps"; R[tiles_postgis_p99_ms]="$pg_p99"
  R[tiles_vs_st_asmvt]="$(ratio "$(checked "$rps" "$err" "tiles: ZoneMap")" "$(checked "$pg_rps" "$pg_err" "tiles: PostgreSQL")")"
  say "tiles: ZoneMap $rps/s, PostgreSQL $pg_rps/s"
fi

# ---- results -----------------------------------------------------------------------------------------------------
R[machine]="\"$(lscpu | sed -n '0,/^Model name: */s/^Model name: *//p'), $(nproc) cores, $(free -g | awk '/^Mem:/ { print $2 }') GiB, $(. /etc/os-release; echo "$PRETTY_NAME")\""
R[postgres]="\"$(psql_admin -At -c 'SHOW server_version' | cut -d' ' -f1) / PostGIS $(psql_admin -At -c 'SELECT extversion FROM pg_extension WHERE extname = $$postgis$$')\""
R[date]="\"$(date -u +%Y-%m-%dT%H:%M:%SZ)\""
R[connections]="$CONNECTIONS"; R[duration_s]="$DURATION"
R[url]="\"${URL}\""
{
  echo "{"
  keys=(features export_vs_postgis export_vs_ogr2ogr export_peak_rss_mb items_vs_postgis items_vs_mapserver items_rps items_p99_ms
        items_p99_vs_postgis tiles_vs_st_asmvt load_vs_ogr2ogr load_vs_copy ingest_seeds_s)
  for k in "${!R[@]}"; do [[ " ${keys[*]} " == *" $k "* ]] || keys+=("$k"); done
  first=1
  for k in "${keys[@]}"; do
    v="${R[$k]:-null}"; [ -n "$v" ] || v=null
    [ $first = 1 ] || echo ","
    printf '  "%s": %s' "$k" "$v"; first=0
  done
  echo; echo "}"
} >"$OUTPUT"

v() { echo "${R[$1]:-–}"; }
{
  echo "| Benchmark ($(v features) features) | ZoneMap | Anchor | Ratio (ZoneMap ÷ anchor) | Target |"
  echo "|---|---|---|---|---|"
  if wants export; then
    echo "| GeoJSON export, all features | $(v export_s) s | PostgreSQL alone $(v export_postgis_s) s | $(v export_vs_postgis) | ≥ 0.8 |"
    echo "| | | ogr2ogr $(v export_ogr2ogr_s) s | $(v export_vs_ogr2ogr) | > 1 |"
    echo "| Export peak RSS | $(v export_peak_rss_mb) MB | | | ≤ 256 MB |"
  fi
  if wants items; then
    echo "| Items (bbox + sector, limit 100, $CONNECTIONS conn.) | $(v items_rps)/s, p99 $(v items_p99_ms) ms | PostgreSQL alone $(v items_postgis_rps)/s, p99 $(v items_postgis_p99_ms) ms | $(v items_vs_postgis); p99 $(v items_p99_vs_postgis) | ≥ 0.8; p99 ≤ 1.5 |"
    echo "| | | MapServer 8 $(v items_mapserver_rps)/s | $(v items_vs_mapserver) | > 1 |"
  fi
  if wants tiles; then
    echo "| Vector tiles z 8–14 | $(v tiles_rps)/s | ST_AsMVT alone $(v tiles_postgis_rps)/s | $(v tiles_vs_st_asmvt) | ≥ 0.8 |"
  fi
  if wants load; then
    echo "| Bulk load (GeoJSON) | $(v load_s) s | ogr2ogr $(v load_ogr2ogr_s) s | $(v load_vs_ogr2ogr) | ≥ 2 |"
    echo "| | | COPY + indexes $(v load_copy_s) s | $(v load_vs_copy) | ≥ 0.5 |"
  fi
  if wants ingest; then
    echo "| Ingest of the five seeds (warm) | $(v ingest_seeds_s) s | | | ≤ 3 s |"
  fi
  echo
  echo "Machine: ${R[machine]//\"/}; PostgreSQL ${R[postgres]//\"/}; ${R[date]//\"/}; ${URL:-./zonemap serve}."
} | tee "${OUTPUT%.json}.md"
