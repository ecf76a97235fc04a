# Sourced by scripts/load.sh and scripts/soak.sh: start `./zonemap serve` on a free loopback port, rate limiter off.
# Sets URL and SERVER_PID (./zonemap execs the server, so this is the server's own process id); stop_server stops it.
start_server() { # $1 = log file
  local port
  # A random port in 20000-29999 that nothing listens on.
  while :; do
    port=$((20000 + RANDOM % 10000))
    ss -Hltn "sport = :$port" | grep -q . || break
  done
  URL="http://127.0.0.1:$port"
  echo "$(basename "$0"): starting ./zonemap serve on $URL with ZONEMAP_RATE_LIMIT=0 (log: $1)"
  # Without ZONEMAP_RATE_LIMIT=0 the per-client limiter would answer most of a load or soak run with 429.
  ZONEMAP_RATE_LIMIT=0 "$ROOT/zonemap" serve --port "$port" >"$1" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 1 300); do
    curl -fs "$URL/health" >/dev/null 2>&1 && return 0
    kill -0 "$SERVER_PID" 2>/dev/null || break
    sleep 1
  done
  tail -20 "$1" >&2
  echo "$(basename "$0"): the server did not start" >&2
  return 1
}

stop_server() {
  if [ -n "${SERVER_PID:-}" ]; then kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; SERVER_PID=""; fi
}
