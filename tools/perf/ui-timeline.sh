#!/usr/bin/env bash
# Measures the timeline page (issue 12) in headless Chromium over a generated history:
# (real time, DevTools protocol: tools/perf/ui-cdp.py) first paint (rows) and complete view (markers) after navigation, redraw on pan/zoom, fetch+redraw, JSON bytes per window.
# usage: tools/perf/ui-timeline.sh [EVENTS] [BUILD_DIR]   (defaults: 1000000, .build/release)
# STORE=DIR keeps the generated store there, and reuses it when it exists (runs after the first
# skip generating and appending).
# For each window, first one page load on a freshly started server (its first request for the
# window is the page's own: nothing read before), then, on the same server, three curl requests,
# a rows-only one, the page with a 10-step pan/zoom bench and the page with every row expanded.
set -euo pipefail
EVENTS="${1:-1000000}"
BIN="${2:-.build/release}"
WORK="$(mktemp -d)"
SERVER=""
trap '[ -n "$SERVER" ] && kill "$SERVER" 2>/dev/null; rm -rf "$WORK"' EXIT
STORE="${STORE:-$WORK/store}"
CDP="$(dirname "$0")/ui-cdp.py"
echo "load: $(uptime)"
if [ -d "$STORE" ]; then
  echo "store: reusing $STORE"
else
  "$BIN/kubeledger-gen" --events "$EVENTS" --seed 1 > "$WORK/events.jsonl"
  /usr/bin/time -f "append: %e s" "$BIN/kubeledger" append --store "$STORE" --format events -f "$WORK/events.jsonl" >/dev/null
  rm "$WORK/events.jsonl"
fi
start_server() {
  [ -n "$SERVER" ] && kill "$SERVER" 2>/dev/null && wait "$SERVER" 2>/dev/null || true
  : > "$WORK/serve.log"
  "$BIN/kubeledger" serve --store "$STORE" --listen 127.0.0.1:0 2> "$WORK/serve.log" &
  SERVER=$!
  for _ in $(seq 100); do grep -q "on http://127.0.0.1:" "$WORK/serve.log" && break; sleep 0.2; done
  URL="$(grep -o 'http://127.0.0.1:[0-9]*' "$WORK/serve.log" | head -1)"
}
start_server
RANGE="$(curl -s "$URL/kubeledger/v1/range")"
echo "range: $RANGE"
LAST="$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["last"])' "$RANGE")"
for HOURS in 1 6; do
  FROM=$((LAST - HOURS * 3600000))
  echo "window ${HOURS} h:"
  start_server
  python3 "$CDP" "$URL/ui/?from=$FROM&to=$LAST" data-paint-ms data-complete-ms data-json-bytes data-js-error \
    data-api-error | sed 's/^/  fresh server: /' || true
  start_server
  for i in 1 2 3; do
    curl -s -o /dev/null -w "  JSON %{size_download} bytes in %{time_total} s (curl)\n" \
      "$URL/kubeledger/v1/timeline?from=$FROM&to=$LAST"
  done
  curl -s -o /dev/null -w "  rows only (markers=0): JSON %{size_download} bytes in %{time_total} s (curl)\n" \
    "$URL/kubeledger/v1/timeline?from=$FROM&to=$LAST&markers=0"
  python3 "$CDP" "$URL/ui/?from=$FROM&to=$LAST&bench=10" \
    data-paint-ms data-complete-ms data-bench data-json-bytes data-js-error data-api-error | sed 's/^/  /' || true
  python3 "$CDP" "$URL/ui/?from=$FROM&to=$LAST&expand=all" \
    data-paint-ms data-complete-ms data-render-ms data-json-bytes | sed 's/^/  expand=all: /' || true
done
echo "load: $(uptime)"
