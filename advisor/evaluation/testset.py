"""Loading a JSONL test set; a malformed line is reported with its number and skipped.

Question types and the fields each one needs:
- `fact`, `synthesis`: `source` (the article to retrieve and cite) and `must_include` (the
  answer must contain one of these strings).
- `unanswerable`: `source` null; the answer must abstain.
- `calculation`: `expected` (the number the answer must state, in the unit the answer writes
  it: dollars, rupiah, percent points) and `tolerance`, an ABSOLUTE margin in that same unit
  (default 0.01: to the cent). `source` is optional (the price row's article).
- `comparison`, `recommendation`, `explanation`: `must_cover`, a list of groups, each a list
  of strings of which any one counts, and `min_sources`, how many documents the citations
  must span. `source` is optional.
Any question may carry `intent` (lookup, calculation, comparison, recommendation,
explanation, definition): the label the answerer's intent decision is graded against.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

QuestionType = Literal[
    "fact",
    "synthesis",
    "unanswerable",
    "calculation",
    "comparison",
    "recommendation",
    "explanation",
]
Intent = Literal[
    "lookup", "calculation", "comparison", "recommendation", "explanation", "definition"
]
COVERAGE_TYPES = frozenset({"comparison", "recommendation", "explanation"})
# A bill is stated to the cent; a question whose result is rounded sets its own tolerance.
DEFAULT_TOLERANCE = 0.01


def _groups_valid(groups: list[list[str]]) -> bool:
    return bool(groups) and all(g and all(s.strip() for s in g) for g in groups)


class TestCase(BaseModel):
    """One question; unknown fields are ignored so test sets can carry notes."""

    model_config = ConfigDict(extra="ignore", frozen=True)
    __test__ = False  # a test-set question, not a pytest class

    id: str = Field(min_length=1)
    question: str = Field(min_length=1)
    type: QuestionType
    lang: str = "en"
    must_include: list[str] = Field(default_factory=list)
    source: str | None = None
    answer: str | None = None
    expected: float | None = None
    tolerance: float = Field(default=DEFAULT_TOLERANCE, ge=0)
    must_cover: list[list[str]] = Field(default_factory=list)
    min_sources: int = Field(default=1, ge=1)
    intent: Intent | None = None

    @model_validator(mode="after")
    def _consistent(self) -> TestCase:
        if self.type == "unanswerable":
            if self.source is not None:
                raise ValueError("an unanswerable question has source null")
        elif self.type in ("fact", "synthesis"):
            if not self.source:
                raise ValueError(f"a {self.type} question needs a source")
            if not self.must_include:
                raise ValueError(f"a {self.type} question needs must_include")
        elif self.type == "calculation" and self.expected is None:
            raise ValueError("a calculation question needs expected (a number)")
        elif self.type in COVERAGE_TYPES and not _groups_valid(self.must_cover):
            raise ValueError(f"a {self.type} question needs must_cover: non-empty groups")
        if self.expected is not None and self.type != "calculation":
            raise ValueError("expected is for calculation questions only")
        if self.must_cover and self.type not in COVERAGE_TYPES:
            raise ValueError("must_cover is for comparison, recommendation, explanation only")
        return self

    @property
    def expected_intent(self) -> str | None:
        """The labelled intent, or the type where the type is itself an intent."""
        if self.intent:
            return self.intent
        return self.type if self.type == "calculation" or self.type in COVERAGE_TYPES else None

    @property
    def answerable(self) -> bool:
        return self.type != "unanswerable"


@dataclass
class TestSet:
    cases: list[TestCase] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def load_testset(path: Path) -> TestSet:
    result = TestSet()
    seen: set[str] = set()
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            case = TestCase.model_validate(json.loads(line))
        except json.JSONDecodeError as exc:
            result.problems.append(f"{path}:{number}: not JSON ({exc.msg})")
            continue
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(p) for p in first["loc"]) or "line"
            result.problems.append(f"{path}:{number}: {where}: {first['msg']}")
            continue
        if case.id in seen:
            result.problems.append(f"{path}:{number}: duplicate id {case.id}")
            continue
        seen.add(case.id)
        result.cases.append(case)
    return result
