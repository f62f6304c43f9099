"""Any OpenAI-compatible chat endpoint (vLLM, Ollama, llama.cpp server, TGI), streamed."""

from __future__ import annotations

import json
from collections.abc import Iterator

import httpx

from advisor.llm.base import ChatMessage, ChatModel, GenerationOptions


class LLMError(RuntimeError):
    """The model server failed; the message says which server and why, on one line."""


class OpenAICompatChatModel(ChatModel):
    def __init__(self, base_url: str, model: str, api_key: str, timeout_s: float = 120.0) -> None:
        super().__init__()
        self.name = model
        self._url = base_url.rstrip("/") + "/chat/completions"
        self._model = model
        self._headers = {"Authorization": f"Bearer {api_key}"}
        self._timeout = timeout_s

    def _stream(self, messages: list[ChatMessage], options: GenerationOptions) -> Iterator[str]:
        body = {
            "model": self._model,
            "messages": [{"role": m.role, "content": m.content} for m in messages],
            "max_tokens": options.max_new_tokens,
            "temperature": options.temperature,
            "stream": True,
        }
        try:
            with httpx.stream(
                "POST", self._url, json=body, headers=self._headers, timeout=self._timeout
            ) as response:
                if response.status_code >= 400:
                    response.read()
                    raise LLMError(
                        f"{self._url}: HTTP {response.status_code}: {response.text[:200]}"
                    )
                for line in response.iter_lines():
                    piece = self._parse_event(line)
                    if piece is None:
                        break
                    yield piece
        except httpx.HTTPError as exc:
            raise LLMError(f"{self._url}: {type(exc).__name__}: {exc}") from exc

    @staticmethod
    def _parse_event(line: str) -> str | None:
        """Text of one server-sent event; None at the end of the stream."""
        if not line.startswith("data:"):
            return ""
        data = line[5:].strip()
        if data == "[DONE]":
            return None
        try:
            choices = json.loads(data).get("choices") or [{}]
        except json.JSONDecodeError:
            return ""
        delta = choices[0].get("delta") or {}
        return str(delta.get("content") or "")
