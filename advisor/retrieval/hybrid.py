"""Dense + keyword search fused by reciprocal rank fusion, then a diversity pass."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from advisor.retrieval.keyword import KeywordIndex
from advisor.retrieval.types import Passage, RetrievalFilter
from advisor.settings import RetrievalSettings
from ingest.catalogue import CATALOGUE_KEY
from ingest.documents import Chunk
from ingest.index import ChunkIndex


@dataclass
class _Fused:
    chunk: Chunk
    score: float = 0.0
    dense: float | None = None
    keyword: float | None = None


class HybridRetriever:
    """Reads the index only through the `ChunkIndex` protocol."""

    def __init__(self, index: ChunkIndex, settings: RetrievalSettings) -> None:
        self._index = index
        self._settings = settings
        self.keyword = KeywordIndex(index)

    def embed_query(self, query: str) -> list[float]:
        return self._index.embed_query(query)

    def vocabulary(self) -> frozenset[str]:
        """Every keyword-index term: a name outside it occurs nowhere in the index."""
        return self.keyword.vocabulary()

    def rarity(self, terms: list[str]) -> dict[str, float]:
        """Each term's IDF in the whole index: how much a passage holding it says."""
        return self.keyword.rarity(terms)

    def retrieve(
        self,
        query: str,
        k: int | None = None,
        filters: RetrievalFilter | None = None,
        query_embedding: list[float] | None = None,
    ) -> list[Passage]:
        k = k or self._settings.top_k
        filters = filters or RetrievalFilter()
        wide = self._settings.candidates * (1 if filters.empty else 4)
        embedding = query_embedding if query_embedding is not None else self.embed_query(query)
        dense = self._index.dense_search(embedding, wide, filters)
        keyword = [(c, s) for c, s in self.keyword.search(query, wide) if filters.matches(c)]
        fused: dict[str, _Fused] = {}
        rrf_k = self._settings.rrf_k
        for rank, (chunk, score) in enumerate(dense[: self._settings.candidates]):
            entry = fused.setdefault(chunk.id, _Fused(chunk))
            entry.score += 1.0 / (rrf_k + rank + 1)
            entry.dense = score
        for rank, (chunk, score) in enumerate(keyword[: self._settings.candidates]):
            entry = fused.setdefault(chunk.id, _Fused(chunk))
            entry.score += 1.0 / (rrf_k + rank + 1)
            entry.keyword = score
        ranked = sorted(fused.values(), key=lambda e: e.score, reverse=True)
        leaders = dict.fromkeys(found[0][0].id for found in (keyword, dense) if found)
        return _keep_leaders(self._diversify(ranked, k), [fused[i] for i in leaders], k)

    def _diversify(self, ranked: list[_Fused], k: int) -> list[Passage]:
        """At most `max_per_section` passages of one section, so five hits are not one text;
        a chunk that lists other documents (an index of files) only after all the rest: it
        shares their topic words but says nothing itself."""
        per_section: Counter[tuple[str, str]] = Counter()
        chosen: list[Passage] = []
        held_back: list[Passage] = []
        listings: list[Passage] = []
        for entry in ranked:
            passage = Passage(entry.chunk, entry.score, entry.dense, entry.keyword)
            section = (entry.chunk.source, entry.chunk.location)
            if entry.chunk.metadata.get(CATALOGUE_KEY):
                listings.append(passage)
            elif per_section[section] < self._settings.max_per_section:
                per_section[section] += 1
                chosen.append(passage)
            else:
                held_back.append(passage)
            if len(chosen) == k:
                break
        return (chosen + held_back + listings)[:k]


def _keep_leaders(passages: list[Passage], leaders: list[_Fused], k: int) -> list[Passage]:
    """Each search's own best hit stays among the k, in the last places. Fusion by rank
    drops a chunk only one side finds: the table row holding every word of "GitLab Ultimate
    per user per month" was keyword search's first hit and dense search's 22nd, and lost
    to five chunks both found somewhere in their top 20."""
    held = {p.chunk.id for p in passages}
    missing = [
        Passage(e.chunk, e.score, e.dense, e.keyword)
        for e in leaders
        if e.chunk.id not in held and not e.chunk.metadata.get(CATALOGUE_KEY)
    ]
    if not missing or k < 2 * len(missing):
        return passages
    return passages[: k - len(missing)] + missing
