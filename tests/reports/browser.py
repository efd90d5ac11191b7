"""Open a page in headless Chromium and record what it did: requests, script errors, the DOM.

Drives Chromium over the DevTools protocol with a tiny WebSocket client (the standard library
only: no Playwright, no Selenium). Everything the page asks for shows up as a
``Network.requestWillBeSent`` event; script errors as ``Runtime.exceptionThrown``, console
errors and failed or blocked loads as ``Runtime.consoleAPICalled`` / ``Log.entryAdded``.
"""

from __future__ import annotations

import base64
import json
import os
import shutil
import socket
import struct
import subprocess
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--disable-extensions",
    "--no-default-browser-check",
    "--hide-scrollbars",
    "--mute-audio",
]


def find_chromium() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        path = shutil.which(name)
        if path:
            return path
    return None


class WebSocket:
    """Just enough of RFC 6455 for the DevTools protocol: masked text frames out, frames in."""

    def __init__(self, url: str, timeout: float = 30.0) -> None:
        parts = urlsplit(url)
        self.sock = socket.create_connection((parts.hostname, parts.port), timeout=timeout)
        key = base64.b64encode(os.urandom(16)).decode()
        request = (
            f"GET {parts.path} HTTP/1.1\r\nHost: {parts.hostname}:{parts.port}\r\nUpgrade: websocket\r\n"
            f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n"
        )
        self.sock.sendall(request.encode())
        response = b""
        while b"\r\n\r\n" not in response:
            chunk = self.sock.recv(4096)
            if not chunk:
                raise ConnectionError("DevTools closed the connection during the handshake")
            response += chunk
        head, self.buffer = response.split(b"\r\n\r\n", 1)
        if b" 101 " not in head.split(b"\r\n", 1)[0]:
            raise ConnectionError(f"DevTools refused the WebSocket: {head[:200]!r}")

    def send(self, text: str) -> None:
        payload = text.encode()
        header = bytearray([0x81])
        if len(payload) < 126:
            header.append(0x80 | len(payload))
        elif len(payload) < 65536:
            header.append(0x80 | 126)
            header += struct.pack(">H", len(payload))
        else:
            header.append(0x80 | 127)
            header += struct.pack(">Q", len(payload))
        mask = os.urandom(4)
        masked = bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
        self.sock.sendall(bytes(header) + mask + masked)

    def _read(self, n: int) -> bytes:
        while len(self.buffer) < n:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise ConnectionError("DevTools closed the connection")
            self.buffer += chunk
        out, self.buffer = self.buffer[:n], self.buffer[n:]
        return out

    def recv(self) -> str:
        message = b""
        while True:
            b0, b1 = self._read(2)
            opcode, length = b0 & 0x0F, b1 & 0x7F
            if length == 126:
                (length,) = struct.unpack(">H", self._read(2))
            elif length == 127:
                (length,) = struct.unpack(">Q", self._read(8))
            mask = self._read(4) if b1 & 0x80 else b""
            data = self._read(length)
            if mask:
                data = bytes(b ^ mask[i % 4] for i, b in enumerate(data))
            if opcode == 0x8:
                raise ConnectionError("DevTools closed the WebSocket")
            if opcode in (0x9, 0xA):  # ping / pong: not used by DevTools
                continue
            message += data
            if b0 & 0x80:
                return message.decode()

    def close(self) -> None:
        self.sock.close()


@dataclass
class PageReport:
    url: str
    requests: list[str] = field(default_factory=list)
    """Every url the page asked for, but the page itself."""
    errors: list[str] = field(default_factory=list)
    """Script exceptions, console errors, failed and blocked loads."""
    values: dict[str, Any] = field(default_factory=dict)
    """The results of the expressions evaluated once the page had loaded."""


class Chromium:
    """A headless Chromium with the DevTools protocol on a free local port."""

    def __init__(self, binary: str | None = None) -> None:
        binary = binary or find_chromium()
        if binary is None:
            raise FileNotFoundError("no chromium on PATH")
        self.profile = tempfile.mkdtemp(prefix="claimtrack-chromium-")
        self.proc = subprocess.Popen(
            [
                binary,
                *FLAGS,
                f"--user-data-dir={self.profile}",
                "--remote-debugging-port=0",
                "--window-size=1280,1800",
                "about:blank",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        port_file = Path(self.profile) / "DevToolsActivePort"
        deadline = time.monotonic() + 30
        while not port_file.exists() or not port_file.read_text().strip():
            if self.proc.poll() is not None or time.monotonic() > deadline:
                self.close()
                raise RuntimeError("chromium did not start its DevTools server")
            time.sleep(0.05)
        self.port = int(port_file.read_text().split()[0])

    def _devtools(self, path: str, method: str = "GET") -> Any:
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
        request = urllib.request.Request(f"http://127.0.0.1:{self.port}{path}", method=method)
        with opener.open(request, timeout=10) as response:
            body = response.read()
        try:
            return json.loads(body)
        except ValueError:
            return body.decode(errors="replace")

    def _new_tab(self) -> tuple[str, WebSocket]:
        """A fresh tab for each page, so nothing logged by an earlier page is replayed."""
        target = self._devtools("/json/new?about:blank", method="PUT")
        return target["id"], WebSocket(target["webSocketDebuggerUrl"])

    def check(
        self, url: str, expressions: dict[str, str] | None = None, *, settle: float = 0.7, timeout: float = 30.0
    ) -> PageReport:
        """Load ``url`` and report every request and error; evaluate ``expressions`` afterwards."""
        report = PageReport(url=url)
        tab, ws = self._new_tab()
        next_id = 0
        results: dict[int, Any] = {}

        def call(method: str, params: dict[str, Any] | None = None) -> int:
            nonlocal next_id
            next_id += 1
            ws.send(json.dumps({"id": next_id, "method": method, "params": params or {}}))
            return next_id

        def handle(message: dict[str, Any]) -> None:
            if "id" in message:
                results[message["id"]] = message.get("result", message.get("error"))
                return
            method, params = message.get("method"), message.get("params", {})
            if method == "Network.requestWillBeSent":
                requested = params["request"]["url"]
                if requested != url:
                    report.requests.append(requested)
            elif method == "Network.webSocketCreated":
                report.requests.append(params["url"])
            elif method == "Runtime.exceptionThrown":
                details = params["exceptionDetails"]
                report.errors.append(
                    details.get("exception", {}).get("description") or details.get("text", "exception")
                )
            elif method == "Runtime.consoleAPICalled" and params.get("type") in ("error", "assert"):
                report.errors.append(
                    "console: "
                    + " ".join(str(a.get("value", a.get("description", ""))) for a in params.get("args", []))
                )
            elif method == "Log.entryAdded" and params["entry"].get("level") == "error":
                report.errors.append(f"log ({params['entry'].get('source')}): {params['entry'].get('text')}")
            elif method == "Page.loadEventFired":
                results["loaded"] = True

        def pump(until: float, done: Any = lambda: False) -> None:
            while time.monotonic() < until and not done():
                ws.sock.settimeout(max(0.05, until - time.monotonic()))
                try:
                    handle(json.loads(ws.recv()))
                except TimeoutError:
                    return

        try:
            for method in ("Network.enable", "Runtime.enable", "Log.enable", "Page.enable"):
                sent = call(method)
                pump(time.monotonic() + 10, lambda: sent in results)
            call("Page.navigate", {"url": url})
            pump(time.monotonic() + timeout, lambda: "loaded" in results)
            if "loaded" not in results:
                report.errors.append(f"the page did not finish loading in {timeout} s")
            pump(time.monotonic() + settle)  # late requests: lazy images, timers
            for name, expression in (expressions or {}).items():
                sent = call("Runtime.evaluate", {"expression": expression, "returnByValue": True})
                pump(time.monotonic() + 10, lambda: sent in results)
                report.values[name] = (results.get(sent) or {}).get("result", {}).get("value")
        finally:
            ws.close()
            self._devtools(f"/json/close/{tab}")
        return report

    def close(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        shutil.rmtree(self.profile, ignore_errors=True)

    def __enter__(self) -> Chromium:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
