"""Scripted stand-ins for the fast test tier: a chat model that streams what a test enqueued,
embeddings that are deterministic bags of words, and a retriever over a fixed list of texts.

They exist so answering logic is tested in milliseconds; the real model, index and browser
stay in the slow tier.
"""

from __future__ import annotations

import hashlib
import math
from collections import deque
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from langchain_core.embeddings import Embeddings

from advisor.llm.base import ChatMessage, ChatModel, GenerationOptions
from advisor.retrieval.keyword import lucene_idf
from advisor.retrieval.types import Passage, RetrievalFilter
from advisor.text import tokenize
from ingest.documents import Chunk

PIECE_CHARS = 3  # small pieces, so markers and sentences arrive split as a real model's do


class ModelDown(RuntimeError):
    """What the fake model raises when a test scripts a backend failure."""


@dataclass(frozen=True)
class _Script:
    text: str
    fail_after: int | None


class FakeChatModel(ChatModel):
    """Streams the enqueued texts, one per call, in pieces of `PIECE_CHARS` characters."""

    name = "fake"

    def __init__(self) -> None:
        super().__init__()
        self._scripts: deque[_Script] = deque()
        self.calls: list[list[ChatMessage]] = []
        self.pieces_sent = 0
        self.closed = 0

    def enqueue(self, text: str, *, fail_after: int | None = None) -> FakeChatModel:
        """The next reply; with `fail_after`, the backend raises `ModelDown` after that many
        pieces, as a server that drops mid-answer does."""
        self._scripts.append(_Script(text, fail_after))
        return self

    def _stream(self, messages: list[ChatMessage], options: GenerationOptions) -> Iterator[str]:
        self.calls.append(messages)
        script = self._scripts.popleft() if self._scripts else _Script("", None)
        try:
            for i in range(0, max(len(script.text), 1), PIECE_CHARS):
                if script.fail_after is not None and i // PIECE_CHARS >= script.fail_after:
                    raise ModelDown("connection to the model server was lost")
                self.pieces_sent += 1
                yield script.text[i : i + PIECE_CHARS]
            if script.fail_after is not None and not script.text:
                raise ModelDown("connection to the model server was lost")
        finally:
            self.closed += 1


class FakeEmbeddings(Embeddings):
    """Unit vectors of hashed word counts: texts sharing words are close, others are not."""

    def __init__(self, dims: int = 512) -> None:
        self.dims = dims

    def _embed(self, text: str) -> list[float]:
        vector = [0.0] * self.dims
        for token in tokenize(text):
            slot = int(hashlib.blake2b(token.encode(), digest_size=4).hexdigest(), 16)
            vector[slot % self.dims] += 1.0
        norm = math.sqrt(sum(v * v for v in vector)) or 1.0
        return [v / norm for v in vector]

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return [self._embed(t) for t in texts]

    def embed_query(self, text: str) -> list[float]:
        return self._embed(text)


def chunk(text: str, source: str = "kb/doc.md", title: str = "Doc", index: int = 0) -> Chunk:
    return Chunk(source, title, "", text, index, "en")


class _Vocabulary:
    def __init__(self, words: frozenset[str]) -> None:
        self._words = words

    def vocabulary(self) -> frozenset[str]:
        return self._words


class FakeRetriever:
    """Returns its chunks in the given order for every query (the retriever's interface as
    the answerer uses it: `embed_query`, `retrieve`, `keyword.vocabulary()`)."""

    def __init__(self, embeddings: Embeddings, chunks: Sequence[Chunk]) -> None:
        self._embeddings = embeddings
        self._chunks = list(chunks)
        words = frozenset(t for c in self._chunks for t in tokenize(f"{c.title} {c.text}"))
        self.keyword = _Vocabulary(words)
        self.queries: list[str] = []

    def embed_query(self, query: str) -> list[float]:
        return self._embeddings.embed_query(query)

    def vocabulary(self) -> frozenset[str]:
        return self.keyword.vocabulary()

    def rarity(self, terms: list[str]) -> dict[str, float]:
        held = [set(tokenize(f"{c.title} {c.location} {c.text}")) for c in self._chunks]
        return {t: lucene_idf(len(held), sum(t in h for h in held)) for t in terms}

    def retrieve(
        self,
        query: str,
        top_k: int | None = None,
        filters: RetrievalFilter | None = None,
        query_embedding: Sequence[float] | None = None,
    ) -> list[Passage]:
        self.queries.append(query)
        chunks = [c for c in self._chunks if filters is None or filters.matches(c)]
        return [Passage(c, 1.0 / (1 + i)) for i, c in enumerate(chunks[: top_k or 5])]
