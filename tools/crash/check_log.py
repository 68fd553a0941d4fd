#!/usr/bin/env python3
"""Checks a `kubeledger log -o jsonl` snapshot taken during tools/crash/crash-test.sh writers.

Revisions must run 1..n without a gap, and each writer's events (eventID wW-I) must be that
writer's appends 1..k in order: a reader never sees a later append without the earlier ones, nor
half of anything. With --final W A: exactly W*A events, A per writer.
Prints "ok ..." (exit 0) or "bad: ..." (exit 1).
"""
import json, sys

path = sys.argv[1]
final = sys.argv[2:4] == ["--final"] or (len(sys.argv) > 2 and sys.argv[2] == "--final")
events = [json.loads(l) for l in open(path) if l.strip()]
seen = {}
for n, e in enumerate(events, 1):
    if e["revision"] != n:
        print(f"bad: revision {e['revision']} at position {n} (gap or disorder)"); sys.exit(1)
    w, i = e["eventID"][1:].split("-")
    if int(i) != seen.get(w, 0) + 1:
        print(f"bad: writer {w} append {i} after {seen.get(w, 0)}"); sys.exit(1)
    seen[w] = int(i)
if final:
    W, A = int(sys.argv[3]), int(sys.argv[4])
    if len(events) != W * A or len(seen) != W or any(v != A for v in seen.values()):
        print(f"bad: {len(events)} events from {len(seen)} writers, expected {W}x{A}"); sys.exit(1)
print(f"ok {len(events)} events gap-free, {len(seen)} writers in order")
