"""Retrieval that covers the question: one query per named thing or consideration, merged.

A single query for "compare A and B" tends to return five passages about A; a question that
asks for advice needs evidence on each consideration, not the five nearest to its wording.
The retriever is asked once per aspect and the evidence is merged, numbered once, with at
most two sentences from any one document so the answer rests on more than one source.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from advisor.answering.evidence import EvidenceSelector
from advisor.answering.types import Evidence
from advisor.retrieval.hybrid import HybridRetriever
from advisor.retrieval.types import Passage, RetrievalFilter
from advisor.text import tokenize

MAX_PER_DOCUMENT = 2  # the rule: a third sentence from one document crowds out others
PER_QUERY = 3  # sentences kept per aspect: enough for a table cell and a quote beside it
_SAME_SENTENCE = 0.8  # share of shared terms at which two sentences say the same thing


@dataclass(frozen=True)
class AspectQuery:
    """One retrieval query and the aspect of the answer it serves ("main", an entity, a
    consideration)."""

    aspect: str
    text: str
    prefer: Callable[[Evidence], bool] | None = None  # sentences this aspect needs first


@dataclass
class Gathered:
    """Merged passages and evidence, each evidence sentence numbered once, with the aspects
    whose query found it."""

    passages: list[Passage] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)
    aspects: dict[int, list[str]] = field(default_factory=dict)

    def for_aspect(self, aspect: str) -> list[Evidence]:
        return [e for e in self.evidence if aspect in self.aspects.get(e.n, [])]


class Gatherer:
    """Issues the aspect queries through the retriever and merges what they find."""

    def __init__(
        self,
        retriever: HybridRetriever,
        selector: EvidenceSelector,
        per_query: int = PER_QUERY,
        max_per_document: int = MAX_PER_DOCUMENT,
    ) -> None:
        self._retriever = retriever
        self._selector = selector
        self._per_query = per_query
        self._max_per_document = max_per_document

    def gather(
        self,
        queries: Sequence[AspectQuery],
        k: int | None = None,
        filters: RetrievalFilter | None = None,
        per_query: int | None = None,
    ) -> Gathered:
        found: list[tuple[AspectQuery, list[Passage], list[Evidence]]] = []
        for query in queries:
            embedding = self._retriever.embed_query(query.text)
            passages = self._retriever.retrieve(query.text, k, filters, embedding)
            evidence = self._selector.select(query.text, embedding, passages)
            if (prefer := query.prefer) is not None:
                evidence.sort(key=lambda e: not prefer(e))  # stable: best first within each
            found.append((query, passages, evidence))
        return merge(found, per_query or self._per_query, self._max_per_document)


def merge(
    found: Sequence[tuple[AspectQuery, list[Passage], list[Evidence]]],
    per_query: int = PER_QUERY,
    max_per_document: int = MAX_PER_DOCUMENT,
) -> Gathered:
    """Round-robin over the queries' evidence (the main query first), renumbered, duplicates
    folded into one with both aspects, at most `max_per_document` sentences per document
    unless a single document is all there is."""
    result = Gathered()
    seen_passages: set[tuple[str, str, str]] = set()
    for _query, passages, _evidence in found:
        for p in passages:
            key = (p.source, p.location, p.text)
            if key not in seen_passages:
                seen_passages.add(key)
                result.passages.append(p)
    documents = {e.passage.source for _q, _p, ev in found for e in ev}
    cap = max_per_document if len(documents) > 1 else None
    per_document: Counter[str] = Counter()
    terms: list[tuple[int, set[str]]] = []
    taken = [0] * len(found)
    queues = [list(ev) for _q, _p, ev in found]
    while any(queues):
        for i, queue in enumerate(queues):
            while queue and taken[i] < per_query:
                candidate = queue.pop(0)
                words = set(tokenize(candidate.text))
                same = next((n for n, w in terms if _same(words, w)), None)
                if same is not None:
                    _add_aspect(result, same, found[i][0].aspect, candidate.score)
                    continue
                if cap is not None and per_document[candidate.passage.source] >= cap:
                    continue
                n = len(result.evidence) + 1
                result.evidence.append(
                    Evidence(n, candidate.text, candidate.passage, candidate.score)
                )
                result.aspects[n] = [found[i][0].aspect]
                per_document[candidate.passage.source] += 1
                terms.append((n, words))
                taken[i] += 1
                break
            if taken[i] >= per_query:
                queue.clear()
    return result


def _same(a: set[str], b: set[str]) -> bool:
    return len(a & b) >= _SAME_SENTENCE * max(len(a), len(b), 1)


def _add_aspect(result: Gathered, n: int, aspect: str, score: float) -> None:
    """Another query found sentence `n`: it serves that aspect too, and it keeps the best
    score any query gave it (how well the knowledge base answers that aspect)."""
    if aspect not in result.aspects[n]:
        result.aspects[n].append(aspect)
    kept = result.evidence[n - 1]
    if score > kept.score:
        result.evidence[n - 1] = Evidence(n, kept.text, kept.passage, score)
