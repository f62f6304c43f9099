from __future__ import annotations

import pytest

from advisor.container import Container
from advisor.llm.base import ChatMessage, GenerationOptions
from advisor.llm.local import bundled_gguf, converted_dir

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
