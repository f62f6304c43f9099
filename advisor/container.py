"""The application container: builds each component once, lazily, from the settings.

Entry points (the CLI, `advisor serve`, evaluation, tests) build one and pass it on; there is
no process-wide instance. Tests hand in the parts they already hold (`embeddings`, `llm`).
"""

from __future__ import annotations

import threading
from functools import cached_property
from typing import TYPE_CHECKING

from advisor.settings import AnswerSettings, Settings

if TYPE_CHECKING:
    from langchain_core.embeddings import Embeddings

    from advisor.answering.base import Answerer
    from advisor.answering.grounded import GroundedAnswerer
    from advisor.economics.handler import CalculationHandler
    from advisor.economics.prices import PriceTable
    from advisor.evaluation.runner import EvalRunner
    from advisor.llm.base import ChatModel
    from advisor.retrieval.hybrid import HybridRetriever
    from advisor.usage import PricedAnswerer
    from ingest.pipeline import IngestPipeline
    from ingest.records import SQLiteRecordManager
    from ingest.store import ChunkStore


class Container:
    """Owns the heavy objects (models, index) so every entry point shares one of each."""

    def __init__(
        self,
        settings: Settings,
        *,
        embeddings: Embeddings | None = None,
        llm: ChatModel | None = None,
    ) -> None:
        self.settings = settings
        self._embeddings = embeddings
        self._llm = llm
        self._lock = threading.RLock()

    @property
    def embeddings(self) -> Embeddings:
        """The given embedding model, or the configured one, loaded on first use."""
        with self._lock:
            if self._embeddings is None:
                from ingest.embeddings import load_embeddings

                index = self.settings.index
                self._embeddings = load_embeddings(
                    index.embedding_model, index.embed_batch_size, self.settings.cache_dir
                )
            return self._embeddings

    @cached_property
    def records(self) -> SQLiteRecordManager:
        return self.store.records

    @cached_property
    def store(self) -> ChunkStore:
        from ingest.index import LazyEmbeddings, open_index

        # Lazy: `sources` and `remove` never need the embedding model.
        embeddings = LazyEmbeddings(self._index_embeddings)
        return open_index(self.settings.index, self.settings.data_dir, embeddings)

    def _index_embeddings(self) -> Embeddings:
        """Chunks written with sentence-transformers when questions run on its ONNX twin
        (faster on whole chunks; same vectors); otherwise the one model for both."""
        from ingest.embeddings import WriteReadEmbeddings, load_embeddings
        from ingest.embeddings_onnx import OnnxSentenceEmbeddings

        read = self.embeddings
        if not isinstance(read, OnnxSentenceEmbeddings):
            return read
        index = self.settings.index
        return WriteReadEmbeddings(
            read, lambda: load_embeddings(index.embedding_model, index.embed_batch_size)
        )

    @cached_property
    def ingest_pipeline(self) -> IngestPipeline:
        from ingest.chunking import Chunker
        from ingest.pipeline import IngestPipeline

        index = self.settings.index
        return IngestPipeline(
            self.store, Chunker(index.chunk_size, index.chunk_overlap), index.limits
        )

    @cached_property
    def retriever(self) -> HybridRetriever:
        from advisor.retrieval.hybrid import HybridRetriever

        return HybridRetriever(self.store, self.settings.retrieval)

    @property
    def llm(self) -> ChatModel:
        """The given chat model, or the configured backend, loaded on first use."""
        with self._lock:
            if self._llm is None:
                from advisor.llm.factory import build_chat_model

                self._llm = build_chat_model(self.settings.llm, self.settings.cache_dir)
            return self._llm

    def warm_up(self) -> None:
        """Load the models and open the index now, so the first user does not wait for it."""
        _ = self.store
        self.embeddings.embed_query("warm up")  # loads the model; its first call is slow
        self.llm.load()

    @cached_property
    def answer_settings(self) -> AnswerSettings:
        """The answer settings with the embedding model's own thresholds."""
        return self.settings.answer.for_embedder(self.settings.index.embedding_model)

    @cached_property
    def answers(self) -> GroundedAnswerer:
        from advisor.answering.grounded import GroundedAnswerer
        from advisor.answering.intent import IntentClassifier

        return GroundedAnswerer(
            retriever=self.retriever,
            llm_factory=lambda: self.llm,
            embeddings=self.embeddings,
            settings=self.answer_settings,
            llm_settings=self.settings.llm,
            handlers=[self.calculation],
            intents=IntentClassifier(
                self.embeddings, is_calculation=self.calculation.is_calculation
            ),
        )

    @cached_property
    def priced_answers(self) -> PricedAnswerer:
        """The grounded pipeline whose answers carry their tokens' cost at list price."""
        from advisor.usage import PricedAnswerer

        return PricedAnswerer(self.answers, self.prices)

    @cached_property
    def prices(self) -> PriceTable:
        """The bundled price table, with the user's `<data_dir>/prices.yaml` over it."""
        from advisor.economics.prices import PRICE_FILE, PriceTable

        return PriceTable.load(
            self.settings.knowledge_dir / PRICE_FILE, self.settings.data_dir / PRICE_FILE
        )

    @cached_property
    def calculation(self) -> CalculationHandler:
        """Answers calculation questions; its closing advice comes from the same retrieval
        and evidence selection as every other answer."""
        import time

        from advisor.economics.handler import CalculationHandler

        return CalculationHandler(
            self.prices,
            self.settings.knowledge_dir,
            grounder=lambda q, options: self.answers.ground(q, q, options, time.perf_counter()),
            min_evidence_score=self.answer_settings.abstain_below,
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
