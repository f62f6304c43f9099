"""BM25 over every chunk in the index, rebuilt only when the index has changed."""

from __future__ import annotations

import math
import threading
from typing import Any

from rank_bm25 import BM25Okapi

from advisor.text import tokenize
from ingest.documents import Chunk
from ingest.index import ChunkIndex


class LuceneBM25(BM25Okapi):
    """BM25 with Lucene's always-positive IDF: the classic formula goes negative for a term
    in more than half the documents, which hides the only match in a small index."""

    def _calc_idf(self, nd: dict[str, Any]) -> None:
        self.idf = {
            word: math.log(1 + (self.corpus_size - freq + 0.5) / (freq + 0.5))
            for word, freq in nd.items()
        }


class KeywordIndex:
    """Exact-term search (prices, product names, codes) that dense vectors blur."""

    def __init__(self, index: ChunkIndex) -> None:
        self._index = index
        self._lock = threading.Lock()
        self._version: int | None = None
        self._chunks: list[Chunk] = []
        self._bm25: LuceneBM25 | None = None
        self._vocabulary: frozenset[str] = frozenset()

    def _refresh(self) -> None:
        version = self._index.version()  # one small SQL query; the corpus is re-read on change
        with self._lock:
            if version == self._version:
                return
            chunks = self._index.all_chunks()
            corpus = [tokenize(f"{c.title} {c.location} {c.text}") for c in chunks]
            self._bm25 = LuceneBM25(corpus) if chunks else None
            self._chunks = chunks
            self._vocabulary = frozenset(t for doc in corpus for t in doc)
            self._version = version

    def vocabulary(self) -> frozenset[str]:
        self._refresh()
        return self._vocabulary

    def search(self, query: str, k: int) -> list[tuple[Chunk, float]]:
        self._refresh()
        terms = tokenize(query)
        with self._lock:
            bm25, chunks = self._bm25, self._chunks
        if bm25 is None or not terms:
            return []
        scores = bm25.get_scores(terms)
        ranked = sorted(range(len(scores)), key=lambda i: scores[i], reverse=True)
        return [(chunks[i], float(scores[i])) for i in ranked[:k] if scores[i] > 0]
