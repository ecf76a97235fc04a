#!/usr/bin/env bash
# Soak: the hostile-input fuzz property (tests/ZoneMap.Api.Tests/Hardening/HostileInputFuzzTests.cs) with many more
# requests, sent over real HTTP to a real server (Kestrel, its URL limits included) instead of the in-process one.
#
#   scripts/soak.sh [--requests N (default 200000)] [--url URL]
#
# Without --url it starts `./zonemap serve` on a free loopback port with ZONEMAP_RATE_LIMIT=0 and stops it afterwards;
# a server given with --url must run with ZONEMAP_RATE_LIMIT=0 too. Prints the request count and status histogram;
# exits non-zero on any 5xx, stack trace text, or 4xx that is not problem+json.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
REQUESTS=200000 URL=""
while [ $# -gt 0 ]; do
  case "$1" in
    --requests) REQUESTS="$2"; shift 2 ;;
    --url) URL="${2%/}"; shift 2 ;;
    -h|--help) sed -n '2,9p' "$0"; exit 0 ;;
    *) echo "soak.sh: unknown option $1" >&2; exit 2 ;;
  esac
done
WORK="$(mktemp -d)"
# shellcheck source=lib/server.sh
. "$ROOT/scripts/lib/server.sh"
trap 'stop_server; rm -rf "$WORK"' EXIT
[ -n "$URL" ] || start_server "$WORK/serve.log"
curl -fs "$URL/health" >/dev/null || { echo "soak.sh: $URL/health does not answer" >&2; exit 1; }

echo "soak.sh: $REQUESTS fuzzed requests against $URL"
ZONEMAP_FUZZ_BASE_URL="$URL" ZONEMAP_FUZZ_REQUESTS="$REQUESTS" \
  "$ROOT/zonemap" test --filter "FullyQualifiedName~HostileInputFuzzTests" | grep -E "zonemap fuzz:|Passed|Failed|Error Message|→" | head -60
exit "${PIPESTATUS[0]}"
