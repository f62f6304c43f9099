"""A chunk that lists other documents comes after every chunk that speaks for itself."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from advisor.retrieval.hybrid import HybridRetriever
from advisor.settings import RetrievalSettings
from ingest.catalogue import CATALOGUE_KEY
from ingest.documents import Chunk
from ingest.index import ChunkFilter
from tests.advisor.retrieval.memory_index import MemoryIndex, chunk


def test_an_index_of_files_ranks_after_the_documents_it_lists() -> None:
    listing = replace(
        chunk("readme", "File: webpack-funding.md; Topic: webpack funding through a platform."),
        metadata={CATALOGUE_KEY: True},
    )
    article = chunk("article", "Some projects like webpack are funded through OpenCollective.")
    other = chunk("other", "Sponsorship pays maintainers of popular projects.")
    retriever = HybridRetriever(MemoryIndex([listing, article, other]), RetrievalSettings())
    found = retriever.retrieve("webpack funding platform", k=3, query_embedding=[0.0])
    assert found[0].chunk.id == "article"
    assert found[-1].chunk.id == "readme"
    alone = HybridRetriever(MemoryIndex([listing]), RetrievalSettings())
    assert [p.chunk.id for p in alone.retrieve("webpack", k=3, query_embedding=[0.0])] == [
        "readme"
    ]  # still found when nothing else answers: demoted, not hidden


class _Ranked(MemoryIndex):
    """Dense search that ranks the chunks in a fixed order, whatever the question."""

    def __init__(self, chunks: list[Chunk], dense_order: list[str]) -> None:
        super().__init__(chunks)
        self._order = dense_order

    def dense_search(
        self, query_embedding: Sequence[float], k: int, filters: ChunkFilter | None = None
    ) -> list[tuple[Chunk, float]]:
        by_id = {c.id: c for c in self.all_chunks()}
        return [(by_id[i], 0.5) for i in self._order][:k]


def test_keyword_searchs_best_hit_is_kept_when_dense_search_ranks_it_low() -> None:
    """The table row with every word of the question is keyword search's first hit; dense
    search puts it last. Rank fusion alone would leave it out of the top k."""
    fillers = [chunk(f"f{i}", f"GitLab tier note {i} about the free user base.") for i in range(8)]
    row = chunk("row", "Per user per month: Free $0; Premium $29; Ultimate $99.")
    noise = [chunk(f"n{i}", f"unrelated words {i}") for i in range(30)]
    dense_order = [c.id for c in fillers] + [c.id for c in noise] + ["row"]
    index = _Ranked([*fillers, *noise, row], dense_order)
    found = HybridRetriever(index, RetrievalSettings()).retrieve(
        "GitLab Ultimate per user per month", k=5, query_embedding=[0.0]
    )
    assert "row" in [p.chunk.id for p in found]
    assert found[0].chunk.id != "row"  # kept in the last place, not promoted
