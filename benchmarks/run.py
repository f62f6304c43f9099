"""Ratios of the measured path against a baseline run in the same process."""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from advisor.answering.evidence import EvidenceSelector, SentenceEmbedder
from advisor.container import Container
from advisor.runtime import go_offline
from advisor.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
QUESTIONS = [
    "How much does Intercom charge per resolution?",
    "What does GitHub Copilot Business cost?",
    "Why are AI gross margins lower than SaaS margins?",
    "Berapa harga Microsoft 365 Copilot?",
]


def timed(fn: Callable[[], object], repeat: int = 3) -> float:
    """Median wall time of `repeat` runs, in seconds."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--skip-llm", action="store_true", help="leave out answer_vs_naive")
    args = parser.parse_args()
    go_offline()
    results: dict[str, dict[str, float]] = {}
    with tempfile.TemporaryDirectory() as data:
        container = Container(Settings(data_dir=Path(data)))
        knowledge = str(ROOT / "knowledge")
        first = timed(lambda: container.ingest_pipeline.run([knowledge]), repeat=1)
        again = timed(lambda: container.ingest_pipeline.run([knowledge]), repeat=3)
        results["reingest_unchanged"] = {"baseline_s": first, "measured_s": again}

        retriever = container.retriever

        def rebuilt() -> None:
            retriever.keyword.reset()  # force the rebuild the cache avoids
            for q in QUESTIONS:
                retriever.retrieve(q)

        def warm() -> None:
            for q in QUESTIONS:
                retriever.retrieve(q)

        warm()
        results["retrieval_warm"] = {"baseline_s": timed(rebuilt), "measured_s": timed(warm)}

        passages = {q: retriever.retrieve(q) for q in QUESTIONS}
        vectors = {q: retriever.embed_query(q) for q in QUESTIONS}

        def select(selector: EvidenceSelector) -> None:
            for q in QUESTIONS:
                selector.select(q, vectors[q], passages[q])

        cold = timed(lambda: select(EvidenceSelector(SentenceEmbedder(container.embeddings))))
        cached = EvidenceSelector(SentenceEmbedder(container.embeddings))
        select(cached)
        results["evidence_cached"] = {
            "baseline_s": cold,
            "measured_s": timed(lambda: select(cached)),
        }

        if not args.skip_llm:
            naive, grounded = container.answerer("naive"), container.answerer("default")
            grounded.answer(QUESTIONS[0])  # warm both paths once
            results["answer_vs_naive"] = {
                "baseline_s": timed(lambda: [naive.answer(q) for q in QUESTIONS], repeat=1),
                "measured_s": timed(lambda: [grounded.answer(q) for q in QUESTIONS], repeat=1),
            }
    for row in results.values():
        row["ratio"] = round(row["measured_s"] / row["baseline_s"], 3)
    if args.json:
        print(json.dumps(results, indent=2))
    else:
        for name, row in results.items():
            print(
                f"{name:20s} baseline {row['baseline_s']:8.3f}s  measured "
                f"{row['measured_s']:8.3f}s  ratio {row['ratio']:.3f}"
            )


if __name__ == "__main__":
    main()
