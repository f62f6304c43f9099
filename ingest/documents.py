"""The plain types that flow through ingestion: file -> Document -> Chunk -> IngestReport."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from typing import Any

MetadataValue = str | int | float | bool

_UNPRINTABLE = {"Cc", "Cf", "Zl", "Zp"}  # controls, bidi overrides, line breaks


def printable(text: str) -> str:
    """`text` with control characters escaped, so a file name cannot forge or hide output."""
    if all(unicodedata.category(ch) not in _UNPRINTABLE for ch in text):
        return text
    return "".join(
        ch.encode("unicode_escape").decode("ascii")
        if unicodedata.category(ch) in _UNPRINTABLE
        else ch
        for ch in text
    )


class LoadError(Exception):
    """A document that cannot be read; the message is one line naming the reason."""

    def __init__(self, source: str, reason: str) -> None:
        super().__init__(f"{printable(source)}: {printable(reason)}")
        self.source = source
        self.reason = reason


@dataclass(frozen=True)
class Document:
    """One loaded source. `pages` is set for paged formats (PDF), else `text` carries Markdown."""

    source: str
    title: str
    text: str
    format: str
    language: str = "unknown"
    pages: tuple[str, ...] = ()
    metadata: dict[str, MetadataValue] = field(default_factory=dict)


@dataclass(frozen=True)
class Chunk:
    """A searchable piece of a document, with where in the document it came from."""

    source: str
    title: str
    location: str
    text: str
    index: int
    language: str
    metadata: dict[str, MetadataValue] = field(default_factory=dict)
    id: str = ""


@dataclass(frozen=True)
class Failure:
    source: str
    error: str

    def to_dict(self) -> dict[str, str]:
        return {"source": self.source, "error": self.error}

    def __str__(self) -> str:
        """One printable line: the source and the reason, control characters escaped."""
        return f"{printable(self.source)}: {printable(self.error)}"


@dataclass
class IngestReport:
    """What one ingest run did, per document."""

    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    failed: list[Failure] = field(default_factory=list)
    chunks_total: int = 0

    @property
    def ok(self) -> bool:
        return not self.failed

    def to_dict(self) -> dict[str, Any]:
        return {
            "added": len(self.added),
            "updated": len(self.updated),
            "unchanged": len(self.unchanged),
            "removed": len(self.removed),
            "failed": [f.to_dict() for f in self.failed],
            "chunks_total": self.chunks_total,
        }


@dataclass(frozen=True)
class SourceInfo:
    """One indexed document as `advisor sources` lists it."""

    source: str
    title: str
    chunks: int
    language: str
    ingested_at: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "title": self.title,
            "chunks": self.chunks,
            "language": self.language,
            "ingested_at": self.ingested_at,
        }
