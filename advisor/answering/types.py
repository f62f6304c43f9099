"""The data an answer carries, from evidence to citations and timings."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from advisor.llm.base import ModelStream
from advisor.retrieval.types import Passage


@dataclass(frozen=True)
class Evidence:
    """One numbered sentence given to the model, with the passage it came from."""

    n: int
    text: str
    passage: Passage
    score: float


@dataclass(frozen=True)
class Citation:
    n: int
    source: str
    title: str
    location: str
    quote: str

    @classmethod
    def of(cls, evidence: Evidence) -> Citation:
        p = evidence.passage
        return cls(evidence.n, p.source, p.title, p.location, evidence.text)

    def to_dict(self) -> dict[str, Any]:
        return {
            "n": self.n,
            "source": self.source,
            "title": self.title,
            "location": self.location,
            "quote": self.quote,
        }


@dataclass
class Timings:
    retrieve_ms: float = 0.0
    first_token_ms: float | None = None
    total_ms: float = 0.0

    def to_dict(self) -> dict[str, float | None]:
        first = None if self.first_token_ms is None else round(self.first_token_ms, 1)
        return {
            "retrieve_ms": round(self.retrieve_ms, 1),
            "first_token_ms": first,
            "total_ms": round(self.total_ms, 1),
        }


@dataclass(frozen=True)
class ModelUsage:
    """Tokens the model took for one answer, as its backend counted them (summed over calls),
    and their cost at list price once `advisor.usage` has priced them."""

    model: str
    prompt_tokens: int
    completion_tokens: int
    cost: Decimal | None = None  # None: not priced, or the model has no row in the price table
    currency: str | None = None
    priced_as: str | None = None  # the price table's product

    @staticmethod
    def add(current: ModelUsage | None, stream: ModelStream) -> ModelUsage | None:
        """`current` plus what a finished model call reported; unchanged when it reported
        none (a backend without counts, or a stream closed before its end)."""
        if stream.usage is None:
            return current
        prompt, completion = stream.usage.prompt_tokens, stream.usage.completion_tokens
        if current is not None:
            prompt += current.prompt_tokens
            completion += current.completion_tokens
        return ModelUsage(stream.model, prompt, completion)


@dataclass(frozen=True)
class SectionItem:
    """One line of a section (a table row, a recommendation) and the citations it rests on."""

    text: str
    cited: tuple[int, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "citations": list(self.cited)}


@dataclass(frozen=True)
class Section:
    """A titled part of a composed answer (a comparison, a recommendation); each item's
    `cited` holds the numbers of the `Answer.citations` it rests on."""

    title: str
    items: tuple[SectionItem, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {"title": self.title, "items": [i.to_dict() for i in self.items]}


@dataclass(kw_only=True)
class Answer:
    """The finished answer. `intent` names what was asked for ("lookup" unless a handler or
    composer says otherwise); `sections` carry structured parts beside the text."""

    question: str
    answer: str
    abstained: bool
    citations: list[Citation] = field(default_factory=list)
    passages: list[Passage] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)
    timings: Timings = field(default_factory=Timings)
    standalone_question: str = ""
    dropped: list[str] = field(default_factory=list)
    intent: str = "lookup"
    sections: list[Section] = field(default_factory=list)
    usage: ModelUsage | None = None  # None when no model was called or it counted nothing

    def to_dict(self) -> dict[str, Any]:
        return {
            "answer": self.answer,
            "abstained": self.abstained,
            "intent": self.intent,
            "sections": [s.to_dict() for s in self.sections],
            "citations": [c.to_dict() for c in self.citations],
            "passages": [p.to_dict() for p in self.passages],
            "timings": self.timings.to_dict(),
            "standalone_question": self.standalone_question or self.question,
        }


@dataclass(frozen=True)
class AnswerDelta:
    """A piece of answer text that has passed the guards, ready to show."""

    text: str


AnswerEvent = AnswerDelta | Answer
