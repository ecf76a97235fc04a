#!/usr/bin/env bash
# Benchmark anchor for issue #10: MapServer 8's OGC API – Features (Debian mapserver-bin) serving the same PostGIS
# table as ZoneMap (bulk_features), as 2 FastCGI mapserv processes (spawn-fcgi) behind nginx.
#
#   scripts/bench/mapserver.sh start --db "host=127.0.0.1 port=P dbname=zonemap user=postgres" --port N --workdir DIR
#                                    [--layer-type POINT|POLYGON]
#       prints the items URL prefix as its last line:
#       http://127.0.0.1:N/mapserv/zonemap/ogcapi/collections/features/items   (append ?bbox=W,S,E,N&limit=100)
#   scripts/bench/mapserver.sh stop --workdir DIR
#
# What MapServer 8.0.0's OGC API can answer (checked against the Debian build):
#   - Output: GeoJSON with f=json or an Accept header asking for JSON (nginx supplies one when a client sends none);
#     HTML needs templates this setup does not install.
#   - bbox=W,S,E,N (CRS84), limit (default 10, capped by oga_max_limit, 10000 here), offset: yes; a bbox with no
#     features gives an empty FeatureCollection (200). Bad bbox/limit give 400 with a JSON message.
#   - Every items page runs two queries: a count of the whole bbox (numberMatched), then the page itself.
#   - No attribute filters in 8.0's OGC API (no queryables, no CQL, datetime ignored): unknown query parameters are
#     ignored. What does work is the mapfile's runtime substitution: this mapfile puts %sector% and %region% into
#     its SQL, so `&sector=a,b` (any of these sector ids, no families) and `&region=X` (exact region; the name is
#     case-insensitive, Region=X works too) filter like ZoneMap's parameters of the same name; period, kind and
#     text are not wired. A value that fails the
#     VALIDATION pattern is silently replaced by the empty default, i.e. no filter.
#   - One geometry type per layer: MapServer forces every row to the layer's TYPE. With TYPE POINT (the default
#     here) every row of the page comes out, polygons as a MultiPoint of their vertices, so the work per page
#     equals a faithful answer; with --layer-type POLYGON the points of a mixed table are dropped after the LIMIT
#     (pages come back short). Use POLYGON only for polygon-only data.
#   - Properties come out as strings (the ogcapi writer does not type them); arrays and jsonb as their text form.
set -euo pipefail

MAP_NAME=zonemap    # the alias in the MAPS section, and the first path segment after /mapserv
LAYER_NAME=features # the collection id
FCGI_CHILDREN=2     # one mapserv per core on the 2-core benchmark machine

die() { echo "mapserver.sh: $*" >&2; exit 1; }

usage() {
  sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
}

ensure_packages() {
  local wanted=(mapserver-bin spawn-fcgi) missing=() p
  command -v nginx >/dev/null || wanted+=(nginx-light) # any nginx flavour already installed will do
  for p in "${wanted[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || die "missing Debian packages (${missing[*]}): run as root or apt-get install them."
    sudo="sudo"
  fi
  echo "mapserver.sh: installing ${missing[*]} ..." >&2
  if ! { $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"; } \
      >"$WORKDIR/logs/apt.log" 2>&1; then
    tail -5 "$WORKDIR/logs/apt.log" >&2
    die "could not install ${missing[*]} (log: $WORKDIR/logs/apt.log)"
  fi
}

write_mapfile() {
  # Columns are aliased to lower case in the sub-select: MapServer puts the geometry and id column names into its
  # SQL unquoted. PostgreSQL flattens the sub-select, so the bbox test still uses the GiST index on "Geom".
  # Only columns that exist on every copy of the table are listed (FamilyIds may not exist yet).
  cat >"$WORKDIR/$MAP_NAME.map" <<EOF
MAP
  NAME "$MAP_NAME"
  EXTENT -180 -90 180 90
  SIZE 256 256
  PROJECTION
    "init=epsg:4326"
  END
  WEB
    METADATA
      "oga_enable_request" "*"
      "oga_title" "ZoneMap benchmark anchor (MapServer $(mapserv -v | awk '{print $3}'))"
      "oga_onlineresource" "http://127.0.0.1:$PORT/mapserv/$MAP_NAME/ogcapi"
      "oga_max_limit" "10000"
    END
  END
  LAYER
    NAME "$LAYER_NAME"
    TYPE $LAYER_TYPE
    STATUS ON
    EXTENT -180 -90 180 90
    CONNECTIONTYPE POSTGIS
    CONNECTION "$DB"
    # Keep the PostGIS connection open between FastCGI requests instead of reconnecting every time.
    PROCESSING "CLOSE_CONNECTION=DEFER"
    # sector / region arrive by runtime substitution (see the header); the validation patterns keep quotes and
    # dollars out of the SQL, and a value that fails them is replaced by the empty default (= no filter).
    DATA 'geom from (select "Id" as id, "SourceId" as source_id, "Name" as name, "Kind" as kind, "Region" as region, "SectorIds" as sector_ids, "PeriodStart" as period_start, "PeriodEnd" as period_end, "Geom" as geom from bulk_features where (\$\$%sector%\$\$ = \$\$\$\$ or "SectorIds" && string_to_array(\$\$%sector%\$\$, \$\$,\$\$)) and (\$\$%region%\$\$ = \$\$\$\$ or "Region" = \$\$%region%\$\$)) as features using unique id using srid=4326'
    VALIDATION
      "sector" "^[a-z0-9,-]*\$"
      "default_sector" ""
      "region" "^[^\$'%]*\$"
      "default_region" ""
    END
    PROJECTION
      "init=epsg:4326"
    END
    # A layer is only queryable (and so only servable as items) with a template.
    TEMPLATE "ogcapi"
    METADATA
      "oga_enable_request" "*"
      "oga_title" "Bulk-loaded zones (bulk_features)"
      "gml_featureid" "id"
      "gml_include_items" "all"
    END
  END
END
EOF
}

write_config() {
  # MapServer 8 refuses to run without this file; MAPS maps the URL alias to the mapfile, and no request may
  # name a mapfile path itself. Errors go to stderr, which nginx writes to its error log ("FastCGI sent in stderr"):
  # an error file of its own is buffered and lost when mapserv is stopped.
  cat >"$WORKDIR/mapserver.conf" <<EOF
CONFIG
  ENV
    MS_MAP_NO_PATH "1"
    MS_ERRORFILE "stderr"
  END
  MAPS
    $MAP_NAME "$WORKDIR/$MAP_NAME.map"
  END
END
EOF
}

write_nginx_conf() {
  # Own config, own pid/log/temp paths; nothing under /etc/nginx is changed. As root the workers run as root
  # too, so they can use the socket and temp paths inside a private (0700) work directory.
  local user_line=""
  [ "$(id -u)" -eq 0 ] && user_line="user root;"
  cat >"$WORKDIR/nginx.conf" <<EOF
$user_line
worker_processes 1;
pid $WORKDIR/run/nginx.pid;
error_log $WORKDIR/logs/nginx-error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $WORKDIR/tmp/client_body;
  proxy_temp_path $WORKDIR/tmp/proxy;
  fastcgi_temp_path $WORKDIR/tmp/fastcgi;
  uwsgi_temp_path $WORKDIR/tmp/uwsgi;
  scgi_temp_path $WORKDIR/tmp/scgi;
  keepalive_requests 100000;
  # MapServer picks the output format from f= or else from Accept; with neither (wrk sends no Accept) it tries
  # HTML, which needs a template directory, and answers 500. Clients without Accept get GeoJSON instead.
  map \$http_accept \$mapserv_accept {
    "" "application/geo+json";
    default \$http_accept;
  }
  server {
    listen 127.0.0.1:$PORT;
    # /mapserv/<map alias>/ogcapi/... : mapserv reads the alias and the API path from PATH_INFO.
    location /mapserv/ {
      fastcgi_split_path_info ^(/mapserv)(/.*)\$;
      include /etc/nginx/fastcgi_params;
      fastcgi_param SCRIPT_NAME \$fastcgi_script_name;
      fastcgi_param PATH_INFO \$fastcgi_path_info;
      fastcgi_param HTTP_ACCEPT \$mapserv_accept;
      fastcgi_param MAPSERVER_CONFIG_FILE $WORKDIR/mapserver.conf;
      fastcgi_buffers 64 16k;
      fastcgi_pass unix:$WORKDIR/run/mapserv.sock;
    }
  }
}
EOF
}

show_logs() {
  local f
  for f in nginx-error.log spawn-fcgi.log; do
    [ -s "$WORKDIR/logs/$f" ] && { echo "--- tail of $WORKDIR/logs/$f" >&2; tail -n 12 "$WORKDIR/logs/$f" | cut -c1-300 >&2; }
  done
  return 0
}

# True while the process exists and is not a zombie (kill -0 succeeds on zombies, which PID 1 reaps late here).
running() {
  local state
  state="$(ps -o stat= -p "$1" 2>/dev/null)" || return 1
  [[ "$state" != Z* ]]
}

# Sends the signals in turn, giving the process up to 5 s after each, until it is gone.
end_process() { # $1 = pid, then signals
  local pid="$1" sig; shift
  for sig in "$@"; do
    running "$pid" || return 0
    kill "-$sig" "$pid" 2>/dev/null || return 0
    for _ in $(seq 50); do running "$pid" || return 0; sleep 0.1; done
  done
  running "$pid" && echo "mapserver.sh: process $pid did not end" >&2
  return 0
}

stop_all() {
  # nginx first, with a graceful QUIT: it finishes the requests under way, so no mapserv is mid-request after it.
  if [ -s "$WORKDIR/run/nginx.pid" ]; then
    end_process "$(cat "$WORKDIR/run/nginx.pid")" QUIT TERM KILL
    rm -f "$WORKDIR/run/nginx.pid"
  fi
  # mapserv catches TERM only to end after its next request, and an idle one waits in accept() for ever; INT (not
  # caught) ends an idle one at once. spawn-fcgi wrote one pid per line, the last without a newline.
  if [ -s "$WORKDIR/run/mapserv.pid" ]; then
    local pid
    while read -r pid || [ -n "$pid" ]; do
      [ -n "$pid" ] && end_process "$pid" INT KILL
    done <"$WORKDIR/run/mapserv.pid"
    rm -f "$WORKDIR/run/mapserv.pid"
  fi
  rm -f "$WORKDIR/run/mapserv.sock"
}

fail_start() {
  echo "mapserver.sh: $*" >&2
  show_logs
  stop_all
  exit 1
}

start() {
  [ -n "$DB" ] && [ -n "$PORT" ] || usage
  [[ "$PORT" =~ ^[0-9]+$ ]] || die "--port must be a number"
  [[ "$LAYER_TYPE" =~ ^(POINT|POLYGON)$ ]] || die "--layer-type must be POINT or POLYGON"
  mkdir -p "$WORKDIR"/{logs,run,tmp}
  WORKDIR="$(cd "$WORKDIR" && pwd)"
  ensure_packages
  [ -s "$WORKDIR/run/nginx.pid" ] && die "already running in $WORKDIR (run stop first)"
  if curl -s -o /dev/null "http://127.0.0.1:$PORT/" 2>/dev/null; then die "port $PORT is already in use"; fi
  write_mapfile
  write_config
  write_nginx_conf

  # The environment variable covers mapserv reading its config outside a request; nginx passes it per request too.
  MAPSERVER_CONFIG_FILE="$WORKDIR/mapserver.conf" spawn-fcgi -s "$WORKDIR/run/mapserv.sock" -M 0600 \
      -F "$FCGI_CHILDREN" -P "$WORKDIR/run/mapserv.pid" -- /usr/bin/mapserv >"$WORKDIR/logs/spawn-fcgi.log" 2>&1 \
    || fail_start "spawn-fcgi could not start mapserv"
  nginx -c "$WORKDIR/nginx.conf" -p "$WORKDIR" -e "$WORKDIR/logs/nginx-error.log" \
    || fail_start "nginx did not start"

  local items="http://127.0.0.1:$PORT/mapserv/$MAP_NAME/ogcapi/collections/$LAYER_NAME/items"
  local probe="$items?bbox=121,31,122,32&limit=100&f=json" body="" code=""
  # Retry only while nothing answers (connection refused, or nginx has no mapserv yet); a MapServer answer is final.
  for _ in $(seq 100); do
    code="$(curl -s --max-time 10 -o "$WORKDIR/logs/probe.json" -w '%{http_code}' "$probe" || true)"
    [[ "$code" =~ ^(000|502|503|504)$ ]] || break
    sleep 0.2
  done
  body="$(head -c 100000 "$WORKDIR/logs/probe.json" 2>/dev/null || true)"
  [[ "$body" == *'"FeatureCollection"'* ]] \
    || fail_start "no GeoJSON from $probe; it answered HTTP $code: ${body:0:400}"
  [[ "$body" == *'"features":[{'* ]] \
    || fail_start "$probe answered without features (is bulk_features loaded?): ${body:0:400}"
  echo "mapserver.sh: MapServer $(mapserv -v | awk '{print $3}') serves $LAYER_NAME on 127.0.0.1:$PORT ($FCGI_CHILDREN FastCGI mapserv + nginx; logs in $WORKDIR/logs)" >&2
  echo "$items"
}

COMMAND="${1:-}"; [ $# -gt 0 ] && shift
DB="" PORT="" WORKDIR="" LAYER_TYPE=POINT
while [ $# -gt 0 ]; do
  case "$1" in
    --db) DB="${2:?--db needs a libpq connection string}"; shift 2 ;;
    --port) PORT="${2:?--port needs a number}"; shift 2 ;;
    --workdir) WORKDIR="${2:?--workdir needs a directory}"; shift 2 ;;
    --layer-type) LAYER_TYPE="${2:?--layer-type needs POINT or POLYGON}"; shift 2 ;;
    *) usage ;;
  esac
done
[ -n "$WORKDIR" ] || usage
case "$COMMAND" in
  start) start ;;
  stop) [ -d "$WORKDIR" ] || die "no work directory $WORKDIR"; WORKDIR="$(cd "$WORKDIR" && pwd)"; stop_all ;;
  *) usage ;;
esac
