"""The answerer abstraction: `answer` collects the stream; pipelines implement `stream`.

Also the two seams of the grounded pipeline: a `QuestionHandler` may take a question before
retrieval (a calculation, say), and `Grounds` is what composing an answer starts from.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Protocol

from advisor.answering.types import Answer, AnswerEvent, Evidence
from advisor.retrieval.types import Passage, RetrievalFilter


@dataclass(frozen=True)
class AskOptions:
    """Per-request knobs a user may turn (the web chat's session settings)."""

    top_k: int | None = None
    temperature: float | None = None
    max_new_tokens: int | None = None
    filters: RetrievalFilter | None = None


class QuestionHandler(Protocol):
    """Answers the questions it knows (a calculation, say) before anything is retrieved."""

    def handle(
        self, question: str, standalone: str, history: Sequence[str], options: AskOptions
    ) -> Iterator[AnswerEvent] | None:
        """None when the question is not for this handler; else the answer's events, ending
        with the final Answer. `standalone` is the follow-up rewritten to stand alone;
        `history` the earlier questions the answerer considered."""


@dataclass(frozen=True)
class Grounds:
    """What composing an answer starts from: the question as asked and as understood, its
    language, and what retrieval and evidence selection found."""

    question: str
    standalone: str
    language: str
    passages: list[Passage]
    evidence: list[Evidence]
    options: AskOptions
    started: float  # time.perf_counter() when the question arrived, for the timings
    retrieve_ms: float


class Answerer(ABC):
    @abstractmethod
    def stream(
        self, question: str, history: Sequence[str] = (), options: AskOptions | None = None
    ) -> Iterator[AnswerEvent]:
        """Yield guarded text pieces as they are ready, then the final Answer."""

    def answer(
        self, question: str, history: Sequence[str] = (), options: AskOptions | None = None
    ) -> Answer:
        for event in self.stream(question, history, options):
            if isinstance(event, Answer):
                return event
        raise RuntimeError("answer stream ended without an Answer")
