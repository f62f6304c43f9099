"""The real `advisor` console script, as a user runs it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ADVISOR = str(Path(sys.executable).with_name("advisor"))


def run(data: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "ADVISOR_DATA_DIR": str(data)}
    return subprocess.run(
        [ADVISOR, *args], capture_output=True, text=True, env=env, timeout=600, check=False
    )


def test_ingest_sources_remove_json(
    tmp_path: Path, good_folder: Path, bad_files: dict[str, Path]
) -> None:
    data = tmp_path / "data"
    result = run(data, "ingest", str(good_folder), str(bad_files["corrupt_pdf"]), "--json")
    assert result.returncode == 1, result.stderr
    report = json.loads(result.stdout)
    assert set(report) == {"added", "updated", "unchanged", "removed", "failed", "chunks_total"}
    assert report["added"] == 5
    assert report["failed"][0]["source"].endswith("broken.pdf")
    assert "ingest" in result.stderr, "no progress bar on stderr"

    listed = json.loads(run(data, "sources", "--json").stdout)
    assert {Path(s["source"]).name for s in listed} == {
        "pricing.md",
        "notes.txt",
        "page.html",
        "report.pdf",
        "memo.docx",
    }
    assert all(set(s) == {"source", "title", "chunks", "language", "ingested_at"} for s in listed)
    assert sum(s["chunks"] for s in listed) == report["chunks_total"]

    again = run(data, "ingest", str(good_folder), "--json")
    assert again.returncode == 0
    assert json.loads(again.stdout)["unchanged"] == 5

    removed = run(data, "remove", str(good_folder / "notes.txt"), "--json")
    assert removed.returncode == 0
    assert len(json.loads(run(data, "sources", "--json").stdout)) == 4


def test_usage_error_exits_2(tmp_path: Path) -> None:
    assert run(tmp_path, "ingest").returncode == 2
    assert run(tmp_path, "no-such-command").returncode == 2


@pytest.mark.slow  # `ask` loads the real LLM
def test_ask_json_and_streamed(tmp_path: Path, good_folder: Path) -> None:
    data = tmp_path / "data"
    assert run(data, "ingest", str(good_folder)).returncode == 0
    result = run(data, "ask", "What does Zorbium charge per seat?", "--json")
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout)
    assert set(answer) >= {"answer", "abstained", "citations", "passages", "timings"}
    assert set(answer["timings"]) == {"retrieve_ms", "first_token_ms", "total_ms"}
    assert "$17" in answer["answer"] and not answer["abstained"]
    assert answer["citations"][0]["source"].endswith("pricing.md")
    assert set(answer["citations"][0]) == {"n", "source", "title", "location", "quote"}
    assert all(
        set(p) == {"source", "title", "location", "text", "score"} for p in answer["passages"]
    )

    streamed = run(data, "ask", "What does Zorbium charge per seat?", "--source", "pricing.md")
    assert "$17" in streamed.stdout and "Sources:" in streamed.stdout
    assert "pricing.md" in streamed.stdout.split("Sources:")[1]
