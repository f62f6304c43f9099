"""The answerer abstraction: `answer` collects the stream; pipelines implement `stream`."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from advisor.answering.types import Answer, AnswerEvent
from advisor.retrieval.types import RetrievalFilter


@dataclass(frozen=True)
class AskOptions:
    """Per-request knobs a user may turn (the web chat's session settings)."""

    top_k: int | None = None
    temperature: float | None = None
    max_new_tokens: int | None = None
    filters: RetrievalFilter | None = None


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
