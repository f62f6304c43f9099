"""Shared fixtures: one embedding model, one LLM and one indexed knowledge base per session."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from langchain_core.embeddings import Embeddings

from advisor.container import Container
from advisor.runtime import go_offline
from advisor.settings import Settings

go_offline()  # before any test module imports transformers, gradio or chromadb

pytest_plugins = ["tests.documents"]

ROOT = Path(__file__).resolve().parent.parent
KNOWLEDGE = ROOT / "knowledge"

# Fixtures that load the real embedding model, index the real knowledge base or start a
# server process: seconds to minutes each, so a test using one belongs to the behaviour tier.
REAL_FIXTURES = frozenset({"embeddings", "kb_container", "llm_container", "server_url"})

# Fake-model tests that still take seconds of wall clock, by what they exercise.
BEHAVIOUR_TESTS = {
    "tests/reliability/test_ingest_text.py::test_50_mb_text": "writes and splits 55 MB of text",
    "tests/reliability/test_ingest_bombs.py::test_docx_zip_bomb": "a 400 MB docx bomb in a child",
    "tests/reliability/test_web_concurrency.py": "a real server waiting on a slow URL",
    "tests/reliability/test_web_safety.py": "a real server; the login limit waits it out",
}


def _runs_processes(item: pytest.Item) -> bool:
    """A test module that imports `subprocess` starts the CLI or a server: seconds per test."""
    module = getattr(item, "module", None)
    return module is not None and vars(module).get("subprocess") is subprocess


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark the behaviour tier, so `pytest -m "not slow and not integration and not browser"`
    (the fast tier, `make fast`) runs only the fake-model tests, in under a minute."""
    for item in items:
        heavy = any(item.nodeid.startswith(prefix) for prefix in BEHAVIOUR_TESTS)
        if (
            heavy
            or REAL_FIXTURES.intersection(getattr(item, "fixturenames", ()))
            or _runs_processes(item)
        ):
            item.add_marker(pytest.mark.integration)


class CountingEmbeddings(Embeddings):
    """The real model, counting the texts it embeds, so tests can prove work was skipped."""

    def __init__(self, inner: Embeddings) -> None:
        self.inner = inner
        self.documents_embedded = 0

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        self.documents_embedded += len(texts)
        return self.inner.embed_documents(texts)

    def embed_query(self, text: str) -> list[float]:
        return self.inner.embed_query(text)


@pytest.fixture(scope="session")
def embeddings() -> Embeddings:
    from ingest.embeddings import load_embeddings

    return load_embeddings(Settings().index.embedding_model)


def make_container(data_dir: Path, embeddings: Embeddings, **overrides: object) -> Container:
    """A container on its own data dir, sharing the session's loaded embedding model."""
    settings = Settings(data_dir=data_dir, **overrides)  # type: ignore[arg-type]
    return Container(settings, embeddings=embeddings)


@pytest.fixture(scope="session")
def kb_container(tmp_path_factory: pytest.TempPathFactory, embeddings: Embeddings) -> Container:
    """The bundled knowledge base, indexed once for the whole session."""
    container = make_container(tmp_path_factory.mktemp("kb"), embeddings)
    report = container.ingest_pipeline.run([str(KNOWLEDGE)])
    assert report.ok, report.failed
    return container


@pytest.fixture(scope="session")
def llm_container(kb_container: Container) -> Iterator[Container]:
    """The knowledge-base container with the real bundled LLM loaded (once)."""
    kb_container.warm_up()
    yield kb_container
