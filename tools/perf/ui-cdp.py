#!/usr/bin/env python3
"""Opens URL in headless Chromium in real time (DevTools protocol over --remote-debugging-pipe, no
virtual time, which would hide network and drawing time) and prints the page's root attributes
named on the command line once `data-ready` (and `data-bench`, when the URL asks for a bench) is set.

With --steps JSON it then drives the timeline with real input events (Input.dispatchKeyEvent and
Input.dispatchMouseEvent, as a user's keyboard and mouse would) and prints one JSON object: the
view after loading and after each step: {"step", "from", "to" (the URL's window), "axis" (the axis
labels' UTC titles), "rows", "error" (data-js-error or data-api-error, else null)}. Steps:
  {"key": "ArrowRight"}            a key pressed on the focused timeline (ArrowLeft, +, -, 0, ...)
  {"wheel": 120}                   a wheel turn (deltaY; > 0 zooms out) over the middle of the first lane
  {"drag": -200}                   a drag of the first lane by that many pixels
The Swift end-to-end test of the page uses it (TimelinePageEndToEndTests).
--eval EXPR (repeatable) prints the value of a JavaScript expression once the page is ready
(e.g. the timings of its requests: performance.getEntriesByType('resource')).
CHROMIUM names the browser binary (default: chromium on PATH).
usage: ui-cdp.py [--eval EXPR]... URL ATTRIBUTE...   |   ui-cdp.py --steps JSON URL   (standard library only)"""
import json, os, shutil, subprocess, sys, tempfile, time

args = sys.argv[1:]
steps = None
evals = []
while args[:1] in (["--steps"], ["--eval"]):
    if args[0] == "--steps":
        steps = json.loads(args[1])
    else:
        evals.append(args[1])
    args = args[2:]
url, names = args[0], args[1:]
to_chrome_r, to_chrome_w = os.pipe()
from_chrome_r, from_chrome_w = os.pipe()
profile = tempfile.mkdtemp()


# Chromium reads the protocol from fd 3 and writes to fd 4.
command = ("exec %s --headless --disable-gpu --no-sandbox --remote-debugging-pipe --user-data-dir=%s "
           "--window-size=1400,900 about:blank 3<&%d 4>&%d") % (
    os.environ.get("CHROMIUM", "chromium"), profile, to_chrome_r, from_chrome_w)
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


def evaluate(expression, session):
    return call("Runtime.evaluate", {"expression": expression, "returnByValue": True}, session=session)[
        "result"].get("value")


def wait_for(expression, session, seconds=120):
    deadline = time.time() + seconds
    while time.time() < deadline:
        if evaluate(expression, session):
            return True
        time.sleep(0.1)
    return False


# The view as the test reads it back from the DOM.
STATE = """JSON.stringify({
  from: Number(new URLSearchParams(location.search).get('from')),
  to: Number(new URLSearchParams(location.search).get('to')),
  axis: [...document.querySelectorAll('#axis span')].map(s => s.getAttribute('title')),
  rows: Number((document.getElementById('board') || {getAttribute: () => 0}).getAttribute('data-rows')),
  error: document.documentElement.getAttribute('data-js-error') ||
    document.documentElement.getAttribute('data-api-error')})"""

KEYS = {"ArrowLeft": 37, "ArrowRight": 39, "+": 187, "-": 189, "0": 48, "Escape": 27}


def key(name, session):
    code = KEYS.get(name, 0)
    text = name if len(name) == 1 else ""
    base = {"key": name, "windowsVirtualKeyCode": code, "nativeVirtualKeyCode": code}
    call("Input.dispatchKeyEvent", dict(base, type="keyDown" if text else "rawKeyDown", text=text), session)
    call("Input.dispatchKeyEvent", dict(base, type="keyUp"), session)


def lane_middle(session):
    box = json.loads(evaluate("JSON.stringify(document.querySelector('svg.lane').getBoundingClientRect())", session))
    return box["x"] + box["width"] / 2, box["y"] + box["height"] / 2


def drive(session):
    views = []
    read = lambda step: views.append(dict(json.loads(evaluate(STATE, session)), step=step))
    evaluate("document.getElementById('board').focus()", session)
    read("loaded")
    for step in steps:
        if "key" in step:
            key(step["key"], session)
        elif "wheel" in step:
            x, y = lane_middle(session)
            call("Input.dispatchMouseEvent", {"type": "mouseWheel", "x": x, "y": y, "deltaX": 0,
                                              "deltaY": step["wheel"]}, session)
        elif "drag" in step:
            x, y = lane_middle(session)
            call("Input.dispatchMouseEvent", {"type": "mousePressed", "x": x, "y": y, "button": "left",
                                              "clickCount": 1}, session)
            for i in range(1, 5):
                call("Input.dispatchMouseEvent", {"type": "mouseMoved", "x": x + step["drag"] * i / 4, "y": y,
                                                  "button": "left"}, session)
            call("Input.dispatchMouseEvent", {"type": "mouseReleased", "x": x + step["drag"], "y": y,
                                              "button": "left", "clickCount": 1}, session)
        else:
            sys.exit("unknown step %s" % json.dumps(step))
        # The page redraws at once and asks for the new window 200 ms later (the board is
        # aria-busy until that window is drawn): let that finish.
        time.sleep(0.05)
        wait_for("!document.querySelector('#board[aria-busy]')", session, 60)
        read(step)
    print(json.dumps(views))


try:
    target = call("Target.createTarget", {"url": "about:blank"})["targetId"]
    session = call("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
    call("Page.enable", session=session)
    call("Page.navigate", {"url": url}, session=session)
    wanted = "data-bench" if "bench=" in url else "data-ready"
    if not wait_for("document.documentElement.getAttribute(%s)" % json.dumps(wanted), session):
        sys.exit("the page did not set %s within 120 s: %s" % (wanted, url))
    if steps is not None:
        drive(session)
    else:
        expression = "JSON.stringify(Object.fromEntries(%s.map(n => [n, document.documentElement.getAttribute(n)])))" % (
            json.dumps(names))
        print(evaluate(expression, session))
    for e in evals:
        print(evaluate(e, session))
finally:
    proc.terminate()
    proc.wait()
    shutil.rmtree(profile, ignore_errors=True)
