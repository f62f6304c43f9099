"""One index, two processes: a retriever held by this process follows CLI ingests and
removes made by another process, and no query fails while chunks vanish under it."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

from langchain_core.embeddings import Embeddings

from advisor.container import Container
from tests.conftest import make_container

ADVISOR = str(Path(sys.executable).with_name("advisor"))
CLI_TIMEOUT_S = 180  # model load plus one tiny document on two busy cores


def _cli(data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "ADVISOR_DATA_DIR": str(data_dir)}
    done = subprocess.run(
        [ADVISOR, *args], env=env, capture_output=True, text=True, timeout=CLI_TIMEOUT_S
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return done


def _write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def _dense_sources(container: Container, query: str) -> list[str]:
    embedding = container.store.embed_query(query)
    return [Path(c.source).name for c, _ in container.store.dense_search(embedding, 3)]


def test_retriever_follows_cli_ingest_and_remove(tmp_path: Path, embeddings: Embeddings) -> None:
    data, docs = tmp_path / "data", tmp_path / "docs"
    docs.mkdir()
    quorvex = _write(
        docs, "quorvex.md", "# Quorvex\n\nQuorvex analytics costs $41 per seat per month.\n"
    )
    zx = _write(docs, "zx.md", "# Zx-900\n\nThe Zx-900 planner costs $77 per seat.\n")
    container = make_container(data, embeddings)
    assert container.ingest_pipeline.run([str(quorvex)]).ok
    retriever = container.retriever
    assert retriever.retrieve("Quorvex analytics seat price", k=3)  # caches the vectors

    _cli(data, "ingest", str(zx))
    assert _dense_sources(container, "Zx-900 planner price")[0] == "zx.md"
    passages = retriever.retrieve("Zx-900 planner price", k=3)
    zx_hits = [p for p in passages if Path(p.source).name == "zx.md"]
    assert zx_hits and zx_hits[0].dense is not None, "the dense side missed the CLI's ingest"
    assert zx_hits[0].keyword, "the keyword side missed the CLI's ingest"

    errors: list[BaseException] = []
    stop = threading.Event()

    def ask_repeatedly() -> None:
        while not stop.is_set():
            try:
                retriever.retrieve("Quorvex analytics seat price", k=3)
            except BaseException as exc:  # any failure under concurrent removal counts
                errors.append(exc)
                return

    asking = threading.Thread(target=ask_repeatedly)
    asking.start()
    try:
        _cli(data, "remove", str(quorvex))
    finally:
        stop.set()
        asking.join(timeout=60)
    assert not errors, f"a query failed while the CLI removed chunks: {errors[0]!r}"
    after = retriever.retrieve("Quorvex analytics seat price", k=3)
    assert "quorvex.md" not in {Path(p.source).name for p in after}
    assert "quorvex" not in retriever.vocabulary()
    assert [s.source for s in container.store.sources()] == [str(zx)]
