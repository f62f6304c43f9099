"""What retrieval hands on: passages with their scores and a filter over them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ingest.documents import Chunk
from ingest.index import ChunkFilter

# Retrieval filters with the index's neutral filter: source suffix, language, tag.
RetrievalFilter = ChunkFilter


@dataclass(frozen=True)
class Passage:
    """A retrieved chunk. `score` is the fused score; the others explain where it came from."""

    chunk: Chunk
    score: float
    dense: float | None = None
    keyword: float | None = None

    @property
    def source(self) -> str:
        return self.chunk.source

    @property
    def title(self) -> str:
        return self.chunk.title

    @property
    def location(self) -> str:
        return self.chunk.location

    @property
    def text(self) -> str:
        return self.chunk.text

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "title": self.title,
            "location": self.location,
            "text": self.text,
            "score": round(self.score, 4),
        }
