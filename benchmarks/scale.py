"""Ingest against raw `SentenceTransformer.encode`, and hybrid retrieval at 1k-100k chunks
against a raw Chroma query on the same collection.

    .venv/bin/python -m benchmarks.scale [--sizes 1000 10000 100000] [--json]

One index grows from size to size; its vectors are written directly in Chroma's largest
batches (synthetic unit vectors clustered by topic, synthetic text), so what is measured is
the store, the keyword index and fusion, not embedding time.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import tempfile
import time
from collections.abc import Iterator, Sequence
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
ROUNDS = 4  # ingest and raw encode alternate over this many parts of the corpus
SWEEP = 128  # texts the batch-size sweep encodes at each size
DIM = 384  # all-MiniLM-L6-v2
QUERIES = 20
WRITE_BATCH = 5461  # Chroma's own upper bound on one add (its client says, and wins)
BODY_WORDS = 60  # ~400 characters of body, about a real chunk's keyword load
TOPICS = 500  # products cluster into topics, as real documents do
TOPIC_NOISE = 0.75


def percentiles(times: list[float]) -> dict[str, float]:
    ordered = sorted(times)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return {"p50_s": statistics.median(ordered), "p95_s": p95}


def _write_corpus(root: Path, folders: list[Path]) -> None:
    """INGEST_FILES Markdown files spread over `folders`, ~SECTIONS_PER_FILE chunks each."""
    rng = random.Random(3)
    for folder in folders:
        folder.mkdir(parents=True)
    for f in range(INGEST_FILES):
        sections = []
        for s in range(SECTIONS_PER_FILE):
            words = " ".join(rng.choice(WORDS) for _ in range(80))
            sections.append(f"## Plan {s}\n\nPlan {s} of product {f} costs ${s + f}. {words}.\n")
        body = "\n".join(sections)
        target = folders[f % len(folders)] / f"product-{f}.md"
        target.write_text(f"# Product {f}\n\n{body}", encoding="utf-8")


def _encode_s(model: Any, texts: list[str], batch_size: int) -> float:
    """Seconds of the bare model on `texts`, normalised as `advisor ingest` stores them."""
    return _seconds(lambda: model.encode(texts, batch_size=batch_size, normalize_embeddings=True))


def ingest_vs_encode() -> dict[str, Any]:
    """Chunks per second of the whole ingest pipeline against the bare model on its texts.
    The corpus goes in ROUNDS parts, each ingested then encoded raw, so load elsewhere on
    the machine, which drifts over a minute's run, falls on both sides alike."""
    from sentence_transformers import SentenceTransformer

    from ingest.embeddings import resolve_embedding_model

    model = SentenceTransformer(resolve_embedding_model(Settings().index.embedding_model))
    with tempfile.TemporaryDirectory() as tmp:
        folders = [Path(tmp) / f"docs{r}" for r in range(ROUNDS)]
        _write_corpus(Path(tmp), folders)
        container = Container(Settings(data_dir=Path(tmp) / "data"))  # as `advisor ingest`
        container.store.embeddings.embed_documents(["warm up"])  # as the baseline's load
        ingest_s = raw_s = 0.0
        best, texts = 0, 0
        for folder in folders:
            start = time.perf_counter()
            report = container.ingest_pipeline.run([str(folder)])
            ingest_s += time.perf_counter() - start
            assert report.ok, report.failed
            part = [
                f"{c.title} > {c.location}\n\n{c.text}"
                for c in container.store.all_chunks()
                if c.source.startswith(str(folder))
            ]
            sweep = part[:SWEEP]
            best = best or min(BATCH_SIZES, key=lambda size: _encode_s(model, sweep, size))
            raw_s += _encode_s(model, part, best)
            texts += len(part)
    return {
        "chunks": texts,
        "best_batch": best,
        "baseline_chunks_per_s": texts / raw_s,
        "measured_chunks_per_s": texts / ingest_s,
        "ratio": round(raw_s / ingest_s, 3),
    }


def _seconds(fn: Any) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def _unit(vectors: np.ndarray) -> np.ndarray:
    return (vectors / np.linalg.norm(vectors, axis=1, keepdims=True)).astype(np.float32)


def _vectors(rng: np.random.Generator, topics: np.ndarray, topic_ids: np.ndarray) -> np.ndarray:
    """Unit vectors around their product's topic (cosine ~0.8 to it), as real chunk vectors
    cluster by subject; uniform random vectors would also make HNSW's build twice as slow."""
    noise = rng.standard_normal((len(topic_ids), DIM)) / np.sqrt(DIM)
    return _unit(topics[topic_ids] + TOPIC_NOISE * noise)


def _rows(start: int, end: int, rng: np.random.Generator) -> tuple[list[str], list[str], list[Any]]:
    """Ids, texts and metadata of synthetic chunks `start`..`end`, as ingest writes them."""
    words = np.array(WORDS)[rng.integers(0, len(WORDS), (end - start, BODY_WORDS))]
    ids, texts, metas = [], [], []
    for i, body in zip(range(start, end), words, strict=True):
        chunk = Chunk(
            f"/kb/p{i // 4}.md",
            f"Product {i // 4}",
            f"Plan {i % 4}",
            f"Product {i} tier {i % 1000} costs ${i % 500}. {' '.join(body)}",
            i % 4,
            "en",
        )
        doc = to_langchain(chunk, "hash", "2026-01-01T00:00:00")
        ids.append(f"c{i}")
        texts.append(doc.page_content)
        metas.append(doc.metadata)
    return ids, texts, metas


def _grow(store: Any, start: int, end: int, rng: np.random.Generator, topics: np.ndarray) -> None:
    """Chunks `start`..`end` written straight into the store's Chroma collection and record
    manager in Chroma's largest batches: no embedding, no ingest pipeline."""
    collection = store._current()  # the benchmark writes vectors itself
    batch = min(WRITE_BATCH, collection._client.get_max_batch_size())
    for first in range(start, end, batch):
        ids, texts, metas = _rows(first, min(end, first + batch), rng)
        products = np.arange(first, first + len(ids)) // 4
        vectors = _vectors(rng, topics, products % len(topics))
        collection.add(ids=ids, embeddings=vectors, documents=texts, metadatas=metas)
        store.records.update(ids, group_ids=[str(m["source"]) for m in metas])


def _timed_queries(store: Any, retriever: HybridRetriever, vectors: np.ndarray) -> tuple:
    """Raw Chroma query and full hybrid retrieval, alternated query by query."""
    collection = store._current()
    candidates = Settings().retrieval.candidates
    raw, hybrid = [], []
    for q, vector in enumerate(vectors):
        query = f"tier {q * 37} seat price"
        raw.append(
            _seconds(
                lambda v=vector: collection.query(
                    query_embeddings=v[None, :],
                    n_results=candidates,
                    include=["documents", "metadatas", "distances"],
                )
            )
        )
        hybrid.append(
            _seconds(lambda q=query, v=vector: retriever.retrieve(q, query_embedding=list(v)))
        )
    return raw, hybrid


def _keyword_update(store: Any, retriever: HybridRetriever, size: int) -> dict[str, float]:
    """Bring the keyword side up to date after one new document, against its full build."""
    keyword = retriever.keyword
    keyword.reset()
    full = _seconds(lambda: keyword.search("seat price", 5))
    collection = store._current()
    doc = to_langchain(
        Chunk(
            f"/kb/new-{size}.md", "Quorvex", "", "Quorvex analytics costs $41 per seat.", 0, "en"
        ),
        "hash",
        "2026-01-01T00:00:00",
    )
    vector = _unit(np.ones((1, DIM)))
    new_id = f"new-{size}"
    collection.add(
        ids=[new_id], embeddings=vector, documents=[doc.page_content], metadatas=[doc.metadata]
    )
    store.records.update([new_id], group_ids=[f"/kb/new-{size}.md"])
    update = _seconds(lambda: keyword.search("Quorvex analytics", 5))
    # The update is real (the same text was added at each smaller size before).
    assert new_id in [chunk.id for chunk, _ in keyword.search("Quorvex analytics", 5)]
    return {"baseline_s": full, "measured_s": update, "ratio": round(update / full, 4)}


def retrieval_at_sizes(sizes: Sequence[int]) -> Iterator[dict[str, Any]]:
    """p50/p95 of the full hybrid retrieval against a raw Chroma query, and the keyword
    update after one new document, at each size: one index grown from size to size."""
    settings = Settings()
    rng = np.random.default_rng(11)
    topics = _unit(rng.standard_normal((TOPICS, DIM)))
    with tempfile.TemporaryDirectory() as tmp:
        store = open_index(settings.index, Path(tmp), embeddings=None)
        retriever = HybridRetriever(store, settings.retrieval)
        held = 0
        for size in sorted(sizes):
            start = time.perf_counter()
            _grow(store, held, size, rng, topics)
            fill_s = time.perf_counter() - start
            held = size
            vectors = _vectors(rng, topics, rng.integers(0, TOPICS, QUERIES))
            start = time.perf_counter()
            retriever.retrieve("seat", query_embedding=list(vectors[0]))
            first_s = time.perf_counter() - start
            raw, hybrid = _timed_queries(store, retriever, vectors)
            base, measured = percentiles(raw), percentiles(hybrid)
            yield {
                "chunks": size,
                "fill_s": fill_s,
                "first_query_s": first_s,
                "baseline": base,
                "measured": measured,
                "ratio_p50": round(measured["p50_s"] / base["p50_s"], 3),
                "ratio_p95": round(measured["p95_s"] / base["p95_s"], 3),
                "keyword_update": _keyword_update(store, retriever, size),
            }
            held += 1  # the new document


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10_000, 100_000])
    parser.add_argument("--skip-ingest", action="store_true")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    results: dict[str, Any] = {}
    if not args.skip_ingest:
        results["ingest"] = ingest_vs_encode()
    results["retrieval"] = []
    for measured in retrieval_at_sizes(args.sizes):
        results["retrieval"].append(measured)
        print(json.dumps(measured), flush=True)
    if args.json:
        print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
