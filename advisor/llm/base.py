"""The chat-model abstraction: `stream` does the plumbing, backends implement `_stream`."""

from __future__ import annotations

import threading
from abc import ABC, abstractmethod
from collections.abc import Generator, Iterator
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


class ChatModel(ABC):
    """A model that streams a reply to a conversation, one text piece at a time."""

    name: str = "model"

    def __init__(self) -> None:
        # One generation at a time: a CPU model gains nothing from parallel requests.
        self._lock = threading.Lock()

    def stream(
        self, messages: list[ChatMessage], options: GenerationOptions | None = None
    ) -> Generator[str, None, None]:
        options = options or GenerationOptions()
        with self._lock:
            pieces = self._stream(messages, options)
            try:
                for piece in pieces:
                    if piece:
                        yield piece
            finally:  # closing this generator closes the backend's, which stops generating
                close = getattr(pieces, "close", None)
                if close is not None:
                    close()

    def complete(
        self, messages: list[ChatMessage], options: GenerationOptions | None = None
    ) -> str:
        return "".join(self.stream(messages, options))

    @abstractmethod
    def _stream(self, messages: list[ChatMessage], options: GenerationOptions) -> Iterator[str]:
        """Yield the reply's text pieces as the backend produces them."""
