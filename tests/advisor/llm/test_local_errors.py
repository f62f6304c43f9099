"""A model that cannot be loaded is one `ModelLoadError` naming it, not a transformers trace."""

from __future__ import annotations

from pathlib import Path

import pytest

from advisor.errors import ModelLoadError
from advisor.llm.local import TransformersChatModel


@pytest.mark.parametrize("kind", ["missing folder", "folder without a model"])
def test_unloadable_model_is_one_line(tmp_path: Path, kind: str) -> None:
    folder = tmp_path / "model"
    if kind == "folder without a model":
        folder.mkdir()
        (folder / "config.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(ModelLoadError, match=r"llm\.model") as caught:
        TransformersChatModel(str(folder), tmp_path / "cache", warmup=False)
    message = str(caught.value)
    assert str(folder) in message and "\n" not in message
