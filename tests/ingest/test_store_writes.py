"""Writes through LangChain's index() into langchain-chroma, with a hash fake embedder.

A document longer than one indexing batch is not embedded again: "incremental" cleanup runs
after each batch and deleted the later batches' chunks, so the store cleans up once, at the
end. And a write holds the store's lock only for Chroma calls, never while it embeds.
"""

from __future__ import annotations

import hashlib
import threading
from pathlib import Path

import pytest
from langchain_core.embeddings import Embeddings

from ingest.documents import Chunk
from ingest.index import open_index
from ingest.settings import IndexSettings

CHUNKS = 300  # more than the store's batch of 256 chunks per index() call
SOURCE = "/kb/long.md"


class HashEmbeddings(Embeddings):
    """Deterministic 8-dimensional vectors from a text's hash, counting what it embeds."""

    def __init__(self) -> None:
        self.embedded = 0

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        self.embedded += len(texts)
        return [self.embed_query(t) for t in texts]

    def embed_query(self, text: str) -> list[float]:
        digest = hashlib.sha256(text.encode()).digest()
        return [b / 255 + 0.01 for b in digest[:8]]


def _chunks(texts: list[str], source: str = SOURCE) -> list[Chunk]:
    return [Chunk(source, "Long", f"part {i}", t, i, "en") for i, t in enumerate(texts)]


def test_second_run_of_a_long_document_embeds_nothing(tmp_path: Path) -> None:
    embeddings = HashEmbeddings()
    store = open_index(IndexSettings(), tmp_path / "data", embeddings)
    texts = [f"Seat price note number {i}." for i in range(CHUNKS)]
    assert store.write(SOURCE, _chunks(texts), "v1") == "added"
    assert embeddings.embedded == CHUNKS

    assert store.write(SOURCE, _chunks(texts), "v1") == "unchanged"
    assert embeddings.embedded == CHUNKS, "unchanged chunks were embedded again"
    assert store.count() == len(store.chunk_ids()) == CHUNKS


def test_changed_long_document_embeds_only_its_new_chunks(tmp_path: Path) -> None:
    embeddings = HashEmbeddings()
    store = open_index(IndexSettings(), tmp_path / "data", embeddings)
    texts = [f"Seat price note number {i}." for i in range(CHUNKS)]
    store.write(SOURCE, _chunks(texts), "v1")

    shorter = [*texts[: CHUNKS - 10], "A new closing note."]
    assert store.write(SOURCE, _chunks(shorter), "v2") == "updated"
    # content_hash is in every chunk's metadata, so a new version re-keys every chunk;
    # what matters here is that the old version is gone and nothing is left twice.
    assert store.count() == len(store.chunk_ids()) == len(shorter)
    assert {c.text for c in store.all_chunks()} == set(shorter)
    assert store.records.pending() == {}


class BlockingEmbeddings(HashEmbeddings):
    """Holds every document embedding until released, as a slow model on a busy CPU would."""

    def __init__(self) -> None:
        super().__init__()
        self.started = threading.Event()
        self.release = threading.Event()
        self.gave_up = False  # set before the write fails, so while it still holds any lock

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        self.started.set()
        self.gave_up = not self.release.wait(WAIT_S)
        assert not self.gave_up, "the test never released the embedding"
        return super().embed_documents(texts)


WAIT_S = 30  # generous on two busy cores; a held lock would block the query forever


def test_queries_do_not_wait_for_a_write_embedding(tmp_path: Path) -> None:
    embeddings = BlockingEmbeddings()
    embeddings.release.set()
    store = open_index(IndexSettings(), tmp_path / "data", embeddings)
    first = "/kb/first.md"
    store.write(first, _chunks(["The first plan costs $5."], first), "v1")
    embeddings.release.clear()
    embeddings.started.clear()

    writer = threading.Thread(
        target=store.write, args=(SOURCE, _chunks(["The second plan costs $9."]), "v1")
    )
    writer.start()
    try:
        assert embeddings.started.wait(WAIT_S)
        assert store.count() == 1  # a held lock would block here until the embedding ends
        assert [c.source for c in store.all_chunks()] == [first]
        assert not embeddings.gave_up, "the queries waited for the write's embedding"
    finally:
        embeddings.release.set()
        writer.join(WAIT_S)
    assert store.count() == 2


def test_whole_index_reads_come_in_pages(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """One `get()` of a 100k-chunk collection fails in SQLite; reads of every chunk page."""
    import ingest.store

    store = open_index(IndexSettings(), tmp_path / "data", HashEmbeddings())
    store.write(SOURCE, _chunks([f"note {i}" for i in range(7)]), "v1")
    store.write("/kb/other.md", _chunks(["other"], "/kb/other.md"), "v1")
    pages: list[int] = []
    collection = store._current()
    get = collection.get

    def counted(**kwargs: object) -> object:
        pages.append(1)
        return get(**kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(ingest.store, "_PAGE", 3)
    monkeypatch.setattr(collection, "get", counted)
    assert sorted(c.text for c in store.all_chunks()) == sorted(
        [*(f"note {i}" for i in range(7)), "other"]
    )
    assert len(pages) == 3  # 3 + 3 + 2 rows
    listed = [(s.source, s.chunks) for s in store.sources()]
    assert listed == [("/kb/long.md", 7), ("/kb/other.md", 1)]
