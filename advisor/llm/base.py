"""The chat-model abstraction: `stream` does the plumbing, backends implement `_stream`."""

from __future__ import annotations

import threading
from abc import ABC, abstractmethod
from collections.abc import Callable, Generator, Iterator
from dataclasses import dataclass
from typing import Literal


@dataclass(frozen=True)
class ChatMessage:
    role: Literal["system", "user", "assistant"]
    content: str


@dataclass(frozen=True)
class GenerationOptions:
    max_new_tokens: int = 120
    temperature: float = 0.0


@dataclass(frozen=True)
class Usage:
    """Tokens one call took, as the backend counted them."""

    prompt_tokens: int
    completion_tokens: int


class ModelStream(Iterator[str]):
    """One model call: iterate it for the reply's text pieces. Once it ends, `usage` holds
    the token counts if the backend reported them; `model` names who answered."""

    def __init__(
        self, model: str | Callable[[], str], pieces: Generator[str | Usage, None, None]
    ) -> None:
        self._model = model  # a callable: the name of a model built on first use is known late
        self.usage: Usage | None = None
        self._pieces = pieces

    @property
    def model(self) -> str:
        return self._model() if callable(self._model) else self._model

    def __iter__(self) -> ModelStream:
        return self

    def __next__(self) -> str:
        while True:
            piece = next(self._pieces)
            if isinstance(piece, Usage):
                self.usage = piece
            elif piece:
                return piece

    def close(self) -> None:
        """Stop reading: the backend stops generating."""
        self._pieces.close()


class ChatModel(ABC):
    """A model that streams a reply to a conversation, one text piece at a time."""

    name: str = "model"  # what `ModelStream.model` reports: a model id, folder or file name

    def __init__(self) -> None:
        # One generation at a time: a CPU model gains nothing from parallel requests.
        self._lock = threading.Lock()

    def stream(
        self, messages: list[ChatMessage], options: GenerationOptions | None = None
    ) -> ModelStream:
        return ModelStream(
            lambda: self.name, self._locked(messages, options or GenerationOptions())
        )

    def _locked(
        self, messages: list[ChatMessage], options: GenerationOptions
    ) -> Generator[str | Usage, None, None]:
        with self._lock:
            pieces = self._stream(messages, options)
            try:
                yield from pieces
            finally:  # closing this generator closes the backend's, which stops generating
                close = getattr(pieces, "close", None)
                if close is not None:
                    close()

    def load(self) -> None:
        """Have the weights ready now; backends that load in their constructor do nothing."""
        return None

    def complete(
        self, messages: list[ChatMessage], options: GenerationOptions | None = None
    ) -> str:
        return "".join(self.stream(messages, options))

    @abstractmethod
    def _stream(
        self, messages: list[ChatMessage], options: GenerationOptions
    ) -> Iterator[str | Usage]:
        """Yield the reply's text pieces as the backend produces them, and at most one
        `Usage` when the backend counts tokens."""


class WatchedModel(ChatModel):
    """Another model, built on first use, remembering the first error it raised.

    Answering degrades to quoted evidence when the model fails; a caller that must still
    report the failure (the CLI exits 1) reads `failure` afterwards.
    """

    def __init__(self, build: Callable[[], ChatModel]) -> None:
        super().__init__()
        self._build = build
        self._model: ChatModel | None = None
        self._build_lock = threading.Lock()
        self.failure: Exception | None = None

    def load(self) -> None:
        self._inner()

    def _inner(self) -> ChatModel:
        with self._build_lock:
            if self._model is None:
                self._model = self._build()
                self.name = self._model.name
            return self._model

    def _stream(
        self, messages: list[ChatMessage], options: GenerationOptions
    ) -> Iterator[str | Usage]:
        try:
            pieces = self._inner().stream(messages, options)
            try:
                for piece in pieces:
                    if pieces.usage is not None:  # the count so far, for a reader stopping early
                        yield pieces.usage
                    yield piece
            finally:
                pieces.close()
            if pieces.usage is not None:
                yield pieces.usage
        except Exception as exc:
            self.failure = self.failure or exc
            raise
