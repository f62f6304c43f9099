"""Chat models: one interface, a backend per way of running a model."""

from advisor.llm.base import ChatMessage, ChatModel

__all__ = ["ChatMessage", "ChatModel"]
