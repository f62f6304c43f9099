"""Answer every test question through the same answerer the chat uses, grade it, and write
the reports: `run_evaluation` is the one path the CLI and the Evaluate tab both take."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from advisor.answering.base import Answerer
from advisor.answering.evidence import SentenceEmbedder
from advisor.errors import AdvisorError
from advisor.evaluation.grading import Verdict, grade
from advisor.evaluation.metrics import breakdown, summarize
from advisor.evaluation.report import write_reports
from advisor.evaluation.testset import TestCase, load_testset

EvalProgress = Callable[[int, int, Verdict], None]


class EvaluationError(AdvisorError):
    """A test set or previous run that cannot be used; the message names the file."""


@dataclass
class EvalResult:
    pipeline: str
    testset: str
    k: int
    questions: list[Verdict] = field(default_factory=list)
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
            "by_type": breakdown(self.questions, lambda v: v.type, self.k),
            "by_lang": breakdown(self.questions, lambda v: v.lang, self.k),
            "by_intent": breakdown(self.questions, lambda v: v.intent, self.k),
            "problems": self.problems,
            "questions": [v.to_dict() for v in self.questions],
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


@dataclass(frozen=True)
class EvalRun:
    """What one evaluation produced: the data written to results.json and the report files."""

    data: dict[str, Any]
    paths: list[Path]
    previous: dict[str, Any] | None = None


def load_previous(path: Path) -> dict[str, Any]:
    """An earlier results.json to compare with."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise EvaluationError(f"{path}: cannot read a previous results.json ({exc})") from exc
    if not isinstance(data, dict) or not isinstance(data.get("summary"), dict):
        raise EvaluationError(f"{path}: not a results.json (no summary)")
    return data


def run_evaluation(
    make_runner: Callable[[], EvalRunner],
    testset_path: Path,
    out: Path,
    *,
    pipeline: str = "default",
    limit: int | None = None,
    previous: Path | None = None,
    progress: EvalProgress | None = None,
) -> EvalRun:
    """Load the test set (skipping bad lines, kept as problems), answer and grade the first
    `limit` questions, and write results.json, report.md and report.html under `out`. The
    runner (and with it the models) is made only once the inputs are known to be usable."""
    if not testset_path.is_file():
        raise EvaluationError(f"{testset_path}: no such test set")
    before = load_previous(previous) if previous else None
    testset = load_testset(testset_path)
    cases = testset.cases[:limit] if limit else testset.cases
    if not cases:
        problems = "; ".join(testset.problems[:3])
        raise EvaluationError(f"{testset_path}: no valid questions {problems}".strip())
    result = make_runner().run(
        cases, pipeline=pipeline, testset=str(testset_path), progress=progress
    )
    result.problems = testset.problems
    data = result.to_dict()
    return EvalRun(data, write_reports(data, out, previous=before), before)
