"""Loading a JSONL test set; a malformed line is reported with its number and skipped."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

QuestionType = Literal["fact", "synthesis", "unanswerable"]


class TestCase(BaseModel):
    """One question; unknown fields are ignored so test sets can carry notes."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    id: str = Field(min_length=1)
    question: str = Field(min_length=1)
    type: QuestionType
    lang: str = "en"
    must_include: list[str] = Field(default_factory=list)
    source: str | None = None
    answer: str | None = None

    @model_validator(mode="after")
    def _consistent(self) -> TestCase:
        if self.type == "unanswerable":
            if self.source is not None:
                raise ValueError("an unanswerable question has source null")
        elif not self.source:
            raise ValueError(f"a {self.type} question needs a source")
        elif not self.must_include:
            raise ValueError(f"a {self.type} question needs must_include")
        return self

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
