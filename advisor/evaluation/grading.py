"""One question's verdict: every check, its inputs as they were read, and the reason for each
failure. A verdict holds only what results.json stores, so any summary can be recomputed."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np

from advisor.answering.evidence import SentenceEmbedder
from advisor.answering.types import Answer
from advisor.evaluation.figures import matches, read_figures
from advisor.evaluation.testset import COVERAGE_TYPES, TestCase
from advisor.text import numbers, split_sentences, tokenize

_MARKER = re.compile(r"\[(\d+)\]")
# A sentence is backed by a cited passage when it is this close in meaning to one of its
# sentences (MiniLM cosine; paraphrases score ~0.6, unrelated text ~0.1) ...
SUPPORT_MIN_SIMILARITY = 0.5
# ... or shares this share of its words with one (a quote with a word changed).
SUPPORT_MIN_OVERLAP = 0.6


@dataclass
class Verdict:
    """The grade of one answer. None means "does not apply to this question"."""

    id: str
    type: str
    lang: str
    question: str
    answer: str
    abstained: bool
    intent: str | None = None
    predicted_intent: str | None = None
    expected_source: str | None = None
    must_include: list[str] = field(default_factory=list)
    citations: list[dict[str, Any]] = field(default_factory=list)
    retrieved_sources: list[str] = field(default_factory=list)
    hit: bool | None = None
    reciprocal_rank: float | None = None
    key_fact: bool | None = None
    citation_correct: bool | None = None
    abstention_correct: bool | None = None
    false_abstention: bool | None = None
    invalid_citations: int = 0
    groundedness: float | None = None
    sentence_grounded: list[bool] = field(default_factory=list)
    expected_value: float | None = None
    tolerance: float | None = None
    figures_read: list[str] = field(default_factory=list)
    calculation_correct: bool | None = None
    must_cover: list[list[str]] = field(default_factory=list)
    min_sources: int | None = None
    missing_groups: list[list[str]] = field(default_factory=list)
    cited_documents: int = 0
    covered: bool | None = None
    intent_correct: bool | None = None
    first_token_ms: float | None = None
    total_ms: float | None = None
    failures: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _matches(source: str, expected: str | None) -> bool:
    return bool(expected) and source.replace("\\", "/").endswith("/" + str(expected).lstrip("/"))


def groundedness(answer: Answer, embedder: SentenceEmbedder) -> tuple[float | None, list[bool]]:
    """Share of answer sentences backed by a cited passage: close in meaning (or sharing most
    words) and with every number found there."""
    sentences = [s for s in split_sentences(_MARKER.sub("", answer.answer)) if tokenize(s)]
    if answer.abstained or not sentences:
        return None, []
    support = [s for c in answer.citations for s in split_sentences(c.quote)]
    if not support:
        return 0.0, [False] * len(sentences)
    support_numbers = set().union(*(numbers(c.quote) for c in answer.citations))
    sims = embedder.embed(sentences) @ embedder.embed(support).T
    verdicts = []
    for i, sentence in enumerate(sentences):
        terms = set(tokenize(sentence))
        lexical = max(len(terms & set(tokenize(s))) / len(terms) for s in support)
        close = float(np.max(sims[i])) >= SUPPORT_MIN_SIMILARITY or lexical >= SUPPORT_MIN_OVERLAP
        verdicts.append(close and numbers(sentence) <= support_numbers)
    return sum(verdicts) / len(verdicts), verdicts


def missing_groups(text: str, must_cover: list[list[str]]) -> list[list[str]]:
    """The must_cover groups none of whose strings the text contains (case-insensitive)."""
    lowered = text.lower()
    return [group for group in must_cover if not any(s.lower() in lowered for s in group)]


def grade(case: TestCase, answer: Answer, embedder: SentenceEmbedder, k: int) -> Verdict:
    """Every verdict for one question, with the reason for each failure."""
    retrieved = [p.source for p in answer.passages]
    cited = [c.source for c in answer.citations]
    valid_n = {c.n for c in answer.citations}
    invalid = [int(n) for n in _MARKER.findall(answer.answer) if int(n) not in valid_n]
    verdict = Verdict(
        id=case.id,
        type=case.type,
        lang=case.lang,
        question=case.question,
        answer=answer.answer,
        abstained=answer.abstained,
        intent=case.expected_intent,
        predicted_intent=answer.intent,
        expected_source=case.source,
        must_include=case.must_include,
        citations=[c.to_dict() for c in answer.citations],
        retrieved_sources=retrieved,
        invalid_citations=len(invalid),
        first_token_ms=answer.timings.first_token_ms,
        total_ms=answer.timings.total_ms,
    )
    if case.type != "calculation":  # computed figures are in no source: graded numerically
        verdict.groundedness, verdict.sentence_grounded = groundedness(answer, embedder)
    if case.answerable:
        verdict.false_abstention = answer.abstained
    else:
        verdict.abstention_correct = answer.abstained
    if case.source:
        rank = next((i for i, s in enumerate(retrieved[:k], 1) if _matches(s, case.source)), None)
        verdict.hit = rank is not None
        verdict.reciprocal_rank = 1.0 / rank if rank else 0.0
        verdict.citation_correct = any(_matches(s, case.source) for s in cited)
    if case.must_include:
        text = answer.answer.lower()
        verdict.key_fact = any(m.lower() in text for m in case.must_include)
    if case.type == "calculation" and case.expected is not None:
        _grade_calculation(verdict, case.expected, case.tolerance)
    if case.type in COVERAGE_TYPES:
        _grade_coverage(verdict, case.must_cover, case.min_sources, cited)
    if verdict.intent and verdict.predicted_intent is not None:
        verdict.intent_correct = verdict.predicted_intent == verdict.intent
    verdict.failures = _reasons(case, verdict, invalid, k)
    return verdict


def _grade_calculation(verdict: Verdict, expected: float, tolerance: float) -> None:
    figures = read_figures(verdict.answer)
    verdict.expected_value, verdict.tolerance = expected, tolerance
    verdict.figures_read = [f.text for f in figures]
    verdict.calculation_correct = not verdict.abstained and any(
        matches(f, expected, tolerance) for f in figures
    )


def _grade_coverage(
    verdict: Verdict, must_cover: list[list[str]], min_sources: int, cited: list[str]
) -> None:
    verdict.must_cover, verdict.min_sources = must_cover, min_sources
    verdict.missing_groups = missing_groups(verdict.answer, must_cover)
    verdict.cited_documents = len(set(cited))
    verdict.covered = (
        not verdict.abstained
        and not verdict.missing_groups
        and verdict.cited_documents >= min_sources
    )


def _reasons(case: TestCase, v: Verdict, invalid: list[int], k: int) -> list[str]:
    reasons = []
    if v.hit is False:
        reasons.append(f"{case.source} not among the top {k} passages")
    if v.false_abstention:
        reasons.append("abstained on an answerable question")
    elif v.key_fact is False:
        reasons.append(f"answer contains none of {case.must_include}")
    if v.citation_correct is False:
        reasons.append(f"{case.source} not cited")
    if v.abstention_correct is False:
        reasons.append("answered a question the knowledge base does not cover")
    if v.calculation_correct is False and not v.abstained:
        reasons.append(
            f"no figure within ±{v.tolerance:g} of {v.expected_value:g} "
            f"(read: {', '.join(v.figures_read) or 'none'})"
        )
    if v.missing_groups and not v.abstained:
        reasons.append(f"answer covers none of {v.missing_groups}")
    if v.covered is False and v.min_sources and v.cited_documents < v.min_sources:
        reasons.append(f"citations span {v.cited_documents} of {v.min_sources} documents needed")
    if v.intent_correct is False:
        reasons.append(f"intent {v.predicted_intent}, expected {v.intent}")
    if invalid:
        reasons.append(f"citation markers point at no passage: {invalid}")
    if v.groundedness is not None and v.groundedness < 1:
        reasons.append(f"only {v.groundedness:.0%} of sentences grounded in cited passages")
    return reasons
