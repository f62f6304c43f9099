"""A real server for web tests: the app `advisor serve` runs, on uvicorn in a thread, over a
container with the fast tier's scripted model and embeddings and a real Chroma index."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import uvicorn

from advisor.container import Container
from advisor.settings import Settings
from advisor.web.server import create_server
from tests.fakes import FakeChatModel, FakeEmbeddings

START_TIMEOUT_S = 60.0
PRICING = "# Zorbium pricing\n\nZorbium charges $17 per seat per month for its assistant.\n"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def fake_container(data_dir: Path, **overrides: object) -> Container:
    """A container on its own data dir (settings sections as keyword arguments) with one
    indexed document about Zorbium."""
    settings = Settings(data_dir=data_dir, **overrides)  # type: ignore[arg-type]
    container = Container(settings, embeddings=FakeEmbeddings(), llm=FakeChatModel())
    doc = data_dir / "docs" / "zorbium-pricing.md"
    doc.parent.mkdir(parents=True, exist_ok=True)
    doc.write_text(PRICING, encoding="utf-8")
    assert container.ingest_pipeline.run([str(doc)]).ok
    return container


@contextmanager
def live_server(container: Container) -> Iterator[str]:
    """Serve the app on a free loopback port; yield its URL; stop it afterwards."""
    config = uvicorn.Config(
        create_server(container), host="127.0.0.1", port=free_port(), log_level="warning"
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + START_TIMEOUT_S
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the web app did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{config.port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
