"""The knowledge tab's actions: upload and ingest, list, remove."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ingest.documents import IngestReport
from ingest.pipeline import IngestPipeline, IngestProgress
from ingest.store import ChunkStore

COLUMNS = ["title", "source", "language", "chunks", "ingested at"]


class KnowledgeManager:
    def __init__(self, pipeline: IngestPipeline, store: ChunkStore, uploads: Path) -> None:
        self._pipeline = pipeline
        self._store = store
        self._uploads = uploads

    def table(self) -> list[list[Any]]:
        return [
            [s.title, s.source, s.language, s.chunks, s.ingested_at] for s in self._store.sources()
        ]

    def sources(self) -> list[str]:
        return [s.source for s in self._store.sources()]

    def keep_uploads(self, paths: list[str]) -> list[str]:
        """Copy uploads out of Gradio's temp folder: the copy's path is the document's
        lasting identity, so re-uploading a file updates it instead of duplicating it."""
        self._uploads.mkdir(parents=True, exist_ok=True)
        kept = []
        for path in paths:
            target = self._uploads / Path(path).name
            shutil.copyfile(path, target)
            kept.append(str(target))
        return kept

    def ingest(
        self,
        files: list[str],
        url: str,
        progress: Callable[[IngestProgress], None] | None = None,
    ) -> IngestReport:
        inputs = self.keep_uploads(files) + [u.strip() for u in url.split() if u.strip()]
        return self._pipeline.run(inputs, progress=progress)

    def ingest_folder(
        self, folder: str, progress: Callable[[IngestProgress], None] | None = None
    ) -> IngestReport:
        return self._pipeline.run([folder], progress=progress)

    def remove(self, sources: list[str]) -> list[str]:
        removed, _ = self._pipeline.remove(sources)
        for source in removed:  # an uploaded copy goes with its document
            path = Path(source)
            if path.parent == self._uploads and path.exists():
                path.unlink()
        return removed


def report_text(report: IngestReport) -> str:
    counts = report.to_dict()
    line = (
        f"Added {counts['added']}, updated {counts['updated']}, unchanged "
        f"{counts['unchanged']}, failed {len(report.failed)}; {counts['chunks_total']} chunks "
        "in the index."
    )
    errors = [f"- {Path(f.source).name}: {f.error}" for f in report.failed]
    return "\n".join([line, *errors])
