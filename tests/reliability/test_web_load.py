"""Load: eight chat clients at once against a real `advisor serve` (bundled model and
knowledge base) on loopback, for a bounded time: every request gets an answer, no errors."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from gradio_client import Client

pytestmark = [pytest.mark.slow, pytest.mark.timeout(1500)]

CLIENTS = 8
LOAD_S = 60.0  # clients start new questions for this long; answers in flight then finish
START_TIMEOUT_S = 600.0  # indexing the bundled articles on two busy cores
ANSWER_TIMEOUT_S = 400.0  # eight queued answers of a CPU model, one at a time
QUESTIONS = [
    "How much does Intercom charge for each Fin resolution?",
    "What does GitHub Copilot Business cost per user?",
    "Why do AI companies have lower gross margins than SaaS?",
    "Berapa harga Microsoft 365 Copilot per pengguna?",
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def server_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    data = tmp_path_factory.mktemp("load")
    port = _free_port()
    env = {**os.environ, "ADVISOR_DATA_DIR": str(data), "PYTHONUNBUFFERED": "1"}
    advisor = str(Path(sys.executable).with_name("advisor"))
    command = [advisor, "serve", "--ingest-bundled", "--port", str(port)]
    with (data / "serve.log").open("w") as log:
        process = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)
        url = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + START_TIMEOUT_S
            while True:
                if process.poll() is not None:
                    pytest.fail(f"advisor serve exited: {(data / 'serve.log').read_text()[-2000:]}")
                try:
                    if httpx.get(url, timeout=2).status_code == 200:
                        break
                except httpx.HTTPError:
                    pass
                if time.monotonic() > deadline:
                    pytest.fail("advisor serve did not come up")
                time.sleep(1)
            yield url
        finally:
            process.terminate()
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()


def test_eight_concurrent_chat_clients_get_answers_without_errors(server_url: str) -> None:
    answers: list[tuple[int, str]] = []
    errors: list[str] = []
    lock = threading.Lock()
    stop_at = time.monotonic() + LOAD_S

    def client(number: int) -> None:
        chat = Client(server_url, verbose=False)
        asked = 0
        while asked == 0 or time.monotonic() < stop_at:
            question = QUESTIONS[(number + asked) % len(QUESTIONS)]
            asked += 1
            try:
                job = chat.submit(question, 5, 0.2, 64, api_name="/chat")
                messages = job.result(timeout=ANSWER_TIMEOUT_S)
                text = str(messages[0]["content"]) if messages else ""
                with lock:
                    if text.strip():
                        answers.append((number, text))
                    else:
                        errors.append(f"client {number}: empty answer to {question!r}")
            except Exception as exc:  # every failure is what this test counts
                with lock:
                    errors.append(f"client {number}: {type(exc).__name__}: {exc}")

    threads = [threading.Thread(target=client, args=(n,), daemon=True) for n in range(CLIENTS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=LOAD_S + ANSWER_TIMEOUT_S * 2)
    assert not any(t.is_alive() for t in threads), "a client never finished"
    assert errors == []
    assert {n for n, _ in answers} == set(range(CLIENTS)), "every client got an answer"
