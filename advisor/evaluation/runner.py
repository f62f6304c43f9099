"""Answer every test question through the same answerer the chat uses, and grade it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from advisor.answering.base import Answerer
from advisor.answering.evidence import SentenceEmbedder
from advisor.evaluation.metrics import breakdown, grade, summarize
from advisor.evaluation.testset import TestCase

EvalProgress = Callable[[int, int, dict[str, Any]], None]


@dataclass
class EvalResult:
    pipeline: str
    testset: str
    k: int
    questions: list[dict[str, Any]] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def summary(self) -> dict[str, Any]:
        return summarize(self.questions, self.k)

    def to_dict(self) -> dict[str, Any]:
        return {
            "pipeline": self.pipeline,
            "testset": self.testset,
            "k": self.k,
            "summary": self.summary,
            "by_type": breakdown(self.questions, "type", self.k),
            "by_lang": breakdown(self.questions, "lang", self.k),
            "problems": self.problems,
            "questions": self.questions,
        }


class EvalRunner:
    def __init__(self, answerer: Answerer, embedder: SentenceEmbedder, k: int = 5) -> None:
        self._answerer = answerer
        self._embedder = embedder
        self._k = k

    def run(
        self,
        cases: list[TestCase],
        *,
        pipeline: str = "default",
        testset: str = "",
        progress: EvalProgress | None = None,
    ) -> EvalResult:
        result = EvalResult(pipeline, testset, self._k)
        for done, case in enumerate(cases, 1):
            answer = self._answerer.answer(case.question)
            verdict = grade(case, answer, self._embedder, self._k)
            result.questions.append(verdict)
            if progress is not None:
                progress(done, len(cases), verdict)
        return result


def compare(current: dict[str, Any], previous: dict[str, Any]) -> list[tuple[str, Any, Any, Any]]:
    """(metric, before, after, change) for every numeric summary metric in both."""
    rows = []
    for name, after in current.items():
        before = previous.get(name)
        if isinstance(after, int | float) and isinstance(before, int | float):
            rows.append((name, before, after, round(after - before, 4)))
    return rows
