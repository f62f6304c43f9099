"""Errors a user can cause, through the real `advisor` console script: one `error:` line
naming what and where, exit 1, and the traceback only with --debug."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

ADVISOR = str(Path(sys.executable).with_name("advisor"))
QUESTION = "What does Zorbium charge per seat?"
# A lookup that stands on its quote calls no model (answer.model_after_quote is off by default):
# these tests turn the model on so that the backend is really reached.
MODEL_ON = {"ADVISOR_ANSWER__MODEL_AFTER_QUOTE": "true"}
TIMEOUT_S = 300  # loading the embedding model on a busy 2-core machine takes a while


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])  # nothing listens once the socket is closed


def run(cwd: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    """The console script in `cwd` (so no stray advisor.toml or .env is read)."""
    base = {k: v for k, v in os.environ.items() if not k.startswith(("ADVISOR_", "OPENAI_"))}
    return subprocess.run(
        [ADVISOR, *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env={**base, "ADVISOR_DATA_DIR": str(cwd / "data"), **env},
        timeout=TIMEOUT_S,
        check=False,
    )


def error_line(result: subprocess.CompletedProcess[str]) -> str:
    """The one `error:` line; fails on a traceback, a second error or another exit code."""
    assert result.returncode == 1, (result.returncode, result.stderr[-2000:])
    assert "Traceback" not in result.stderr, result.stderr[-2000:]
    errors = [line for line in result.stderr.splitlines() if line.startswith("error: ")]
    assert len(errors) == 1, result.stderr[-2000:]
    return errors[0]


@pytest.fixture(scope="module")
def indexed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A working directory whose data dir holds a document that answers QUESTION, so the
    model is called (an empty index would abstain without it)."""
    cwd = tmp_path_factory.mktemp("indexed")
    doc = cwd / "pricing.md"
    doc.write_text(
        "# Zorbium pricing\n\n## Seats\n\n"
        "Zorbium charges $17 per seat per month for its assistant.\n",
        encoding="utf-8",
    )
    result = run(cwd, "ingest", str(doc))
    assert result.returncode == 0, result.stderr[-2000:]
    return cwd


def test_typo_in_config_file_names_key_and_file(tmp_path: Path) -> None:
    (tmp_path / "advisor.toml").write_text('[llm]\nmodle = "qwen"\n', encoding="utf-8")
    line = error_line(run(tmp_path, "sources"))
    assert "`llm.modle`" in line and str(tmp_path / "advisor.toml") in line
    assert "did you mean `llm.model`" in line


def test_broken_toml_names_the_file(tmp_path: Path) -> None:
    config = tmp_path / "mine.toml"
    config.write_text("[llm\nmodel = 1\n", encoding="utf-8")
    line = error_line(run(tmp_path, "--config", str(config), "sources"))
    assert str(config) in line and "not valid TOML" in line


def test_bad_value_names_setting_and_source(tmp_path: Path) -> None:
    line = error_line(run(tmp_path, "sources", ADVISOR_RETRIEVAL__TOP_K="0"))
    assert "`retrieval.top_k` = '0' from env ADVISOR_RETRIEVAL__TOP_K" in line


def test_debug_shows_the_traceback(tmp_path: Path) -> None:
    (tmp_path / "advisor.toml").write_text("[web]\nprot = 1\n", encoding="utf-8")
    result = run(tmp_path, "sources", "--debug")
    assert result.returncode == 1
    assert "Traceback (most recent call last)" in result.stderr
    assert result.stderr.splitlines()[-1].startswith("error: unknown setting `web.prot`")


def test_unreachable_chroma_server(tmp_path: Path) -> None:
    url = f"http://127.0.0.1:{_closed_port()}"
    line = error_line(run(tmp_path, "sources", ADVISOR_INDEX__CHROMA_URL=url))
    assert url.removeprefix("http://") in line


def test_unreachable_openai_backend(indexed: Path) -> None:
    url = f"http://127.0.0.1:{_closed_port()}/v1"
    result = run(
        indexed,
        "ask",
        QUESTION,
        ADVISOR_LLM__BACKEND="openai",
        ADVISOR_LLM__BASE_URL=url,
        **MODEL_ON,
    )
    line = error_line(result)
    assert url in line and "unreachable" in line


def test_missing_model_path(indexed: Path) -> None:
    missing = str(indexed / "no-such-model")
    line = error_line(run(indexed, "ask", QUESTION, ADVISOR_LLM__MODEL=missing, **MODEL_ON))
    assert missing in line and "llm.model" in line


def test_serve_warns_without_login_on_a_public_host(tmp_path: Path) -> None:
    """The warning comes first; the unreachable index then stops it before anything binds."""
    chroma = f"http://127.0.0.1:{_closed_port()}"
    serve = ("serve", "--host", "0.0.0.0", "--port", str(_closed_port()))
    open_host = run(tmp_path, *serve, ADVISOR_INDEX__CHROMA_URL=chroma)
    assert open_host.returncode == 1
    warnings = [line for line in open_host.stderr.splitlines() if line.startswith("warning:")]
    assert len(warnings) == 1 and "0.0.0.0 without a login" in warnings[0]
    with_login = run(tmp_path, *serve, ADVISOR_INDEX__CHROMA_URL=chroma, ADVISOR_WEB__AUTH="ann:pw")
    assert with_login.returncode == 1 and "warning:" not in with_login.stderr
