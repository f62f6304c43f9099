"""LangChain prompt messages -> the plain chat messages our backends take."""

from __future__ import annotations

from collections.abc import Sequence

from langchain_core.messages import BaseMessage

from advisor.llm.base import ChatMessage

_ROLES = {"system": "system", "human": "user", "ai": "assistant"}


def to_chat_messages(messages: Sequence[BaseMessage]) -> list[ChatMessage]:
    return [ChatMessage(_ROLES.get(m.type, "user"), str(m.content)) for m in messages]  # type: ignore[arg-type]
