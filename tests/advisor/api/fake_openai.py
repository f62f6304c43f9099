"""An OpenAI-compatible model server on 127.0.0.1 that streams a fixed reply and reports a
fixed token count in its last chunk, under the name of a model with a row in the price table."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, ClassVar

PRICED_MODEL = "gpt-4o-mini"  # knowledge/prices.yaml: OpenAI GPT-4o mini, $0.15 / $0.60
REPLY = ["Zorbium charges ", "$17 per seat ", "per month [1]."]
PROMPT_TOKENS, COMPLETION_TOKENS = 1234, 56


def _event(data: dict[str, Any]) -> bytes:
    return f"data: {json.dumps(data)}\n\n".encode()


def _chunk(text: str | None, usage: dict[str, int] | None = None) -> dict[str, Any]:
    choices = [] if text is None else [{"delta": {"content": text}, "index": 0}]
    return {
        "id": "c1",
        "object": "chat.completion.chunk",
        "created": 0,
        "model": PRICED_MODEL,
        "choices": choices,
        "usage": usage,
    }


class _Handler(BaseHTTPRequestHandler):
    bodies: ClassVar[list[dict[str, Any]]] = []

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        _Handler.bodies.append(body)
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.end_headers()
        for piece in REPLY:
            self.wfile.write(_event(_chunk(piece)))
        if (body.get("stream_options") or {}).get("include_usage"):
            usage = {
                "prompt_tokens": PROMPT_TOKENS,
                "completion_tokens": COMPLETION_TOKENS,
                "total_tokens": PROMPT_TOKENS + COMPLETION_TOKENS,
            }
            self.wfile.write(_event(_chunk(None, usage)))
        self.wfile.write(b"data: [DONE]\n\n")

    def log_message(self, *args: object) -> None:
        pass


@contextmanager
def fake_openai_server() -> Iterator[str]:
    """Yield the base URL (ending in /v1) of a running fake server."""
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/v1"
    finally:
        httpd.shutdown()
        httpd.server_close()
