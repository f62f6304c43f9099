"""`advisor ingest --watch`: an edited, added or removed file reaches the index on the next
poll, in process (a watcher thread) and through the real console script (Ctrl-C stops it)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

from advisor.container import Container
from advisor.settings import Settings
from ingest.watch import FolderWatcher
from tests.fakes import FakeEmbeddings

DEADLINE_S = 20.0  # a poll every 0.05 s; the index write is what takes time
CLI_DEADLINE_S = 240.0  # the console script loads torch and the embedding model first


def texts(container: Container) -> str:
    return " ".join(c.text for c in container.store.all_chunks())


def write(path: Path, text: str) -> None:
    """Write and move the mtime on: two writes within one clock tick must still differ."""
    old = path.stat().st_mtime_ns if path.exists() else 0
    path.write_text(text, encoding="utf-8")
    os.utime(path, ns=(old + 10**9, old + 10**9))


def indexed_folder(tmp_path: Path) -> tuple[Container, Path]:
    container = Container(Settings(data_dir=tmp_path / "data"), embeddings=FakeEmbeddings())
    notes = tmp_path / "notes"
    notes.mkdir()
    write(notes / "a.md", "# Plans\n\nThe team plan costs 10 dollars per seat.\n")
    assert container.ingest_pipeline.run([str(notes)]).ok
    return container, notes


def test_poll_reindexes_edited_added_and_removed_files(tmp_path: Path) -> None:
    container, notes = indexed_folder(tmp_path)
    lines: list[str] = []
    watcher = FolderWatcher(container.ingest_pipeline, [str(notes)], 1.0, lines.append)
    assert watcher.poll() == [] and lines == []
    write(notes / "a.md", "# Plans\n\nThe team plan now costs 12 quokkas per seat.\n")
    write(notes / "b.md", "# Credits\n\nCredits are sold in packs of 500.\n")
    assert {c.kind for c in watcher.poll()} == {"added", "changed"}
    assert "12 quokkas" in texts(container) and "10 dollars" not in texts(container)
    assert "packs of 500" in texts(container)
    assert any(line.startswith("changed: re-indexed") for line in lines)
    (notes / "b.md").unlink()
    assert [c.kind for c in watcher.poll()] == ["removed"]
    assert "packs of 500" not in texts(container)
    assert lines[-1].startswith("removed:") and "removed from the index" in lines[-1]


def test_watcher_thread_picks_up_an_edit_and_stops(tmp_path: Path) -> None:
    container, notes = indexed_folder(tmp_path)
    stop = threading.Event()
    watcher = FolderWatcher(container.ingest_pipeline, [str(notes)], 0.05, lambda _: None)
    thread = threading.Thread(target=watcher.run, args=(stop,), daemon=True)
    thread.start()
    try:
        write(notes / "a.md", "# Plans\n\nThe team plan now costs 12 quokkas per seat.\n")
        deadline = time.monotonic() + DEADLINE_S
        while "quokkas" not in texts(container) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert "quokkas" in texts(container)
    finally:
        stop.set()
        thread.join(timeout=DEADLINE_S)
    assert not thread.is_alive()


def _read_until(process: subprocess.Popen[str], needle: str, deadline: float) -> list[str]:
    assert process.stdout is not None
    seen: list[str] = []
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line:
            break
        seen.append(line)
        if needle in line:
            return seen
    raise AssertionError(f"no {needle!r} in the output: {seen}")


def test_cli_watch_reindexes_an_edit_and_stops_on_ctrl_c(tmp_path: Path) -> None:
    notes = tmp_path / "notes"
    notes.mkdir()
    write(notes / "a.md", "# Plans\n\nThe team plan costs 10 dollars per seat.\n")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ADVISOR_", "OPENAI_"))}
    env.update(ADVISOR_DATA_DIR=str(tmp_path / "data"), ADVISOR_INDEX__WATCH_INTERVAL_S="0.2")
    advisor = str(Path(sys.executable).with_name("advisor"))
    process = subprocess.Popen(
        [advisor, "ingest", "--watch", str(notes)],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        deadline = time.monotonic() + CLI_DEADLINE_S
        _read_until(process, "watching", deadline)
        write(notes / "a.md", "# Plans\n\nThe team plan now costs 12 quokkas per seat.\n")
        changed = _read_until(process, "re-indexed", deadline)[-1]
        assert changed.split(" ", 1)[1].startswith("changed: re-indexed") and "a.md" in changed
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=60) == 0
        assert "stopped watching" in (process.stdout.read() if process.stdout else "")
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
