"""Chat models: one interface, a backend per way of running a model."""

from advisor.llm.base import ChatMessage, ChatModel, GenerationOptions, ModelStream, Usage

__all__ = ["ChatMessage", "ChatModel", "GenerationOptions", "ModelStream", "Usage"]
