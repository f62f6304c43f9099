"""Any OpenAI-compatible chat endpoint (vLLM, Ollama, llama.cpp server, TGI), through the
`openai` SDK: it parses the event stream, so an error event mid-stream raises instead of
ending the answer silently. Every failure becomes a one-line `BackendError`."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, cast

import httpx
import openai

from advisor.errors import BackendError
from advisor.llm.base import ChatMessage, ChatModel, GenerationOptions, Usage

if TYPE_CHECKING:
    from openai.types.chat import ChatCompletionMessageParam

# One retry covers a dropped keep-alive connection; more only delays the error a user waits for.
MAX_RETRIES = 1


class OpenAICompatChatModel(ChatModel):
    def __init__(self, base_url: str, model: str, api_key: str, timeout_s: float = 120.0) -> None:
        super().__init__()
        self.name = model
        self._base_url = base_url.rstrip("/")
        self._client = openai.OpenAI(
            base_url=self._base_url, api_key=api_key, timeout=timeout_s, max_retries=MAX_RETRIES
        )

    def _stream(
        self, messages: list[ChatMessage], options: GenerationOptions
    ) -> Iterator[str | Usage]:
        try:
            stream = self._client.chat.completions.create(
                model=self.name,
                messages=cast(
                    "list[ChatCompletionMessageParam]",
                    [{"role": m.role, "content": m.content} for m in messages],
                ),
                max_tokens=options.max_new_tokens,
                temperature=options.temperature,
                stream=True,
                stream_options={"include_usage": True},  # the token counts, in the last chunk
            )
            with stream:  # closing it early closes the connection: the server stops generating
                for chunk in stream:
                    if chunk.usage is not None:
                        yield Usage(chunk.usage.prompt_tokens, chunk.usage.completion_tokens)
                    if chunk.choices and chunk.choices[0].delta.content:
                        yield chunk.choices[0].delta.content
        except (openai.OpenAIError, httpx.HTTPError) as exc:
            raise BackendError(f"LLM server {self._base_url}: {_reason(exc)}") from exc


def _reason(exc: Exception) -> str:
    """What went wrong, in the words a user can act on."""
    if isinstance(exc, openai.APITimeoutError):
        return "no answer in time (llm.request_timeout_s)"
    if isinstance(exc, openai.APIConnectionError):
        cause = exc.__cause__ or exc
        return f"unreachable ({type(cause).__name__}: {cause}); is it running? (llm.base_url)"
    if isinstance(exc, openai.APIStatusError):
        return f"HTTP {exc.status_code}: {exc.message}"
    if isinstance(exc, openai.APIError):
        return f"error during the answer: {exc.message}"
    return f"{type(exc).__name__}: {exc}"
