"""How chunks become Chroma rows and back, and the vector-store face that LangChain's
`index()` writes through. Pure conversions, kept apart from the store's concurrency."""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from langchain_core.documents import Document as LCDocument
from langchain_core.embeddings import Embeddings
from langchain_core.vectorstores import VectorStore

from ingest.documents import Chunk, MetadataValue
from ingest.index import ChunkFilter

_NAMESPACE = uuid.UUID(int=2024)
_UNHASHED = {"ingested_at"}

Upsert = Callable[[list[str], list[list[float]], list[str], list[Mapping[str, Any]]], None]


def chunk_key(document: LCDocument) -> str:
    """Chunk id from content and metadata, leaving out the write time so reruns match."""
    meta = {k: v for k, v in document.metadata.items() if k not in _UNHASHED}
    payload = json.dumps([document.page_content, meta], sort_keys=True, ensure_ascii=False)
    return str(uuid.uuid5(_NAMESPACE, hashlib.sha256(payload.encode()).hexdigest()))


def context_header(title: str, location: str) -> str:
    return f"{title} > {location}" if location else title


def to_langchain(chunk: Chunk, content_hash: str, now: str) -> LCDocument:
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


def to_chunk(chunk_id: str, text: str | None, meta: dict[str, Any]) -> Chunk:
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


def chroma_where(filters: ChunkFilter | None) -> dict[str, Any] | None:
    """The part of a filter Chroma can apply itself; the rest is checked on the results."""
    return {"language": filters.language} if filters and filters.language else None


class ChromaWriter(VectorStore):
    """What LangChain's `index()` writes through: texts are embedded outside the store's
    lock, so queries in other threads wait only for the Chroma call itself."""

    def __init__(
        self,
        embeddings: Callable[[], Embeddings],
        upsert: Upsert,
        delete: Callable[[Sequence[str]], None],
    ) -> None:
        self._embeddings = embeddings
        self._upsert = upsert
        self._delete = delete

    @property
    def embeddings(self) -> Embeddings:
        return self._embeddings()

    def add_documents(
        self, documents: list[LCDocument], ids: list[str] | None = None, **kwargs: Any
    ) -> list[str]:
        if ids is None:
            raise ValueError("the index writer needs explicit chunk ids")
        texts = [d.page_content for d in documents]
        vectors = self.embeddings.embed_documents(texts)
        self._upsert(ids, vectors, texts, [dict(d.metadata) for d in documents])
        return ids

    def delete(self, ids: list[str] | None = None, **kwargs: Any) -> bool | None:
        if ids:
            self._delete(ids)
        return True

    def similarity_search(self, query: str, k: int = 4, **kwargs: Any) -> list[LCDocument]:
        raise NotImplementedError("search through ChunkStore.dense_search")

    @classmethod
    def from_texts(
        cls,
        texts: Iterable[str] | list[str],
        embedding: Embeddings,
        metadatas: list[dict[Any, Any]] | None = None,
        **kwargs: Any,
    ) -> ChromaWriter:
        raise NotImplementedError("built by ChunkStore")
