"""Usage per answer: the backend's token counts, the time, and the cost at the price row's
list price, in the answer, in `advisor ask --json` and in the API's `usage`."""

from __future__ import annotations

import json
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import openai
import pytest

from advisor.answering.types import Answer, ModelUsage, Timings
from advisor.cli import main
from advisor.container import Container
from advisor.settings import AnswerSettings, LLMSettings, Settings
from advisor.usage import priced, usage_dict, usage_line
from tests.advisor.api.fake_openai import (
    COMPLETION_TOKENS,
    PRICED_MODEL,
    PROMPT_TOKENS,
    fake_openai_server,
)
from tests.advisor.web.live import PRICING, live_server
from tests.fakes import FakeEmbeddings

QUESTION = "How much does Zorbium charge per seat?"


def list_price(container: Container) -> Decimal:
    """The cost from the price table's rows, computed here by hand."""
    rows = {r.unit: r.figure for r in container.prices.rows_of("OpenAI GPT-4o mini")}
    return (
        PROMPT_TOKENS * rows["input_per_mtok"] + COMPLETION_TOKENS * rows["output_per_mtok"]
    ) / 1_000_000


@pytest.fixture()
def base_url() -> Iterator[str]:
    with fake_openai_server() as url:
        yield url


@pytest.fixture()
def container(tmp_path: Path, base_url: str) -> Container:
    """The OpenAI backend against the fake server, over a real index of one document."""
    llm = LLMSettings(backend="openai", base_url=base_url, model=PRICED_MODEL)
    answer = AnswerSettings(model_after_quote=True)  # the model speaks, so it counts tokens
    settings = Settings(data_dir=tmp_path, llm=llm, answer=answer)
    container = Container(settings, embeddings=FakeEmbeddings())
    doc = tmp_path / "docs" / "zorbium-pricing.md"
    doc.parent.mkdir(parents=True)
    doc.write_text(PRICING, encoding="utf-8")
    assert container.ingest_pipeline.run([str(doc)]).ok
    return container


def test_answer_carries_tokens_time_and_list_price(container: Container) -> None:
    answer = container.priced_answers.answer(QUESTION)
    used = answer.usage
    assert used is not None and not answer.abstained
    assert (used.prompt_tokens, used.completion_tokens) == (PROMPT_TOKENS, COMPLETION_TOKENS)
    assert used.priced_as == "OpenAI GPT-4o mini" and used.currency == "USD"
    assert used.cost == list_price(container)
    data = usage_dict(answer)
    assert data["total_tokens"] == PROMPT_TOKENS + COMPLETION_TOKENS
    assert data["time_ms"] > 0 and data["cost"] == pytest.approx(float(list_price(container)))
    assert "1234 + 56 tokens" in usage_line(answer) and "GPT-4o mini" in usage_line(answer)


def test_api_usage_has_the_cost(container: Container) -> None:
    with live_server(container) as url:
        client = openai.OpenAI(base_url=f"{url}/v1", api_key="none", max_retries=0, timeout=30)
        reply = client.chat.completions.create(
            model="advisor", messages=[{"role": "user", "content": QUESTION}]
        )
        chunks = list(
            client.chat.completions.create(
                model="advisor", messages=[{"role": "user", "content": QUESTION}], stream=True
            )
        )
    assert reply.usage is not None and reply.usage.prompt_tokens == PROMPT_TOKENS
    extra = reply.usage.model_extra or {}
    assert extra["cost"] == pytest.approx(float(list_price(container)))
    last = chunks[-1]
    assert last.usage is not None and last.usage.completion_tokens == COMPLETION_TOKENS


def test_ask_json_prints_usage(
    tmp_path: Path,
    base_url: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    doc = tmp_path / "zorbium-pricing.md"
    doc.write_text(PRICING, encoding="utf-8")
    monkeypatch.chdir(tmp_path)  # no stray advisor.toml or .env
    for key, value in {
        "ADVISOR_DATA_DIR": str(tmp_path / "data"),
        "ADVISOR_LLM__BACKEND": "openai",
        "ADVISOR_LLM__BASE_URL": base_url,
        "ADVISOR_LLM__MODEL": PRICED_MODEL,
        "ADVISOR_ANSWER__MODEL_AFTER_QUOTE": "true",
    }.items():
        monkeypatch.setenv(key, value)
    assert main(["ingest", str(doc)]) == 0
    capsys.readouterr()
    assert main(["ask", "--json", QUESTION]) == 0
    usage = json.loads(capsys.readouterr().out)["usage"]
    assert usage["prompt_tokens"] == PROMPT_TOKENS and usage["priced_as"] == "OpenAI GPT-4o mini"
    assert usage["cost"] > 0 and usage["time_ms"] > 0


def test_unpriced_model_keeps_tokens_without_cost(container: Container) -> None:
    usage = priced(ModelUsage("SmolLM2-135M-Instruct", 10, 5), container.prices)
    assert usage.cost is None and usage.prompt_tokens == 10
    answer = Answer(question="q", answer="a", abstained=False, usage=usage, timings=Timings())
    assert usage_dict(answer)["cost"] is None and "list price" not in usage_line(answer)


def test_chat_shows_the_usage_line_under_the_answer(container: Container) -> None:
    from advisor.web.render import final_messages

    answer = container.priced_answers.answer(QUESTION)
    first = final_messages(answer)[0]["content"]
    assert first.startswith(answer.answer[:10]) and "1234 + 56 tokens" in first
    assert "GPT-4o mini list price" in first
