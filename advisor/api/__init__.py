"""The OpenAI-compatible API (`/v1/models`, `/v1/chat/completions`) served beside the web chat,
so any OpenAI client (open-webui, the `openai` SDK) can ask the grounded pipeline."""

from advisor.api.routes import mount_api

__all__ = ["mount_api"]
