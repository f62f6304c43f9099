"""Downloads are bounded in bytes and in total time, whatever the server does."""

from __future__ import annotations

import time

import pytest

from ingest.documents import LoadError
from ingest.loaders import load
from ingest.settings import IngestLimits
from tests.reliability.ingest_helpers import run_bounded, serve, stream

ENDLESS_SCRIPT = """
from ingest.loaders import load
from ingest.settings import IngestLimits
from tests.reliability.ingest_helpers import serve, stream
with serve({"/endless": stream(b"x" * 65536, 0)}) as base:
    try:
        load(base + "/endless", IngestLimits(url_allow=["127.0.0.1"]))
    except Exception as exc:
        print(exc)
"""


def test_endless_stream_stops_at_the_default_download_limit() -> None:
    """It took ingest to 4.1 GB; now the default limit ends it, in a bounded child process."""
    run = run_bounded(ENDLESS_SCRIPT, timeout_s=120)
    assert not run.killed, run.killed
    assert run.stdout.count("\n") == 1, run.stdout + run.stderr
    assert "/endless: download passed the size limit, over the 100.0 MB limit" in run.stdout
    assert "(setting index.limits.max_download_bytes)" in run.stdout


def test_trickling_stream_hits_the_total_time_limit() -> None:
    """One byte every 0.2 s never trips a per-read timeout; the total limit ends it."""
    limits = IngestLimits(url_allow=["127.0.0.1"], url_total_timeout_s=2, url_read_timeout_s=1)
    with serve({"/trickle": stream(b"x", 0.2)}) as base:
        start = time.monotonic()
        with pytest.raises(LoadError) as caught:
            load(f"{base}/trickle", limits)
        took = time.monotonic() - start
    assert 1.9 < took < 4, took
    message = str(caught.value)
    assert message == (
        f"{base}/trickle: download took too long, over the 2 s limit "
        "(setting index.limits.url_total_timeout_s)"
    )


def test_silent_server_hits_the_read_timeout() -> None:
    limits = IngestLimits(url_allow=["127.0.0.1"], url_total_timeout_s=30, url_read_timeout_s=1)
    with serve({"/silent": stream(b"", 60)}) as base:
        start = time.monotonic()
        with pytest.raises(LoadError, match=r"stopped sending.*index\.limits\.url_read_timeout_s"):
            load(f"{base}/silent", limits)
    assert time.monotonic() - start < 5


def test_announced_oversize_body_is_refused_before_download() -> None:
    def huge(handler: object) -> None:
        h = handler  # a BaseHTTPRequestHandler
        h.send_response(200)  # type: ignore[attr-defined]
        h.send_header("Content-Type", "text/plain")  # type: ignore[attr-defined]
        h.send_header("Content-Length", str(10**12))  # type: ignore[attr-defined]
        h.end_headers()  # type: ignore[attr-defined]
        h.wfile.write(b"x" * 1000)  # type: ignore[attr-defined]

    with serve({"/huge": huge}) as base:
        limits = IngestLimits(url_allow=["127.0.0.1"], max_download_bytes=1_000_000)
        with pytest.raises(LoadError, match=r"announces 1000\.0 GB, over the 1\.0 MB limit"):
            load(f"{base}/huge", limits)


def test_a_hanging_resolver_counts_against_the_time_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    import socket

    def hang(*args: object, **kwargs: object) -> object:
        time.sleep(3)
        raise socket.gaierror("too late")

    monkeypatch.setattr(socket, "getaddrinfo", hang)
    start = time.monotonic()
    with pytest.raises(LoadError, match=r"resolving slow\.test timed out"):
        load("http://slow.test/page", IngestLimits(url_read_timeout_s=1))
    assert time.monotonic() - start < 2
