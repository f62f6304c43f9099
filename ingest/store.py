"""The chunk index in Chroma: the only module that talks to Chroma.

Writes go through LangChain's indexing API with a record manager into langchain-chroma's
vector store, so an unchanged chunk is never embedded twice and a changed document's old
chunks are removed in the same call.

Many processes share one index (a server and the CLI): every read first compares the
records' generation, and when another process changed the index the embedded Chroma client
is reopened, because it caches the vector index in memory. Every write or removal is noted
as pending before Chroma is touched and repaired on the next run, so a SIGKILL at any point
converges to the state a clean run leaves.
"""

from __future__ import annotations

import threading
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any, Literal

import httpx
import numpy as np
from chromadb.api import ClientAPI
from chromadb.api.models.Collection import Collection
from chromadb.errors import ChromaError
from langchain_chroma import Chroma
from langchain_core.embeddings import Embeddings
from langchain_core.indexing import index

from ingest.chroma_rows import chroma_where, chunk_key, to_chunk, to_langchain
from ingest.documents import Chunk, SourceInfo
from ingest.errors import IndexUnavailableError
from ingest.index import ChunkFilter
from ingest.records import SQLiteRecordManager

WriteOutcome = Literal["added", "updated", "unchanged"]
_COSINE = {"hnsw:space": "cosine"}
_FETCH_BATCH = 1000  # ids per Chroma get: below its maximum batch size, bounded memory
_PAGE = 5000  # rows per paged read of the whole collection: under SQLite's variable limit
# Chunks embedded and upserted per call of index(): bounds memory, not correctness, because
# cleanup is "scoped_full" (after the last batch), so a document longer than a batch keeps
# its unchanged chunks ("incremental" would delete those of later batches after the first).
_INDEX_BATCH = 256


class ChunkStore:
    """Chunks of many documents in one Chroma collection, identified by their source.

    Implements `ingest.index.ChunkIndex` (the read side retrieval uses) plus the write side.
    """

    def __init__(
        self,
        connect: Callable[[], ClientAPI],
        collection: str,
        embeddings: Embeddings,
        records: SQLiteRecordManager,
        *,
        batch_size: int = _INDEX_BATCH,
        caches_vectors: bool = True,
        where: str = "",
    ) -> None:
        self._where = where or collection  # names the index in one-line errors
        self._connect = connect
        self._name = collection
        self._embeddings = embeddings
        self._records = records
        self._batch_size = batch_size
        self._caches_vectors = caches_vectors  # embedded Chroma: reopen on another's change
        self._lock = threading.RLock()
        self._writers = 0  # index() calls in flight on the current client
        with self._chroma():
            self._open()
        self._seen = records.stamp()

    @contextmanager
    def _errors(self) -> Iterator[None]:
        """Chroma's errors become one-line index errors naming the index."""
        try:
            yield
        except (ChromaError, httpx.TransportError) as exc:  # corrupt, or server gone
            reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            raise IndexUnavailableError(f"{self._where}: {reason}") from exc

    @contextmanager
    def _chroma(self) -> Iterator[None]:
        """One caller at a time, so a reopen never pulls the client from under another."""
        with self._lock, self._errors():
            yield

    def _open(self) -> None:
        """Connect, and build LangChain's Chroma store (writes) and the collection (reads)."""
        self._client = self._connect()
        self._vectors = Chroma(
            self._name, self._embeddings, client=self._client, collection_metadata=_COSINE
        )
        self._collection: Collection = self._client.get_collection(
            self._name,
            embedding_function=None,  # vectors come from our embeddings, not Chroma's
        )

    def _current(self) -> Collection:
        """The collection, reopened first if another process changed the index (call locked).

        While an index() call writes through the client the reopen waits for a later read:
        until then reads see the index as it was before the other process's change."""
        stamp = self._records.stamp()
        if stamp != self._seen:
            foreign = (stamp[0] - self._seen[0]) - (stamp[1] - self._seen[1])
            if foreign and self._caches_vectors:
                if self._writers:
                    return self._collection
                close = getattr(self._client, "close", None)
                if close is not None:
                    close()
                self._open()
            self._seen = stamp
        return self._collection

    @contextmanager
    def _writing(self) -> Iterator[Chroma]:
        """LangChain's Chroma store on a current client that no reopen closes until the
        write ends. The store's lock is not held, so queries in other threads never wait
        for the embedding model, only for their own Chroma call."""
        with self._chroma():
            self._current()
            self._writers += 1
            vectors = self._vectors
        try:
            with self._errors():
                yield vectors
        finally:
            with self._lock:
                self._writers -= 1

    @property
    def embeddings(self) -> Embeddings:
        return self._embeddings

    @property
    def records(self) -> SQLiteRecordManager:
        return self._records

    def embed_query(self, text: str) -> list[float]:
        return self._embeddings.embed_query(text)

    # -- write side --------------------------------------------------------------------

    def write(self, source: str, chunks: list[Chunk], content_hash: str) -> WriteOutcome:
        """Replace whatever was indexed for `source` with `chunks`, embedding only new text."""
        self._records.mark_pending(source, "write")
        existed = self._repair(source)
        now = datetime.now(UTC).isoformat(timespec="seconds")
        docs = [to_langchain(c, content_hash, now) for c in chunks]
        with self._writing() as vectors:
            result = index(
                docs,
                self._records,
                vectors,
                batch_size=self._batch_size,
                cleanup="scoped_full",
                source_id_key="source",
                key_encoder=chunk_key,
            )
        self._records.clear_pending(source)
        if not existed:
            return "added"
        return "updated" if result["num_added"] or result["num_deleted"] else "unchanged"

    def remove(self, source: str) -> int:
        """Delete every chunk of `source`; returns how many there were."""
        self._records.mark_pending(source, "remove")
        keys = self._records.list_keys(group_ids=[source])
        held = self._held_ids(source)
        if held:
            self._delete(sorted(held))
        if keys:
            self._records.delete_keys(keys)  # last: until here a rerun still sees the source
        self._records.clear_pending(source)
        return len(keys)

    def recover(self) -> list[str]:
        """Finish what a killed run left pending; returns the sources whose removal it
        completed. A half-written source is made consistent (Chroma holds what is recorded)."""
        finished = []
        for source, action in sorted(self._records.pending().items()):
            if action == "remove":
                self.remove(source)
                finished.append(source)
            else:
                self._repair(source)
                self._records.clear_pending(source)
        return finished

    def _repair(self, source: str) -> bool:
        """Make Chroma and the records agree on `source`; True if chunks of it remain.

        A record whose vector is missing is forgotten (so it is embedded again); a vector
        with no record is deleted (a write killed before its records were updated)."""
        recorded = set(self._records.list_keys(group_ids=[source]))
        held = self._held_ids(source)
        if recorded - held:
            self._records.delete_keys(sorted(recorded - held))
        if held - recorded:
            self._delete(sorted(held - recorded))
        return bool(recorded & held)

    def _held_ids(self, source: str) -> set[str]:
        with self._chroma():
            return set(self._current().get(where={"source": source}, include=[])["ids"])

    def _delete(self, ids: Sequence[str]) -> None:
        with self._chroma():
            self._current()
            self._vectors.delete(list(ids))

    # -- read side ---------------------------------------------------------------------

    def indexed_sources(self) -> list[str]:
        return sorted(self._records.groups())

    def _get_all(self, include: list[Any]) -> tuple[list[str], list[Any], list[Any]]:
        """Ids, documents and metadatas of every chunk, a page at a time: one `get()` of a
        whole 100k-chunk collection fails in SQLite ("too many SQL variables")."""
        ids: list[str] = []
        texts: list[Any] = []
        metas: list[Any] = []
        while True:
            with self._chroma():
                page = self._current().get(include=include, limit=_PAGE, offset=len(ids))
            ids.extend(page["ids"])
            texts.extend(page["documents"] or [None] * len(page["ids"]))
            metas.extend(page["metadatas"] or [None] * len(page["ids"]))
            if len(page["ids"]) < _PAGE:
                return ids, texts, metas

    def sources(self) -> list[SourceInfo]:
        _, _, found = self._get_all(["metadatas"])
        by_source: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for meta in found:
            if not meta:
                continue
            by_source[str(meta.get("source", ""))].append(dict(meta))
        infos = []
        for source, metas in sorted(by_source.items()):
            first = metas[0]
            infos.append(
                SourceInfo(
                    source=source,
                    title=str(first.get("title", "")),
                    chunks=len(metas),
                    language=str(first.get("language", "unknown")),
                    ingested_at=max(str(m.get("ingested_at", "")) for m in metas),
                )
            )
        return infos

    def all_chunks(self) -> list[Chunk]:
        ids, texts, metas = self._get_all(["documents", "metadatas"])
        rows = zip(ids, texts, metas, strict=False)
        return [to_chunk(i, t, dict(m)) for i, t, m in rows if t is not None and m]

    def chunk_ids(self) -> set[str]:
        return set(self._records.list_keys())

    def chunks(self, ids: Sequence[str]) -> list[Chunk]:
        found: list[Chunk] = []
        for start in range(0, len(ids), _FETCH_BATCH):
            with self._chroma():
                got = self._current().get(
                    ids=list(ids[start : start + _FETCH_BATCH]), include=["documents", "metadatas"]
                )
            rows = zip(got["ids"], got["documents"] or [], got["metadatas"] or [], strict=False)
            found.extend(to_chunk(i, t, dict(m)) for i, t, m in rows if t is not None and m)
        return found

    def dense_search(
        self, query_embedding: Sequence[float], k: int, filters: ChunkFilter | None = None
    ) -> list[tuple[Chunk, float]]:
        """Nearest chunks with cosine similarity (1 = same direction) that pass `filters`.

        A chunk removed under the query (no text or metadata left) is skipped, not an error."""
        with self._chroma():
            if k <= 0:  # an empty collection answers a query with no rows: no count() first
                return []
            found = self._current().query(
                query_embeddings=np.asarray([query_embedding], dtype=np.float32),
                n_results=k,
                where=chroma_where(filters),
                include=["documents", "metadatas", "distances"],
            )
        ids = found["ids"][0]
        texts = (found["documents"] or [[]])[0]
        metas = (found["metadatas"] or [[]])[0]
        dists = (found["distances"] or [[]])[0]
        hits = [
            (to_chunk(i, t, dict(m)), 1.0 - float(d))
            for i, t, m, d in zip(ids, texts, metas, dists, strict=False)
            if t is not None and m
        ]
        return [(c, s) for c, s in hits if filters is None or filters.matches(c)]

    def count(self) -> int:
        with self._chroma():
            return int(self._current().count())

    def version(self) -> int:
        """Changes on every write or removal, in any process; readers refresh on a change."""
        return self._records.version()
