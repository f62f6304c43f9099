"""The CLI's side of the API: `--version`, `--api-key` as the `web.api_key` setting, and the
warning for a public bind with neither a login nor a key."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from advisor.cli import _overrides, build_parser, main
from tests.reliability.test_cli_errors import _closed_port, run


def test_version_prints_the_package_version(capsys: pytest.CaptureFixture[str]) -> None:
    from importlib.metadata import version

    with pytest.raises(SystemExit) as done:
        main(["--version"])
    assert done.value.code == 0
    assert capsys.readouterr().out.strip() == f"advisor {version('advisor')}"


def test_api_key_option_is_the_setting() -> None:
    args = build_parser().parse_args(["serve", "--api-key", "k-1"])
    assert _overrides(args) == {"web.api_key": "k-1"}


@pytest.mark.skipif(sys.platform == "win32", reason="console script path")
def test_public_bind_warns_unless_a_login_or_key_is_set(tmp_path: Path) -> None:
    chroma = f"http://127.0.0.1:{_closed_port()}"  # unreachable: stops serve before binding
    serve = ("serve", "--host", "0.0.0.0", "--port", str(_closed_port()))
    open_host = run(tmp_path, *serve, ADVISOR_INDEX__CHROMA_URL=chroma)
    assert "without a login or API key" in open_host.stderr and "/v1" in open_host.stderr
    with_key = run(tmp_path, *serve, "--api-key", "k-1", ADVISOR_INDEX__CHROMA_URL=chroma)
    assert with_key.returncode == 1 and "warning:" not in with_key.stderr
