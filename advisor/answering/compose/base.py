"""What every composer returns, and the small text helpers they share."""

from __future__ import annotations

import re
from dataclasses import dataclass

from advisor.answering.types import Evidence, Section, SectionItem

CELL_CHARS = 110  # a table cell longer than this stops being readable in a chat bubble


@dataclass(frozen=True)
class Composed:
    """A composed answer: Markdown text whose every claim carries [n], and the same content
    as sections for clients that render their own layout."""

    text: str
    sections: tuple[Section, ...]

    @property
    def cited(self) -> list[int]:
        return sorted({n for s in self.sections for item in s.items for n in item.cited})


_META = re.compile(
    r"^(this|the) (article|guide|section|page)\b|^artikel ini\b|^in this (article|guide)\b|"
    r"\b(suppose|hypothetical|misalkan|hipotetis)\b|"
    r"^(this|that) is (why|because)\b|^(inilah|itulah) (sebab|alasan|mengapa|kenapa)",
    re.I,
)
MIN_WORDS = 7  # shorter sentences ("AI products break that pattern.") lean on their neighbours


def standalone(evidence: Evidence) -> bool:
    """A sentence that says something on its own: not a signpost, an invented example or a
    fragment that needs the sentence before it."""
    return len(evidence.text.split()) >= MIN_WORDS and not _META.search(clean(evidence.text))


def clean(text: str) -> str:
    """The sentence without Markdown emphasis left over from splitting."""
    return " ".join(text.replace("**", "").replace("*", "").split())


def marks(ns: tuple[int, ...] | list[int]) -> str:
    return "".join(f"[{n}]" for n in dict.fromkeys(ns))


def quoted(evidence: Evidence) -> SectionItem:
    """An evidence sentence verbatim, with its citation."""
    return SectionItem(f'"{clean(evidence.text)}" [{evidence.n}]', (evidence.n,))


def trim(text: str, limit: int = CELL_CHARS) -> str:
    """Cut at a word boundary, marked with an ellipsis, so a cell stays one line."""
    text = " ".join(text.split()).rstrip(" .;,:")
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0].rstrip(" ,;:") + " …"


def documents(evidence: list[Evidence]) -> int:
    return len({e.passage.source for e in evidence})
