"""Huge text: splitting is linear in the length, and what is over the limits is refused from
its size before it is read."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from ingest.documents import LoadError
from ingest.loaders import load
from ingest.settings import IngestLimits
from tests.reliability.ingest_helpers import run_bounded

MB = 1_000_000
# Linear work grows 10x from 5 to 50 MB; the quadratic splitter grew ~100x. The bound leaves
# room for a busy machine and still fails a quadratic regression.
MAX_GROWTH = 25

_SPLIT_SCRIPT = """
import time
from ingest.chunking import Chunker
from ingest.loaders import load
start = time.perf_counter()
chunks = Chunker().split(load({path!r}))
print(len(chunks), time.perf_counter() - start)
"""


def _write_text(path: Path, size: int) -> None:
    """Prose paragraphs with no heading: one section, the old splitter's quadratic case."""
    words = "seat usage outcome tier plan annual discount value metered credit price".split()
    paragraphs = [
        " ".join(words[(n * 7 + k) % len(words)] for k in range(90)) + "." for n in range(300)
    ]
    block = ("\n\n".join(paragraphs) + "\n\n").encode()
    with path.open("wb") as handle:
        for _ in range(size // len(block)):
            handle.write(block)
        handle.write(block[: size % len(block)])


def _split_seconds(path: Path) -> tuple[int, float]:
    run = run_bounded(_SPLIT_SCRIPT.format(path=str(path)), timeout_s=300)
    assert not run.killed, run.killed
    assert run.returncode == 0, run.stderr[-2000:]
    chunks, seconds = run.stdout.split()
    return int(chunks), float(seconds)


def test_50_mb_text_is_split_in_linear_time(tmp_path: Path) -> None:
    small, large = tmp_path / "small.txt", tmp_path / "large.txt"
    _write_text(small, 5 * MB)
    _write_text(large, 50 * MB)
    small_chunks, small_s = _split_seconds(small)
    large_chunks, large_s = _split_seconds(large)
    assert 9 * small_chunks < large_chunks < 11 * small_chunks
    assert large_s < MAX_GROWTH * max(small_s, 0.2), (small_s, large_s)


def test_500_mb_file_is_refused_by_its_size_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:
        handle.truncate(500 * MB)  # sparse: no disk, no time
    start = time.monotonic()
    with pytest.raises(LoadError) as caught:
        load(str(path))
    assert time.monotonic() - start < 1
    assert str(caught.value) == (
        f"{path}: file is 500.0 MB, over the 100.0 MB limit (setting index.limits.max_file_bytes)"
    )


def test_text_length_limit_names_its_setting(tmp_path: Path) -> None:
    path = tmp_path / "notes.md"
    path.write_text("# Notes\n\n" + "Seats cost $5. " * 20, encoding="utf-8")
    with pytest.raises(LoadError) as caught:
        load(str(path), IngestLimits(max_text_chars=100))
    assert str(caught.value).endswith(
        "over the 100-character limit (setting index.limits.max_text_chars)"
    )
    assert "Seats cost" in load(str(path), IngestLimits(max_text_chars=1_000)).text


def test_a_fifo_is_refused_instead_of_blocking(tmp_path: Path) -> None:
    path = tmp_path / "pipe.txt"
    os.mkfifo(path)
    with pytest.raises(LoadError, match="not a regular file"):
        load(str(path))


def test_html_over_its_limit_is_refused_before_parsing(tmp_path: Path) -> None:
    """5 MB of small tags took 0.9 GB and over a minute to parse; the HTML limit stops it."""
    path = tmp_path / "tags.html"
    unit = "<p>price of a seat</p>\n"
    path.write_text(f"<html><body>{unit * (5 * MB // len(unit))}</body></html>", encoding="utf-8")
    start = time.monotonic()
    with pytest.raises(LoadError) as caught:
        load(str(path))
    assert time.monotonic() - start < 2
    assert str(caught.value) == (
        f"{path}: HTML is 5.0 MB, over the 4.0 MB limit (setting index.limits.max_html_bytes)"
    )
