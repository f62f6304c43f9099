"""`make bench` writes its README table after every section: a partial run says what it
measured and marks the rest "not measured"; every figure carries its target and verdict."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from benchmarks.run import END, START, rows, write_readme


def _retrieval(chunks: int, ratio: float, update_s: float) -> dict[str, Any]:
    timing = {"p50_s": 0.004, "p95_s": 0.008}
    return {
        "chunks": chunks,
        "baseline": timing,
        "measured": timing,
        "ratio_p50": ratio,
        "keyword_update": {"baseline_s": 20.0, "measured_s": update_s, "ratio": update_s / 20},
    }


PARTIAL: dict[str, Any] = {
    "date": "2026-11-29 19:12 UTC",
    "machine": "x86_64, 2 cores",
    "retrieval": [_retrieval(1000, 1.2, 0.002), _retrieval(100_000, 2.5, 1.4)],
}


def test_partial_run_marks_what_is_missing() -> None:
    table = {name: (value, target, met) for name, value, _, _, target, met in rows(PARTIAL)}
    assert table["hybrid retrieval, 1,000 chunks"][2] is True
    assert table["hybrid retrieval, 100,000 chunks"][1:] == ("p50 <= 2x", False)
    assert table["keyword update, one document, 100,000 chunks"] == (
        "1.400 s",
        "< 1 s at 100k",
        False,
    )
    assert table["keyword update, one document, 1,000 chunks"][2] is None  # no target below 100k
    for section in ("ingest", "generation", "end_to_end", "cli", "serve", "bench_s"):
        assert table[section] == ("not measured", "", None)


def test_readme_table_replaced_between_markers_only(tmp_path: Path) -> None:
    readme = tmp_path / "README.md"
    readme.write_text(f"intro\n{START}\nold table\n{END}\nclosing note\n", encoding="utf-8")
    write_readme({**PARTIAL, "bench_s": 600.0}, readme)
    text = readme.read_text(encoding="utf-8")
    assert text.startswith("intro\n") and text.endswith(f"{END}\nclosing note\n")
    assert "old table" not in text
    assert "| `make bench` itself | 10.0 min |  |  | < 15 min | met |" in text
    assert "| hybrid retrieval, 100,000 chunks |" in text and "**missed**" in text
