#!/usr/bin/env python3
"""Watch load on `kubeledger serve` (issue 11): N concurrent watchers on the live view while a
writer appends pods at a steady rate through `kubeledger append`. Reports whether every watcher
got every event, the delivery delay (append committed -> event read by a watcher) p50/p99, and the
server's peak resident memory.

    tools/serve-watch-load.py --kubeledger .build/release/kubeledger --watchers 200 \
        --rate 1000 --seconds 20

Loopback only: it starts its own server on 127.0.0.1 on a fresh store and stops it at the end.
Standard library only (http.client, threads).
"""
import argparse
import http.client
import json
import os
import subprocess
import sys
import tempfile
import threading
import time


def pod(name, written):
    return {
        "apiVersion": "v1", "kind": "Pod",
        "metadata": {"name": name, "namespace": "load", "uid": "u-" + name,
                     "annotations": {"load/written": repr(written)},
                     "creationTimestamp": "2026-12-03T00:00:00Z"},
        "spec": {"nodeName": "n1", "containers": [{"name": "c", "image": "nginx:1.25"}]},
        "status": {"phase": "Running"},
    }


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--kubeledger", default=".build/release/kubeledger")
    ap.add_argument("--watchers", type=int, default=200)
    ap.add_argument("--rate", type=int, default=1000, help="events per second")
    ap.add_argument("--seconds", type=int, default=20)
    ap.add_argument("--batch", type=int, default=100, help="events per append (one durable commit)")
    a = ap.parse_args()

    store = tempfile.mkdtemp(prefix="kubeledger-load-") + "/store"
    env = dict(os.environ, KUBELEDGER_STORE=store)
    subprocess.run([a.kubeledger, "init"], env=env, check=True, stdout=subprocess.DEVNULL)
    server = subprocess.Popen([a.kubeledger, "serve", "--listen", "127.0.0.1:0"], env=env,
                              stderr=subprocess.PIPE, text=True)
    line = server.stderr.readline()
    port = int(line.rsplit(":", 1)[1])

    total = a.rate * a.seconds
    received = [0] * a.watchers
    delays = [[] for _ in range(a.watchers)]
    ready = threading.Barrier(a.watchers + 1)

    def watch(i):
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=a.seconds + 60)
        conn.request("GET", "/api/v1/namespaces/load/pods?watch=1&resourceVersion=1")
        resp = conn.getresponse()
        ready.wait()
        while received[i] < total:
            raw = resp.readline()
            if not raw:
                break
            # Only the type and the write time are needed: slicing, not a JSON parse, keeps 200
            # reader threads from being the bottleneck (the GIL).
            if not raw.startswith(b'{"type":"ADDED"'):
                continue
            at = raw.find(b'"load/written":"') + len(b'"load/written":"')
            written = float(raw[at:raw.index(b'"', at)])
            delays[i].append(time.time() - written)
            received[i] += 1
        conn.close()

    # A first event so that every watch has a resourceVersion to start from.
    with open(store + "/../seed.json", "w") as f:
        json.dump(pod("seed", time.time()), f)
    subprocess.run([a.kubeledger, "append", "-f", store + "/../seed.json"], env=env, check=True,
                   stdout=subprocess.DEVNULL)
    threads = [threading.Thread(target=watch, args=(i,), daemon=True) for i in range(a.watchers)]
    for t in threads:
        t.start()
    ready.wait()

    peak = [0]

    def sample_memory():
        while server.poll() is None and not done.is_set():
            with open("/proc/%d/status" % server.pid) as f:
                for l in f:
                    if l.startswith("VmRSS:"):
                        peak[0] = max(peak[0], int(l.split()[1]))
            time.sleep(0.2)

    done = threading.Event()
    sampler = threading.Thread(target=sample_memory, daemon=True)
    sampler.start()

    start = time.time()
    n = 0
    path = store + "/../batch.json"
    while n < total:
        due = start + n / a.rate
        if due > time.time():
            time.sleep(due - time.time())
        items = [pod("p%d" % (n + k), time.time()) for k in range(a.batch)]
        with open(path, "w") as f:
            json.dump({"apiVersion": "v1", "kind": "List", "items": items}, f)
        subprocess.run([a.kubeledger, "append", "-f", path], env=env, check=True, stdout=subprocess.DEVNULL)
        n += a.batch
    appended = time.time() - start
    for t in threads:
        t.join(timeout=30)
    done.set()
    server.terminate()
    server.wait(timeout=10)

    all_delays = sorted(d for ds in delays for d in ds)
    complete = sum(1 for r in received if r >= total)

    def pct(p):
        if not all_delays:
            return float("nan")
        return all_delays[min(len(all_delays) - 1, int(len(all_delays) * p / 100))] * 1000

    print("watchers %d, events %d appended in %.1f s (%.0f/s, %d per commit)"
          % (a.watchers, total, appended, total / appended, a.batch))
    print("watchers that got every event: %d of %d" % (complete, a.watchers))
    print("delivery delay (append written -> event read): p50 %.1f ms, p99 %.1f ms, max %.1f ms"
          % (pct(50), pct(99), all_delays[-1] * 1000 if all_delays else float("nan")))
    print("server peak RSS: %.1f MiB" % (peak[0] / 1024))
    sys.exit(0 if complete == a.watchers else 1)


if __name__ == "__main__":
    main()
