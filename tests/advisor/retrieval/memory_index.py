"""An in-memory `ChunkIndex` for fast keyword tests: real chunks, no model, no Chroma.
It counts what readers fetch, so a test can prove an update read only the new chunks."""

from __future__ import annotations

from collections.abc import Sequence

from ingest.documents import Chunk, SourceInfo
from ingest.index import ChunkFilter


def chunk(chunk_id: str, text: str, title: str = "Doc") -> Chunk:
    return Chunk(f"/kb/{chunk_id}.md", title, "", text, 0, "en", {}, chunk_id)


class MemoryIndex:
    def __init__(self, chunks: Sequence[Chunk] = ()) -> None:
        self._chunks = {c.id: c for c in chunks}
        self._version = 0
        self.fetched = 0  # chunks handed out by all_chunks() and chunks()

    def put(self, *chunks: Chunk) -> None:
        self._chunks.update({c.id: c for c in chunks})
        self._version += 1

    def drop(self, *ids: str) -> None:
        for chunk_id in ids:
            del self._chunks[chunk_id]
        self._version += 1

    def embed_query(self, text: str) -> list[float]:
        raise NotImplementedError("keyword tests embed nothing")

    def dense_search(
        self, query_embedding: Sequence[float], k: int, filters: ChunkFilter | None = None
    ) -> list[tuple[Chunk, float]]:
        return []

    def all_chunks(self) -> list[Chunk]:
        self.fetched += len(self._chunks)
        return list(self._chunks.values())

    def chunk_ids(self) -> set[str]:
        return set(self._chunks)

    def chunks(self, ids: Sequence[str]) -> list[Chunk]:
        found = [self._chunks[i] for i in ids if i in self._chunks]
        self.fetched += len(found)
        return found

    def version(self) -> int:
        return self._version

    def count(self) -> int:
        return len(self._chunks)

    def sources(self) -> list[SourceInfo]:
        return []
