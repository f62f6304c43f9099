"""The neutral chunk filter and the one tag encoding, table-driven (no model, no Chroma)."""

from __future__ import annotations

import pytest

from ingest.documents import Chunk, MetadataValue
from ingest.index import ChunkFilter
from ingest.loaders import parse_markdown
from ingest.tags import decode_tags, encode_tags, has_tag


def _chunk(source: str = "/kb/a.md", language: str = "en", tags: str | None = None) -> Chunk:
    metadata: dict[str, MetadataValue] = {"tags": tags} if tags is not None else {}
    return Chunk(source, "A", "", "text", 0, language, metadata, "id")


@pytest.mark.parametrize(
    ("value", "encoded"),
    [
        (["pricing", "seats"], "pricing, seats"),
        ("pricing, seats", "pricing, seats"),
        (["  Pricing ", "", "seats"], "Pricing, seats"),
        ("solo", "solo"),
        (2024, "2024"),
        ([], ""),
    ],
)
def test_encode_tags(value: object, encoded: str) -> None:
    assert encode_tags(value) == encoded


@pytest.mark.parametrize(
    ("stored", "decoded"),
    [
        ("pricing, seats", ["pricing", "seats"]),
        ("Pricing,,Seats ", ["pricing", "seats"]),
        ("", []),
        (None, []),
    ],
)
def test_decode_tags(stored: str | None, decoded: list[str]) -> None:
    assert decode_tags(stored) == decoded


def test_loader_encodes_front_matter_tags_the_filter_reads() -> None:
    doc = parse_markdown("/kb/z.md", "---\ntags: [Pricing, seat-based]\n---\n\n# Z\n\nBody.\n")
    assert has_tag(doc.metadata, "pricing") and has_tag(doc.metadata, "SEAT-BASED")
    assert not has_tag(doc.metadata, "seat")


@pytest.mark.parametrize(
    ("chunk_filter", "chunk", "expected"),
    [
        (ChunkFilter(), _chunk(), True),
        (ChunkFilter(source_suffix="a.md"), _chunk(), True),
        (ChunkFilter(source_suffix="b.md"), _chunk(), False),
        (ChunkFilter(language="id"), _chunk(language="id"), True),
        (ChunkFilter(language="id"), _chunk(), False),
        (ChunkFilter(tag="seats"), _chunk(tags="pricing, seats"), True),
        (ChunkFilter(tag="Seats"), _chunk(tags="pricing, seats"), True),
        (ChunkFilter(tag="seat"), _chunk(tags="pricing, seats"), False),
        (ChunkFilter(tag="seats"), _chunk(), False),
        (ChunkFilter(language="en", tag="seats"), _chunk(language="id", tags="seats"), False),
    ],
)
def test_chunk_filter_matches(chunk_filter: ChunkFilter, chunk: Chunk, expected: bool) -> None:
    assert chunk_filter.matches(chunk) is expected


def test_filter_emptiness() -> None:
    assert ChunkFilter().empty
    assert not ChunkFilter(tag="x").empty
