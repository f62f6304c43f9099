"""The keyword index: BM25 scores as rank_bm25 computes them, exact terms found, and one
new document read on its own instead of the whole corpus."""

from __future__ import annotations

import math
from typing import Any

import pytest
from rank_bm25 import BM25Okapi

from advisor.retrieval.keyword import KeywordIndex
from advisor.text import tokenize
from ingest.index import ChunkIndex
from tests.advisor.retrieval.memory_index import MemoryIndex, chunk

CORPUS = [
    chunk("fin", "Intercom Fin charges $0.99 per resolution.", "Intercom Fin pricing"),
    chunk("copilot", "GitHub Copilot Business costs $19 per user per month.", "Copilot"),
    chunk("seats", "Seat-based pricing charges per user; seats are simple to budget."),
    chunk("credits", "Credits let customers prepay usage; one credit is one image."),
    chunk("zx", "The Zx-900 planner costs $77 per seat.", "Zx-900"),
    chunk("margin", "AI gross margins sit below SaaS margins because inference costs."),
]


class _LuceneReference(BM25Okapi):
    def _calc_idf(self, nd: dict[str, Any]) -> None:
        n = self.corpus_size
        self.idf = {w: math.log(1 + (n - f + 0.5) / (f + 0.5)) for w, f in nd.items()}


def _index(chunks: list[Any] = CORPUS) -> tuple[MemoryIndex, KeywordIndex]:
    memory = MemoryIndex(chunks)
    index: ChunkIndex = memory  # the protocol is all the keyword index needs
    return memory, KeywordIndex(index)


@pytest.mark.parametrize(
    "query",
    ["price per user", "$0.99 per resolution", "Zx-900 seat", "seats seats pricing", "margins"],
)
def test_scores_equal_rank_bm25_with_lucene_idf(query: str) -> None:
    _, keyword = _index()
    reference = _LuceneReference([tokenize(f"{c.title} {c.location} {c.text}") for c in CORPUS])
    expected = reference.get_scores(tokenize(query))
    found = {c.id: s for c, s in keyword.search(query, k=len(CORPUS))}
    for doc, score in zip(CORPUS, expected, strict=True):
        assert found.get(doc.id, 0.0) == pytest.approx(score), doc.id


@pytest.mark.parametrize(
    ("query", "top"),
    [
        ("$0.99", "fin"),
        ("0.99 per resolution", "fin"),
        ("Zx-900", "zx"),
        ("$77", "zx"),
        ("Copilot Business", "copilot"),
        ("prepay credits", "credits"),
    ],
)
def test_exact_prices_and_names_rank_first(query: str, top: str) -> None:
    _, keyword = _index()
    assert keyword.search(query, k=3)[0][0].id == top


def test_no_match_and_no_terms_return_nothing() -> None:
    _, keyword = _index()
    assert keyword.search("Quorvex", 3) == []
    assert keyword.search("the of and", 3) == []


def test_one_new_document_is_read_alone_and_ranks_like_a_rebuild() -> None:
    many = [chunk(f"c{i}", f"Plan {i} costs {i} dollars per seat.") for i in range(2000)]
    memory, keyword = _index(many)
    assert keyword.search("plan seat", 5)
    memory.fetched = 0
    memory.put(chunk("new", "The Quorvex analytics plan costs $41 per seat."))
    hits = keyword.search("Quorvex $41 seat", 5)
    assert hits[0][0].id == "new"
    assert memory.fetched == 1, "an update re-read the whole corpus"
    rebuilt = KeywordIndex(memory).search("Quorvex $41 seat", 5)
    assert [(c.id, round(s, 9)) for c, s in hits] == [(c.id, round(s, 9)) for c, s in rebuilt]


def test_removed_chunks_leave_results_and_vocabulary() -> None:
    memory, keyword = _index()
    assert "zx-900" in keyword.vocabulary()
    memory.drop("zx")
    assert all(c.id != "zx" for c, _ in keyword.search("Zx-900 planner $77", 5))
    assert "zx-900" not in keyword.vocabulary() and "planner" not in keyword.vocabulary()
    assert "seat" in keyword.vocabulary()  # still in other chunks
    reference = KeywordIndex(MemoryIndex([c for c in CORPUS if c.id != "zx"]))
    assert keyword.search("per seat", 5) == reference.search("per seat", 5)


def test_reset_rebuilds_from_the_whole_index() -> None:
    memory, keyword = _index()
    keyword.search("seat", 3)
    keyword.reset()
    memory.fetched = 0
    assert keyword.search("seat", 3)
    assert memory.fetched == len(CORPUS)


def test_heavy_churn_keeps_results_equal_to_a_fresh_index() -> None:
    memory, keyword = _index([chunk(f"c{i}", f"Plan {i} costs {i} per seat.") for i in range(3000)])
    keyword.search("plan", 3)
    for start in range(0, 2900, 100):  # many updates, most slots freed: compaction kicks in
        memory.drop(*(f"c{i}" for i in range(start, start + 100)))
        keyword.search("plan", 3)
    memory.put(chunk("late", "A late plan costs 5 per seat."))
    fresh = KeywordIndex(MemoryIndex([c for c in memory.all_chunks()]))
    assert keyword.search("plan 5 seat", 10) == fresh.search("plan 5 seat", 10)


def _scaled_corpus() -> list[Any]:
    """400 chunks: "seat" and "tier" in all (common), a tier number in four each (rare)."""
    return [
        chunk(f"c{i}", f"Plan {i} tier {i % 100} costs ${i % 7} per seat." + " seat" * (i % 3))
        for i in range(400)
    ]


@pytest.mark.parametrize(
    "query, k",
    [
        ("tier 42 seat", 3),  # rare term holders outscore anything common terms can give
        ("tier 42 seat", 20),  # more than the rare term holds: every chunk is scored
        ("seat tier", 5),  # common terms only
        ("tier 42 42 seat 17", 6),  # a repeated rare term, two rare terms
        ("$3 per seat", 10),
    ],
)
def test_scoring_only_rare_term_holders_equals_scoring_all(query: str, k: int) -> None:
    import advisor.retrieval.keyword as keyword

    _, pruned = _index(_scaled_corpus())
    _, full = _index(_scaled_corpus())
    everything = pytest.MonkeyPatch()
    everything.setattr(keyword, "_top_of_rare", lambda *args: None)
    try:
        expected = [(c.id, s) for c, s in full.search(query, k)]
    finally:
        everything.undo()
    assert [(c.id, s) for c, s in pruned.search(query, k)] == expected  # same floats, same order
    assert len(expected) == k
