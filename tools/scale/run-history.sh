#!/usr/bin/env bash
# A long generated history under a memory limit (issue 5: 10,000,000 events, peak memory ≤ 512 MiB).
#
#   tools/scale/run-history.sh                    # EVENTS=10000000 DIR=/tmp/kubeledger-scale, no limit
#   EVENTS=1000000 LIMIT_MIB=512 tools/scale/run-history.sh   # a shorter run inside a 512 MiB cgroup
#
# 1. `kubeledger-bench history --events N --keep STORE` inside a memory cgroup limited to
#    LIMIT_MIB: the generator streams events into Ledger.append (1,000 per durable commit), then
#    time travel (`get pods -A` at random revisions), rollout history, diff, and a full rebuild of
#    the projections. The cgroup's limit counts page cache too; the kernel reclaims it under the
#    limit, so the run fails (OOM kill, exit 137) only if the heap itself outgrows the limit.
# 2. The real `kubeledger` binary on the kept store, each command in the same cgroup: stats,
#    `get pods -A --revision R` at random revisions, `rollout history`, `verify`.
# For each step: wall time, the cgroup's peak usage (page cache included), the process's max RSS
# (/usr/bin/time; counts the store pages it mapped) and its peak anonymous memory (RssAnon sampled
# from /proc every 0.2 s: the heap, what the limit is about).
# Needs root for the cgroup (v1 memory controller or v2); without it, runs unlimited and says so.
# The store is deleted at the end unless KEEP=1.
set -euo pipefail
cd "$(dirname "$0")/../.."
EVENTS=${EVENTS:-10000000}
# LIMIT_MIB: run every step inside a memory cgroup of that size (0: no cgroup). The cgroup counts
# the page cache of the store too: LMDB's index pages then get evicted and re-read from disk, so a
# limited run proves the heap fits but measures the disk, not KubeLedger (see performance.md).
LIMIT_MIB=${LIMIT_MIB:-0}
DIR=${DIR:-/tmp/kubeledger-scale}
BIN=${BIN:-$PWD/.build/release}
STORE=$DIR/store
[ -x "$BIN/kubeledger-bench" ] && [ -x "$BIN/kubeledger" ] || { echo "build first: swift build -c release" >&2; exit 1; }
rm -rf "$DIR" && mkdir -p "$DIR"

CG=""
if [ "$(id -u)" = 0 ] && [ "$LIMIT_MIB" != 0 ]; then
  if [ -d /sys/fs/cgroup/memory ]; then
    CG=/sys/fs/cgroup/memory/kubeledger-scale-$$
    mkdir -p "$CG" && echo $((LIMIT_MIB * 1024 * 1024)) > "$CG/memory.limit_in_bytes"
    PEAK_FILE=memory.max_usage_in_bytes
  elif [ -f /sys/fs/cgroup/cgroup.controllers ]; then
    CG=/sys/fs/cgroup/kubeledger-scale-$$
    mkdir -p "$CG" && echo $((LIMIT_MIB * 1024 * 1024)) > "$CG/memory.max"
    PEAK_FILE=memory.peak
  fi
fi
cleanup() {
  [ -n "$CG" ] && rmdir "$CG" 2>/dev/null || true
  [ "${KEEP:-0}" = 1 ] || rm -rf "$DIR"
}
trap cleanup EXIT
if [ -n "$CG" ]; then echo "memory limit: $LIMIT_MIB MiB (cgroup $CG)"; else echo "memory limit: none (LIMIT_MIB=0, not root, or no cgroup memory controller)"; fi

# run LABEL CMD...: runs CMD in the cgroup, prints wall time, cgroup peak and peak RssAnon.
run() {
  local label=$1; shift
  [ -n "$CG" ] && [ "$PEAK_FILE" = memory.max_usage_in_bytes ] && echo 0 > "$CG/$PEAK_FILE" || true
  local t0; t0=$(date +%s.%N)
  ( [ -n "$CG" ] && echo $BASHPID > "$CG/cgroup.procs"; exec /usr/bin/time -o "$DIR/rss.txt" -f %M "$@" ) > "$DIR/out.txt" 2>&1 &
  local pid=$! anon=0 a
  while kill -0 "$pid" 2>/dev/null; do
    for p in $(pgrep -P "$pid") "$pid"; do
      a=$(awk '/^RssAnon/ {print $2}' /proc/$p/status 2>/dev/null || echo 0)
      [ -n "$a" ] && [ "$a" -gt "$anon" ] && anon=$a
    done
    sleep 0.2
  done
  local rc=0; wait "$pid" || rc=$?
  local t1; t1=$(date +%s.%N)
  local peak="-"
  [ -n "$CG" ] && peak=$(( $(cat "$CG/$PEAK_FILE") / 1048576 ))
  local maxrss; maxrss=$(( $(tail -1 "$DIR/rss.txt" 2>/dev/null | grep -E '^[0-9]+$' || echo 0) / 1024 ))
  printf '| %s | %.1f s | %s MiB | %d MiB | %d MiB | %s |\n' "$label" "$(awk "BEGIN{print $t1 - $t0}")" "$peak" "$maxrss" $((anon / 1024)) "$rc" | tee -a "$DIR/steps.md"
  cat "$DIR/out.txt" >> "$DIR/log.txt"
  if [ "$rc" != 0 ]; then echo "step failed (exit $rc):" >&2; tail -20 "$DIR/out.txt" >&2; exit 1; fi
}

echo "| step | wall | cgroup peak (page cache incl.) | max RSS (mapped store pages incl.) | peak RssAnon (heap; sampled, 0 = too short to sample) | exit |" | tee "$DIR/steps.md"
echo "|---|---|---|---|---|---|" | tee -a "$DIR/steps.md"
run "generate + append $EVENTS events, time travel, rebuild (kubeledger-bench history)" \
  "$BIN/kubeledger-bench" history --events "$EVENTS" --keep "$STORE" --reps 1
grep -E '^\| [0-9]|append of|rebuild|store:|NOT met|met \|' "$DIR/log.txt" > "$DIR/bench.md" || true
run "kubeledger stats" "$BIN/kubeledger" stats --store "$STORE"
HEAD=$("$BIN/kubeledger" stats --store "$STORE" -o json | python3 -c 'import json,sys; print(json.load(sys.stdin)["events"])')
for i in 1 2 3 4 5; do
  R=$(python3 -c "import random; random.seed($i); print(random.randint(1, $HEAD))")
  run "kubeledger get pods -A --revision $R" "$BIN/kubeledger" get pods -A --revision "$R" --store "$STORE"
done
DEPLOY=$("$BIN/kubeledger" get deploy -A --store "$STORE" -o json | python3 -c 'import json,sys; i=json.load(sys.stdin)["items"][0]["metadata"]; print(i["namespace"], i["name"])')
set -- $DEPLOY
run "kubeledger rollout history deploy/$2 -n $1" "$BIN/kubeledger" rollout history "deploy/$2" -n "$1" --store "$STORE"
run "kubeledger verify" "$BIN/kubeledger" verify --store "$STORE"
echo
cat "$DIR/bench.md"
echo "store: $(du -sh "$STORE" | cut -f1)"
