"""Document -> chunks that keep their heading path (Markdown) or page number (PDF)."""

from __future__ import annotations

from langchain_text_splitters import MarkdownHeaderTextSplitter, RecursiveCharacterTextSplitter

from ingest.documents import Chunk, Document

_HEADERS = [("#", "h1"), ("##", "h2"), ("###", "h3"), ("####", "h4")]
_HIDDEN_SECTIONS = {"sources", "sumber", "references", "referensi"}


class Chunker:
    """Splits at headings first, then by size, so no chunk straddles two sections."""

    def __init__(self, chunk_size: int = 700, chunk_overlap: int = 100) -> None:
        self._headings = MarkdownHeaderTextSplitter(_HEADERS, strip_headers=True)
        self._sizer = RecursiveCharacterTextSplitter(
            chunk_size=chunk_size,
            chunk_overlap=min(chunk_overlap, chunk_size // 2),
            separators=["\n\n", "\n", ". ", "; ", ", ", " ", ""],
        )

    def split(self, document: Document) -> list[Chunk]:
        sections = self._page_sections(document) if document.pages else self._md_sections(document)
        chunks: list[Chunk] = []
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
                        metadata=dict(document.metadata),
                    )
                )
        return chunks

    @staticmethod
    def _page_sections(document: Document) -> list[tuple[str, str]]:
        return [(f"page {n}", text) for n, text in enumerate(document.pages, 1) if text.strip()]

    def _md_sections(self, document: Document) -> list[tuple[str, str]]:
        sections: list[tuple[str, str]] = []
        for part in self._headings.split_text(document.text):
            path = [str(part.metadata[key]) for _, key in _HEADERS if key in part.metadata]
            if path and path[0] == document.title:
                path = path[1:]  # the title says it already
            if path and path[-1].strip().lower() in _HIDDEN_SECTIONS:
                continue  # reference lists answer no question and pollute keyword search
            sections.append((" > ".join(path), part.page_content))
        return sections
