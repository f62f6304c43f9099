"""Pick the chat-model backend named in the settings."""

from __future__ import annotations

from pathlib import Path

from advisor.llm.base import ChatModel
from advisor.settings import LLMSettings


def build_chat_model(settings: LLMSettings, cache_dir: Path) -> ChatModel:
    if settings.backend == "openai":
        from advisor.llm.openai_compat import OpenAICompatChatModel

        return OpenAICompatChatModel(
            settings.base_url, settings.model, settings.api_key, settings.request_timeout_s
        )
    from advisor.llm.local import TransformersChatModel

    return TransformersChatModel(
        settings.model,
        cache_dir,
        gguf_file=settings.gguf_file,
        threads=settings.threads,
        warmup=settings.warmup,
    )
