#!/usr/bin/env bash
# etcd comparison (issue 5): writes the benchmark's Pod events into a local etcd the way
# kube-apiserver stores them (/registry/pods/<namespace>/<name>, deletes remove the key), through
# etcd's JSON gateway in transactions of up to 128 operations from several concurrent clients,
# then reads objects at past revisions (`get --rev`), and compares with KubeLedger's figures for
# the same events (kubeledger-bench append --batch 128 and reads).
#
# etcd runs on 127.0.0.1 only, with a temporary data dir and auto-compaction off; the script stops
# it and removes the data dir on exit, however it exits.
#
# With --serve, also LIST of all pods at past revisions: etcd's range with values at a revision
# against `kubeledger serve`'s GET /at/<REVISION>/api/v1/pods, both over HTTP from the same Python
# client, on the same events (the ledger's store is fed the same objects with `kubeledger append`
# in Lists of 6,400, so that both stores hold the same pods at each 50th etcd transaction).
#
#   tools/etcd-compare.sh [--events N] [--clients C] [--samples S] [--bench PATH] [--no-ledger]
#                         [--serve [--kubeledger PATH]]
set -euo pipefail

EVENTS=100000
CLIENTS=8
SAMPLES=2000
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BENCH="$ROOT/.build/release/kubeledger-bench"
FIXTURE="$ROOT/tools/bench/Fixtures/pod.json"
RUN_LEDGER=1
SERVE=0
KUBELEDGER="$ROOT/.build/release/kubeledger"
while [ $# -gt 0 ]; do
    case "$1" in
        --events) EVENTS="$2"; shift 2 ;;
        --clients) CLIENTS="$2"; shift 2 ;;
        --samples) SAMPLES="$2"; shift 2 ;;
        --bench) BENCH="$2"; shift 2 ;;
        --no-ledger) RUN_LEDGER=0; shift ;;
        --serve) SERVE=1; shift ;;
        --kubeledger) KUBELEDGER="$2"; shift 2 ;;
        -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
        *) echo "unknown argument $1" >&2; exit 2 ;;
    esac
done

if ! command -v etcd >/dev/null || ! command -v etcdctl >/dev/null; then
    echo "installing etcd-server and etcd-client (Debian packages)…" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null
    apt-get install -y -qq etcd-server etcd-client >/dev/null
fi

DATA="$(mktemp -d /tmp/kubeledger-etcd.XXXXXX)"
ETCD_PID=""
cleanup() {
    if [ -n "$ETCD_PID" ] && kill -0 "$ETCD_PID" 2>/dev/null; then
        kill "$ETCD_PID" 2>/dev/null || true
        wait "$ETCD_PID" 2>/dev/null || true
    fi
    rm -rf "$DATA"
}
trap cleanup EXIT INT TERM

# Free loopback ports for the client and peer URLs.
read -r CPORT PPORT < <(python3 -c '
import socket
s = [socket.socket() for _ in range(2)]
for x in s: x.bind(("127.0.0.1", 0))
print(*[x.getsockname()[1] for x in s])
for x in s: x.close()')
URL="http://127.0.0.1:$CPORT"

etcd --name bench --data-dir "$DATA/etcd" \
    --listen-client-urls "$URL" --advertise-client-urls "$URL" \
    --listen-peer-urls "http://127.0.0.1:$PPORT" --initial-advertise-peer-urls "http://127.0.0.1:$PPORT" \
    --initial-cluster "bench=http://127.0.0.1:$PPORT" \
    --auto-compaction-retention 0 --quota-backend-bytes $((8 * 1024 * 1024 * 1024)) \
    --max-txn-ops 128 --max-request-bytes $((4 * 1024 * 1024)) \
    >"$DATA/etcd.log" 2>&1 &
ETCD_PID=$!
for _ in $(seq 1 100); do
    if curl -fsS "$URL/health" >/dev/null 2>&1; then break; fi
    if ! kill -0 "$ETCD_PID" 2>/dev/null; then cat "$DATA/etcd.log" >&2; exit 1; fi
    sleep 0.1
done
ETCD_VERSION="$(etcd --version | head -1)"

mkdir -p "$DATA/lists"
python3 - "$URL" "$FIXTURE" "$EVENTS" "$CLIENTS" "$SAMPLES" "$SERVE" "$DATA/lists" >"$DATA/etcd.out" <<'PY'
import base64, http.client, json, random, sys, threading, time
from urllib.parse import urlparse

url, fixture, events, clients, samples = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
serve, lists = sys.argv[6] == "1", sys.argv[7]
host = urlparse(url)
assert host.hostname == "127.0.0.1"

# The same Pod churn as kubeledger-bench's PodChurnWorkload: 10,000 live pods, each created,
# updated 18 times, deleted; name, namespace, uid, resourceVersion, pod IP and timestamps vary.
template = open(fixture).read().strip()
SLOTS, LIFETIME, NAMESPACES = min(10000, events), 20, 50
START = 1767225600
alphabet = "bcdfghjklmnpqrstvwxz2456789"
def ts(sec): return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(sec))
def event(i):
    slot, rnd = i % SLOTS, i // SLOTS
    gen, phase = rnd // LIFETIME, rnd % LIFETIME
    n = gen * SLOTS + slot
    name = "console-6b45f48495-" + "".join(alphabet[(n // 27**k) % 27] for k in range(5))
    ns = "team-%d" % (slot % NAMESPACES)
    created = START + ((gen * LIFETIME) * SLOTS + slot) // 1000
    body = (template.replace('"console-6b45f48495-9248b"', '"%s"' % name)
            .replace('"openshift-console"', '"%s"' % ns)
            .replace('"cdc7fe18-4f75-403f-b713-e70f7ee1ad93"', '"%08x-0000-4000-8000-%012x"' % (n & 0xffffffff, n))
            .replace('"25134"', '"%d"' % (100000 + i))
            .replace('"10.130.0.33"', '"10.%d.%d.%d"' % (128 + (slot >> 16) % 4, (slot >> 8) & 255, slot & 255))
            .replace('"2021-08-03T09:31:34Z"', '"%s"' % ts(created))
            .replace('"2021-08-03T09:31:36Z"', '"%s"' % ts(START + i // 1000))
            .replace('"2021-08-03T09:31:54Z"', '"%s"' % ts(START + i // 1000)))
    key = "/registry/pods/%s/%s" % (ns, name)
    return key, body.encode(), phase == LIFETIME - 1

b64 = lambda b: base64.b64encode(b).decode()
# Prepare every request before timing (Python's encoding is not what is measured).
requests, keys = [], []
batch = []
for i in range(events):
    key, body, delete = event(i)
    keys.append(key)
    op = {"requestDeleteRange": {"key": b64(key.encode())}} if delete else {"requestPut": {"key": b64(key.encode()), "value": b64(body)}}
    batch.append(op)
    if len(batch) == 128 or i == events - 1:
        requests.append(json.dumps({"success": batch}).encode())
        batch = []
payload = sum(len(event(i)[1]) for i in range(0, events, max(1, events // 1000))) / len(range(0, events, max(1, events // 1000)))

def conn():
    return http.client.HTTPConnection(host.hostname, host.port, timeout=60)

lock = threading.Lock()
next_req = [0]
errors = []
def writer():
    c = conn()
    while True:
        with lock:
            k = next_req[0]
            next_req[0] += 1
        if k >= len(requests):
            return
        c.request("POST", "/v3/kv/txn", body=requests[k], headers={"Content-Type": "application/json"})
        r = c.getresponse()
        data = r.read()
        if r.status != 200 or b'"succeeded":true' not in data:
            errors.append(data[:300])
            return

t0 = time.monotonic()
threads = [threading.Thread(target=writer) for _ in range(clients)]
for t in threads: t.start()
for t in threads: t.join()
elapsed = time.monotonic() - t0
if errors:
    print("ERROR", errors[0], file=sys.stderr)
    sys.exit(1)

c = conn()
def post(path, obj):
    c.request("POST", path, body=json.dumps(obj).encode(), headers={"Content-Type": "application/json"})
    r = c.getresponse()
    return json.loads(r.read())
head = int(post("/v3/kv/range", {"key": b64(b"/registry/pods/"), "range_end": b64(b"/registry/pods0"), "count_only": True})["header"]["revision"])
first = head - len(requests) * 0  # etcd revision of the last write

# State of one pod at a past revision: range on its key at a revision (etcdctl get --rev).
# etcd revisions advance once per transaction, so event i was written at about revision
# base + i / 128; a revision shortly after it holds that pod.
base = head - len(requests)
rng = random.Random(42)
lat = []
found = 0
for _ in range(samples):
    i = rng.randrange(events)
    rev = min(head, base + i // 128 + 1 + rng.randrange(max(1, SLOTS * 5 // 128)))
    t = time.monotonic()
    res = post("/v3/kv/range", {"key": b64(keys[i].encode()), "revision": rev})
    lat.append(time.monotonic() - t)
    found += 1 if res.get("kvs") else 0
lat.sort()
p = lambda q: lat[min(len(lat) - 1, max(0, int(q * len(lat) + 0.999) - 1))]

# All live pods at a past revision: one range over /registry/pods/ at that revision, keys only.
live_lat = []
live_count = 0
for _ in range(3):
    rev = base + (len(requests) // 2) + rng.randrange(len(requests) // 2)
    t = time.monotonic()
    res = post("/v3/kv/range", {"key": b64(b"/registry/pods/"), "range_end": b64(b"/registry/pods0"), "revision": rev, "keys_only": True})
    live_lat.append(time.monotonic() - t)
    live_count = int(res.get("count", 0))
live_lat.sort()

# --serve: every live pod, with its object, at past revisions (what the API server's LIST reads
# from etcd), at the ends of 50-transaction chunks (6,400 events) so that the ledger's store,
# fed the same events in Lists of 6,400, holds the same pods at the matching revision.
CHUNK = 128 * 50
list_lat, list_points = [], []
if serve:
    for k in range(events // CHUNK):
        with open("%s/%03d.json" % (lists, k), "w") as f:
            items = ",".join(event(i)[1].decode() for i in range(k * CHUNK, (k + 1) * CHUNK))
            f.write('{"apiVersion":"v1","kind":"List","items":[' + items + ']}')
    chunks = events // CHUNK
    for s in range(max(1, samples // 200)):
        k = chunks // 2 + rng.randrange(max(1, chunks - chunks // 2))
        rev = base + k * 50
        # Timed: the request until the whole response is read (the client's JSON parse is not).
        t = time.monotonic()
        c.request("POST", "/v3/kv/range", body=json.dumps({"key": b64(b"/registry/pods/"),
                  "range_end": b64(b"/registry/pods0"), "revision": rev}).encode(),
                  headers={"Content-Type": "application/json"})
        raw = c.getresponse().read()
        list_lat.append(time.monotonic() - t)
        list_points.append([k * CHUNK, int(json.loads(raw).get("count", 0))])
    list_lat.sort()

print(json.dumps({
    "list_p50_ms": (list_lat[len(list_lat) // 2] * 1e3) if list_lat else 0, "list_points": list_points,
    "events": events, "clients": clients, "transactions": len(requests), "seconds": elapsed,
    "rate": events / elapsed, "object_bytes": payload,
    "state_p50_us": p(0.5) * 1e6, "state_p99_us": p(0.99) * 1e6, "state_found": found, "samples": samples,
    "live_p50_ms": live_lat[len(live_lat) // 2] * 1e3, "live_count": live_count,
}))
PY

DB_BYTES=$(du -sb "$DATA/etcd/member/snap/db" | cut -f1)
WAL_BYTES=$(du -sb "$DATA/etcd/member/wal" | cut -f1)
OUT="$(cat "$DATA/etcd.out")"
val() { python3 -c "import json,sys; print(json.loads(sys.argv[1])[sys.argv[2]])" "$OUT" "$1"; }
fmt() { python3 -c "import sys; print(format(float(sys.argv[1]), sys.argv[2]))" "$1" "$2"; }

echo "# etcd comparison — $(date -u +%Y-%m-%dT%H:%M:%SZ)"
echo
echo "- $ETCD_VERSION on 127.0.0.1, auto-compaction off; $(nproc) × $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2)"
echo "- $(val events) Pod events (~$(fmt "$(val object_bytes)" .0f) B JSON each) as /registry/pods/<ns>/<name>, $(val transactions) txns of ≤128 ops, $(val clients) concurrent clients over the JSON gateway"
echo
echo "| etcd | figure |"
echo "|---|---|"
echo "| bulk ingest | $(fmt "$(val rate)" ,.0f) events/s ($(fmt "$(val seconds)" .2f) s) |"
echo "| state of one pod at a past revision (range --rev), p50 / p99 | $(fmt "$(val state_p50_us)" .0f) µs / $(fmt "$(val state_p99_us)" .0f) µs (found $(val state_found)/$(val samples)) |"
echo "| all live pods at a past revision (keys only), p50 | $(fmt "$(val live_p50_ms)" .1f) ms ($(val live_count) pods) |"
echo "| bytes on disk per event (bbolt db + WAL) | $(( (DB_BYTES + WAL_BYTES) / $(val events) )) B (db $(( DB_BYTES / 1048576 )) MiB, wal $(( WAL_BYTES / 1048576 )) MiB) |"

if [ "$SERVE" = 1 ]; then
    [ -x "$KUBELEDGER" ] || { echo "kubeledger not built ($KUBELEDGER): run swift build -c release first" >&2; exit 1; }
    kill "$ETCD_PID"; wait "$ETCD_PID" 2>/dev/null || true; ETCD_PID=""
    export KUBELEDGER_STORE="$DATA/ledger"
    "$KUBELEDGER" init >/dev/null
    for f in "$DATA"/lists/*.json; do "$KUBELEDGER" append -f "$f" >/dev/null; done
    "$KUBELEDGER" serve --listen 127.0.0.1:0 2>"$DATA/serve.log" &
    SERVE_PID=$!
    trap 'kill $SERVE_PID 2>/dev/null || true; cleanup' EXIT INT TERM
    for _ in $(seq 1 100); do grep -q "http://" "$DATA/serve.log" && break; sleep 0.1; done
    SERVE_URL="$(grep -o 'http://127.0.0.1:[0-9]*' "$DATA/serve.log" | head -1)"
    SERVE_OUT="$(python3 - "$SERVE_URL" "$OUT" "$DATA" <<'PY'
import http.client, json, sys, time
from urllib.parse import urlparse
u, etcd = urlparse(sys.argv[1]), json.loads(sys.argv[2])
c = http.client.HTTPConnection(u.hostname, u.port, timeout=120)
lat, same = [], 0
for events_in, etcd_count in etcd["list_points"]:
    t = time.monotonic()
    c.request("GET", "/at/%d/api/v1/pods" % events_in)
    raw = c.getresponse().read()
    lat.append(time.monotonic() - t)
    body = json.loads(raw)
    same += 1 if len(body["items"]) == etcd_count else 0
lat.sort()
# The floor: the same client reading the last response's bytes from a server that only sends
# them (a separate Python process holding them in memory, Content-Length set): what reading
# ~30 MB over loopback costs this client, whatever the server does.
import socket, subprocess, textwrap
with open(sys.argv[3] + "/list.json", "wb") as f: f.write(raw)
s = socket.socket(); s.bind(("127.0.0.1", 0)); port = s.getsockname()[1]; s.close()
server = subprocess.Popen([sys.executable, "-c", textwrap.dedent("""
    import http.server, sys
    data = open(sys.argv[1], "rb").read()
    class H(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        def do_GET(self):
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
        def log_message(self, *args): pass
    http.server.HTTPServer(("127.0.0.1", int(sys.argv[2])), H).serve_forever()
    """), sys.argv[3] + "/list.json", str(port)])
floor = []
try:
    for _ in range(50):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            time.sleep(0.1)
    f = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    for _ in range(len(lat)):
        t = time.monotonic()
        f.request("GET", "/")
        f.getresponse().read()
        floor.append(time.monotonic() - t)
finally:
    server.kill()
floor.sort()
print(json.dumps({"p50_ms": lat[len(lat) // 2] * 1e3, "same": same, "n": len(lat), "bytes": len(raw),
                  "floor_p50_ms": floor[len(floor) // 2] * 1e3}))
PY
)"
    kill "$SERVE_PID" 2>/dev/null || true
    sval() { python3 -c "import json,sys; print(json.loads(sys.argv[1])[sys.argv[2]])" "$SERVE_OUT" "$1"; }
    echo
    echo "| LIST of all pods with their objects at a past revision, p50 | figure |"
    echo "|---|---|"
    echo "| etcd range with values at the revision (JSON gateway) | $(fmt "$(val list_p50_ms)" .1f) ms |"
    echo "| kubeledger serve GET /at/REVISION/api/v1/pods (JSON) | $(fmt "$(sval p50_ms)" .1f) ms; same pod count as etcd at $(sval same) of $(sval n) points |"
    echo "| ratio | $(fmt "$(python3 -c "print($(val list_p50_ms) / $(sval p50_ms))")" .2f)× faster (target ≥ 10×) |"
    echo "| floor: the same client reading the same $(sval bytes) bytes from a server that only sends them | $(fmt "$(sval floor_p50_ms)" .1f) ms (etcd ÷ floor: $(fmt "$(python3 -c "print($(val list_p50_ms) / $(sval floor_p50_ms))")" .1f)×) |"
fi

if [ "$RUN_LEDGER" = 1 ]; then
    if [ ! -x "$BENCH" ]; then
        echo "kubeledger-bench not built ($BENCH): run swift build -c release first, or pass --no-ledger" >&2
        exit 1
    fi
    # Stop etcd first so it does not compete for the two cores.
    kill "$ETCD_PID"; wait "$ETCD_PID" 2>/dev/null || true; ETCD_PID=""
    LA="$("$BENCH" append --batch 128 --events "$EVENTS" --reps 1)"
    LR="$("$BENCH" reads --events "$EVENTS" --reps 1)"
    LEDGER_RATE=$(echo "$LA" | awk -F'|' '$2 ~ /^ *128 *$/ {gsub(/[ ,]/, "", $4); print $4}')
    # And at the batch size an importer uses (the Ledger is not limited to etcd's 128 operations).
    LA1K="$("$BENCH" append --batch 1000 --events "$EVENTS" --reps 1)"
    LEDGER_RATE_1K=$(echo "$LA1K" | awk -F'|' '$2 ~ /^ *1000 *$/ {gsub(/[ ,]/, "", $4); print $4}')
    LEDGER_P50=$(echo "$LR" | awk -F'|' '/state of one pod/ {print $4}' | sed 's/ //g')
    LEDGER_LIVE=$(echo "$LR" | awk -F'|' '/all live pods/ {print $4}' | sed 's/ //g')
    us() { python3 -c "import sys; v=sys.argv[1]; print(float(v[:-2])*1000 if v.endswith('ms') else float(v[:-2]))" "$1"; }
    echo
    echo "| KubeLedger, same events | figure | ratio to etcd |"
    echo "|---|---|---|"
    echo "| bulk ingest, 128 events per append | $LEDGER_RATE events/s | $(fmt "$(python3 -c "print($LEDGER_RATE / $(val rate))")" .1f)× (target ≥ 10×) |"
    echo "| bulk ingest, 1,000 events per append (import's batching) | $LEDGER_RATE_1K events/s | $(fmt "$(python3 -c "print($LEDGER_RATE_1K / $(val rate))")" .1f)× |"
    echo "| state of one pod at a past revision, p50 | $LEDGER_P50 | $(fmt "$(python3 -c "print($(val state_p50_us) / $(us "$LEDGER_P50"))")" .1f)× faster (target: faster) |"
    echo "| all live pods at a past revision, p50 | $LEDGER_LIVE | $(fmt "$(python3 -c "print($(val live_p50_ms) * 1000 / $(us "$LEDGER_LIVE"))")" .1f)× faster |"
    echo
    echo "etcd is reached over HTTP/JSON (the gateway) and KubeLedger in-process: the read latencies include"
    echo "that difference, as they would for a client of each."
fi
