"""The chat handler: history in, streamed guarded answer and its sources out."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from advisor.answering.base import Answerer, AskOptions
from advisor.answering.types import Answer, AnswerDelta
from advisor.web.render import escape, final_messages


def message_text(content: Any) -> str:
    """Gradio hands message content as a string or as a list of typed parts."""
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        return " ".join(message_text(part) for part in content)
    if isinstance(content, dict):
        return str(content.get("text") or content.get("content") or "")
    return ""


def user_questions(history: list[dict[str, Any]]) -> list[str]:
    return [message_text(m.get("content")) for m in history if m.get("role") == "user"]


class ChatHandler:
    def __init__(self, answerer: Answerer) -> None:
        self._answerer = answerer

    def respond(
        self,
        message: str,
        history: list[dict[str, Any]],
        top_k: float,
        temperature: float,
        max_new_tokens: float,
    ) -> Iterator[list[dict[str, Any]]]:
        question = message_text(message).strip()
        if not question:
            yield [{"role": "assistant", "content": "Please type a question."}]
            return
        options = AskOptions(
            top_k=int(top_k), temperature=float(temperature), max_new_tokens=int(max_new_tokens)
        )
        text = ""
        for event in self._answerer.stream(question, user_questions(history), options):
            if isinstance(event, AnswerDelta):
                text += event.text
                yield [{"role": "assistant", "content": escape(text)}]
            elif isinstance(event, Answer):
                yield final_messages(event)
