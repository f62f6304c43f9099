"""`advisor config`: the effective settings and where each came from, in-process."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from advisor.cli import main


@pytest.fixture(autouse=True)
def clean(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in list(os.environ):
        if name.upper().startswith(("ADVISOR_", "OPENAI_")):
            monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path)


def test_config_json_says_where_each_value_came_from(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    config = tmp_path / "mine.toml"
    config.write_text('[llm]\nbackend = "openai"\nmodel = "qwen"\n', encoding="utf-8")
    (tmp_path / ".env").write_text("OPENAI_API_KEY=sk-dotenv\n", encoding="utf-8")
    monkeypatch.setenv("ADVISOR_ANSWER__STYLE", "model_first")
    assert main(["--config", str(config), "config", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["config_file"] == str(config)
    rows = data["settings"]
    assert rows["llm.model"] == {"value": "qwen", "source": "file", "where": str(config)}
    assert rows["answer.style"]["source"] == "env"
    assert rows["llm.api_key"]["value"] == "***" and rows["llm.api_key"]["source"] == ".env"
    assert rows["retrieval.top_k"] == {"value": 5, "source": "default", "where": ""}
    assert "sk-dotenv" not in json.dumps(data)


def test_config_text_and_options_after_the_command(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = tmp_path / "x.toml"
    config.write_text("[retrieval]\ntop_k = 4\n", encoding="utf-8")
    assert main(["config", "--config", str(config)]) == 0
    out = capsys.readouterr().out
    assert f"retrieval.top_k = 4  # file {config}" in out.splitlines()
    assert "web.port = 7860  # default" in out.splitlines()


def test_config_error_is_one_line_and_debug_adds_the_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "advisor.toml").write_text("[web]\nprot = 1\n", encoding="utf-8")
    assert main(["config"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("error: unknown setting `web.prot`")
    assert main(["--debug", "config"]) == 1
    err = capsys.readouterr().err
    assert "Traceback" in err and err.splitlines()[-1].startswith("error: unknown setting")


def test_error_line_escapes_control_characters(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A key (or file name) with a terminal escape cannot clear the screen or forge a line."""
    (tmp_path / "advisor.toml").write_text('"a\\u001b[2Jb" = 1\n', encoding="utf-8")
    assert main(["config"]) == 1
    err = capsys.readouterr().err
    assert "\x1b" not in err and "a\\x1b[2Jb" in err
