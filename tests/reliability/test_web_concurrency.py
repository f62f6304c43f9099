"""One slow download must not hold up everyone: while an ingest waits on a URL that trickles
a byte at a time, the chat answers and a removal goes through (each action has its own
queue). Real server over HTTP, a real trickling HTTP server on loopback."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from gradio_client import Client

from tests.advisor.web.live import fake_container, live_server

pytestmark = pytest.mark.timeout(300)
TRICKLE_LIMIT_S = 60.0  # the slow server gives up after this, so the test is bounded


class Trickle:
    """An HTTP server that sends a text page one byte every 0.2 s until released."""

    def __init__(self) -> None:
        self.requested = threading.Event()
        self.release = threading.Event()
        trickle = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                trickle.requested.set()
                self.send_response(200)
                self.send_header("Content-Type", "text/plain; charset=utf-8")
                self.end_headers()
                deadline = time.monotonic() + TRICKLE_LIMIT_S
                while not trickle.release.wait(0.2) and time.monotonic() < deadline:
                    self.wfile.write(b"a")
                    self.wfile.flush()
                self.wfile.write(b" Slowco charges $5 per seat.\n")

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/slow.txt"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.release.set()
        self.server.shutdown()


@pytest.fixture
def trickle() -> Iterator[Trickle]:
    server = Trickle()
    yield server
    server.close()


def test_chat_and_remove_go_on_while_an_ingest_waits_on_a_slow_url(
    tmp_path: Path, trickle: Trickle
) -> None:
    container = fake_container(tmp_path, index={"limits": {"url_allow": ["127.0.0.1"]}})
    extra = tmp_path / "docs" / "extra.md"
    extra.write_text("# Extra\n\nExtra costs $3 per call.\n", encoding="utf-8")
    assert container.ingest_pipeline.run([str(extra)]).ok
    with live_server(container) as url:
        client = Client(url, verbose=False)
        job = client.submit([], trickle.url, api_name="/ingest")
        assert trickle.requested.wait(60), "the ingest never reached the slow URL"
        started = time.monotonic()
        answer = client.predict("What does Zorbium charge per seat?", 5, 0.2, 64, api_name="/chat")
        assert "$17" in str(answer)
        removed = client.predict([str(extra.resolve())], api_name="/remove")[0]
        assert removed == "Removed 1 document(s)."
        assert not job.done(), "the ingest should still be waiting on the slow URL"
        assert time.monotonic() - started < TRICKLE_LIMIT_S
        trickle.release.set()
        report = job.result(timeout=120)[0]
        assert "Added 1" in report, report
