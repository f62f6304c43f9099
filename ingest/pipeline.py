"""Paths and URLs -> an IngestReport: load, chunk, index; prune what disappeared."""

from __future__ import annotations

import fnmatch
import hashlib
import json
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from ingest.chunking import Chunker
from ingest.documents import Document, Failure, IngestReport, LoadError
from ingest.loaders import is_url, load
from ingest.settings import IngestLimits
from ingest.store import ChunkStore


@dataclass(frozen=True)
class IngestProgress:
    """Sent after each document, so a CLI bar or a web progress widget can follow."""

    done: int
    total: int
    source: str
    chunks: int


ProgressCallback = Callable[[IngestProgress], None]


def content_hash(document: Document) -> str:
    payload = json.dumps(
        [document.title, document.text, document.language, document.metadata],
        sort_keys=True,
        ensure_ascii=False,
    )
    return hashlib.sha256(payload.encode()).hexdigest()


IGNORE_FILE = ".advisorignore"


def ignore_patterns(folder: Path) -> list[str]:
    """Glob patterns from the folder's .advisorignore (like .gitignore, without negation)."""
    path = folder / IGNORE_FILE
    if not path.is_file():
        return []
    lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    return [ln.strip() for ln in lines if ln.strip() and not ln.lstrip().startswith("#")]


def is_ignored(relative: str, patterns: list[str]) -> bool:
    parts = relative.split("/")
    prefixes = ["/".join(parts[:i]) + "/" for i in range(1, len(parts))]
    return any(
        fnmatch.fnmatch(relative, p) or fnmatch.fnmatch(parts[-1], p) or p in prefixes
        for p in patterns
    )


def expand_inputs(inputs: Iterable[str]) -> tuple[list[str], list[Path]]:
    """Every file under the given folders (hidden and .advisorignore'd ones skipped), plus
    files and URLs as given.

    Returns the sources in a stable order and the folders, which `--prune` looks inside.
    """
    sources: list[str] = []
    folders: list[Path] = []
    for item in inputs:
        if is_url(item):
            sources.append(item)
            continue
        path = Path(item).expanduser().resolve()
        if path.is_dir():
            folders.append(path)
            patterns = ignore_patterns(path)
            for root, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    file = Path(root) / name
                    if not name.startswith(".") and not is_ignored(
                        file.relative_to(path).as_posix(), patterns
                    ):
                        sources.append(str(file))
        else:
            sources.append(str(path))
    return list(dict.fromkeys(sources)), folders


class IngestPipeline:
    """Turns files and URLs into indexed chunks; a bad input never stops the others."""

    def __init__(
        self, store: ChunkStore, chunker: Chunker, limits: IngestLimits | None = None
    ) -> None:
        self._store = store
        self._chunker = chunker
        self._limits = limits or IngestLimits()

    def run(
        self,
        inputs: Iterable[str],
        *,
        prune: bool = False,
        progress: ProgressCallback | None = None,
    ) -> IngestReport:
        sources, folders = expand_inputs(inputs)
        report = IngestReport()
        self._store.recover()  # a run killed mid-write or mid-remove is finished first
        for done, source in enumerate(sources, 1):
            chunks = self._ingest_one(source, report)
            if progress is not None:
                progress(IngestProgress(done, len(sources), source, chunks))
        if prune:
            report.removed.extend(self.prune(folders))
        report.chunks_total = self._store.count()
        return report

    def _ingest_one(self, source: str, report: IngestReport) -> int:
        try:
            document = load(source, self._limits)
            chunks = self._chunker.split(document)
            if not chunks:
                raise LoadError(source, "no text left after splitting")
        except LoadError as exc:
            report.failed.append(Failure(source, exc.reason))
            return 0
        outcome = self._store.write(source, chunks, content_hash(document))
        getattr(report, outcome).append(source)
        return len(chunks)

    def prune(self, folders: Iterable[Path]) -> list[str]:
        """Remove indexed documents whose files under these folders no longer exist."""
        prefixes = [str(folder) + os.sep for folder in folders]
        gone = [
            s
            for s in self._store.indexed_sources()
            if any(s.startswith(p) for p in prefixes) and not os.path.exists(s)
        ]
        for source in gone:
            self._store.remove(source)
        return gone

    def remove(self, sources: Iterable[str]) -> tuple[list[str], list[Failure]]:
        """Remove documents by source (a path is resolved first); unknown ones are failures."""
        # A removal a kill interrupted counts as done once recover() has finished it.
        indexed = set(self._store.recover()) | set(self._store.indexed_sources())
        removed: list[str] = []
        failed: list[Failure] = []
        for given in sources:
            source = given if is_url(given) else str(Path(given).expanduser().resolve())
            if source not in indexed and given in indexed:
                source = given
            if source in indexed:
                self._store.remove(source)
                removed.append(source)
            else:
                failed.append(Failure(given, "not in the index"))
        return removed, failed
