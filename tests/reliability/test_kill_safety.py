"""SIGKILL `advisor ingest` and `advisor remove` at random points over 200 documents: after
a re-run the index (sources, chunk ids, chunk count, Chroma contents, records) equals what
clean runs leave, with no document lost, duplicated or half-removed."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from langchain_core.embeddings import Embeddings

from advisor.container import Container
from tests.conftest import make_container

ADVISOR = str(Path(sys.executable).with_name("advisor"))
DOCUMENTS = 200
START_TIMEOUT_S = 180  # the CLI's imports and model load on two busy cores
INGEST_KILL_WINDOW_S = 4.0  # a 200-document ingest writes for longer than this
REMOVE_KILL_WINDOW_S = 0.6  # removing 100 tiny documents takes about a second


def _write_documents(folder: Path) -> list[Path]:
    folder.mkdir()
    paths = []
    for i in range(DOCUMENTS):
        path = folder / f"product-{i:03d}.md"
        path.write_text(
            f"# Product {i}\n\nPlan P{i} costs ${i + 5} per seat each month; "
            f"its usage overage is {i % 7 + 1} cents per call.\n",
            encoding="utf-8",
        )
        paths.append(path)
    return paths


def _state(container: Container) -> dict[str, Any]:
    """Everything a clean run determines (write times left out)."""
    store = container.store
    chunks = store.all_chunks()
    return {
        "sources": [(s.source, s.title, s.chunks, s.language) for s in store.sources()],
        "indexed": store.indexed_sources(),
        "chunk_ids": sorted(c.id for c in chunks),
        "records": sorted(store.records.list_keys()),
        "count": store.count(),
        "chroma": sorted(
            (
                c.id,
                c.source,
                c.text,
                sorted((k, v) for k, v in c.metadata.items() if k != "ingested_at"),
            )
            for c in chunks
        ),
        "pending": store.records.pending(),
    }


def _records_progress(records: Path) -> tuple[int, int]:
    """(generation, pending rows) as another process wrote them; (0, 0) before it exists."""
    if not records.exists():
        return 0, 0
    conn = sqlite3.connect(f"{records.as_uri()}?mode=ro", uri=True, timeout=5)
    try:
        gen = conn.execute("SELECT COALESCE(MAX(value), 0) FROM generation").fetchone()[0]
        pending = conn.execute("SELECT COUNT(*) FROM pending").fetchone()[0]
        return int(gen), int(pending)
    except sqlite3.OperationalError:  # tables not created yet
        return 0, 0
    finally:
        conn.close()


def _kill_mid_run(data: Path, args: list[str], window_s: float, rng: random.Random) -> None:
    """Start the CLI, wait until it has begun changing the index, SIGKILL it at a random
    moment in the next `window_s` seconds."""
    records = data / "records.sqlite"
    before = _records_progress(records)
    env = {**os.environ, "ADVISOR_DATA_DIR": str(data)}
    process = subprocess.Popen(
        [ADVISOR, *args], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        deadline = time.monotonic() + START_TIMEOUT_S
        while _records_progress(records) == before and process.poll() is None:
            assert time.monotonic() < deadline, f"advisor {args[0]} never started writing"
            time.sleep(0.02)
        time.sleep(rng.uniform(0, window_s))
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)


@pytest.mark.slow
def test_sigkill_during_ingest_and_remove_converges(tmp_path: Path, embeddings: Embeddings) -> None:
    seed = int.from_bytes(os.urandom(4), "big")
    rng = random.Random(seed)
    paths = _write_documents(tmp_path / "docs")
    folder = str(tmp_path / "docs")
    targets = [str(p) for p in paths[::2]]

    clean = make_container(tmp_path / "clean", embeddings)
    assert clean.ingest_pipeline.run([folder]).ok
    ingested = _state(clean)
    assert len(ingested["sources"]) == DOCUMENTS and ingested["count"] == DOCUMENTS
    removed_ok, failed = clean.ingest_pipeline.remove(targets)
    assert len(removed_ok) == len(targets) and not failed
    removed = _state(clean)

    data = tmp_path / "killed"
    killed = make_container(data, embeddings)
    for _ in range(4):
        _kill_mid_run(data, ["ingest", folder], INGEST_KILL_WINDOW_S, rng)
    assert _state(killed) != ingested, "no kill interrupted the ingest: the test proves nothing"
    assert killed.ingest_pipeline.run([folder]).ok
    assert _state(killed) == ingested, f"ingest did not converge (seed {seed})"

    # The reported defect: a killed remove, then re-ingest said "unchanged" and left the
    # document out. Re-ingest must restore every half-removed document.
    for _ in range(3):
        _kill_mid_run(data, ["remove", *targets], REMOVE_KILL_WINDOW_S, rng)
    assert killed.ingest_pipeline.run([folder]).ok
    assert _state(killed) == ingested, f"re-ingest did not restore (seed {seed})"

    for _ in range(3):
        _kill_mid_run(data, ["remove", *targets], REMOVE_KILL_WINDOW_S, rng)
    killed.ingest_pipeline.remove(targets)  # sources gone already are reported, not an error
    assert _state(killed) == removed, f"remove did not converge (seed {seed})"
