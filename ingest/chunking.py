"""Document -> chunks that keep their heading path (Markdown) or page number (PDF).

Splitting is linear in the text's length: langchain's Markdown splitter glues paragraphs of a
section together by repeated string concatenation (quadratic: a 200 MB file never finished),
and its last-resort split makes one Python string per character. Both are replaced here by
linear equivalents that give the same chunks.
"""

from __future__ import annotations

from typing import Any

from langchain_text_splitters import MarkdownHeaderTextSplitter, RecursiveCharacterTextSplitter

from ingest.catalogue import CATALOGUE_KEY, is_catalogue
from ingest.documents import Chunk, Document, MetadataValue

_HEADERS = [("#", "h1"), ("##", "h2"), ("###", "h3"), ("####", "h4")]
_HIDDEN_SECTIONS = {"sources", "sumber", "references", "referensi"}
_SEPARATORS = ["\n\n", "\n", ". ", "; ", ", ", " ", ""]
_PARAGRAPH_JOIN = "  \n"  # how langchain joins the paragraphs of one section; kept for same chunks


class _LinearSizer(RecursiveCharacterTextSplitter):
    """RecursiveCharacterTextSplitter whose last resort cuts a run with no separator by
    slicing, instead of splitting it into one string per character and merging them back."""

    def _split_text(self, text: str, separators: list[str]) -> list[str]:
        if separators and separators[-1] == "" and not any(s and s in text for s in separators):
            step = max(self._chunk_size - self._chunk_overlap, 1)
            starts = range(0, max(len(text) - self._chunk_overlap, 1), step)
            pieces = (text[i : i + self._chunk_size] for i in starts)
            cut = [p.strip() if self._strip_whitespace else p for p in pieces]
            return [p for p in cut if p]
        return super()._split_text(text, separators)


class Chunker:
    """Splits at headings first, then by size, so no chunk straddles two sections."""

    def __init__(self, chunk_size: int = 700, chunk_overlap: int = 100) -> None:
        # return_each_line: langchain hands back paragraphs; _sections joins them linearly.
        self._headings = MarkdownHeaderTextSplitter(
            _HEADERS, strip_headers=True, return_each_line=True
        )
        self._sizer = _LinearSizer(
            chunk_size=chunk_size,
            chunk_overlap=min(chunk_overlap, chunk_size // 2),
            separators=_SEPARATORS,
        )

    def split(self, document: Document) -> list[Chunk]:
        sections = self._page_sections(document) if document.pages else self._md_sections(document)
        chunks: list[Chunk] = []
        listing = is_catalogue(document.text)  # a whole index of files: every chunk of it
        for location, body in sections:
            for piece in self._sizer.split_text(body):
                if not piece.strip():
                    continue
                chunks.append(
                    Chunk(
                        source=document.source,
                        title=document.title,
                        location=location,
                        text=piece.strip(),
                        index=len(chunks),
                        language=document.language,
                        metadata=_marked(document.metadata, listing or is_catalogue(piece)),
                    )
                )
        return chunks

    @staticmethod
    def _page_sections(document: Document) -> list[tuple[str, str]]:
        return [(f"page {n}", text) for n, text in enumerate(document.pages, 1) if text.strip()]

    def _md_sections(self, document: Document) -> list[tuple[str, str]]:
        sections: list[tuple[str, str]] = []
        for metadata, body in self._sections(document.text):
            path = [str(metadata[key]) for _, key in _HEADERS if key in metadata]
            if path and path[0] == document.title:
                path = path[1:]  # the title says it already
            if path and path[-1].strip().lower() in _HIDDEN_SECTIONS:
                continue  # reference lists answer no question and pollute keyword search
            sections.append((" > ".join(path), body))
        return sections

    def _sections(self, text: str) -> list[tuple[dict[str, Any], str]]:
        """Consecutive paragraphs under the same headings, joined once (linear time)."""
        grouped: list[tuple[dict[str, Any], list[str]]] = []
        for part in self._headings.split_text(text):
            if grouped and grouped[-1][0] == part.metadata:
                grouped[-1][1].append(part.page_content)
            else:
                grouped.append((part.metadata, [part.page_content]))
        return [(metadata, _PARAGRAPH_JOIN.join(parts)) for metadata, parts in grouped]


def _marked(metadata: dict[str, MetadataValue], listing: bool) -> dict[str, MetadataValue]:
    """The document's metadata, plus the catalogue flag where the chunk lists other files."""
    return {**metadata, CATALOGUE_KEY: True} if listing else dict(metadata)
