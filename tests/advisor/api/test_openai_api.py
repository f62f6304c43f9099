"""The OpenAI-compatible API through the real `openai` SDK against the app `advisor serve`
runs, on a free loopback port, with the scripted model over a real index."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import openai
import pytest

from advisor.api.shapes import ChatRequest
from advisor.config import load_settings
from advisor.container import Container
from advisor.settings import WebSettings
from tests.advisor.web.live import fake_container, live_server
from tests.fakes import FakeChatModel

KEY = "test-key-123"
QUESTION = "How much does Zorbium charge per seat?"
MODEL_SAYS = "Zorbium charges $17 per seat per month [1]."


@pytest.fixture()
def container(tmp_path: Path) -> Container:
    return fake_container(tmp_path, web=WebSettings(api_key=KEY))


@pytest.fixture()
def url(container: Container) -> Iterator[str]:
    with live_server(container) as base:
        yield base


def client(url: str, key: str = KEY) -> openai.OpenAI:
    return openai.OpenAI(base_url=f"{url}/v1", api_key=key, max_retries=0, timeout=30)


def scripted(container: Container) -> FakeChatModel:
    model = container.llm
    assert isinstance(model, FakeChatModel)
    return model


def test_models_lists_the_advisor(url: str) -> None:
    assert [m.id for m in client(url).models.list()] == ["advisor"]


def test_completion_answers_from_the_index_with_citations(url: str, container: Container) -> None:
    scripted(container).enqueue(MODEL_SAYS)
    reply = client(url).chat.completions.create(
        model="advisor",
        messages=[
            {"role": "system", "content": "Be brief."},
            {"role": "user", "content": QUESTION},
        ],
    )
    text = reply.choices[0].message.content or ""
    assert "$17" in text and reply.choices[0].finish_reason == "stop"
    citations = (reply.model_extra or {})["citations"]
    assert citations and citations[0]["source"].endswith("zorbium-pricing.md")
    assert "Sources:\n[1] " in text and "zorbium-pricing.md" in text
    assert reply.usage is not None and (reply.usage.model_extra or {})["time_ms"] > 0


def test_stream_sends_pieces_then_citations_in_the_last_chunk(
    url: str, container: Container
) -> None:
    scripted(container).enqueue(MODEL_SAYS)
    stream = client(url).chat.completions.create(
        model="advisor", messages=[{"role": "user", "content": QUESTION}], stream=True
    )
    chunks = list(stream)
    pieces = [c.choices[0].delta.content or "" for c in chunks if c.choices]
    assert sum(1 for p in pieces if p) >= 2  # streamed, not one block
    text = "".join(pieces)
    assert "$17" in text and "Sources:" in text
    last = chunks[-1]
    assert last.choices[0].finish_reason == "stop"
    assert (last.model_extra or {})["citations"][0]["source"].endswith("zorbium-pricing.md")


def test_earlier_user_messages_are_the_history() -> None:
    """The last user message is the question; earlier user turns (text parts of multi-part
    messages too) are the history; system and assistant turns are not."""
    request = ChatRequest.model_validate(
        {
            "messages": [
                {"role": "system", "content": "Be brief."},
                {"role": "user", "content": QUESTION},
                {"role": "assistant", "content": "It charges $17 per seat."},
                {"role": "user", "content": [{"type": "text", "text": "And per month?"}]},
            ]
        }
    )
    assert request.question_and_history() == ("And per month?", [QUESTION])


def test_request_without_the_key_is_refused_in_openai_shape(url: str) -> None:
    with pytest.raises(openai.AuthenticationError) as refused:
        client(url, key="wrong").models.list()
    assert refused.value.status_code == 401
    response = httpx.post(f"{url}/v1/chat/completions", json={"messages": []}, timeout=10)
    assert response.status_code == 401
    error = response.json()["error"]
    assert error["type"] == "invalid_request_error" and error["code"] == "invalid_api_key"


def test_bad_requests_get_openai_errors(url: str) -> None:
    headers = {"Authorization": f"Bearer {KEY}"}
    empty = httpx.post(f"{url}/v1/chat/completions", json={"messages": []}, headers=headers)
    assert empty.status_code == 400 and "messages" in empty.json()["error"]["message"]
    missing = httpx.get(f"{url}/v1/nothing", headers=headers)
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "not_found"
    with pytest.raises(openai.BadRequestError):
        client(url).chat.completions.create(
            model="advisor", messages=[{"role": "assistant", "content": "hi"}]
        )


def test_web_login_without_a_key_closes_the_api(tmp_path: Path) -> None:
    container = fake_container(tmp_path, web=WebSettings(auth="ann:secret-pass"))
    with live_server(container) as base:
        refused = httpx.get(f"{base}/v1/models", timeout=10)
    assert refused.status_code == 401 and "web.api_key" in refused.json()["error"]["message"]


def test_api_key_comes_from_the_environment_and_is_never_printed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # no stray advisor.toml or .env
    monkeypatch.setenv("ADVISOR_WEB__API_KEY", KEY)
    loaded = load_settings(None, {})
    assert loaded.settings.web.api_key == KEY
    shown = {key: value for key, value, _ in loaded.effective()}
    assert shown["web.api_key"] != KEY
