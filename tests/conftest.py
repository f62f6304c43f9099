"""Shared fixtures: one embedding model, one LLM and one indexed knowledge base per session."""

from __future__ import annotations

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
