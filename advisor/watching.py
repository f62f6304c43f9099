"""`advisor ingest --watch FOLDER`: after the first ingest, re-index each change until Ctrl-C,
one line per change."""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Callable
from pathlib import Path

from advisor.container import Container
from advisor.errors import AdvisorError
from ingest.documents import IngestReport, printable
from ingest.watch import FolderWatcher

EXIT_OK = 0


def _say(line: str) -> None:
    print(f"{time.strftime('%H:%M:%S')} {line}", flush=True)


def watch_folders(
    container: Container, folders: list[str], ingest: Callable[[], IngestReport]
) -> int:
    """Ingest the folders (`ingest`, pruning), then poll them every `index.watch_interval_s`
    seconds; Ctrl-C stops cleanly."""
    not_folders = [f for f in folders if not Path(f).is_dir()]
    if not_folders:
        raise AdvisorError(f"--watch takes folders; not a folder: {not_folders[0]}")
    report = ingest()
    for failure in report.failed:
        _say(f"failed {printable(failure.source)}: {failure.error}")
    interval = container.settings.index.watch_interval_s
    print(
        f"advisor: {report.chunks_total} chunks indexed; watching {', '.join(folders)} "
        f"every {interval:g} s (index.watch_interval_s; Ctrl-C to stop)",
        flush=True,
    )
    watcher = FolderWatcher(container.ingest_pipeline, folders, interval, _say)
    # A shell that starts a job in the background sets SIGINT to "ignore", which Python keeps;
    # a watcher must still stop on Ctrl-C (and on SIGTERM from a service manager).
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    try:
        watcher.run(threading.Event())
    except KeyboardInterrupt:
        print("advisor: stopped watching", flush=True)
    return EXIT_OK
