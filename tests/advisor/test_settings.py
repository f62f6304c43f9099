from __future__ import annotations

from pathlib import Path

import pytest

from advisor.settings import Settings


def test_defaults_toml_and_environment_layer(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert Settings().retrieval.top_k == 5
    (tmp_path / "advisor.toml").write_text(
        "[retrieval]\ntop_k = 7\n[llm]\nmax_new_tokens = 64\n[index]\nchunk_size = 500\n",
        encoding="utf-8",
    )
    settings = Settings()
    assert (settings.retrieval.top_k, settings.llm.max_new_tokens) == (7, 64)
    assert settings.index.chunk_size == 500
    monkeypatch.setenv("ADVISOR_RETRIEVAL__TOP_K", "3")
    monkeypatch.setenv("ADVISOR_DATA_DIR", str(tmp_path / "elsewhere"))
    settings = Settings()
    assert settings.retrieval.top_k == 3, "environment must override the file"
    assert settings.data_dir == tmp_path / "elsewhere"
    assert settings.llm.max_new_tokens == 64


def test_every_field_is_described() -> None:
    def walk(model: type) -> list[str]:
        missing = []
        for name, field in model.model_fields.items():  # type: ignore[attr-defined]
            annotation = field.annotation
            if isinstance(annotation, type) and hasattr(annotation, "model_fields"):
                missing += walk(annotation)
            elif not field.description:
                missing.append(f"{model.__name__}.{name}")
        return missing

    assert walk(Settings) == []


def test_invalid_value_is_rejected(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ADVISOR_RETRIEVAL__TOP_K", "0")
    with pytest.raises(ValueError, match="top_k"):
        Settings()
