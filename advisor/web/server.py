"""`advisor serve`: the Gradio app mounted on a FastAPI app (room for more routes beside it),
with the upload size limit and, when a login is required, a per-client login rate limit."""

from __future__ import annotations

import json
import logging
import threading
import time
from collections import deque
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

import gradio as gr
from fastapi import FastAPI

from advisor.api import mount_api
from advisor.container import Container
from advisor.settings import WebSettings
from advisor.web.app import build_app

log = logging.getLogger(__name__)

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]
LOGIN_PATHS = ("/login", "/login/")
REFUSED_LOGIN_STATUS = 400  # what Gradio answers to wrong credentials


class LoginLimiter:
    """At most `max_failures` failed logins per client within `window_s` seconds; after
    that the client is refused until its oldest failure leaves the window."""

    def __init__(
        self, max_failures: int, window_s: float, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self._max = max_failures
        self._window = window_s
        self._clock = clock
        self._failures: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def _recent(self, client: str, now: float) -> deque[float]:
        times = self._failures.get(client, deque())
        while times and now - times[0] >= self._window:
            times.popleft()
        if not times:
            self._failures.pop(client, None)
        return times

    def retry_after(self, client: str) -> float:
        """Seconds until the client may try again; 0 when it may now."""
        with self._lock:
            now = self._clock()
            times = self._recent(client, now)
            return self._window - (now - times[0]) if len(times) >= self._max else 0.0

    def failed(self, client: str) -> None:
        with self._lock:
            now = self._clock()
            times = self._recent(client, now)
            times.append(now)
            self._failures[client] = times


class LoginRateLimit:
    """ASGI middleware: refuses POST /login with 429 while the client is over its limit, and
    counts the logins Gradio rejects."""

    def __init__(self, app: ASGIApp, limiter: LoginLimiter) -> None:
        self.app = app
        self.limiter = limiter

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "POST" or scope["path"] not in LOGIN_PATHS:
            await self.app(scope, receive, send)
            return
        client = (scope.get("client") or ("unknown", 0))[0]
        wait = self.limiter.retry_after(client)
        if wait > 0:
            await _refuse(send, wait)
            return

        async def watch(message: Message) -> None:
            if (
                message["type"] == "http.response.start"
                and message["status"] == REFUSED_LOGIN_STATUS
            ):
                self.limiter.failed(client)
            await send(message)

        await self.app(scope, receive, watch)


async def _refuse(send: Send, wait: float) -> None:
    seconds = max(1, round(wait))
    body = json.dumps({"detail": f"Too many failed logins; try again in {seconds} s."}).encode()
    await send(
        {
            "type": "http.response.start",
            "status": 429,
            "headers": [
                (b"content-type", b"application/json"),
                (b"retry-after", str(seconds).encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


def create_server(container: Container) -> FastAPI:
    """The FastAPI app with the OpenAI-compatible API at /v1 and the chat mounted at /; tests
    serve it with uvicorn directly. The login and the API key come from the settings
    (`web.auth` or `web.auth_file`, `web.api_key`, checked there)."""
    web: WebSettings = container.settings.web
    blocks = build_app(container)
    # One CPU model: answers run one at a time; others wait in the queue and see their place.
    blocks.queue(default_concurrency_limit=1, max_size=web.max_queue)
    server = FastAPI()
    login = web.credentials()
    if login:
        server.add_middleware(
            LoginRateLimit, limiter=LoginLimiter(web.login_max_failures, web.login_window_s)
        )
    mount_api(server, container.priced_answers, api_key=web.api_key, login_required=bool(login))
    return gr.mount_gradio_app(
        server,
        blocks,
        path="",
        auth=login,
        max_file_size=f"{web.max_upload_mb}mb",
        show_error=True,
        footer_links=[],
    )


def serve(container: Container, host: str, port: int) -> None:
    import uvicorn

    if container.store.count() == 0:
        log.warning("the index is empty: the Knowledge tab offers the bundled articles")
    container.warm_up()  # load the model before the first user waits for it
    server = create_server(container)
    print(f"advisor: web chat on http://{host}:{port}, API at /v1 (Ctrl-C to stop)", flush=True)
    uvicorn.run(server, host=host, port=port, log_level="warning")
