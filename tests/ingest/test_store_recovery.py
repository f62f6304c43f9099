"""The states a SIGKILL leaves between Chroma and the records, made exactly, and the next
run repairing each: the random kills of tests/reliability/test_kill_safety.py, pinned."""

from __future__ import annotations

from pathlib import Path

import chromadb
from chromadb.config import Settings as ChromaSettings
from langchain_core.embeddings import Embeddings

from advisor.container import Container
from ingest.index import CHROMA_DIR
from tests.conftest import make_container


def _raw_collection(container: Container) -> chromadb.Collection:
    """Chroma as another (killed) process wrote it, bypassing the store."""
    client = chromadb.PersistentClient(
        path=str(container.settings.data_dir / CHROMA_DIR),
        settings=ChromaSettings(anonymized_telemetry=False),
    )
    return client.get_collection(container.settings.index.collection)


def _setup(tmp_path: Path, embeddings: Embeddings) -> tuple[Container, Path, Path]:
    container = make_container(tmp_path / "data", embeddings)
    keep, doc = tmp_path / "keep.md", tmp_path / "zx.md"
    keep.write_text("# Keep\n\nThe Keep plan costs $5 per seat.\n", encoding="utf-8")
    doc.write_text("# Zx-900\n\nThe Zx-900 planner costs $77 per seat.\n", encoding="utf-8")
    assert container.ingest_pipeline.run([str(keep), str(doc)]).ok
    return container, keep, doc


def _names(container: Container) -> list[str]:
    return sorted(Path(s.source).name for s in container.store.sources())


def test_remove_killed_after_chroma_delete_is_restored_by_reingest(
    tmp_path: Path, embeddings: Embeddings
) -> None:
    container, keep, doc = _setup(tmp_path, embeddings)
    records = container.store.records
    records.mark_pending(str(doc), "remove")
    _raw_collection(container).delete(ids=records.list_keys(group_ids=[str(doc)]))
    assert _names(container) == ["keep.md"]  # half-removed: gone from Chroma, still recorded
    report = container.ingest_pipeline.run([str(keep), str(doc)])
    assert str(doc) in report.added + report.updated, "re-ingest called it unchanged"
    assert _names(container) == ["keep.md", "zx.md"]
    assert container.store.count() == len(records.list_keys()) == 2
    assert records.pending() == {}


def test_remove_killed_after_chroma_delete_completes_on_rerun(
    tmp_path: Path, embeddings: Embeddings
) -> None:
    container, _, doc = _setup(tmp_path, embeddings)
    records = container.store.records
    records.mark_pending(str(doc), "remove")
    _raw_collection(container).delete(ids=records.list_keys(group_ids=[str(doc)]))
    removed, failed = container.ingest_pipeline.remove([str(doc)])
    assert removed == [str(doc)] and not failed
    assert container.store.indexed_sources() == [str(tmp_path / "keep.md")]
    assert container.store.count() == len(records.list_keys()) == 1


def test_write_killed_before_its_records_leaves_no_orphan(
    tmp_path: Path, embeddings: Embeddings
) -> None:
    container, keep, doc = _setup(tmp_path, embeddings)
    records = container.store.records
    records.mark_pending(str(doc), "write")
    vector = embeddings.embed_query("orphan")
    _raw_collection(container).upsert(
        ids=["orphan-id"],
        embeddings=[vector],
        documents=["Zx-900 > \n\nan old version"],
        metadatas=[{"source": str(doc), "title": "Zx-900"}],
    )
    assert container.store.count() == 3
    report = container.ingest_pipeline.run([str(keep)])  # the killed source is not in it
    assert report.ok and records.pending() == {}
    assert container.store.count() == len(records.list_keys()) == 2
    assert "orphan-id" not in {c.id for c in container.store.all_chunks()}
