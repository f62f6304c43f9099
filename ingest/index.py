"""The index as readers see it, and the one place that decides how an index is opened.

Retrieval depends on `ChunkIndex` (a protocol, as Haystack's retrievers depend on a
DocumentStore protocol) and filters with the neutral `ChunkFilter`; only `ingest.store`
knows Chroma. `open_index` owns the data folder's layout and the records' namespace.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Protocol
from urllib.parse import urlparse

from langchain_core.embeddings import Embeddings

from ingest.documents import Chunk, SourceInfo
from ingest.errors import IndexUnavailableError
from ingest.settings import IndexSettings
from ingest.tags import has_tag

if TYPE_CHECKING:
    from chromadb.api import ClientAPI

    from ingest.store import ChunkStore

CHROMA_DIR = "chroma"
RECORDS_FILE = "records.sqlite"


@dataclass(frozen=True)
class ChunkFilter:
    """Restrict a search to a source (suffix match), a language or a tag."""

    source_suffix: str | None = None
    language: str | None = None
    tag: str | None = None

    def matches(self, chunk: Chunk) -> bool:
        if self.source_suffix and not chunk.source.endswith(self.source_suffix):
            return False
        if self.language and chunk.language != self.language:
            return False
        return not self.tag or has_tag(chunk.metadata, self.tag)

    @property
    def empty(self) -> bool:
        return not (self.source_suffix or self.language or self.tag)


class ChunkIndex(Protocol):
    """What retrieval and answering read from an index."""

    def embed_query(self, text: str) -> list[float]:
        """The query vector, from the same model the chunks were embedded with."""
        ...

    def dense_search(
        self, query_embedding: Sequence[float], k: int, filters: ChunkFilter | None = None
    ) -> list[tuple[Chunk, float]]:
        """Up to `k` chunks passing `filters`, nearest first, with cosine similarity."""
        ...

    def all_chunks(self) -> list[Chunk]:
        """Every chunk, for indexes derived from the whole corpus (keyword search)."""
        ...

    def chunk_ids(self) -> set[str]:
        """The id of every chunk: a derived index diffs it to update only what changed."""
        ...

    def chunks(self, ids: Sequence[str]) -> list[Chunk]:
        """The chunks with these ids that still exist."""
        ...

    def version(self) -> int:
        """Changes whenever any process changes the index; derived indexes rebuild on it."""
        ...

    def count(self) -> int: ...

    def sources(self) -> list[SourceInfo]: ...


def record_namespace(settings: IndexSettings) -> str:
    """Records of an embedded and a server collection of one name must not mix."""
    return f"{settings.chroma_url or 'embedded'}/{settings.collection}"


def is_read_only(data_dir: Path) -> bool:
    """A data folder (or its records file) that this process cannot write."""
    records = data_dir / RECORDS_FILE
    if records.exists() and not os.access(records, os.W_OK):
        return True
    existing = data_dir if data_dir.exists() else data_dir.parent
    return existing.exists() and not os.access(existing, os.W_OK)


class LazyEmbeddings(Embeddings):
    """Loads the model on first use: listing or removing documents never waits for it."""

    def __init__(self, load: Callable[[], Embeddings]) -> None:
        self._load = load
        self._model: Embeddings | None = None
        self._lock = threading.Lock()

    def _get(self) -> Embeddings:
        with self._lock:
            if self._model is None:
                self._model = self._load()
            return self._model

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self._get().embed_documents(texts)

    def embed_query(self, text: str) -> list[float]:
        return self._get().embed_query(text)


def open_index(
    settings: IndexSettings, data_dir: Path, embeddings: Embeddings | None = None
) -> ChunkStore:
    """The index under `data_dir` (or on `settings.chroma_url`), read-only when the folder
    cannot be written. Raises IndexUnavailableError with a one-line reason."""
    from ingest.records import SQLiteRecordManager
    from ingest.store import ChunkStore

    if embeddings is None:
        from ingest.embeddings import load_embeddings

        name, batch = settings.embedding_model, settings.embed_batch_size
        embeddings = LazyEmbeddings(lambda: load_embeddings(name, batch))
    read_only = is_read_only(data_dir)
    records = SQLiteRecordManager(
        record_namespace(settings), data_dir / RECORDS_FILE, read_only=read_only
    )
    chroma_dir = data_dir / CHROMA_DIR
    where = settings.chroma_url or str(chroma_dir)
    snapshot = _snapshot(chroma_dir) if read_only and not settings.chroma_url else None

    def connect() -> ClientAPI:
        # The closure keeps the snapshot (and so its folder) as long as the store lives.
        path = Path(snapshot.name) if snapshot is not None else chroma_dir
        return chroma_client(path, settings.chroma_url)

    try:
        return ChunkStore(
            connect,
            settings.collection,
            embeddings,
            records,
            caches_vectors=settings.chroma_url is None,
            where=where,
        )
    except IndexUnavailableError:
        raise
    except Exception as exc:  # chromadb raises plain ValueError/RuntimeError/Rust errors
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise IndexUnavailableError(f"{where}: cannot open the Chroma index ({reason})") from exc


def _snapshot(chroma_dir: Path) -> tempfile.TemporaryDirectory[str]:
    """A private copy of a Chroma folder this process may not write: embedded Chroma
    writes on open, so a read-only data folder is read from a temporary copy."""
    snapshot = tempfile.TemporaryDirectory(prefix="advisor-index-")
    if chroma_dir.is_dir():
        shutil.copytree(chroma_dir, snapshot.name, dirs_exist_ok=True)
        root = Path(snapshot.name)
        for path in [root, *root.rglob("*")]:
            path.chmod(0o755 if path.is_dir() else 0o644)
    return snapshot


def chroma_client(path: Path, url: str | None = None) -> ClientAPI:
    """An embedded persistent client at `path`, or an HTTP client for a Chroma server."""
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    settings = ChromaSettings(anonymized_telemetry=False)
    if url:
        parsed = urlparse(url)
        try:
            return chromadb.HttpClient(
                host=parsed.hostname or "127.0.0.1",
                port=parsed.port or (443 if parsed.scheme == "https" else 8000),
                ssl=parsed.scheme == "https",
                settings=settings,
            )
        except Exception as exc:
            raise IndexUnavailableError(
                f"index.chroma_url {url}: Chroma server unreachable ({type(exc).__name__})"
            ) from exc
    path.mkdir(parents=True, exist_ok=True)
    return chromadb.PersistentClient(path=str(path), settings=settings)
