"""An index that cannot be used gives one line naming the file or URL; a read-only data
folder can still be read (sources, ask) and is never written."""

from __future__ import annotations

import json
import os
import socket
import stat
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from langchain_core.embeddings import Embeddings

from ingest.errors import IndexUnavailableError, IngestError
from ingest.index import open_index
from ingest.records import SQLiteRecordManager
from ingest.settings import IndexSettings
from tests.conftest import make_container

ADVISOR = str(Path(sys.executable).with_name("advisor"))
CLI_TIMEOUT_S = 300  # imports (and for `ask` the bundled LLM) on two busy cores
CHROMA_START_TIMEOUT_S = 60


def _one_line_naming(exc: pytest.ExceptionInfo[IndexUnavailableError], what: str) -> None:
    message = str(exc.value)
    assert isinstance(exc.value, IngestError)
    assert "\n" not in message and what in message, message


def test_corrupt_records_database_names_the_file(tmp_path: Path, embeddings: Embeddings) -> None:
    (tmp_path / "records.sqlite").write_bytes(os.urandom(4096))
    with pytest.raises(IndexUnavailableError) as exc:
        open_index(IndexSettings(), tmp_path, embeddings)
    _one_line_naming(exc, str(tmp_path / "records.sqlite"))


def test_corrupt_chroma_folder_names_the_folder(tmp_path: Path, embeddings: Embeddings) -> None:
    (tmp_path / "chroma").mkdir()
    (tmp_path / "chroma" / "chroma.sqlite3").write_bytes(os.urandom(8192))
    with pytest.raises(IndexUnavailableError) as exc:
        open_index(IndexSettings(), tmp_path, embeddings)
    _one_line_naming(exc, str(tmp_path / "chroma"))


def test_unreachable_chroma_server_names_the_setting(
    tmp_path: Path, embeddings: Embeddings
) -> None:
    with socket.socket() as s:  # a port nothing listens on once closed
        s.bind(("127.0.0.1", 0))
        url = f"http://127.0.0.1:{s.getsockname()[1]}"
    with pytest.raises(IndexUnavailableError) as exc:
        open_index(IndexSettings(chroma_url=url), tmp_path, embeddings)
    _one_line_naming(exc, f"index.chroma_url {url}")


def test_read_only_records_refuse_changes_in_one_line(tmp_path: Path) -> None:
    path = tmp_path / "records.sqlite"
    SQLiteRecordManager("ns", path).update(["k1"], group_ids=["a.md"])
    records = SQLiteRecordManager("ns", path, read_only=True)
    assert records.list_keys() == ["k1"] and records.groups() == ["a.md"]
    with pytest.raises(IndexUnavailableError) as exc:
        records.delete_keys(["k1"])
    _one_line_naming(exc, "read-only")
    assert SQLiteRecordManager("ns", path).list_keys() == ["k1"]


@pytest.fixture
def read_only_data(tmp_path: Path, embeddings: Embeddings) -> Iterator[Path]:
    """An indexed data folder nobody may write, as the CLI will see it."""
    data, doc = tmp_path / "data", tmp_path / "zx.md"
    doc.write_text("# Zx-900\n\nThe Zx-900 planner costs $77 per seat.\n", encoding="utf-8")
    assert make_container(data, embeddings).ingest_pipeline.run([str(doc)]).ok
    paths = [data, *data.rglob("*")]
    for path in paths:
        path.chmod(path.stat().st_mode & ~(stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH))
    try:
        yield data
    finally:
        for path in paths:
            path.chmod(path.stat().st_mode | stat.S_IWUSR)


def _cli_without_write_access(data: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Root ignores file modes; without CAP_DAC_OVERRIDE it obeys them like anyone."""
    drop = ["setpriv", "--bounding-set=-dac_override,-dac_read_search"]
    command = [*(drop if os.geteuid() == 0 else []), ADVISOR, *args]
    env = {**os.environ, "ADVISOR_DATA_DIR": str(data)}
    return subprocess.run(command, env=env, capture_output=True, text=True, timeout=CLI_TIMEOUT_S)


def _listing(data: Path) -> dict[str, float]:
    return {str(p): p.stat().st_mtime for p in data.rglob("*")}


def test_sources_work_in_a_read_only_data_folder(read_only_data: Path) -> None:
    before = _listing(read_only_data)
    done = _cli_without_write_access(read_only_data, "sources", "--json")
    assert done.returncode == 0, done.stderr[-1500:]
    assert [Path(s["source"]).name for s in json.loads(done.stdout)] == ["zx.md"]
    assert _listing(read_only_data) == before, "a read-only folder was written"


@pytest.mark.slow
def test_ask_works_in_a_read_only_data_folder(read_only_data: Path) -> None:
    before = _listing(read_only_data)
    done = _cli_without_write_access(
        read_only_data, "ask", "--json", "What does the Zx-900 planner cost per seat?"
    )
    assert done.returncode == 0, done.stderr[-1500:]
    answer = json.loads(done.stdout)
    assert "zx.md" in json.dumps(answer), "the answer did not come from the indexed document"
    assert _listing(read_only_data) == before, "a read-only folder was written"


def _wait_for_chroma(url: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + CHROMA_START_TIMEOUT_S
    while True:
        try:
            if httpx.get(f"{url}/api/v2/heartbeat", timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        if time.monotonic() > deadline or process.poll() is not None:
            pytest.fail("chroma server did not start")
        time.sleep(0.3)


def test_chroma_server_gone_mid_session_is_one_line(tmp_path: Path, embeddings: Embeddings) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    chroma = str(Path(sys.executable).with_name("chroma"))
    process = subprocess.Popen(
        [
            chroma,
            "run",
            "--path",
            str(tmp_path / "server"),
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_for_chroma(url, process)
        store = open_index(IndexSettings(chroma_url=url), tmp_path / "data", embeddings)
        assert store.count() == 0
    finally:
        process.terminate()
        process.wait(timeout=30)
    with pytest.raises(IndexUnavailableError) as exc:
        store.dense_search(embeddings.embed_query("seat price"), 3)
    _one_line_naming(exc, url)


@pytest.mark.parametrize("broken", ["records.sqlite", "chroma/chroma.sqlite3"])
def test_cli_reports_a_corrupt_index_file_in_one_line(tmp_path: Path, broken: str) -> None:
    data = tmp_path / "data"
    (data / "chroma").mkdir(parents=True)
    (data / broken).write_bytes(os.urandom(8192))
    env = {**os.environ, "ADVISOR_DATA_DIR": str(data)}
    done = subprocess.run(
        [ADVISOR, "sources"], env=env, capture_output=True, text=True, timeout=CLI_TIMEOUT_S
    )
    assert done.returncode == 1 and "Traceback" not in done.stderr, done.stderr[-1500:]
    errors = [line for line in done.stderr.splitlines() if line.startswith("error: ")]
    assert len(errors) == 1 and str(data / broken.split("/")[0]) in errors[0], done.stderr
