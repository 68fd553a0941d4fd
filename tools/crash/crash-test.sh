#!/usr/bin/env bash
# Crash and fault tests of the kubeledger binary (issue 6). Every scenario prints one RESULT line.
#
#   tools/crash/crash-test.sh [--bin PATH] [--runs N] [--writers W] [--appends A] [--readers R]
#                             [--work DIR] [SCENARIO…]
#
# Scenarios (default: all):
#   kill      N times (--runs, default 200): start `append -f` of a large List (1 to 3,000 objects),
#             kill -9 it after a random delay, then `verify`; every batch whose -o json result line
#             was printed must be present in full (log --from F --to L), and an unreported batch must
#             be absent or present in full (never partly); at the end every reported batch is
#             re-checked.
#   writers   W writer processes (default 16) × A appends (default 1,000) with R readers (default 4):
#             exactly W×A events, revisions 1…W×A gap-free, each writer's events in its order, and
#             every reader snapshot a gap-free prefix in which each writer's appends form a prefix.
#   diskfull  a 16 MiB ext4 image loop-mounted (tmpfs with size= as fallback): appends until the
#             disk is full; the error must be LMDB's actionable no-space message, the store must
#             open and verify with every acknowledged batch, and appends must work after freeing space.
#   readonly  one process appends in a loop while others read the same store with --read-only.
#   migrate   kill -9 `kubeledger migrate` of a large format-1 store at random moments: the store
#             must be either format 1 (refused with 'run kubeledger migrate') or the current format
#             (verifies).
#   backup    `backup` (plain and --compact) while a writer runs; the copy verifies and its chain
#             head equals the source's hash at the copy's last revision; `restore` gives the same.
#
# Exit status: 0 when every scenario passed.
set -uo pipefail

ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
BIN=""
RUNS=200
WRITERS=16
APPENDS=1000
READERS=4
WORK=""
SCENARIOS=()
while [ $# -gt 0 ]; do
  case "$1" in
    --bin) BIN="$2"; shift 2 ;;
    --runs) RUNS="$2"; shift 2 ;;
    --writers) WRITERS="$2"; shift 2 ;;
    --appends) APPENDS="$2"; shift 2 ;;
    --readers) READERS="$2"; shift 2 ;;
    --work) WORK="$2"; shift 2 ;;
    -h|--help) sed -n '2,30p' "$0"; exit 0 ;;
    kill|writers|diskfull|readonly|migrate|backup) SCENARIOS+=("$1"); shift ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done
[ ${#SCENARIOS[@]} -eq 0 ] && SCENARIOS=(kill writers diskfull readonly migrate backup)
if [ -z "$BIN" ]; then
  for b in "$ROOT/.build/release/kubeledger" "$ROOT/.build/debug/kubeledger"; do [ -x "$b" ] && BIN="$b" && break; done
fi
[ -x "$BIN" ] || { echo "no kubeledger binary (build it, or pass --bin)" >&2; exit 2; }
[ -z "$WORK" ] && WORK="$(mktemp -d /tmp/kubeledger-crash-XXXXXX)"
mkdir -p "$WORK"
K() { "$BIN" "$@"; }
FAILED=0
echo "binary: $BIN   work: $WORK   date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"

last_revision() { K stats --store "$1" --read-only -o json 2>/dev/null | jq -r '.lastRevision // 0'; }

# A List of $1 ConfigMaps (each with a $4-byte payload, default 480) named $2-N, written to $3.
make_list() {
  python3 - "$1" "$2" "$3" "${4:-480}" <<'PY'
import json, sys
n, prefix, path, size = int(sys.argv[1]), sys.argv[2], sys.argv[3], int(sys.argv[4])
items = [{"apiVersion": "v1", "kind": "ConfigMap",
          "metadata": {"name": f"{prefix}-{i}", "namespace": "crash", "uid": f"{prefix}-uid-{i}"},
          "data": {"payload": "x" * size, "i": str(i)}} for i in range(n)]
json.dump({"apiVersion": "v1", "kind": "List", "items": items}, open(path, "w"))
PY
}

result() { echo "RESULT $*"; }

# ---------------------------------------------------------------------------------------------
scenario_kill() {
  local dir="$WORK/kill" store="$WORK/kill/store"
  rm -rf "$dir"; mkdir -p "$dir"
  # Batches: many small objects (parse-heavy) and a few large ones (write-heavy: MBs of overflow
  # pages, hashing, fsync), so kills land in parsing, in the write transaction and at commit.
  local shapes=("1:500" "100:500" "400:500" "6:400000" "12:200000")
  local sizes=() shape
  for shape in "${shapes[@]}"; do
    local n=${shape%%:*} bytes=${shape##*:}
    make_list "$n" "b$n" "$dir/list-$n.json" "$bytes"; sizes+=("$n")
  done
  K init --store "$store" >/dev/null
  # Calibrate each shape: its kill lands within 0…1.1× its own run time, so most kills hit a
  # running process (parsing, inside the write transaction, or between commit and printing).
  local t0 t1 ms
  declare -A took
  for n in "${sizes[@]}"; do
    t0=$(date +%s%N); K append --store "$store" -f "$dir/list-$n.json" --id "calibrate-$n" >/dev/null; t1=$(date +%s%N)
    ms=$(( (t1 - t0) / 1000000 )); took[$n]=$(( ms * 11 / 10 + 5 ))
    echo "kill: a batch of $n objects takes $ms ms"
  done
  : > "$dir/committed.txt"
  local hit=0 finished=0 reported=0 unreported_committed=0 unreported_absent=0 lost=0 partial=0 verify_failed=0
  for i in $(seq 1 "$RUNS"); do
    local size=${sizes[$((RANDOM % ${#sizes[@]}))]}
    local before after delay status
    before=$(last_revision "$store")
    "$BIN" append --store "$store" -f "$dir/list-$size.json" --id "run-$i" --user crash -o json >"$dir/out" 2>"$dir/err" &
    local pid=$!
    delay=$(( RANDOM * 32768 + RANDOM )); delay=$(( delay % ${took[$size]} ))
    sleep "$(printf '%d.%03d' $((delay / 1000)) $((delay % 1000)))"
    kill -9 "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null; status=$?
    if [ "$status" = 137 ]; then hit=$((hit + 1)); else finished=$((finished + 1)); fi
    if ! K verify --store "$store" >"$dir/verify.out" 2>&1; then
      verify_failed=$((verify_failed + 1)); echo "run $i: verify failed: $(cat "$dir/verify.out")"
    fi
    after=$(last_revision "$store")
    if grep -q '"appended"' "$dir/out"; then
      reported=$((reported + 1))
      local f l n
      f=$(jq -r .firstRevision "$dir/out"); l=$(jq -r .lastRevision "$dir/out"); n=$(jq -r .appended "$dir/out")
      echo "$i $f $l $n" >> "$dir/committed.txt"
      local got
      got=$(K log --store "$store" --from "$f" --to "$l" -o jsonl 2>/dev/null | jq -r .eventID | grep -c "^run-$i\(/\|$\)")
      if [ "$got" != "$n" ] || [ "$after" -lt "$l" ]; then lost=$((lost + 1)); echo "run $i: reported batch $f-$l but found $got of $n"; fi
    else
      if [ "$after" = "$before" ]; then unreported_absent=$((unreported_absent + 1))
      elif [ "$after" = $((before + size)) ]; then unreported_committed=$((unreported_committed + 1))
      else partial=$((partial + 1)); echo "run $i: partial batch: before $before after $after size $size"; fi
    fi
  done
  # Every batch ever reported, re-checked at the end.
  local final_lost=0
  while read -r i f l n; do
    local got
    got=$(K log --store "$store" --from "$f" --to "$l" -o jsonl 2>/dev/null | jq -r .eventID | grep -c "^run-$i\(/\|$\)")
    [ "$got" = "$n" ] || final_lost=$((final_lost + 1))
  done < "$dir/committed.txt"
  local events; events=$(last_revision "$store")
  result "kill runs=$RUNS killed-mid-run=$hit finished-before-kill=$finished reported-committed=$reported" \
    "unreported-but-committed=$unreported_committed unreported-absent=$unreported_absent" \
    "lost-reported-batches=$lost lost-at-final-check=$final_lost partial-batches=$partial verify-failures=$verify_failed events=$events"
  [ $((lost + final_lost + partial + verify_failed)) -eq 0 ] || FAILED=1
}

# ---------------------------------------------------------------------------------------------
scenario_writers() {
  local dir="$WORK/writers" store="$WORK/writers/store"
  rm -rf "$dir"; mkdir -p "$dir"
  K init --store "$store" >/dev/null
  local w
  for w in $(seq 1 "$WRITERS"); do
    printf '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"w%s","namespace":"load"},"data":{"k":"v"}}\n' "$w" > "$dir/w$w.json"
  done
  local t0; t0=$(date +%s)
  local pids=()
  for w in $(seq 1 "$WRITERS"); do
    ( fails=0
      for i in $(seq 1 "$APPENDS"); do
        "$BIN" append --store "$store" -f "$dir/w$w.json" --id "w$w-$i" --user "writer$w" >/dev/null 2>>"$dir/w$w.err" || fails=$((fails + 1))
      done
      echo "$fails" > "$dir/w$w.fails" ) &
    pids+=($!)
  done
  touch "$dir/running"
  local readers=()
  for r in $(seq 1 "$READERS"); do
    ( snaps=0; bad=0
      while [ -e "$dir/running" ]; do
        "$BIN" log --store "$store" --read-only -o jsonl 2>/dev/null > "$dir/r$r.snap" || continue
        python3 "$ROOT/tools/crash/check_log.py" "$dir/r$r.snap" >/dev/null || { bad=$((bad + 1)); cp "$dir/r$r.snap" "$dir/bad-$r-$snaps.jsonl"; }
        snaps=$((snaps + 1))
      done
      echo "$snaps $bad" > "$dir/r$r.result" ) &
    readers+=($!)
  done
  wait "${pids[@]}"
  rm -f "$dir/running"
  wait "${readers[@]}"
  local secs=$(( $(date +%s) - t0 ))
  K log --store "$store" -o jsonl > "$dir/final.jsonl"
  local total fails=0 snaps=0 badsnaps=0
  total=$(last_revision "$store")
  for w in $(seq 1 "$WRITERS"); do fails=$((fails + $(cat "$dir/w$w.fails"))); done
  for r in $(seq 1 "$READERS"); do read -r s b < "$dir/r$r.result"; snaps=$((snaps + s)); badsnaps=$((badsnaps + b)); done
  local check
  check=$(python3 "$ROOT/tools/crash/check_log.py" "$dir/final.jsonl" --final "$WRITERS" "$APPENDS")
  local verify=ok; K verify --store "$store" >/dev/null 2>&1 || verify=FAILED
  result "writers writers=$WRITERS appends=$APPENDS readers=$READERS events=$total expected=$((WRITERS * APPENDS))" \
    "failed-appends=$fails final-check=\"$check\" reader-snapshots=$snaps bad-snapshots=$badsnaps verify=$verify seconds=$secs"
  [ "$total" = $((WRITERS * APPENDS)) ] && [ "$fails" = 0 ] && [ "$badsnaps" = 0 ] && [ "$verify" = ok ] && [ "${check%% *}" = ok ] || FAILED=1
}

# ---------------------------------------------------------------------------------------------
scenario_diskfull() {
  local dir="$WORK/diskfull" mnt="$WORK/diskfull/mnt" how
  rm -rf "$dir"; mkdir -p "$mnt"
  truncate -s 16M "$dir/fs.img"
  if mkfs.ext4 -q -F "$dir/fs.img" >/dev/null 2>&1 && mount -o loop "$dir/fs.img" "$mnt" 2>/dev/null; then
    how="loop-mounted ext4 image, 16 MiB"
  elif mount -t tmpfs -o size=16m tmpfs "$mnt" 2>/dev/null; then
    how="tmpfs size=16m"
  else
    result "diskfull SKIPPED: cannot mount a small file system here (not root?)"; return
  fi
  local store="$mnt/store"
  make_list 400 full "$dir/batch.json"          # ~250 KB per batch
  K init --store "$store" >/dev/null
  dd if=/dev/zero of="$mnt/filler" bs=1M count=4 status=none
  local ok=0 err="" i=0 last_ok=0
  while [ $i -lt 200 ]; do
    i=$((i + 1))
    if out=$(K append --store "$store" -f "$dir/batch.json" --id "full-$i" -o json 2>"$dir/err"); then
      ok=$((ok + 1)); last_ok=$(echo "$out" | jq -r .lastRevision)
    else
      err=$(cat "$dir/err"); break
    fi
  done
  local status_open=ok verify_full=ok after_error
  after_error=$(last_revision "$store") || status_open=FAILED
  K verify --store "$store" >/dev/null 2>&1 || verify_full=FAILED
  rm -f "$mnt/filler"
  local resumed=FAILED verify_after=FAILED
  K append --store "$store" -f "$dir/batch.json" --id "after-free" -o json >/dev/null 2>"$dir/err2" && resumed=ok
  K verify --store "$store" >/dev/null 2>&1 && verify_after=ok
  local clear=no
  case "$err" in *"disk holding the store"*"is full"*"nothing of this write was stored"*) clear=yes ;; esac
  umount "$mnt"
  result "diskfull fs=\"$how\" batches-before-full=$ok error=\"$err\" clear-message=$clear" \
    "opens-after=$status_open last-revision-after-error=$after_error acknowledged-last=$last_ok verify-when-full=$verify_full" \
    "append-after-freeing=$resumed verify-after=$verify_after"
  [ "$clear" = yes ] && [ "$after_error" = "$last_ok" ] && [ "$verify_full" = ok ] && [ "$resumed" = ok ] && [ "$verify_after" = ok ] || FAILED=1
}

# ---------------------------------------------------------------------------------------------
scenario_readonly() {
  local dir="$WORK/readonly" store="$WORK/readonly/store"
  rm -rf "$dir"; mkdir -p "$dir"
  make_list 200 ro "$dir/batch.json"
  K init --store "$store" >/dev/null
  ( for i in $(seq 1 40); do K append --store "$store" -f "$dir/batch.json" --id "ro-$i" >/dev/null; done ) &
  local writer=$!
  local reads=0 bad=0 writes_refused=0
  while kill -0 "$writer" 2>/dev/null; do
    local n
    n=$(K log --store "$store" --read-only -o jsonl 2>/dev/null | wc -l)
    # Whole batches only: a multiple of 200 events.
    [ $((n % 200)) = 0 ] || bad=$((bad + 1))
    K verify --store "$store" --read-only >/dev/null 2>&1 || bad=$((bad + 1))
    reads=$((reads + 1))
  done
  wait "$writer"
  K append --store "$store" --read-only -f "$dir/batch.json" >/dev/null 2>"$dir/err" || writes_refused=1
  result "readonly reads-while-writing=$reads bad-reads=$bad events=$(last_revision "$store") append-with-read-only-refused=$writes_refused ($(head -c 120 "$dir/err"))"
  [ "$bad" = 0 ] && [ "$writes_refused" = 1 ] || FAILED=1
}

# ---------------------------------------------------------------------------------------------
# A format-1 store of many events: a format-2 store minus its uids index, format 1 in meta.
make_format1_store() {
  local src="$1" dst="$2"
  rm -rf "$dst"; mkdir -p "$dst"
  for db in events objects time ids actors snapshots checkpoints; do
    mdb_dump -s "$db" "$src" | mdb_load -s "$db" "$dst" 2>/dev/null
  done
  # meta: format 1, migrations = the baseline only.
  mdb_dump -s meta "$src" | awk '
    BEGIN { f = sprintf(" %s", "666f726d6174"); m = sprintf(" %s", "6d6967726174696f6e73") }
    /^HEADER=END/ { print; body = 1; next }
    body && $0 == f { print; getline; print " 00000001"; next }
    body && $0 == m { print; getline; print " 303030312d696e697469616c2d6c61796f7574"; next }
    { print }' | mdb_load -s meta "$dst" 2>/dev/null
}

scenario_migrate() {
  local dir="$WORK/migrate" src="$WORK/migrate/src"
  if [ -z "${REUSE_MIGRATE_STORE:-}" ] || [ ! -e "$dir/f1/data.mdb" ]; then
    rm -rf "$dir"; mkdir -p "$dir"
    make_list 500 mig "$dir/batch.json"
    for i in $(seq 1 120); do K append --store "$src" -f "$dir/batch.json" --id "m$i" >/dev/null; done
    make_format1_store "$src" "$dir/f1"
  fi
  K log --store "$dir/f1" >/dev/null 2>"$dir/err"; local refused=no
  grep -q "run 'kubeledger migrate'" "$dir/err" && refused=yes
  local t0 t1 ms
  rm -rf "$dir/t"; cp -r "$dir/f1" "$dir/t"; t0=$(date +%s%N); K migrate --store "$dir/t" >/dev/null; t1=$(date +%s%N); ms=$(( (t1 - t0) / 1000000 ))
  local runs=$(( RUNS / 10 )); [ $runs -lt 10 ] && runs=10
  local old=0 new=0 mixed=0 hit=0
  for i in $(seq 1 $runs); do
    rm -rf "$dir/t"; cp -r "$dir/f1" "$dir/t"
    "$BIN" migrate --store "$dir/t" >/dev/null 2>&1 &   # the binary itself, so $! is its pid
    local pid=$! delay=$(( RANDOM % (ms * 12 / 10 + 1) ))
    sleep "$(printf '%d.%03d' $((delay / 1000)) $((delay % 1000)))"
    kill -9 "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; [ $? = 137 ] && hit=$((hit + 1))
    if K verify --store "$dir/t" >/dev/null 2>"$dir/err"; then new=$((new + 1))
    elif grep -q "has format 1" "$dir/err" && [ -z "$(mdb_stat -s uids "$dir/t" 2>/dev/null)" ]; then
      old=$((old + 1))
      K migrate --store "$dir/t" >/dev/null 2>&1 && K verify --store "$dir/t" >/dev/null 2>&1 || mixed=$((mixed + 1))
    else mixed=$((mixed + 1)); echo "migrate run $i: $(cat "$dir/err")"; fi
  done
  result "migrate events=60000 migration-ms=$ms old-format-refused=$refused kills=$runs killed-mid-run=$hit" \
    "left-old=$old left-new=$new mixed-or-broken=$mixed"
  [ "$refused" = yes ] && [ "$mixed" = 0 ] || FAILED=1
}

# ---------------------------------------------------------------------------------------------
scenario_backup() {
  local dir="$WORK/backup" store="$WORK/backup/store"
  rm -rf "$dir"; mkdir -p "$dir"
  make_list 500 bk "$dir/batch.json"
  K append --store "$store" -f "$dir/batch.json" --id "bk-0" >/dev/null
  ( for i in $(seq 1 60); do K append --store "$store" -f "$dir/batch.json" --id "bk-$i" >/dev/null; done ) &
  local writer=$! good=0 bad=0 n=0
  for mode in "" --compact "" --compact ""; do
    n=$((n + 1))
    local out rev head src_hash mode_dir
    if ! out=$(K backup --store "$store" "$dir/copy$n" $mode -o json 2>"$dir/err"); then bad=$((bad + 1)); cat "$dir/err"; continue; fi
    rev=$(echo "$out" | jq -r .lastRevision); head=$(echo "$out" | jq -r .chainHead)
    src_hash=$(K show --store "$store" --read-only "$rev" -o json | jq -r .hash)
    mode_dir=$(stat -c %a "$dir/copy$n"); local mode_file; mode_file=$(stat -c %a "$dir/copy$n/data.mdb")
    rm -rf "$dir/restored$n"
    local rhead; rhead=$(K restore --store "$dir/restored$n" "$dir/copy$n" -o json | jq -r .chainHead)
    if [ "$head" = "$src_hash" ] && [ "$rhead" = "$head" ] && [ $((rev % 500)) = 0 ] && [ "$mode_dir" = 700 ] && [ "$mode_file" = 600 ]; then good=$((good + 1))
    else bad=$((bad + 1)); echo "backup $n: rev $rev head $head source $src_hash restored $rhead modes $mode_dir/$mode_file"; fi
  done
  wait "$writer"
  result "backup copies-while-writing=$n good=$good bad=$bad (chain head = source hash at that revision, restore same head, whole batches, 0700/0600)"
  [ "$bad" = 0 ] || FAILED=1
}

for s in "${SCENARIOS[@]}"; do
  echo "== $s ($(date -u +%H:%M:%S))"
  "scenario_$s"
done
echo "== done ($(date -u +%H:%M:%S)); $([ $FAILED = 0 ] && echo PASS || echo FAIL)"
exit $FAILED
