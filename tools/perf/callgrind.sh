#!/usr/bin/env bash
# Instructions per event of the measured loops (repeatable on a busy machine), with callgrind.
#   tools/perf/callgrind.sh [BINARY] [EVENTS]
set -euo pipefail
bin=${1:-.build/release/kubeledger-perf}
n=${2:-20000}
out=$(mktemp -d)
# valgrind cannot read the DWARF 5 that swiftc writes: measure a copy without debug info (symbols kept).
objcopy --strip-debug "$bin" "$out/kubeledger-perf"
bin="$out/kubeledger-perf"
run() {  # mode function-glob events-in-loop
    valgrind --tool=callgrind --callgrind-out-file="$out/$1.out" --collect-atstart=no --toggle-collect="$2" \
        "$bin" "$1" --events "$n" --repeat 1 >/dev/null 2>"$out/$1.err"
    local ir
    ir=$(grep -E '^(summary|totals):' "$out/$1.out" | head -1 | awk '{print $2}')
    echo "$1: $ir instructions, $((ir / $3)) per event"
}
run fold-cluster '*MeasuredFoldCluster*' "$n"
run fold-separate '*MeasuredFoldSeparate*' "$n"
run audit-pods '*MeasuredAudit*' $((n / 2))
run audit-deployments '*MeasuredAudit*' $((n / 2))
echo "callgrind files in $out"
