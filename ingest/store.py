"""The chunk index in Chroma: the only module that talks to Chroma.

Writes go through LangChain's indexing API with a record manager, so an unchanged chunk is
never embedded twice and a changed document's old chunks are removed in the same call.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from collections import defaultdict
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlparse

import chromadb
import numpy as np
from chromadb.api import ClientAPI
from chromadb.config import Settings as ChromaSettings
from langchain_chroma import Chroma
from langchain_core.documents import Document as LCDocument
from langchain_core.embeddings import Embeddings
from langchain_core.indexing import index

from ingest.documents import Chunk, MetadataValue, SourceInfo
from ingest.records import SQLiteRecordManager

WriteOutcome = Literal["added", "updated", "unchanged"]
_NAMESPACE = uuid.UUID(int=2024)
_UNHASHED = {"ingested_at"}


def chroma_client(path: Path | None = None, url: str | None = None) -> ClientAPI:
    """An embedded persistent client at `path`, or an HTTP client for a Chroma server."""
    settings = ChromaSettings(anonymized_telemetry=False)
    if url:
        parsed = urlparse(url)
        return chromadb.HttpClient(
            host=parsed.hostname or "127.0.0.1",
            port=parsed.port or (443 if parsed.scheme == "https" else 8000),
            ssl=parsed.scheme == "https",
            settings=settings,
        )
    if path is None:
        raise ValueError("either a path or a url is needed")
    path.mkdir(parents=True, exist_ok=True)
    return chromadb.PersistentClient(path=str(path), settings=settings)


def chunk_key(document: LCDocument) -> str:
    """Chunk id from content and metadata, leaving out the write time so reruns match."""
    meta = {k: v for k, v in document.metadata.items() if k not in _UNHASHED}
    payload = json.dumps([document.page_content, meta], sort_keys=True, ensure_ascii=False)
    return str(uuid.uuid5(_NAMESPACE, hashlib.sha256(payload.encode()).hexdigest()))


def context_header(title: str, location: str) -> str:
    return f"{title} > {location}" if location else title


class ChunkStore:
    """Chunks of many documents in one Chroma collection, identified by their source."""

    def __init__(
        self,
        client: ClientAPI,
        collection: str,
        embeddings: Embeddings,
        records: SQLiteRecordManager,
        batch_size: int = 256,
    ) -> None:
        self._embeddings = embeddings
        self._records = records
        self._batch_size = batch_size
        self._collection = client.get_or_create_collection(
            collection, embedding_function=None, metadata={"hnsw:space": "cosine"}
        )
        self._vectors = Chroma(
            client=client,
            collection_name=collection,
            embedding_function=embeddings,
            collection_metadata={"hnsw:space": "cosine"},
        )

    @property
    def embeddings(self) -> Embeddings:
        return self._embeddings

    def write(self, source: str, chunks: list[Chunk], content_hash: str) -> WriteOutcome:
        """Replace whatever was indexed for `source` with `chunks`, embedding only new text."""
        existed = bool(self._records.list_keys(group_ids=[source], limit=1))
        now = datetime.now(UTC).isoformat(timespec="seconds")
        docs = [self._to_langchain(c, content_hash, now) for c in chunks]
        result = index(
            docs,
            self._records,
            self._vectors,
            batch_size=self._batch_size,
            cleanup="incremental",
            source_id_key="source",
            key_encoder=chunk_key,
        )
        if not existed:
            return "added"
        return "updated" if result["num_added"] or result["num_deleted"] else "unchanged"

    def remove(self, source: str) -> int:
        """Delete every chunk of `source`; returns how many there were."""
        keys = self._records.list_keys(group_ids=[source])
        if keys:
            self._vectors.delete(ids=keys)
            self._records.delete_keys(keys)
        return len(keys)

    def indexed_sources(self) -> list[str]:
        return sorted(self._records.groups())

    def sources(self) -> list[SourceInfo]:
        found = self._collection.get(include=["metadatas"])
        by_source: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for meta in found["metadatas"] or []:
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
        found = self._collection.get(include=["documents", "metadatas"])
        texts = found["documents"] or []
        metas = found["metadatas"] or []
        return [
            self._to_chunk(i, t, dict(m))
            for i, t, m in zip(found["ids"], texts, metas, strict=False)
        ]

    def dense_search(
        self, query_embedding: list[float], k: int, where: dict[str, Any] | None = None
    ) -> list[tuple[Chunk, float]]:
        """Nearest chunks with cosine similarity (1 = same direction)."""
        if k <= 0 or self._collection.count() == 0:
            return []
        found = self._collection.query(
            query_embeddings=np.asarray([query_embedding], dtype=np.float32),
            n_results=k,
            where=where or None,
            include=["documents", "metadatas", "distances"],
        )
        ids = found["ids"][0]
        texts = (found["documents"] or [[]])[0]
        metas = (found["metadatas"] or [[]])[0]
        dists = (found["distances"] or [[]])[0]
        return [
            (self._to_chunk(i, t, dict(m)), 1.0 - float(d))
            for i, t, m, d in zip(ids, texts, metas, dists, strict=False)
        ]

    def count(self) -> int:
        return int(self._collection.count())

    def version(self) -> tuple[int, float]:
        """Changes on every write or removal; readers use it to refresh derived indexes."""
        return self._records.version()

    @staticmethod
    def _to_langchain(chunk: Chunk, content_hash: str, now: str) -> LCDocument:
        header = context_header(chunk.title, chunk.location)
        metadata: dict[str, MetadataValue] = {
            str(k): v for k, v in chunk.metadata.items() if k not in {"source", "title"}
        }
        metadata.update(
            source=chunk.source,
            title=chunk.title,
            location=chunk.location,
            language=chunk.language,
            chunk_index=chunk.index,
            content_hash=content_hash,
            header=header,
            ingested_at=now,
        )
        # The header travels with the text so both embedding and keyword search see it.
        return LCDocument(page_content=f"{header}\n\n{chunk.text}", metadata=metadata)

    @staticmethod
    def _to_chunk(chunk_id: str, text: str | None, meta: dict[str, Any]) -> Chunk:
        body = text or ""
        header = str(meta.get("header", ""))
        if header and body.startswith(header):
            body = body[len(header) :].lstrip("\n")
        skip = {"source", "title", "location", "language", "chunk_index", "header"}
        return Chunk(
            source=str(meta.get("source", "")),
            title=str(meta.get("title", "")),
            location=str(meta.get("location", "")),
            text=body,
            index=int(meta.get("chunk_index", 0)),
            language=str(meta.get("language", "unknown")),
            metadata={k: v for k, v in meta.items() if k not in skip},
            id=chunk_id,
        )
