"""The same ingestion against a real `chroma run` server on 127.0.0.1."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from langchain_core.embeddings import Embeddings

from tests.conftest import make_container


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def chroma_url(tmp_path: Path) -> Iterator[str]:
    port = _free_port()
    chroma = Path(sys.executable).with_name("chroma")
    process = subprocess.Popen(
        [
            str(chroma),
            "run",
            "--path",
            str(tmp_path / "server"),
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{url}/api/v2/heartbeat", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline or process.poll() is not None:
                pytest.fail("chroma server did not start")
            time.sleep(0.3)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=30)


def test_ingest_and_search_through_a_chroma_server(
    chroma_url: str, tmp_path: Path, embeddings: Embeddings, good_folder: Path
) -> None:
    container = make_container(tmp_path / "data", embeddings)
    container.settings.index.chroma_url = chroma_url
    report = container.ingest_pipeline.run([str(good_folder)])
    assert report.ok and len(report.added) == 5
    assert not (tmp_path / "data" / "chroma").exists(), "wrote to the embedded store instead"
    again = container.ingest_pipeline.run([str(good_folder)])
    assert len(again.unchanged) == 5
    hits = container.store.dense_search(embeddings.embed_query("Zorbium seat price"), 1)
    assert "Zorbium" in hits[0][0].text
