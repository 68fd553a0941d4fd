#!/usr/bin/env bash
# Runs the read commands that list live objects (get of every printed kind, one pod, -o wide/json/
# yaml, replay --at), writable and --read-only, at several revisions, with two kubeledger binaries
# on the same store, and reports every difference in stdout, stderr or exit code.
#
#   OLD=/path/to/kubeledger-before NEW=.build/debug/kubeledger KUBELEDGER_STORE=/tmp/store \
#     tools/compare-get-output.sh 1 57 10000 15321 30000
#
# Used to check that the live set read model (docs/projections.md) left get and replay --at
# byte-identical. The store should hold a generated history
# (kubeledger-gen --events 30000 --format events | kubeledger append --format events -f -).
set -uo pipefail
: "${OLD:?set OLD to the reference binary}" "${NEW:?set NEW to the binary under test}" "${KUBELEDGER_STORE:?set KUBELEDGER_STORE}"
export KUBELEDGER_STORE
revisions=("$@")
[ ${#revisions[@]} -gt 0 ] || revisions=(1 57 9999 10000 10001 15321 20000)
fail=0; n=0
run() {
  local a b
  a=$("$OLD" "$@" 2>&1; echo "rc=$?"); b=$("$NEW" "$@" 2>&1; echo "rc=$?")
  n=$((n + 1))
  if [ "$a" != "$b" ]; then echo "DIFF: $*"; diff <(echo "$a") <(echo "$b") | head -5; fail=$((fail + 1)); fi
}
# One pod to look up by name (read-only, so the store is not changed before the comparison).
read -r PNS PNAME < <("$NEW" get pods -A -o json --read-only --revision "${revisions[-1]}" |
  python3 -c 'import json,sys; i=json.load(sys.stdin)["items"]; m=i[len(i)//2]["metadata"] if i else {}; print(m.get("namespace","default"), m.get("name","none"))')
# Read-only first (the index walk when no snapshot is near), then writable, then read-only again.
for mode in --read-only "" --read-only; do
  for R in "${revisions[@]}"; do
    for args in "get pods -A" "get pods -A -o wide" "get pods -n $PNS" "get pods -A -o json" "get po -A -o yaml" \
      "get po/$PNAME -n $PNS" "get po $PNAME -A" "get deploy -A" "get rs -A -o wide" "get sts -A" "get ds -A" "get nodes" \
      "get pvc -A" "get pv" "get configmaps -A" "get widgets -A"; do
      # shellcheck disable=SC2086
      run $args --revision "$R" $mode
    done
    run replay --at "$R" $mode
    run replay --at "$R" -n "$PNS" -o json $mode
  done
done
echo "$n comparisons, $fail differences"
[ "$fail" -eq 0 ]
