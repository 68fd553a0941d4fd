#!/usr/bin/env bash
# Builds the libFuzzer harnesses (tools/fuzz/Package.swift) with -sanitize=fuzzer,address and runs
# each for SECONDS (default 60) or RUNS executions, starting from tools/fuzz/seeds/<harness>.
#
#   tools/fuzz/run.sh [seconds] [--runs N] [--only NAME] [--jobs J]
#
# Crashes, leaks and slow inputs are written to tools/fuzz/out/<harness>/ (git-ignored); each
# becomes a regression test. A summary line per harness gives the executions done.
set -uo pipefail
cd "$(dirname "$0")"
SECONDS_PER=60
RUNS=-1
ONLY=""
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) RUNS="$2"; shift 2 ;;
    --only) ONLY="$2"; shift 2 ;;
    [0-9]*) SECONDS_PER="$1"; shift ;;
    *) echo "usage: $0 [seconds] [--runs N] [--only NAME]" >&2; exit 2 ;;
  esac
done
HARNESSES="FuzzObjectReaderJSON FuzzObjectReaderYAML FuzzNativeEvents FuzzAuditLog FuzzWatchStream FuzzListSnapshot FuzzRecordDecoder FuzzSnapshotDecoder FuzzAPIRequest FuzzJSONPath FuzzPodRow"
[ -n "$ONLY" ] && HARNESSES="$ONLY"

BUILD=".build-fuzz"
echo "building harnesses (release, -sanitize=fuzzer,address)…" >&2
[ -n "${SKIP_BUILD:-}" ] || swift build -c release --build-path "$BUILD" -j 2 -Xswiftc -sanitize=fuzzer,address >&2 || exit 1
BIN="$BUILD/release"

export SWIFT_BACKTRACE=enable=no   # the Swift backtracer itself faults under ASan; libFuzzer prints the stack
status=0
for h in $HARNESSES; do
  out="out/$h"; corpus="out/$h/corpus"
  mkdir -p "$corpus"
  cp -n seeds/$h/* "$corpus/" 2>/dev/null || true
  cp -n regressions/$h/* "$corpus/" 2>/dev/null || true
  log="$out/fuzz.log"
  # Bounded memory and time per input: inputs up to 64 KiB, 2 GiB RSS, 10 s per input.
  "$BIN/$h" "$corpus" -max_len=65536 -rss_limit_mb=2048 -timeout=10 -max_total_time="$SECONDS_PER" \
    -runs="$RUNS" -artifact_prefix="$out/" -print_final_stats=1 >"$log" 2>&1
  rc=$?
  execs=$(grep -E '^stat::number_of_executed_units' "$log" | awk '{print $2}')
  rate=$(grep -E '^stat::average_exec_per_sec' "$log" | awk '{print $2}')
  artifacts=$(ls "$out" | grep -E '^(crash|leak|timeout|oom|slow-unit)-' | wc -l)
  printf '%-22s exit %-3s executions %-10s exec/s %-7s artifacts %s\n' "$h" "$rc" "${execs:-?}" "${rate:-?}" "$artifacts"
  [ "$rc" = 0 ] || status=1
done
exit $status
