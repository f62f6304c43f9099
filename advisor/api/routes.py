"""The /v1 routes: auth by bearer key, OpenAI-shaped errors, and answers that run in a worker
thread one at a time (a CPU model gains nothing from parallel answers), so the event loop keeps
serving the web chat meanwhile."""

from __future__ import annotations

import asyncio
import hmac
import json
import threading
from collections.abc import AsyncIterator, Sequence
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, StreamingResponse
from pydantic import ValidationError

from advisor.answering.base import Answerer, AskOptions
from advisor.answering.types import Answer, AnswerDelta, AnswerEvent
from advisor.api.shapes import ChatRequest, Completion, error_body, models_body, sources_text
from advisor.errors import one_line

_DONE = object()  # what the worker sends when the answer stream has ended


class APIError(Exception):
    """An error the client gets in OpenAI's shape."""

    def __init__(self, status: int, message: str, kind: str, code: str | None = None) -> None:
        super().__init__(message)
        self.status, self.message, self.kind, self.code = status, message, kind, code

    def response(self) -> JSONResponse:
        return JSONResponse(error_body(self.message, self.kind, self.code), self.status)


class AnswerRunner:
    """Runs the answerer's stream in a worker thread, one answer at a time, and hands its
    events to the event loop; a client that goes away stops the answer."""

    def __init__(self, answerer: Answerer) -> None:
        self._answerer = answerer
        self._lock = threading.Lock()

    async def events(
        self, question: str, history: Sequence[str], options: AskOptions
    ) -> AsyncIterator[AnswerEvent]:
        loop = asyncio.get_running_loop()
        queue: asyncio.Queue[Any] = asyncio.Queue()
        stop = threading.Event()

        def send(item: object) -> None:
            try:
                loop.call_soon_threadsafe(queue.put_nowait, item)
            except RuntimeError:  # the loop has closed: nobody is listening any more
                stop.set()

        def work() -> None:
            try:
                with self._lock:
                    stream = self._answerer.stream(question, history, options)
                    try:
                        for event in stream:
                            send(event)
                            if stop.is_set():
                                break
                    finally:
                        getattr(stream, "close", lambda: None)()  # stops the model early
            except Exception as exc:  # surfaced to the client in OpenAI's error shape
                send(exc)
            finally:
                send(_DONE)

        threading.Thread(target=work, name="advisor-api-answer", daemon=True).start()
        try:
            while (item := await queue.get()) is not _DONE:
                if isinstance(item, Exception):
                    raise item
                yield item
        finally:
            stop.set()


def mount_api(
    app: FastAPI, answerer: Answerer, *, api_key: str | None, login_required: bool
) -> None:
    """Add /v1 to `app` (before the web chat is mounted at /, so these routes win). With a
    login on the web chat but no key, /v1 refuses everyone rather than stay open."""
    runner = AnswerRunner(answerer)

    @app.exception_handler(APIError)
    async def _api_error(request: Request, exc: APIError) -> JSONResponse:
        return exc.response()

    def check(request: Request) -> None:
        if api_key is None:
            if login_required:
                raise APIError(
                    401,
                    "the web chat requires a login; set web.api_key to use the API",
                    "invalid_request_error",
                    "invalid_api_key",
                )
            return
        scheme, _, given = request.headers.get("authorization", "").partition(" ")
        if scheme.lower() != "bearer" or not hmac.compare_digest(given.encode(), api_key.encode()):
            raise APIError(
                401, "missing or wrong API key", "invalid_request_error", "invalid_api_key"
            )

    @app.get("/v1/models")
    async def models(request: Request) -> JSONResponse:
        check(request)
        return JSONResponse(models_body())

    @app.post("/v1/chat/completions", response_model=None)
    async def chat(request: Request) -> JSONResponse | StreamingResponse:
        check(request)
        req = await _parse(request)
        question, history = req.question_and_history()
        if not question:
            raise APIError(400, "no user message with text", "invalid_request_error")
        options = AskOptions(temperature=req.temperature, max_new_tokens=req.token_cap())
        completion = Completion(req.model)
        events = runner.events(question, history, options)
        if req.stream:
            return StreamingResponse(
                _sse(completion, events),
                media_type="text/event-stream",
                headers={"Cache-Control": "no-cache"},
            )
        try:
            async for event in events:
                if isinstance(event, Answer):
                    return JSONResponse(completion.whole(event))
        except Exception as exc:
            raise APIError(500, f"answering failed: {one_line(str(exc))}", "server_error") from exc
        raise APIError(500, "answering ended without an answer", "server_error")

    @app.api_route("/v1/{rest:path}", methods=["GET", "POST", "PUT", "DELETE", "PATCH"])
    async def unknown(request: Request, rest: str) -> JSONResponse:
        check(request)
        raise APIError(404, f"no route /v1/{rest}", "invalid_request_error", "not_found")


async def _parse(request: Request) -> ChatRequest:
    try:
        return ChatRequest.model_validate(await request.json())
    except ValueError as exc:  # not JSON, or not the shape (ValidationError is a ValueError)
        if isinstance(exc, ValidationError):
            first = exc.errors()[0]
            where = ".".join(str(p) for p in first["loc"])
            message = f"{where}: {first['msg']}"
        else:
            message = "the request body is not JSON"
        raise APIError(400, message, "invalid_request_error") from exc


def _data(payload: dict[str, Any]) -> str:
    return f"data: {json.dumps(payload, ensure_ascii=False)}\n\n"


async def _sse(completion: Completion, events: AsyncIterator[AnswerEvent]) -> AsyncIterator[str]:
    """The answer as server-sent chunks: the role, each guarded piece, the sources, then a
    closing chunk with citations and usage. A failure mid-answer is an error event."""
    yield _data(completion.chunk({"role": "assistant", "content": ""}))
    try:
        async for event in events:
            if isinstance(event, AnswerDelta):
                yield _data(completion.chunk({"content": event.text}))
            elif isinstance(event, Answer):
                sources = sources_text(event)
                if sources:
                    yield _data(completion.chunk({"content": sources}))
                yield _data(completion.last_chunk(event))
    except Exception as exc:
        yield _data(error_body(f"answering failed: {one_line(str(exc))}", "server_error"))
        return
    yield "data: [DONE]\n\n"
