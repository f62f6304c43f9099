"""Ingest against raw `SentenceTransformer.encode`, and hybrid retrieval at 1k-100k chunks
against a raw Chroma query on the same collection.

    .venv/bin/python -m benchmarks.scale [--sizes 1000 10000 100000] [--json]

The large indexes get their vectors written directly (random unit vectors, synthetic text),
so what is measured is the store, the keyword index and fusion, not embedding time.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

from advisor.container import Container
from advisor.retrieval.hybrid import HybridRetriever
from advisor.settings import Settings
from benchmarks.keyword import WORDS
from ingest.chroma_rows import to_langchain
from ingest.documents import Chunk
from ingest.index import open_index

INGEST_FILES = 100
SECTIONS_PER_FILE = 20  # ~2,000 chunks: one section of ~600 characters is one chunk
BATCH_SIZES = (16, 32, 64, 128)
DIM = 384  # all-MiniLM-L6-v2
QUERIES = 20
WRITE_BATCH = 5000  # Chroma's own upper bound on one upsert is ~5,461 rows


def percentiles(times: list[float]) -> dict[str, float]:
    ordered = sorted(times)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return {"p50_s": statistics.median(ordered), "p95_s": p95}


def _write_corpus(folder: Path) -> None:
    rng = random.Random(3)
    for f in range(INGEST_FILES):
        sections = []
        for s in range(SECTIONS_PER_FILE):
            words = " ".join(rng.choice(WORDS) for _ in range(80))
            sections.append(f"## Plan {s}\n\nPlan {s} of product {f} costs ${s + f}. {words}.\n")
        body = "\n".join(sections)
        (folder / f"product-{f}.md").write_text(f"# Product {f}\n\n{body}", encoding="utf-8")


def ingest_vs_encode() -> dict[str, Any]:
    """Chunks per second of the whole ingest pipeline against the bare model on its texts."""
    from sentence_transformers import SentenceTransformer

    from ingest.embeddings import load_embeddings, resolve_embedding_model

    settings = Settings()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "docs"
        folder.mkdir()
        _write_corpus(folder)
        embeddings = load_embeddings(settings.index.embedding_model)
        container = Container(Settings(data_dir=Path(tmp) / "data"), embeddings=embeddings)
        start = time.perf_counter()
        report = container.ingest_pipeline.run([str(folder)])
        ingest_s = time.perf_counter() - start
        assert report.ok, report.failed
        chunks = container.store.all_chunks()
    texts = [f"{c.title} > {c.location}\n\n{c.text}" for c in chunks]
    model = SentenceTransformer(resolve_embedding_model(settings.index.embedding_model))
    sample = texts[:256]

    def encode(batch: list[str], size: int) -> float:
        return _seconds(lambda: model.encode(batch, batch_size=size, normalize_embeddings=True))

    best = min(BATCH_SIZES, key=lambda size: encode(sample, size))
    raw_s = encode(texts, best)
    return {
        "chunks": len(texts),
        "best_batch": best,
        "baseline_chunks_per_s": len(texts) / raw_s,
        "measured_chunks_per_s": len(texts) / ingest_s,
        "ratio": round(raw_s / ingest_s, 3),
    }


def _seconds(fn: Any) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def _unit(rng: np.random.Generator, n: int) -> np.ndarray:
    vectors = rng.standard_normal((n, DIM)).astype(np.float32)
    return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


def _fill(store: Any, records: Any, size: int, rng: np.random.Generator) -> None:
    """`size` synthetic chunks written straight into the store's Chroma collection."""
    words = random.Random(5)
    collection = store._current()  # the benchmark writes vectors itself: no embedding
    for start in range(0, size, WRITE_BATCH):
        ids, texts, metas = [], [], []
        for i in range(start, min(size, start + WRITE_BATCH)):
            body = " ".join(words.choice(WORDS) for _ in range(60))
            chunk = Chunk(
                f"/kb/p{i // 4}.md",
                f"Product {i // 4}",
                f"Plan {i % 4}",
                f"Product {i} tier {i % 1000} costs ${i % 500}. {body}",
                i % 4,
                "en",
            )
            doc = to_langchain(chunk, "hash", "2026-01-01T00:00:00")
            ids.append(f"c{i}")
            texts.append(doc.page_content)
            metas.append(doc.metadata)
        collection.add(ids=ids, embeddings=_unit(rng, len(ids)), documents=texts, metadatas=metas)
        records.update(ids, group_ids=[str(m["source"]) for m in metas])


def retrieval_at(size: int) -> dict[str, Any]:
    """p50/p95 of the full hybrid retrieval against a raw Chroma query, at `size` chunks."""
    settings = Settings()
    rng = np.random.default_rng(size)
    with tempfile.TemporaryDirectory() as tmp:
        store = open_index(settings.index, Path(tmp), embeddings=None)
        fill_s = _seconds(lambda: _fill(store, store.records, size, rng))
        retriever = HybridRetriever(store, settings.retrieval)
        queries = [f"tier {q * 37} seat price" for q in range(QUERIES)]
        vectors = _unit(rng, QUERIES)
        first_s = _seconds(lambda: retriever.retrieve(queries[0], query_embedding=list(vectors[0])))
        collection = store._current()
        raw, hybrid = [], []
        for query, vector in zip(queries, vectors, strict=True):
            raw.append(
                _seconds(
                    lambda v=vector: collection.query(
                        query_embeddings=v[None, :],
                        n_results=settings.retrieval.candidates,
                        include=["documents", "metadatas", "distances"],
                    )
                )
            )
            hybrid.append(
                _seconds(lambda q=query, v=vector: retriever.retrieve(q, query_embedding=list(v)))
            )
    base, measured = percentiles(raw), percentiles(hybrid)
    return {
        "chunks": size,
        "fill_s": fill_s,
        "first_query_s": first_s,
        "baseline": base,
        "measured": measured,
        "ratio_p50": round(measured["p50_s"] / base["p50_s"], 3),
        "ratio_p95": round(measured["p95_s"] / base["p95_s"], 3),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10_000, 100_000])
    parser.add_argument("--skip-ingest", action="store_true")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    results: dict[str, Any] = {}
    if not args.skip_ingest:
        results["ingest"] = ingest_vs_encode()
    results["retrieval"] = [retrieval_at(size) for size in args.sizes]
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
