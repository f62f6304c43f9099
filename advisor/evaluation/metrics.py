"""Per-question verdicts and their summary. The summary is computed only from the verdicts
stored in results.json, so anyone can recompute it by hand."""

from __future__ import annotations

import re
from statistics import quantiles
from typing import Any

import numpy as np

from advisor.answering.evidence import SentenceEmbedder
from advisor.answering.types import Answer
from advisor.evaluation.testset import TestCase
from advisor.text import numbers, split_sentences, tokenize

_MARKER = re.compile(r"\[(\d+)\]")
_SUPPORT_MIN = 0.5


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
        close = float(np.max(sims[i])) >= _SUPPORT_MIN or lexical >= 0.6
        verdicts.append(close and numbers(sentence) <= support_numbers)
    return sum(verdicts) / len(verdicts), verdicts


def grade(case: TestCase, answer: Answer, embedder: SentenceEmbedder, k: int) -> dict[str, Any]:
    """Every verdict for one question, with the reason for each failure."""
    retrieved = [p.source for p in answer.passages]
    rank = next((i for i, s in enumerate(retrieved[:k], 1) if _matches(s, case.source)), None)
    cited = [c.source for c in answer.citations]
    valid_n = {c.n for c in answer.citations}
    invalid = [int(n) for n in _MARKER.findall(answer.answer) if int(n) not in valid_n]
    text = answer.answer.lower()
    key_fact = any(m.lower() in text for m in case.must_include) if case.answerable else None
    ground, sentence_verdicts = groundedness(answer, embedder)
    verdict: dict[str, Any] = {
        "id": case.id,
        "type": case.type,
        "lang": case.lang,
        "question": case.question,
        "expected_source": case.source,
        "must_include": case.must_include,
        "answer": answer.answer,
        "abstained": answer.abstained,
        "citations": [c.to_dict() for c in answer.citations],
        "retrieved_sources": retrieved,
        "hit": rank is not None if case.answerable else None,
        "reciprocal_rank": (1.0 / rank if rank else 0.0) if case.answerable else None,
        "key_fact": key_fact,
        "citation_correct": any(_matches(s, case.source) for s in cited)
        if case.answerable
        else None,
        "abstention_correct": answer.abstained if not case.answerable else None,
        "false_abstention": answer.abstained if case.answerable else None,
        "invalid_citations": len(invalid),
        "groundedness": ground,
        "sentence_grounded": sentence_verdicts,
        "first_token_ms": answer.timings.first_token_ms,
        "total_ms": answer.timings.total_ms,
    }
    verdict["failures"] = _reasons(case, verdict, invalid, k)
    return verdict


def _reasons(case: TestCase, v: dict[str, Any], invalid: list[int], k: int) -> list[str]:
    reasons = []
    if case.answerable:
        if not v["hit"]:
            reasons.append(f"{case.source} not among the top {k} passages")
        if v["false_abstention"]:
            reasons.append("abstained on an answerable question")
        elif not v["key_fact"]:
            reasons.append(f"answer contains none of {case.must_include}")
        if not v["citation_correct"]:
            reasons.append(f"{case.source} not cited")
    elif not v["abstention_correct"]:
        reasons.append("answered a question the knowledge base does not cover")
    if invalid:
        reasons.append(f"citation markers point at no passage: {invalid}")
    if v["groundedness"] is not None and v["groundedness"] < 1:
        reasons.append(f"only {v['groundedness']:.0%} of sentences grounded in cited passages")
    return reasons


def _mean(values: list[Any]) -> float | None:
    present = [float(v) for v in values if v is not None]
    return round(sum(present) / len(present), 4) if present else None


def _percentile(values: list[Any], q: int) -> float | None:
    present = sorted(float(v) for v in values if v is not None)
    if not present:
        return None
    if len(present) == 1:
        return round(present[0], 1)
    return round(quantiles(present, n=100, method="inclusive")[q - 1], 1)


def summarize(verdicts: list[dict[str, Any]], k: int = 5) -> dict[str, Any]:
    def col(name: str) -> list[Any]:
        return [v[name] for v in verdicts]

    return {
        "n": len(verdicts),
        f"hit_at_{k}": _mean(col("hit")),
        "mrr": _mean(col("reciprocal_rank")),
        "key_fact_accuracy": _mean(col("key_fact")),
        "citation_accuracy": _mean(col("citation_correct")),
        "abstention_accuracy": _mean(col("abstention_correct")),
        "false_abstention_rate": _mean(col("false_abstention")),
        "invalid_citations": sum(col("invalid_citations")),
        "groundedness": _mean(col("groundedness")),
        "first_token_ms_p50": _percentile(col("first_token_ms"), 50),
        "total_ms_p50": _percentile(col("total_ms"), 50),
        "total_ms_p95": _percentile(col("total_ms"), 95),
    }


def breakdown(verdicts: list[dict[str, Any]], key: str, k: int = 5) -> dict[str, dict[str, Any]]:
    groups: dict[str, list[dict[str, Any]]] = {}
    for v in verdicts:
        groups.setdefault(str(v[key]), []).append(v)
    return {name: summarize(group, k) for name, group in sorted(groups.items())}
