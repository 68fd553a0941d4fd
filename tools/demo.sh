#!/usr/bin/env bash
# Records a small cluster history made of real kubectl object shapes, then shows it.
# Usage: tools/demo.sh KUBELEDGER_BINARY STORE_DIR [KUBELEDGER_GEN_BINARY]
set -euo pipefail
K="$1"
STORE="$2"
GEN="${3:-$(dirname "$1")/kubeledger-gen}"
export KUBELEDGER_STORE="$STORE"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
rm -rf "$STORE"

step() { printf '\n\033[1m$ %s\033[0m\n' "$*"; }
have_kubectl() { command -v kubectl >/dev/null 2>&1; }

if have_kubectl; then
  kubectl create deployment web --image=nginx:1.25 --replicas=3 --dry-run=client -o json > "$work/web-1.json"
  kubectl set image --local -f "$work/web-1.json" nginx=nginx:1.26 -o json > "$work/web-2.json"
  sed 's/"replicas": 3/"replicas": 5/' "$work/web-2.json" > "$work/web-3.json"   # kubectl scale has no --local
  kubectl create configmap web-config --from-literal=LOG_LEVEL=info --dry-run=client -o json > "$work/cm.json"
  kubectl create service clusterip web --tcp=80:8080 --dry-run=client -o yaml > "$work/svc.yaml"
else
  echo "kubectl not found: using bundled object shapes" >&2
  cp tools/demo-objects/*.json tools/demo-objects/*.yaml "$work/"
fi

step kubeledger init
"$K" init
step kubeledger append -f web-1.json --user alice --at 2026-11-26T09:00:00Z --cause "first release"
"$K" append -f "$work/web-1.json" --user alice --at 2026-11-26T09:00:00Z --cause "first release"
"$K" append -f "$work/cm.json" --user alice --at 2026-11-26T09:00:05Z
"$K" append -f "$work/svc.yaml" --user alice --at 2026-11-26T09:00:06Z
step kubeledger append -f web-2.json --user bob --at 2026-11-26T14:03:00Z --cause "nginx 1.26"
"$K" append -f "$work/web-2.json" --user bob --at 2026-11-26T14:03:00Z --cause "nginx 1.26"
step kubeledger append -f web-3.json --user carol --at 2026-11-26T15:10:00Z
"$K" append -f "$work/web-3.json" --user carol --at 2026-11-26T15:10:00Z
step "kubeledger append -f web-1.json --id replay-1   (twice: the second adds nothing)"
"$K" append -f "$work/web-1.json" --user dave --at 2026-11-26T16:00:00Z --id replay-1
"$K" append -f "$work/web-1.json" --user dave --at 2026-11-26T16:00:00Z --id replay-1
step kubeledger log
"$K" log
step "kubeledger log --kind deploy --name web --user bob"
"$K" log --kind deploy --name web --user bob
step "kubeledger log --to 2026-11-26T14:30:00Z"
"$K" log --to 2026-11-26T14:30:00Z
step "kubeledger diff deploy/web --from 2026-11-26T09:00:00Z --to 2026-11-26T15:00:00Z"
"$K" diff deploy/web --from 2026-11-26T09:00:00Z --to 2026-11-26T15:00:00Z
step "kubeledger audit deploy/web --field 'spec.template.spec.containers[0].image'"
"$K" audit deploy/web --field 'spec.template.spec.containers[0].image'
step "kubeledger rollout history deploy/web   (dave re-applied the first template: its revision 1 is now 3)"
"$K" rollout history deploy/web
step "kubeledger rollout undo deploy/web --to-revision 2   (prints the manifest for kubectl apply -f -; records nothing)"
"$K" rollout undo deploy/web --to-revision 2 | head -12
step "kubeledger rollout undo deploy/web --to-revision 2 --user erin --record   (no cluster here: record the rollback)"
"$K" rollout undo deploy/web --to-revision 2 --user erin --record > /dev/null
step "kubeledger rollout history deploy/web   (revision 2 came back as 4, as Kubernetes numbers it)"
"$K" rollout history deploy/web

if [ -x "$GEN" ]; then
  step "kubeledger-gen --events 20000 --format audit | kubeledger import audit -   (a generated day of a cluster)"
  "$GEN" --events 20000 --seed 42 --format audit --start 2026-11-25T00:00:00Z > "$work/audit.log"
  "$K" import audit "$work/audit.log"
  step "kubeledger import audit (again: re-importing adds nothing)"
  "$K" import audit "$work/audit.log"
  step "kubeledger get deploy -A --at 2026-11-25T03:00:00Z"
  "$K" get deploy -A --at 2026-11-25T03:00:00Z
  ns=$("$K" get sts -A | awk 'NR==2{print $1}'); name=$("$K" get sts -A | awk 'NR==2{print $2}')  # first StatefulSet
  if [ -n "$name" ]; then
    step "kubeledger identity sts/$name -n $ns"
    "$K" identity "sts/$name" -n "$ns"
  fi
  dep=$("$K" get deploy -A | awk 'NR>1 && $1!="default"{print $1" "$2; exit}')
  set -- $dep
  step "kubeledger rollout history deploy/$2 -n $1"
  "$K" rollout history "deploy/$2" -n "$1"
fi

step kubeledger verify
"$K" verify
step kubeledger replay --verify
"$K" replay --verify
step kubeledger stats
"$K" stats
printf '\nThe store is in %s (set KUBELEDGER_STORE=%s to keep exploring).\n' "$STORE" "$STORE"
