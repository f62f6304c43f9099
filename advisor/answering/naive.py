"""The plain baseline: dense top-4, whole chunks in the prompt, the model's text as is.

It exists to measure what the grounded pipeline adds; nothing here guards the output.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Sequence

from advisor.answering import prompts
from advisor.answering.base import Answerer, AskOptions
from advisor.answering.messages import to_chat_messages
from advisor.answering.types import Answer, AnswerDelta, AnswerEvent, Citation, Timings
from advisor.llm.base import ChatModel, GenerationOptions
from advisor.retrieval.types import Passage
from advisor.settings import LLMSettings
from ingest.store import ChunkStore

NAIVE_TOP_K = 4


class NaiveAnswerer(Answerer):
    def __init__(
        self, store: ChunkStore, llm_factory: Callable[[], ChatModel], llm_settings: LLMSettings
    ) -> None:
        self._store = store
        self._llm_factory = llm_factory
        self._llm_settings = llm_settings

    def stream(
        self, question: str, history: Sequence[str] = (), options: AskOptions | None = None
    ) -> Iterator[AnswerEvent]:
        start = time.perf_counter()
        embedding = self._store.embeddings.embed_query(question)
        hits = self._store.dense_search(embedding, NAIVE_TOP_K)
        passages = [Passage(chunk, score, dense=score) for chunk, score in hits]
        timings = Timings(retrieve_ms=(time.perf_counter() - start) * 1000)
        messages = prompts.NAIVE.format_messages(
            context="\n\n".join(p.text for p in passages), question=question
        )
        generation = GenerationOptions(
            self._llm_settings.max_new_tokens, self._llm_settings.temperature
        )
        parts: list[str] = []
        for piece in self._llm_factory().stream(to_chat_messages(messages), generation):
            if timings.first_token_ms is None:
                timings.first_token_ms = (time.perf_counter() - start) * 1000
            parts.append(piece)
            yield AnswerDelta(piece)
        timings.total_ms = (time.perf_counter() - start) * 1000
        # Like common RAG front ends, it lists every retrieved chunk as a source.
        citations = [
            Citation(n, p.source, p.title, p.location, p.text) for n, p in enumerate(passages, 1)
        ]
        yield Answer(
            question=question,
            answer="".join(parts).strip(),
            abstained=False,
            citations=citations,
            passages=passages,
            timings=timings,
        )
