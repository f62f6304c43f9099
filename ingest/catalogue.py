"""Text that lists documents rather than saying something: an index of files.

A folder of documents often carries its own index (a README table naming each file with
its licence, size and topic). Its rows share every topic word with the documents they
describe, so they are retrieved beside them and quoted as if they were the answer. Such
a chunk is marked at ingest, from what it looks like, never from its file name, and
retrieval ranks it after every chunk that speaks for itself.
"""

from __future__ import annotations

import re

CATALOGUE_KEY = "catalogue"
"""Chunk metadata flag: the chunk's lines mostly name other files (an index of documents)."""

# A file name standing alone (not inside a URL or path): "01-pricing.md", "report.pdf".
_FILE_NAME = re.compile(
    r"(?<![/\w.-])[\w][\w.-]*\.(?:md|mdx|markdown|txt|text|rst|pdf|html?|docx?|csv|json|"
    r"ipynb|xlsx?|pptx?)(?![\w/-])",
    re.I,
)
MIN_ROWS = 3
"""An index names several files; one or two file names are a text pointing at its sources."""
MIN_SHARE = 0.5
"""At least half the chunk's lines are rows naming a file: the chunk is the list itself."""


def catalogue_rows(text: str) -> tuple[int, int]:
    """(lines naming a distinct file, non-empty lines) of `text`."""
    lines = [line for line in text.splitlines() if line.strip()]
    named: set[str] = set()
    rows = 0
    for line in lines:
        files = {m.group(0).lower() for m in _FILE_NAME.finditer(line)}
        if files - named:
            rows += 1
            named |= files
    return rows, len(lines)


def is_catalogue(text: str) -> bool:
    """Whether `text` is mostly an index of documents: rows each naming another file."""
    rows, lines = catalogue_rows(text)
    return rows >= MIN_ROWS and rows >= MIN_SHARE * lines
