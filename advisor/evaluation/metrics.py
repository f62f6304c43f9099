"""The summary of a run, computed only from the verdicts stored in results.json, so anyone
can recompute it by hand: every rate is the plain mean over the questions it applies to."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from statistics import quantiles
from typing import Any

from advisor.evaluation.grading import Verdict


def _mean(values: Sequence[Any]) -> float | None:
    present = [float(v) for v in values if v is not None]
    return round(sum(present) / len(present), 4) if present else None


def _percentile(values: Sequence[Any], q: int) -> float | None:
    present = sorted(float(v) for v in values if v is not None)
    if not present:
        return None
    if len(present) == 1:
        return round(present[0], 1)
    return round(quantiles(present, n=100, method="inclusive")[q - 1], 1)


def rate_names(k: int) -> list[str]:
    """The 0-1 metrics, in the order reports show them."""
    return [
        f"hit_at_{k}",
        "mrr",
        "key_fact_accuracy",
        "citation_accuracy",
        "abstention_accuracy",
        "groundedness",
        "calculation_accuracy",
        "coverage",
        "intent_accuracy",
    ]


def summarize(verdicts: Sequence[Verdict], k: int = 5) -> dict[str, Any]:
    def col(get: Callable[[Verdict], Any]) -> list[Any]:
        return [get(v) for v in verdicts]

    return {
        "n": len(verdicts),
        f"hit_at_{k}": _mean(col(lambda v: v.hit)),
        "mrr": _mean(col(lambda v: v.reciprocal_rank)),
        "key_fact_accuracy": _mean(col(lambda v: v.key_fact)),
        "citation_accuracy": _mean(col(lambda v: v.citation_correct)),
        "abstention_accuracy": _mean(col(lambda v: v.abstention_correct)),
        "false_abstention_rate": _mean(col(lambda v: v.false_abstention)),
        "invalid_citations": sum(col(lambda v: v.invalid_citations)),
        "groundedness": _mean(col(lambda v: v.groundedness)),
        "calculation_accuracy": _mean(col(lambda v: v.calculation_correct)),
        "coverage": _mean(col(lambda v: v.covered)),
        "intent_accuracy": _mean(col(lambda v: v.intent_correct)),
        "first_token_ms_p50": _percentile(col(lambda v: v.first_token_ms), 50),
        "total_ms_p50": _percentile(col(lambda v: v.total_ms), 50),
        "total_ms_p95": _percentile(col(lambda v: v.total_ms), 95),
    }


def breakdown(
    verdicts: Sequence[Verdict], key: Callable[[Verdict], str | None], k: int = 5
) -> dict[str, dict[str, Any]]:
    """The summary per group; questions whose key is None are left out."""
    groups: dict[str, list[Verdict]] = {}
    for v in verdicts:
        name = key(v)
        if name is not None:
            groups.setdefault(name, []).append(v)
    return {name: summarize(group, k) for name, group in sorted(groups.items())}


def compare(current: dict[str, Any], previous: dict[str, Any]) -> list[tuple[str, Any, Any, Any]]:
    """(metric, before, after, change) for every numeric summary metric in both."""
    rows = []
    for name, after in current.items():
        before = previous.get(name)
        if isinstance(after, int | float) and isinstance(before, int | float):
            rows.append((name, before, after, round(after - before, 4)))
    return rows
