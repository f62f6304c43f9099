"""The API with the real bundled model over the bundled knowledge base: the SDK streams a
grounded answer with citations, and the local backend's tokenizer counts reach `usage`."""

from __future__ import annotations

import openai
import pytest

from advisor.container import Container
from advisor.settings import AnswerSettings, Settings
from tests.advisor.web.live import live_server

pytestmark = pytest.mark.slow


@pytest.mark.timeout(600)
def test_sdk_streams_a_cited_answer_with_token_counts(llm_container: Container) -> None:
    settings = Settings(
        data_dir=llm_container.settings.data_dir,
        answer=AnswerSettings(model_after_quote=True),  # the model speaks, so it counts tokens
    )
    container = Container(settings, embeddings=llm_container.embeddings, llm=llm_container.llm)
    with live_server(container) as url:
        client = openai.OpenAI(base_url=f"{url}/v1", api_key="none", max_retries=0, timeout=300)
        chunks = list(
            client.chat.completions.create(
                model="advisor",
                messages=[
                    {"role": "user", "content": "How much does GitHub Copilot Business cost?"}
                ],
                stream=True,
            )
        )
    text = "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)
    last = chunks[-1]
    extra = last.model_extra or {}
    assert "19" in text and "Sources:" in text
    assert any("copilot" in c["source"] for c in extra["citations"])
    assert last.usage is not None and last.usage.prompt_tokens > 0
    assert last.usage.completion_tokens > 0 and (last.usage.model_extra or {})["time_ms"] > 0
