"""The OpenAI-compatible backend against a real HTTP server on 127.0.0.1 speaking SSE."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, ClassVar

import pytest

from advisor.llm.base import ChatMessage, GenerationOptions
from advisor.llm.openai_compat import LLMError, OpenAICompatChatModel

PIECES = ["Seat ", "pricing ", "charges ", "per user [1]."]


class _Handler(BaseHTTPRequestHandler):
    received: ClassVar[list[dict[str, Any]]] = []

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        _Handler.received.append({"body": body, "auth": self.headers.get("Authorization")})
        if self.path != "/v1/chat/completions":
            self.send_response(404)
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.end_headers()
        for piece in PIECES:
            event = {"choices": [{"delta": {"content": piece}, "index": 0}]}
            self.wfile.write(f"data: {json.dumps(event)}\n\n".encode())
            self.wfile.flush()
        self.wfile.write(b"data: [DONE]\n\n")

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/v1"
    httpd.shutdown()


def test_streams_pieces_from_server(server: str) -> None:
    model = OpenAICompatChatModel(server, "big-model", "secret")
    pieces = list(model.stream([ChatMessage("user", "hi")], GenerationOptions(max_new_tokens=32)))
    assert pieces == PIECES
    request = _Handler.received[-1]
    assert request["auth"] == "Bearer secret"
    assert request["body"]["stream"] is True and request["body"]["model"] == "big-model"
    assert request["body"]["max_tokens"] == 32


def test_server_error_is_one_line(server: str) -> None:
    model = OpenAICompatChatModel(server.replace("/v1", "/nope"), "m", "k")
    with pytest.raises(LLMError, match="HTTP 404"):
        model.complete([ChatMessage("user", "hi")])
    down = OpenAICompatChatModel("http://127.0.0.1:9/v1", "m", "k", timeout_s=2)
    with pytest.raises(LLMError, match=r"127\.0\.0\.1:9"):
        down.complete([ChatMessage("user", "hi")])
