"""The application container: builds each component once, lazily, from the settings."""

from __future__ import annotations

import threading
from functools import cached_property
from typing import TYPE_CHECKING

from advisor.settings import Settings

if TYPE_CHECKING:
    from langchain_core.embeddings import Embeddings

    from advisor.answering.base import Answerer
    from advisor.answering.grounded import GroundedAnswerer
    from advisor.evaluation.runner import EvalRunner
    from advisor.llm.base import ChatModel
    from advisor.retrieval.hybrid import HybridRetriever
    from ingest.pipeline import IngestPipeline
    from ingest.records import SQLiteRecordManager
    from ingest.store import ChunkStore


class Container:
    """Owns the heavy objects (models, index) so every entry point shares one of each."""

    def __init__(self, settings: Settings | None = None) -> None:
        self.settings = settings or Settings()
        self._lock = threading.RLock()

    @cached_property
    def embeddings(self) -> Embeddings:
        from ingest.embeddings import load_embeddings

        return load_embeddings(
            self.settings.index.embedding_model, self.settings.index.embed_batch_size
        )

    @cached_property
    def records(self) -> SQLiteRecordManager:
        from ingest.records import SQLiteRecordManager

        index = self.settings.index
        where = index.chroma_url or "embedded"
        return SQLiteRecordManager(
            f"{where}/{index.collection}", self.settings.data_dir / "records.sqlite"
        )

    @cached_property
    def store(self) -> ChunkStore:
        from ingest.store import ChunkStore, chroma_client

        index = self.settings.index
        client = chroma_client(self.settings.data_dir / "chroma", index.chroma_url)
        return ChunkStore(client, index.collection, self.embeddings, self.records)

    @cached_property
    def ingest_pipeline(self) -> IngestPipeline:
        from ingest.chunking import Chunker
        from ingest.pipeline import IngestPipeline

        index = self.settings.index
        return IngestPipeline(
            self.store, Chunker(index.chunk_size, index.chunk_overlap), index.url_timeout_s
        )

    @cached_property
    def retriever(self) -> HybridRetriever:
        from advisor.retrieval.hybrid import HybridRetriever

        return HybridRetriever(self.store, self.settings.retrieval)

    @cached_property
    def llm(self) -> ChatModel:
        from advisor.llm.factory import build_chat_model

        with self._lock:
            return build_chat_model(self.settings.llm, self.settings.cache_dir)

    @cached_property
    def answers(self) -> GroundedAnswerer:
        from advisor.answering.grounded import GroundedAnswerer

        return GroundedAnswerer(
            retriever=self.retriever,
            llm_factory=lambda: self.llm,
            embeddings=self.embeddings,
            settings=self.settings.answer,
            llm_settings=self.settings.llm,
        )

    def answerer(self, pipeline: str = "default") -> Answerer:
        """The grounded pipeline, or the naive baseline that evaluation compares it with."""
        if pipeline == "naive":
            from advisor.answering.naive import NaiveAnswerer

            return NaiveAnswerer(self.store, lambda: self.llm, self.settings.llm)
        return self.answers

    def evaluator(self, pipeline: str = "default") -> EvalRunner:
        from advisor.evaluation.runner import EvalRunner

        return EvalRunner(self.answerer(pipeline), self.answers.embedder, self.settings.eval.k)


_container: Container | None = None
_container_lock = threading.Lock()


def get_container() -> Container:
    """The process-wide container, built on first use."""
    global _container
    with _container_lock:
        if _container is None:
            _container = Container()
        return _container
