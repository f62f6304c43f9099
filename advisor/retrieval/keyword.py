"""BM25 over every chunk in the index, updated incrementally when the index changes.

rank_bm25 and bm25s build their matrices for a fixed corpus, so one new document meant
re-reading and re-tokenising every chunk (seconds at 100k chunks). This keeps BM25's
inverted postings instead: a change fetches and tokenises only the chunks added, drops the
ones removed, and scores only the documents that hold a query term. The scores are
rank_bm25's BM25Okapi with Lucene's always-positive IDF, unchanged.
"""

from __future__ import annotations

import math
import threading
from collections import Counter
from dataclasses import dataclass, field
from typing import cast

import numpy as np

from advisor.text import tokenize
from ingest.documents import Chunk
from ingest.index import ChunkIndex

# rank_bm25's defaults, which the retrieval evaluation was tuned with: k1 saturates a
# repeated term, b normalises by chunk length.
K1 = 1.5
B = 0.75
_MIN_GROWTH = 1024  # slots added at least per growth of the length array


def lucene_idf(documents: int, with_term: int) -> float:
    """Always positive: the classic formula goes negative for a term in more than half the
    documents, which hides the only match in a small index."""
    return math.log(1 + (documents - with_term + 0.5) / (with_term + 0.5))


@dataclass
class _Postings:
    """Term -> {slot: term frequency}; a slot per chunk, its length in a numpy array so a
    query term's postings are scored in one vectorised step."""

    terms: dict[str, dict[int, int]] = field(default_factory=dict)
    slots: dict[str, int] = field(default_factory=dict)  # chunk id -> slot, insertion order
    chunks: list[Chunk | None] = field(default_factory=list)  # None: a removed chunk's slot
    lengths: np.ndarray = field(default_factory=lambda: np.zeros(0))
    total_length: int = 0
    # A term's slots and BM25 weights (all but its IDF) as arrays, built on its first query:
    # a term held by every chunk is then scored in one step instead of 100k dict reads.
    # Dropped when the term's postings change; all of them when the average length does.
    weights: dict[str, tuple[np.ndarray, np.ndarray]] = field(default_factory=dict)
    weights_average: float = 0.0

    def _weights(self, term: str, average: float) -> tuple[np.ndarray, np.ndarray] | None:
        """Slots of the chunks holding `term` and its saturated, length-normalised weight."""
        if average != self.weights_average:
            self.weights, self.weights_average = {}, average
        cached = self.weights.get(term)
        if cached is None:
            holders = self.terms.get(term)
            if not holders:
                return None
            slots = np.fromiter(holders.keys(), dtype=np.int64, count=len(holders))
            tf = np.fromiter(holders.values(), dtype=np.float64, count=len(holders))
            norm = K1 * (1 - B + B * self.lengths[slots] / average)
            cached = self.weights[term] = (slots, tf * (K1 + 1) / (tf + norm))
        return cached

    def add(self, chunk: Chunk) -> None:
        tokens = tokenize(f"{chunk.title} {chunk.location} {chunk.text}")
        slot = len(self.chunks)
        for term, count in Counter(tokens).items():
            self.terms.setdefault(term, {})[slot] = count
            self.weights.pop(term, None)
        if slot >= len(self.lengths):
            self.lengths = np.concatenate([self.lengths, np.zeros(max(slot, _MIN_GROWTH))])
        self.lengths[slot] = len(tokens)
        self.slots[chunk.id] = slot
        self.chunks.append(chunk)
        self.total_length += len(tokens)

    def remove(self, chunk_id: str) -> None:
        slot = self.slots.pop(chunk_id)
        chunk = self.chunks[slot]
        assert chunk is not None
        for term in set(tokenize(f"{chunk.title} {chunk.location} {chunk.text}")):
            holders = self.terms[term]
            del holders[slot]
            self.weights.pop(term, None)
            if not holders:
                del self.terms[term]
        self.total_length -= int(self.lengths[slot])
        self.lengths[slot] = 0
        self.chunks[slot] = None

    def top(self, terms: list[str], k: int) -> list[tuple[Chunk, float]]:
        documents = len(self.slots)
        if not documents:
            return []
        average = self.total_length / documents or 1.0
        scored: list[_Scored] = []
        for term in terms:  # a repeated query term counts again, as in rank_bm25
            weighted = self._weights(term, average)
            if weighted is not None:
                slots, weight = weighted
                scored.append((slots, weight, lucene_idf(documents, len(slots))))
        found = _top_of_rare(scored, documents, k) if k > 0 else None
        if found is None:
            found = _top_of_all(scored, len(self.chunks), k)
        hits, scores = found
        return [(cast(Chunk, self.chunks[i]), float(x)) for i, x in zip(hits, scores, strict=True)]


_Scored = tuple[np.ndarray, np.ndarray, float]  # a query term's slots, weights and IDF
# A term in fewer than this share of the chunks names something (a price, a product); the
# others ("seat", "tier" in a pricing corpus) mostly order the chunks the rare ones found.
RARE_SHARE = 0.05


def _top_of_all(scored: list[_Scored], size: int, k: int) -> tuple[np.ndarray, np.ndarray]:
    """Every chunk scored: the reference the pruned path must equal."""
    scores = np.zeros(size)
    for slots, weight, idf in scored:
        scores[slots] += idf * weight
    hits = np.flatnonzero(scores > 0)
    if 0 < k < len(hits):  # what can reach the top k (ties included); sort only that
        kth = np.partition(scores[hits], len(hits) - k)[len(hits) - k]
        hits = hits[scores[hits] >= kth]
    ranked = hits[np.argsort(-scores[hits], kind="stable")][:k]  # ties: insertion order
    return ranked, scores[ranked]


def _top_of_rare(
    scored: list[_Scored], documents: int, k: int
) -> tuple[np.ndarray, np.ndarray] | None:
    """The top k scored only over the chunks holding a rare term, or None when that cannot
    be proven equal to scoring every chunk: the k-th score must beat the most that the
    common terms alone can give (IDF x (k1 + 1) each), so no other chunk reaches the top.
    Terms are added in query order, so every score is the same float as in the full path."""
    common = [idf * (K1 + 1) for slots, _, idf in scored if len(slots) >= RARE_SHARE * documents]
    rare = [slots for slots, _, _ in scored if len(slots) < RARE_SHARE * documents]
    if not rare:
        return None
    candidates = np.unique(np.concatenate(rare))  # ascending slots: insertion order
    if len(candidates) < k:
        return None
    scores = np.zeros(len(candidates))
    for slots, weight, idf in scored:  # slots ascending: chunks are only ever appended
        at = np.minimum(np.searchsorted(slots, candidates), len(slots) - 1)
        held = slots[at] == candidates
        scores[held] += idf * weight[at[held]]
    order = np.argsort(-scores, kind="stable")[:k]
    if scores[order[-1]] <= sum(common):
        return None
    return candidates[order], scores[order]


class KeywordIndex:
    """Exact-term search (prices, product names, codes) that dense vectors blur."""

    def __init__(self, index: ChunkIndex) -> None:
        self._index = index
        self._lock = threading.Lock()
        self._version: int | None = None
        self._postings = _Postings()
        self._vocabulary: frozenset[str] | None = None

    def reset(self) -> None:
        """Forget everything: the next search rebuilds from the whole index."""
        with self._lock:
            self._version, self._postings, self._vocabulary = None, _Postings(), None

    def _refresh(self) -> None:
        version = self._index.version()  # one small SQL query; chunks are read only on change
        with self._lock:
            if version == self._version:
                return
            if len(self._postings.chunks) > 2 * len(self._postings.slots) + _MIN_GROWTH:
                self._postings = _Postings()  # mostly removed slots: rebuild compactly
            held = self._postings.slots
            if not held:
                new = self._index.all_chunks()  # first build: one read, in the index's order
            else:
                ids = self._index.chunk_ids()
                for gone in held.keys() - ids:
                    self._postings.remove(gone)
                new = self._index.chunks(sorted(ids - held.keys()))
            for chunk in new:
                if chunk.id not in held:
                    self._postings.add(chunk)
            self._vocabulary = None
            self._version = version

    def vocabulary(self) -> frozenset[str]:
        self._refresh()
        with self._lock:
            if self._vocabulary is None:
                self._vocabulary = frozenset(self._postings.terms)
            return self._vocabulary

    def rarity(self, terms: list[str]) -> dict[str, float]:
        """Each term's IDF in the whole index; a term no chunk holds gets the highest."""
        self._refresh()
        with self._lock:
            documents = len(self._postings.slots)
            return {t: lucene_idf(documents, len(self._postings.terms.get(t, ()))) for t in terms}

    def search(self, query: str, k: int) -> list[tuple[Chunk, float]]:
        self._refresh()
        terms = tokenize(query)
        if not terms:
            return []
        with self._lock:
            return self._postings.top(terms, k)
