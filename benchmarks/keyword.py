"""Keyword index at scale: one new document in a 100k-chunk index, updated incrementally
against the full rebuild it replaced, and the query cost of both.

    .venv/bin/python -m benchmarks.keyword [--chunks 100000] [--json]

The corpus is synthetic and in memory (an index of 100k real chunks would need hours of
embedding here); the keyword side reads the index only through `ChunkIndex`, so what is
measured is the keyword index's own work.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import time
from collections.abc import Sequence
from typing import Any

from rank_bm25 import BM25Okapi

from advisor.retrieval.keyword import KeywordIndex
from advisor.text import tokenize
from ingest.documents import Chunk, SourceInfo
from ingest.index import ChunkFilter

WORDS = (
    "seat usage credit outcome resolution margin inference token plan tier annual monthly "
    "discount enterprise team starter agent copilot assistant workflow support ticket"
).split()
QUERIES = ["$0.99 per resolution", "enterprise seat discount", "Quorvex analytics", "tier 417"]


class _SyntheticIndex:
    """Enough of `ChunkIndex` for the keyword side; everything in memory."""

    def __init__(self, chunks: list[Chunk]) -> None:
        self.rows = {c.id: c for c in chunks}
        self.generation = 0

    def version(self) -> int:
        return self.generation

    def all_chunks(self) -> list[Chunk]:
        return list(self.rows.values())

    def chunk_ids(self) -> set[str]:
        return set(self.rows)

    def chunks(self, ids: Sequence[str]) -> list[Chunk]:
        return [self.rows[i] for i in ids if i in self.rows]

    def embed_query(self, text: str) -> list[float]:
        raise NotImplementedError

    def dense_search(
        self, query_embedding: Sequence[float], k: int, filters: ChunkFilter | None = None
    ) -> list[tuple[Chunk, float]]:
        return []

    def count(self) -> int:
        return len(self.rows)

    def sources(self) -> list[SourceInfo]:
        return []


class _FullRebuildBM25(BM25Okapi):
    """The previous keyword index: rank_bm25 over the whole corpus, Lucene IDF."""

    def _calc_idf(self, nd: dict[str, Any]) -> None:
        n = self.corpus_size
        self.idf = {w: math.log(1 + (n - f + 0.5) / (f + 0.5)) for w, f in nd.items()}


def _corpus(size: int) -> list[Chunk]:
    rng = random.Random(7)
    chunks = []
    for i in range(size):
        words = " ".join(rng.choice(WORDS) for _ in range(60))
        text = f"Product {i} tier {i % 1000} costs ${i % 500}.{i % 100:02d} per seat. {words}"
        chunks.append(
            Chunk(f"/kb/p{i // 4}.md", f"Product {i // 4}", "", text, i % 4, "en", {}, f"c{i}")
        )
    return chunks


def _seconds(fn: Any) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def measure(size: int) -> dict[str, Any]:
    """Update after one new document and query cost at `size` chunks, both against the
    full rebuild; `first_build_s` is the one-off build on first use."""
    index = _SyntheticIndex(_corpus(size))
    keyword = KeywordIndex(index)
    first_build = _seconds(lambda: keyword.search("seat", 5))
    new = Chunk(
        "/kb/new.md", "Quorvex", "", "Quorvex analytics costs $41 per seat.", 0, "en", {}, "new"
    )
    index.rows[new.id] = new
    index.generation += 1

    def rebuild() -> None:
        corpus = [tokenize(f"{c.title} {c.location} {c.text}") for c in index.all_chunks()]
        scores = _FullRebuildBM25(corpus).get_scores(tokenize("Quorvex analytics"))
        sorted(range(len(scores)), key=lambda i: scores[i], reverse=True)[:5]

    results: dict[str, dict[str, float]] = {
        "update_after_one_document": {
            "baseline_s": _seconds(rebuild),
            "measured_s": _seconds(lambda: keyword.search("Quorvex analytics", 5)),
        },
    }
    assert keyword.search("Quorvex analytics", 1)[0][0].id == "new"
    corpus = [tokenize(f"{c.title} {c.location} {c.text}") for c in index.all_chunks()]
    previous = _FullRebuildBM25(corpus)

    def previous_search() -> None:  # the previous KeywordIndex.search: score all, sort all
        for q in QUERIES:
            scores = previous.get_scores(tokenize(q))
            sorted(range(len(scores)), key=lambda i: scores[i], reverse=True)[:20]

    results["query"] = {
        "baseline_s": _seconds(previous_search),
        "measured_s": _seconds(lambda: [keyword.search(q, 20) for q in QUERIES]),
    }
    for row in results.values():
        row["ratio"] = round(row["measured_s"] / row["baseline_s"], 4)
    return {"chunks": size, "first_build_s": first_build, **results}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--chunks", type=int, default=100_000)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    measured = measure(args.chunks)
    if args.json:
        print(json.dumps(measured))
        return
    print(f"{args.chunks} chunks, first build {measured['first_build_s']:.2f}s")
    for name in ("update_after_one_document", "query"):
        row = measured[name]
        print(
            f"{name:26s} baseline {row['baseline_s']:8.3f}s  measured "
            f"{row['measured_s']:8.3f}s  ratio {row['ratio']:.4f}"
        )


if __name__ == "__main__":
    main()
