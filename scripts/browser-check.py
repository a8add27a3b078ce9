#!/usr/bin/env python3
"""Loads HTML reports in headless Chromium and checks them as a reader's browser sees them.

Speaks the Chrome DevTools protocol over --remote-debugging-pipe (file descriptors 3 and 4,
NUL-separated JSON), so it needs nothing but the Python standard library and the `chromium`
binary. For each report it checks, after the page has loaded:

  - no console message of level error or warning, no uncaught exception, no log entry of level
    error (a failed network fetch would be one: a report must fetch nothing);
  - the page runs no script and has no <img>, <iframe>, <link> or inline event handler;
  - every expected host name appears in the DOM's text (after the report's own visible marking
    of hidden characters, e.g. U+202E as "[U+202E]");
  - every chart (svg.chart) is rendered with a non-zero width and height.

Usage:
  browser-check.py [--screenshot OUT.png [--screenshot-height PX]] [--width PX]
                   REPORT.html HOSTS.json [REPORT.html HOSTS.json ...]

HOSTS.json is a JSON list of host names (e.g. from `shepherd inspect --format json`). Every
wait is bounded (--timeout seconds per page, default 60); the browser is always stopped.
Exit status 0 when every check passes, 1 when one fails, 2 when Chromium cannot be run.
"""

import argparse
import base64
import json
import os
import select
import shutil
import subprocess
import sys
import tempfile
import time


def visible(name):
    """The name as the report shows it: hidden characters become [U+XXXX] marks."""
    out = []
    for char in name:
        code = ord(char)
        hidden = (
            code <= 0x1F or 0x7F <= code <= 0x9F or code == 0x061C or 0x200B <= code <= 0x200F
            or 0x202A <= code <= 0x202E or 0x2060 <= code <= 0x2069 or code == 0xFEFF
            or code in (0x2028, 0x2029)
        )
        out.append(f"[U+{code:04X}]" if hidden else char)
    return "".join(out)


class Browser:
    """One headless Chromium driven over the DevTools pipe."""

    def __init__(self, binary, timeout):
        self.timeout = timeout
        self.profile = tempfile.mkdtemp(prefix="shepherd-chromium-")
        to_child_read, self.to_child = os.pipe()
        self.from_child, from_child_write = os.pipe()

        def wire_fds():
            # Through fresh copies: a pipe end may already be 3 or 4, and dup2 onto itself
            # would leave it close-on-exec.
            reading, writing = os.dup(to_child_read), os.dup(from_child_write)
            os.dup2(reading, 3)
            os.dup2(writing, 4)

        self.process = subprocess.Popen(
            [
                binary, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                "--no-default-browser-check", "--disable-extensions", "--hide-scrollbars",
                "--remote-debugging-pipe", f"--user-data-dir={self.profile}", "about:blank",
            ],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            # The pipes are close-on-exec; only the duplicates at 3 and 4 reach the browser.
            preexec_fn=wire_fds, close_fds=False,
        )
        os.close(to_child_read)
        os.close(from_child_write)
        self.buffer = b""
        self.next_id = 0
        self.events = []

    def close(self):
        try:
            self.process.terminate()
            self.process.wait(timeout=10)
        except Exception:
            self.process.kill()
        for fd in (self.to_child, self.from_child):
            try:
                os.close(fd)
            except OSError:
                pass
        shutil.rmtree(self.profile, ignore_errors=True)

    def send(self, method, params=None, session=None):
        self.next_id += 1
        message = {"id": self.next_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        os.write(self.to_child, json.dumps(message).encode() + b"\0")
        return self.next_id

    def receive(self, deadline):
        """The next message, or None when the deadline passes."""
        while b"\0" not in self.buffer:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return None
            ready, _, _ = select.select([self.from_child], [], [], remaining)
            if not ready:
                return None
            chunk = os.read(self.from_child, 1 << 20)
            if not chunk:
                raise RuntimeError("chromium closed the DevTools pipe")
            self.buffer += chunk
        raw, self.buffer = self.buffer.split(b"\0", 1)
        return json.loads(raw)

    def call(self, method, params=None, session=None):
        """Sends a command and waits for its result; events that arrive meanwhile are kept."""
        call_id = self.send(method, params, session)
        deadline = time.monotonic() + self.timeout
        while True:
            message = self.receive(deadline)
            if message is None:
                raise TimeoutError(f"no answer to {method} within {self.timeout} s")
            if message.get("id") == call_id:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message.get("result", {})
            self.events.append(message)

    def wait_for(self, method, session):
        deadline = time.monotonic() + self.timeout
        for index, event in enumerate(self.events):
            if event.get("method") == method and event.get("sessionId") == session:
                del self.events[index]
                return event
        while True:
            message = self.receive(deadline)
            if message is None:
                raise TimeoutError(f"no {method} within {self.timeout} s")
            if message.get("method") == method and message.get("sessionId") == session:
                return message
            self.events.append(message)


PAGE_FACTS = """
(() => {
  const charts = [...document.querySelectorAll('svg.chart')].map(svg => {
    const box = svg.getBoundingClientRect();
    return {id: svg.id, width: box.width, height: box.height};
  });
  const handlers = [...document.querySelectorAll('*')].filter(element =>
    [...element.attributes].some(attribute => attribute.name.toLowerCase().startsWith('on')));
  return JSON.stringify({
    text: document.documentElement.textContent,
    charts,
    scripts: document.scripts.length,
    embedded: document.querySelectorAll('img, iframe, link, object, embed, video, audio').length,
    handlers: handlers.length,
    title: document.title,
    height: document.documentElement.scrollHeight,
  });
})()
"""


def check(browser, path, hosts, screenshot, width, screenshot_height=None):
    """Loads one report; returns a list of problems."""
    problems = []
    target = browser.call("Target.createTarget", {"url": "about:blank"})["targetId"]
    session = browser.call("Target.attachToTarget", {"targetId": target, "flatten": True})[
        "sessionId"]
    for domain in ("Page", "Runtime", "Log"):
        browser.call(f"{domain}.enable", session=session)
    browser.call(
        "Emulation.setDeviceMetricsOverride",
        {"width": width, "height": 900, "deviceScaleFactor": 1, "mobile": False},
        session=session)
    browser.call("Page.navigate", {"url": "file://" + os.path.abspath(path)}, session=session)
    browser.wait_for("Page.loadEventFired", session)
    facts = json.loads(
        browser.call("Runtime.evaluate", {"expression": PAGE_FACTS, "returnByValue": True},
                     session=session)["result"]["value"])
    # Events that arrived while loading: console messages, exceptions, log entries.
    for event in browser.events:
        if event.get("sessionId") != session:
            continue
        method, params = event.get("method"), event.get("params", {})
        if method == "Runtime.consoleAPICalled" and params.get("type") in ("error", "warning",
                                                                         "assert"):
            problems.append(f"console {params['type']}: {params.get('args')}")
        elif method == "Runtime.exceptionThrown":
            problems.append(f"exception: {params.get('exceptionDetails', {}).get('text')}")
        elif method == "Log.entryAdded" and params.get("entry", {}).get("level") == "error":
            problems.append(f"log error: {params['entry'].get('text')}")
    browser.events = [event for event in browser.events if event.get("sessionId") != session]
    if facts["scripts"]:
        problems.append(f"{facts['scripts']} script element(s) in the DOM")
    if facts["embedded"]:
        problems.append(f"{facts['embedded']} embedded or linked resource(s) in the DOM")
    if facts["handlers"]:
        problems.append(f"{facts['handlers']} element(s) with an inline event handler")
    text = facts["text"]
    missing = [host for host in hosts if visible(host) not in text]
    if missing:
        problems.append(f"{len(missing)} of {len(hosts)} hosts missing from the DOM, e.g. "
                        f"{missing[:3]}")
    if not facts["charts"]:
        problems.append("no chart (svg.chart) on the page")
    for chart in facts["charts"]:
        if chart["width"] <= 0 or chart["height"] <= 0:
            problems.append(f"chart {chart['id']} has size {chart['width']}x{chart['height']}")
    if screenshot:
        height = min(int(facts["height"]), screenshot_height or 16000)
        browser.call(
            "Emulation.setDeviceMetricsOverride",
            {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False},
            session=session)
        data = browser.call("Page.captureScreenshot", {"format": "png"}, session=session)["data"]
        with open(screenshot, "wb") as handle:
            handle.write(base64.b64decode(data))
    browser.call("Target.closeTarget", {"targetId": target})
    print(f"browser-check: {path}: {len(hosts) - len(missing)} of {len(hosts)} hosts in the DOM, "
          f"{len(facts['charts'])} charts drawn, {len(problems)} problem(s)")
    return problems


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("pairs", nargs="+", help="REPORT.html HOSTS.json, repeated")
    parser.add_argument("--screenshot", help="write a full-page PNG of the first report here")
    parser.add_argument("--width", type=int, default=1100)
    parser.add_argument("--screenshot-height", type=int,
                        help="capture only the top of the page, this many pixels")
    parser.add_argument("--timeout", type=float, default=60)
    parser.add_argument("--chromium", default=os.environ.get("CHROMIUM", "chromium"))
    options = parser.parse_args()
    if len(options.pairs) % 2:
        parser.error("give REPORT.html HOSTS.json pairs")
    binary = shutil.which(options.chromium)
    if not binary:
        print(f"browser-check: '{options.chromium}' not found", file=sys.stderr)
        return 2
    browser = Browser(binary, options.timeout)
    failures = 0
    try:
        browser.call("Browser.getVersion")
        for index in range(0, len(options.pairs), 2):
            path, hosts_path = options.pairs[index], options.pairs[index + 1]
            with open(hosts_path, encoding="utf-8") as handle:
                hosts = json.load(handle)
            problems = check(browser, path, hosts, options.screenshot if index == 0 else None,
                             options.width, options.screenshot_height)
            for problem in problems:
                print(f"  {path}: {problem}", file=sys.stderr)
            failures += bool(problems)
    finally:
        browser.close()
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
