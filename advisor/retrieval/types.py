"""What retrieval hands on: passages with their scores and a filter over them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ingest.documents import Chunk


@dataclass(frozen=True)
class RetrievalFilter:
    """Restrict retrieval to a source (suffix match), a language or a tag."""

    source: str | None = None
    language: str | None = None
    tag: str | None = None

    def chroma_where(self) -> dict[str, Any] | None:
        return {"language": self.language} if self.language else None

    def matches(self, chunk: Chunk) -> bool:
        if self.source and not chunk.source.endswith(self.source):
            return False
        if self.language and chunk.language != self.language:
            return False
        if self.tag:
            tags = [t.strip().lower() for t in str(chunk.metadata.get("tags", "")).split(",")]
            if self.tag.lower() not in tags:
                return False
        return True

    @property
    def empty(self) -> bool:
        return not (self.source or self.language or self.tag)


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
