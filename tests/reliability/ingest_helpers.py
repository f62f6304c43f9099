"""Harness for the hostile-input tests: a child process watched for peak memory, and local
HTTP servers on 127.0.0.1 that misbehave on purpose."""

from __future__ import annotations

import os
import ssl
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
RSS_LIMIT = 1 << 30  # a bomb test fails once the child holds more than 1 GiB
_POLL_S = 0.02


@dataclass(frozen=True)
class Bounded:
    """How a watched child ended: output, peak resident memory, and whether it was killed."""

    returncode: int
    stdout: str
    stderr: str
    peak_rss: int
    seconds: float
    killed: str = ""


def _rss(pid: int, field: str) -> int:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0
    for line in status.splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) * 1024
    return 0


def run_bounded(script: str, *, timeout_s: float, rss_limit: int = RSS_LIMIT) -> Bounded:
    """Run Python `script` in a child; kill it past `rss_limit` bytes or `timeout_s`."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    start = time.monotonic()
    child = subprocess.Popen(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    peak, killed = 0, ""
    while child.poll() is None:
        peak = max(peak, _rss(child.pid, "VmHWM"), _rss(child.pid, "VmRSS"))
        if peak > rss_limit:
            killed = f"resident memory passed {rss_limit >> 20} MiB"
        elif time.monotonic() - start > timeout_s:
            killed = f"ran past {timeout_s} s"
        if killed:
            child.kill()
            break
        time.sleep(_POLL_S)
    out, err = child.communicate()
    return Bounded(child.returncode, out, err, peak, time.monotonic() - start, killed)


Route = Callable[[BaseHTTPRequestHandler], None]


def _handler(routes: dict[str, Route]) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:
            route = routes.get(self.path)
            if route is None:
                self.send_error(404)
                return
            # The client hanging up mid-body is what these tests provoke.
            with suppress(BrokenPipeError, ConnectionResetError):
                route(self)

        def log_message(self, *args: object) -> None:
            pass

    return Handler


@contextmanager
def serve(routes: dict[str, Route], tls: ssl.SSLContext | None = None) -> Iterator[str]:
    """An HTTP(S) server on 127.0.0.1 (free port) answering `routes`; yields its base URL."""
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler(routes))
    httpd.daemon_threads = True
    if tls is not None:
        httpd.socket = tls.wrap_socket(httpd.socket, server_side=True)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield f"{'https' if tls else 'http'}://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


def page(body: str, kind: str = "text/html") -> Route:
    def route(handler: BaseHTTPRequestHandler) -> None:
        data = body.encode()
        handler.send_response(200)
        handler.send_header("Content-Type", kind)
        handler.send_header("Content-Length", str(len(data)))
        handler.end_headers()
        handler.wfile.write(data)

    return route


def redirect(location: str) -> Route:
    def route(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(302)
        handler.send_header("Location", location)
        handler.send_header("Content-Length", "0")
        handler.end_headers()

    return route


def stream(block: bytes, pause_s: float) -> Route:
    """A body that never ends: `block` after `block`, `pause_s` apart, no Content-Length."""

    def route(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", "text/plain")
        handler.send_header("Connection", "close")
        handler.end_headers()
        handler.wfile.write(b"endless stream ")
        while True:
            handler.wfile.write(block)
            handler.wfile.flush()
            if pause_s:
                time.sleep(pause_s)

    return route
