"""OpenAI's request and response shapes, as far as a chat client needs them; the answer's
citations and cost travel in extra fields that OpenAI clients ignore or pass through."""

from __future__ import annotations

import time
import uuid
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from advisor.answering.types import Answer
from advisor.usage import usage_dict

MODEL_ID = "advisor"
# An answer is a handful of sentences; a larger cap only asks the CPU model to ramble.
MAX_TOKENS_CAP = 4096


class InMessage(BaseModel):
    model_config = ConfigDict(extra="allow")  # name, tool calls...: accepted, not used

    role: str
    content: str | list[dict[str, Any]] | None = None

    def text(self) -> str:
        """The text of a plain or multi-part message (images and other parts are skipped)."""
        if isinstance(self.content, str):
            return self.content
        parts = self.content or []
        return " ".join(str(p.get("text", "")) for p in parts if p.get("type") == "text")


class ChatRequest(BaseModel):
    model_config = ConfigDict(extra="allow")  # top_p, user, n...: accepted, not used

    model: str = MODEL_ID
    messages: list[InMessage] = Field(min_length=1)
    stream: bool = False
    temperature: float | None = Field(default=None, ge=0.0, le=2.0)
    max_tokens: int | None = Field(default=None, ge=1)
    max_completion_tokens: int | None = Field(default=None, ge=1)

    def question_and_history(self) -> tuple[str, list[str]]:
        """The last user message is the question; earlier user messages are the history."""
        asked = [m.text().strip() for m in self.messages if m.role == "user"]
        asked = [q for q in asked if q]
        return (asked[-1], asked[:-1]) if asked else ("", [])

    def token_cap(self) -> int | None:
        cap = self.max_completion_tokens or self.max_tokens
        return min(cap, MAX_TOKENS_CAP) if cap else None


def error_body(message: str, kind: str, code: str | None = None) -> dict[str, Any]:
    return {"error": {"message": message, "type": kind, "param": None, "code": code}}


def models_body() -> dict[str, Any]:
    return {
        "object": "list",
        "data": [{"id": MODEL_ID, "object": "model", "created": 0, "owned_by": "advisor"}],
    }


def sources_text(answer: Answer) -> str:
    """The citations as a short list after the text, for clients that ignore `citations`."""
    if not answer.citations:
        return ""
    lines = [
        f"[{c.n}] {c.title}" + (f", {c.location}" if c.location else "") + f" ({c.source})"
        for c in answer.citations
    ]
    return "\n\nSources:\n" + "\n".join(lines)


def _extras(answer: Answer) -> dict[str, Any]:
    return {
        "citations": [c.to_dict() for c in answer.citations],
        "abstained": answer.abstained,
        "usage": usage_dict(answer),
    }


class Completion:
    """One response's id and clock, shared by all its chunks."""

    def __init__(self, model: str) -> None:
        self.id = f"chatcmpl-{uuid.uuid4().hex}"
        self.created = int(time.time())
        self.model = model

    def _head(self, kind: Literal["chat.completion", "chat.completion.chunk"]) -> dict[str, Any]:
        return {"id": self.id, "object": kind, "created": self.created, "model": self.model}

    def whole(self, answer: Answer) -> dict[str, Any]:
        message = {"role": "assistant", "content": answer.answer + sources_text(answer)}
        choice = {"index": 0, "message": message, "finish_reason": "stop"}
        return {**self._head("chat.completion"), "choices": [choice], **_extras(answer)}

    def chunk(self, delta: dict[str, Any], finish: str | None = None) -> dict[str, Any]:
        choice = {"index": 0, "delta": delta, "finish_reason": finish}
        return {**self._head("chat.completion.chunk"), "choices": [choice]}

    def last_chunk(self, answer: Answer) -> dict[str, Any]:
        """The closing chunk: finish reason, citations and usage."""
        return {**self.chunk({}, "stop"), **_extras(answer)}
