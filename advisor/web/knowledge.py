"""The knowledge tab's actions: upload and ingest, list, remove.

The web app ingests only what a user uploaded and http(s) URLs. A local path typed into the
URL box is refused here: paths on the server are for the CLI (an indexed credentials file
was once quoted in chat). Uploads are kept under a folder named by their content hash, so
two users uploading the same file name never overwrite each other, while the file keeps its
own name for display and citations."""

from __future__ import annotations

import hashlib
import shutil
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from ingest.documents import Failure, IngestReport
from ingest.pipeline import IngestPipeline, IngestProgress
from ingest.store import ChunkStore

COLUMNS = ["title", "source", "language", "chunks", "ingested at"]
HASH_CHARS = 16  # 64 bits of the content hash name an upload's folder: collisions are moot
_READ_BLOCK = 1 << 20
NOT_A_URL = "not an http(s) URL: the web app ingests uploads and URLs only"


@dataclass
class Inputs:
    """What a request may ingest, and what was refused before ingest saw it."""

    sources: list[str] = field(default_factory=list)
    refused: list[Failure] = field(default_factory=list)


def split_urls(text: str) -> Inputs:
    """Every word of the URL box must be an http(s) URL with a host; others are refused."""
    inputs = Inputs()
    for word in text.split():
        parts = urlsplit(word)
        if parts.scheme.lower() in ("http", "https") and parts.hostname:
            inputs.sources.append(word)
        else:
            inputs.refused.append(Failure(word, NOT_A_URL))
    return inputs


def _content_hash(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        while block := f.read(_READ_BLOCK):
            digest.update(block)
    return digest.hexdigest()[:HASH_CHARS]


class KnowledgeManager:
    def __init__(
        self,
        pipeline: IngestPipeline,
        store: ChunkStore,
        uploads: Path,
        suffixes: tuple[str, ...],
        max_upload_bytes: int,
    ) -> None:
        self._pipeline = pipeline
        self._store = store
        self._uploads = uploads
        self._suffixes = suffixes
        self._max_upload_bytes = max_upload_bytes

    def is_upload(self, source: str) -> bool:
        return Path(source).parent.parent == self._uploads

    def label(self, source: str) -> str:
        """How a source is shown: an upload by its own name and the start of its hash."""
        if self.is_upload(source):
            path = Path(source)
            return f"{path.name} (upload {path.parent.name[:6]})"
        return source

    def table(self) -> list[list[Any]]:
        return [
            [s.title, self.label(s.source), s.language, s.chunks, s.ingested_at]
            for s in self._store.sources()
        ]

    def choices(self) -> list[tuple[str, str]]:
        """(label, source) for the remove list."""
        return [(self.label(s.source), s.source) for s in self._store.sources()]

    def keep_upload(self, path: Path) -> str:
        """Copy an upload out of Gradio's temp folder into uploads/<content hash>/<name>, so
        re-uploading the same file updates it and another file of that name sits beside it.
        Raises ValueError with the reason when the file is refused."""
        if path.suffix.lower() not in self._suffixes:
            raise ValueError(f"unsupported file type (accepted: {', '.join(self._suffixes)})")
        size = path.stat().st_size
        if size > self._max_upload_bytes:
            limit = self._max_upload_bytes // 2**20
            raise ValueError(f"{size / 2**20:.1f} MB is over the {limit} MB upload limit")
        target = self._uploads / _content_hash(path) / path.name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target)
        return str(target)

    def ingest(
        self,
        files: list[str],
        urls: str,
        progress: Callable[[IngestProgress], None] | None = None,
    ) -> IngestReport:
        inputs = split_urls(urls)
        kept = []
        for file in files:
            try:
                kept.append(self.keep_upload(Path(file)))
            except (OSError, ValueError) as exc:
                inputs.refused.append(Failure(Path(file).name, str(exc)))
        report = (
            self._pipeline.run(kept + inputs.sources, progress=progress)
            if kept or inputs.sources
            else IngestReport(chunks_total=self._store.count())
        )
        report.failed[:0] = inputs.refused
        return report

    def ingest_folder(
        self, folder: str, progress: Callable[[IngestProgress], None] | None = None
    ) -> IngestReport:
        return self._pipeline.run([folder], progress=progress)

    def remove(self, sources: list[str]) -> list[str]:
        removed, _ = self._pipeline.remove(sources)
        for source in removed:  # an uploaded copy goes with its document
            path = Path(source)
            if self.is_upload(source) and path.exists():
                path.unlink()
                if not any(path.parent.iterdir()):
                    path.parent.rmdir()
        return removed


_MARKDOWN_SPECIALS = set("\\`*_{}[]()#+-.!|~")
_HTML = {"<": "&lt;", ">": "&gt;", "&": "&amp;", '"': "&quot;", "'": "&#x27;"}


def plain(text: str) -> str:
    """Text shown inside Markdown exactly as written: control characters as visible escapes,
    HTML characters as entities, Markdown punctuation backslash-escaped."""
    out = []
    for char in text:
        if unicodedata.category(char) in ("Cc", "Cf", "Zl", "Zp"):
            out.append(f"\\\\x{ord(char):02x}" if ord(char) < 256 else f"\\\\u{ord(char):04x}")
        elif char in _HTML:
            out.append(_HTML[char])
        elif char in _MARKDOWN_SPECIALS:
            out.append("\\" + char)
        else:
            out.append(char)
    return "".join(out)


def report_text(report: IngestReport, label: Callable[[str], str] = str) -> str:
    """One summary line, then one line per failure naming the file or URL and the reason."""
    counts = report.to_dict()
    line = (
        f"Added {counts['added']}, updated {counts['updated']}, unchanged "
        f"{counts['unchanged']}, failed {len(report.failed)}; {counts['chunks_total']} chunks "
        "in the index."
    )
    errors = [f"- {plain(label(f.source))}: {plain(f.error)}" for f in report.failed]
    return "\n".join([line, *errors])
