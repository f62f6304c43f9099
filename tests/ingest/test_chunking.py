from __future__ import annotations

from ingest.chunking import Chunker
from ingest.documents import Document


def test_chunks_keep_heading_path_and_skip_sources_section() -> None:
    text = (
        "# Guide\n\nIntro.\n\n## Costs\n\n### Caching\n\nCache hits cost 0.1x the base price.\n\n"
        "## Sources\n\n- https://example.com\n"
    )
    chunks = Chunker(200, 20).split(Document("g.md", "Guide", text, "md", "en"))
    locations = [c.location for c in chunks]
    assert "Costs > Caching" in locations
    assert not any("Sources" in loc for loc in locations)
    assert all(c.source == "g.md" for c in chunks)


def test_long_sections_split_by_size_with_pages_kept() -> None:
    page = "Sentence about pricing. " * 80
    doc = Document("r.pdf", "R", page + page, "pdf", "en", pages=(page, page))
    chunks = Chunker(300, 50).split(doc)
    assert {c.location for c in chunks} == {"page 1", "page 2"}
    assert all(len(c.text) <= 300 for c in chunks)
    assert [c.index for c in chunks] == list(range(len(chunks)))
