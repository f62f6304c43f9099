"""http(s) documents, served by a real HTTP server on 127.0.0.1."""

from __future__ import annotations

import functools
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from ingest.documents import LoadError
from ingest.loaders import load
from ingest.settings import IngestLimits

LOCAL = IngestLimits(url_allow=["127.0.0.1"])  # these tests' server is on loopback


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def site(good_folder: Path) -> Iterator[str]:
    handler = functools.partial(_Quiet, directory=str(good_folder))
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


def test_html_and_pdf_urls(site: str) -> None:
    page = load(f"{site}/page.html", LOCAL)
    assert page.source == f"{site}/page.html" and "$1.25" in page.text
    pdf = load(f"{site}/report.pdf", LOCAL)
    assert pdf.pages and "$9" in pdf.pages[1]


def test_missing_page_is_a_one_line_error(site: str) -> None:
    with pytest.raises(LoadError, match="HTTP 404"):
        load(f"{site}/nope.html", LOCAL)
