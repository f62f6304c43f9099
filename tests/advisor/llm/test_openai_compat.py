"""The OpenAI-compatible backend against a real HTTP server on 127.0.0.1 speaking SSE."""

from __future__ import annotations

import json
import socket
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, ClassVar

import pytest

from advisor.errors import AdvisorError, BackendError
from advisor.llm.base import ChatMessage, GenerationOptions, Usage, WatchedModel
from advisor.llm.openai_compat import OpenAICompatChatModel

PIECES = ["Seat ", "pricing ", "charges ", "per user [1]."]
USAGE = {"prompt_tokens": 21, "completion_tokens": 4, "total_tokens": 25}


def _event(data: dict[str, Any]) -> bytes:
    return f"data: {json.dumps(data)}\n\n".encode()


def _piece(text: str) -> dict[str, Any]:
    return {
        "id": "c1",
        "object": "chat.completion.chunk",
        "created": 0,
        "model": "big-model",
        "choices": [{"delta": {"content": text}, "index": 0, "finish_reason": None}],
    }


class _Handler(BaseHTTPRequestHandler):
    received: ClassVar[list[dict[str, Any]]] = []

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        _Handler.received.append({"body": body, "auth": self.headers.get("Authorization")})
        if not self.path.endswith("/chat/completions") or self.path.startswith("/nope"):
            self.send_response(404)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(b'{"error": {"message": "no such route"}}')
            return
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.end_headers()
        # "\n\n" first: servers often open with whitespace; it must not end the answer.
        for piece in ["\n\n", *PIECES]:
            self.wfile.write(_event(_piece(piece)))
            self.wfile.flush()
        if self.path.startswith("/broken"):  # the model dies mid-answer, as vLLM reports it
            self.wfile.write(_event({"error": {"message": "CUDA out of memory", "code": 500}}))
            return
        self.wfile.write(_event({**_piece(""), "choices": [], "usage": USAGE}))
        self.wfile.write(b"data: [DONE]\n\n")

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])  # nothing listens once the socket is closed


def test_streams_pieces_and_usage_from_server(server: str) -> None:
    model = OpenAICompatChatModel(f"{server}/v1", "big-model", "secret")
    stream = model.stream([ChatMessage("user", "hi")], GenerationOptions(max_new_tokens=32))
    assert "".join(stream).strip() == "".join(PIECES)
    assert (stream.model, stream.usage) == ("big-model", Usage(21, 4))
    request = _Handler.received[-1]
    assert request["auth"] == "Bearer secret"
    assert request["body"]["stream"] is True and request["body"]["model"] == "big-model"
    assert request["body"]["max_tokens"] == 32


def test_error_event_mid_stream_raises_instead_of_an_empty_answer(server: str) -> None:
    model = OpenAICompatChatModel(f"{server}/broken/v1", "big-model", "k")
    received: list[str] = []
    with pytest.raises(BackendError, match="CUDA out of memory") as caught:
        received.extend(model.stream([ChatMessage("user", "hi")]))
    assert "".join(received).strip() == "".join(PIECES), "pieces before the error are kept"
    assert "\n" not in str(caught.value)


def test_http_error_is_one_line(server: str) -> None:
    model = OpenAICompatChatModel(f"{server}/nope/v1", "m", "k")
    with pytest.raises(BackendError, match="HTTP 404") as caught:
        model.complete([ChatMessage("user", "hi")])
    assert "\n" not in str(caught.value)


def test_unreachable_server_is_one_line_advisor_error() -> None:
    url = f"http://127.0.0.1:{_closed_port()}/v1"
    down = OpenAICompatChatModel(url, "m", "k", timeout_s=5)
    with pytest.raises(AdvisorError, match="unreachable") as caught:
        down.complete([ChatMessage("user", "hi")])
    message = str(caught.value)
    assert url in message and "llm.base_url" in message and "\n" not in message


def test_watched_model_remembers_the_failure_and_passes_usage(server: str) -> None:
    watched = WatchedModel(lambda: OpenAICompatChatModel(f"{server}/v1", "big-model", "k"))
    stream = watched.stream([ChatMessage("user", "hi")])
    assert "".join(stream).strip() == "".join(PIECES)
    assert stream.usage == Usage(21, 4) and watched.failure is None
    broken = WatchedModel(lambda: OpenAICompatChatModel(f"{server}/broken/v1", "m", "k"))
    with pytest.raises(BackendError):
        broken.complete([ChatMessage("user", "hi")])
    assert isinstance(broken.failure, BackendError)
