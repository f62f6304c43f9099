from __future__ import annotations

import pytest

from advisor.container import Container
from advisor.llm.base import ChatMessage, GenerationOptions
from advisor.llm.local import TransformersChatModel, bundled_gguf, converted_dir
from advisor.settings import BUNDLED_LLM, Settings

pytestmark = pytest.mark.slow


def test_bundled_gguf_is_converted_once_into_the_cache(llm_container: Container) -> None:
    gguf = bundled_gguf()
    assert gguf is not None
    folder = converted_dir(llm_container.settings.cache_dir, gguf)
    assert (folder / "model.safetensors").is_file()
    assert (folder / "config.json").is_file()


def test_streams_token_by_token(llm_container: Container) -> None:
    pieces = list(
        llm_container.llm.stream(
            [ChatMessage("user", "Name three colours.")], GenerationOptions(max_new_tokens=24)
        )
    )
    assert len(pieces) > 3
    assert "".join(pieces).strip()


def test_stream_reports_model_and_token_usage() -> None:
    model = TransformersChatModel(BUNDLED_LLM, Settings().cache_dir, warmup=False)
    stream = model.stream([ChatMessage("user", "Say hi.")], GenerationOptions(max_new_tokens=6))
    assert "".join(stream).strip()
    assert stream.model == BUNDLED_LLM
    assert stream.usage is not None
    assert stream.usage.prompt_tokens > 5 and 0 < stream.usage.completion_tokens <= 6
