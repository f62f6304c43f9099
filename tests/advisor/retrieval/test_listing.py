"""A chunk that lists other documents comes after every chunk that speaks for itself."""

from __future__ import annotations

from dataclasses import replace

from advisor.retrieval.hybrid import HybridRetriever
from advisor.settings import RetrievalSettings
from ingest.catalogue import CATALOGUE_KEY
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
