"""Answers and verdicts built by hand, for grading and report tests without a model."""

from __future__ import annotations

from typing import Any

from langchain_core.embeddings import DeterministicFakeEmbedding

from advisor.answering.evidence import SentenceEmbedder
from advisor.answering.types import Answer, Citation, Timings
from advisor.evaluation.grading import Verdict
from advisor.retrieval.types import Passage
from ingest.documents import Chunk

# Hash-based vectors from langchain: unrelated texts are far apart, so only word overlap
# backs a sentence; that keeps groundedness predictable in these tests.
EMBEDDER = SentenceEmbedder(DeterministicFakeEmbedding(size=32))


def answer(
    text: str,
    *,
    cited: tuple[str, ...] = (),
    retrieved: tuple[str, ...] = (),
    abstained: bool = False,
    total_ms: float = 1000.0,
    intent: str = "lookup",
) -> Answer:
    citations = [
        Citation(n, f"/kb/{source}", source, "", text) for n, source in enumerate(cited, 1)
    ]
    passages = [
        Passage(Chunk(f"/kb/{source}", source, "", text, 0, "en"), 1.0) for source in retrieved
    ]
    return Answer(
        question="q",
        answer=text,
        abstained=abstained,
        citations=citations,
        passages=passages,
        timings=Timings(first_token_ms=100.0, total_ms=total_ms),
        intent=intent,
    )


def verdict(**fields: Any) -> Verdict:
    base: dict[str, Any] = {
        "id": "q",
        "type": "fact",
        "lang": "en",
        "question": "q",
        "answer": "a",
        "abstained": False,
        "first_token_ms": 100.0,
        "total_ms": 1000.0,
    }
    return Verdict(**{**base, **fields})
