"""`advisor ingest --watch`: poll a folder's files (mtime and size) every few seconds and
re-index what changed. Polling needs no new dependency and works on every file system,
network shares included, where change notifications often do not."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ingest.documents import printable
from ingest.pipeline import IngestPipeline, expand_inputs

Snapshot = dict[str, tuple[int, int]]  # file -> (mtime in ns, size)


@dataclass(frozen=True)
class Change:
    kind: str  # "added", "changed" or "removed"
    path: str


def snapshot(folders: Sequence[str]) -> Snapshot:
    """What the watched folders hold now, as the ingest would see them (hidden and
    .advisorignore'd files skipped)."""
    files, _ = expand_inputs(folders)
    seen: Snapshot = {}
    for path in files:
        try:
            stat = os.stat(path)
        except OSError:  # gone between the listing and the stat: the next poll sees it
            continue
        seen[path] = (stat.st_mtime_ns, stat.st_size)
    return seen


def changes(before: Snapshot, after: Snapshot) -> list[Change]:
    found = [Change("added", p) for p in after if p not in before]
    found += [Change("changed", p) for p in after if p in before and after[p] != before[p]]
    found += [Change("removed", p) for p in before if p not in after]
    return sorted(found, key=lambda c: c.path)


class FolderWatcher:
    """Re-indexes changed files and drops removed ones, saying one line per change."""

    def __init__(
        self,
        pipeline: IngestPipeline,
        folders: Sequence[str],
        interval_s: float,
        say: Callable[[str], None],
    ) -> None:
        self._pipeline = pipeline
        self._folders = list(folders)
        self._interval = interval_s
        self._say = say
        self._seen = snapshot(self._folders)

    def poll(self) -> list[Change]:
        """One look: index what was added or changed, remove what is gone."""
        now = snapshot(self._folders)
        found = changes(self._seen, now)
        self._seen = now
        touched = [c.path for c in found if c.kind != "removed"]
        if touched:
            report = self._pipeline.run(touched)
            failed = {f.source: f.error for f in report.failed}
            for change in found:
                if change.path in failed:
                    self._say(f"failed {printable(change.path)}: {failed[change.path]}")
                elif change.kind != "removed":
                    self._say(f"{change.kind}: re-indexed {printable(change.path)}")
        gone = [c.path for c in found if c.kind == "removed"]
        if gone:
            removed, _ = self._pipeline.remove(gone)
            for path in gone:
                what = "removed from the index" if path in removed else "was not indexed"
                self._say(f"removed: {printable(path)} {what}")
        return found

    def run(self, stop: threading.Event) -> None:
        """Poll until `stop` is set (a test) or Ctrl-C (KeyboardInterrupt) ends the wait."""
        while not stop.wait(self._interval):
            self.poll()
