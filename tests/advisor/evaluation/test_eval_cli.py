"""`advisor eval` with inputs it cannot use: one line naming the file, exit 1, and no model
is loaded to find that out."""

from __future__ import annotations

from pathlib import Path

import pytest

from advisor.cli import main


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "no such test set"),
        ('{"id": "a", "question": "Q?", "type": "guess"}\n', "no valid questions"),
    ],
)
def test_unusable_test_set_is_a_one_line_error(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    content: str | None,
    message: str,
) -> None:
    monkeypatch.setenv("ADVISOR_DATA_DIR", str(tmp_path / "data"))
    testset = tmp_path / "set.jsonl"
    if content is not None:
        testset.write_text(content, encoding="utf-8")
    code = main(["eval", "--testset", str(testset), "--out", str(tmp_path / "out")])
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 1
    assert err[-1].startswith(f"error: {testset}: {message}")
    assert not (tmp_path / "data" / "chroma").exists(), "nothing was opened or loaded"
