"""How chunks become the documents LangChain indexes into Chroma, and Chroma rows become
chunks again. Pure conversions, kept apart from the store's concurrency."""

from __future__ import annotations

import hashlib
import json
import uuid
from typing import Any

from langchain_core.documents import Document as LCDocument

from ingest.documents import Chunk, MetadataValue
from ingest.index import ChunkFilter

_NAMESPACE = uuid.UUID(int=2024)
_UNHASHED = {"ingested_at"}


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
