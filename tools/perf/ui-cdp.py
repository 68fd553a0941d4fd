#!/usr/bin/env python3
"""Opens URL in headless Chromium in real time (DevTools protocol over --remote-debugging-pipe, no
virtual time, which would hide network and drawing time) and prints the page's root attributes
named on the command line once `data-ready` (and `data-bench`, when the URL asks for a bench) is set.
usage: ui-cdp.py URL ATTRIBUTE... (standard library only)"""
import json, os, subprocess, sys, tempfile, time

url, names = sys.argv[1], sys.argv[2:]
to_chrome_r, to_chrome_w = os.pipe()
from_chrome_r, from_chrome_w = os.pipe()
profile = tempfile.mkdtemp()


# Chromium reads the protocol from fd 3 and writes to fd 4.
command = ("exec chromium --headless --disable-gpu --no-sandbox --remote-debugging-pipe --user-data-dir=%s "
           "--window-size=1400,900 about:blank 3<&%d 4>&%d") % (profile, to_chrome_r, from_chrome_w)
proc = subprocess.Popen(["bash", "-c", command], pass_fds=(to_chrome_r, from_chrome_w),
                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
os.close(to_chrome_r)
os.close(from_chrome_w)
buffer = b""
next_id = 0


def call(method, params=None, session=None):
    global buffer, next_id
    next_id += 1
    message = {"id": next_id, "method": method, "params": params or {}}
    if session:
        message["sessionId"] = session
    os.write(to_chrome_w, json.dumps(message).encode() + b"\0")
    while True:
        while b"\0" not in buffer:
            chunk = os.read(from_chrome_r, 1 << 16)
            if not chunk:
                sys.exit("chromium closed the pipe")
            buffer += chunk
        raw, buffer = buffer.split(b"\0", 1)
        reply = json.loads(raw)
        if reply.get("id") == next_id:
            if "error" in reply:
                sys.exit("%s: %s" % (method, reply["error"]))
            return reply["result"]


try:
    target = call("Target.createTarget", {"url": "about:blank"})["targetId"]
    session = call("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
    call("Page.enable", session=session)
    call("Page.navigate", {"url": url}, session=session)
    wanted = "data-bench" if "bench=" in url else "data-ready"
    deadline = time.time() + 120
    while time.time() < deadline:
        probe = "document.documentElement.getAttribute(%s)" % json.dumps(wanted)
        done = call("Runtime.evaluate", {"expression": probe, "returnByValue": True}, session=session)
        if done["result"].get("value"):
            break
        time.sleep(0.1)
    expression = "JSON.stringify(Object.fromEntries(%s.map(n => [n, document.documentElement.getAttribute(n)])))" % (
        json.dumps(names))
    values = call("Runtime.evaluate", {"expression": expression, "returnByValue": True}, session=session)
    print(values["result"]["value"])
finally:
    proc.terminate()
    proc.wait()
