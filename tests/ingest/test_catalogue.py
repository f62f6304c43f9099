"""An index of documents (rows naming other files) is marked at ingest, from its shape."""

from __future__ import annotations

from ingest.catalogue import CATALOGUE_KEY, is_catalogue
from ingest.chunking import Chunker
from ingest.loaders import parse_markdown

INDEX = """# Documents

These are public documents kept as evaluation data.

| File | Licence | Characters | Topic |
| --- | --- | ---: | --- |
| 01-vendor-pricing.md | MIT | 6,636 | Vendor pricing: $0.011 per 1,000 units |
| 02-prompt-caching.md | CC-BY-4.0 | 4,533 | Prompt caching discounts |
| 03-billing-guide.pdf | Apache-2.0 | 12,601 | Billing variables and discounts |
| 04-capacity.html | CC-BY-SA-4.0 | 9,783 | Provisioned capacity break-even |
"""

PROSE = """# Pricing

The Pro plan costs $20 per user per month. See pricing.md for the full table.
Teams pay $30 per seat, billed yearly.
"""


def test_rows_naming_files_make_an_index() -> None:
    rows = "\n".join(f"File: {n:02}-doc.md; Licence: MIT; Characters: 4,000." for n in range(4))
    assert is_catalogue(rows)


def test_prose_that_points_at_one_file_is_not_an_index() -> None:
    assert not is_catalogue(PROSE)
    assert not is_catalogue("Download https://example.com/a.md and https://example.com/b.md\nc")


def test_every_chunk_of_an_index_document_is_marked_and_no_chunk_of_prose() -> None:
    chunker = Chunker(chunk_size=200, chunk_overlap=0)
    listed = chunker.split(parse_markdown("/kb/README.md", INDEX))
    assert len(listed) > 1
    assert all(c.metadata.get(CATALOGUE_KEY) is True for c in listed)
    prose = chunker.split(parse_markdown("/kb/pricing.md", PROSE))
    assert prose and not any(CATALOGUE_KEY in c.metadata for c in prose)
