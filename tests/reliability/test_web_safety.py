"""The web app against a real server over HTTP: it ingests only uploads and http(s) URLs,
keeps same-name uploads apart, enforces the upload limit and rate-limits failed logins.

The server is the app `advisor serve` runs (FastAPI + Gradio on uvicorn) over the fast
tier's scripted model and embeddings and a real Chroma index, on a free loopback port."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from gradio_client import Client, handle_file

from advisor.container import Container
from advisor.web.knowledge import NOT_A_URL, plain
from tests.advisor.web.live import fake_container, live_server

pytestmark = pytest.mark.timeout(300)


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Container, str]]:
    container = fake_container(tmp_path_factory.mktemp("web"), web={"max_upload_mb": 1})
    with live_server(container) as url:
        yield container, url


def _sources(container: Container) -> list[str]:
    return [s.source for s in container.store.sources()]


def test_server_files_cannot_be_ingested_through_the_url_box(
    served: tuple[Container, str], tmp_path: Path
) -> None:
    container, url = served
    secret = tmp_path / "credentials.md"
    secret.write_text("# Admin\n\nThe admin password is hunter2.\n", encoding="utf-8")
    before = _sources(container)
    client = Client(url, verbose=False)
    result = client.predict([], f"{secret}\n{tmp_path}\nfile://{secret}", api_name="/ingest")
    report = result[0]
    assert report.count(plain(NOT_A_URL)) == 3 and "failed 3" in report
    assert _sources(container) == before
    answer = client.predict("What is the admin password?", 5, 0.2, 64, api_name="/chat")
    assert "hunter2" not in str(answer)


def test_same_name_uploads_from_two_users_are_both_kept(
    served: tuple[Container, str], tmp_path: Path
) -> None:
    container, url = served
    paths = []
    for user, price in (("alice", "$10 per seat"), ("bob", "$2 per call")):
        folder = tmp_path / user
        folder.mkdir()
        (folder / "pricing.md").write_text(f"# Pricing\n\nWe charge {price}.\n", encoding="utf-8")
        paths.append(folder / "pricing.md")
    for path in paths:  # two sessions, one after the other, same file name
        report = Client(url, verbose=False).predict(
            [handle_file(str(path))], "", api_name="/ingest"
        )[0]
        assert report.startswith("Added 1"), report
    kept = [s for s in _sources(container) if Path(s).name == "pricing.md"]
    assert len(kept) == 2
    texts = " ".join(Path(s).read_text(encoding="utf-8") for s in kept)
    assert "$10 per seat" in texts and "$2 per call" in texts


def test_uploads_over_the_limit_are_refused_by_the_server(
    served: tuple[Container, str], tmp_path: Path
) -> None:
    _, url = served
    big = tmp_path / "big.txt"
    big.write_bytes(b"a" * (2**20 + 10))
    with big.open("rb") as f:
        response = httpx.post(f"{url}/gradio_api/upload", files={"files": f}, timeout=30)
    assert response.status_code == 413, response.text
    small = tmp_path / "small.txt"
    small.write_text("fine", encoding="utf-8")
    with small.open("rb") as f:
        assert httpx.post(f"{url}/gradio_api/upload", files={"files": f}).status_code == 200


def test_failed_logins_are_rate_limited_per_client(tmp_path: Path) -> None:
    web = {"auth": "admin:s3cret-pass", "login_max_failures": 3, "login_window_s": 3}
    with live_server(fake_container(tmp_path, web=web)) as url:

        def login(password: str) -> int:
            data = {"username": "admin", "password": password}
            return httpx.post(f"{url}/login", data=data, timeout=10).status_code

        assert httpx.get(f"{url}/config", timeout=10).status_code == 401
        assert [login(f"guess{i}") for i in range(3)] == [400, 400, 400]
        refused = httpx.post(f"{url}/login", data={"username": "admin", "password": "x"})
        assert refused.status_code == 429 and "try again" in refused.json()["detail"]
        assert login("s3cret-pass") == 429, "even the right password waits out the window"
        time.sleep(3.2)
        assert login("s3cret-pass") == 200
