"""A mean-pooled sentence-transformers model (the bundled MiniLM) run by ONNX Runtime.

Why: importing sentence-transformers (torch, transformers, scikit-learn) costs several
seconds of CPU, more than the whole `advisor ask` may take. ONNX Runtime (already there
through chromadb) and `tokenizers` load in a fraction of a second and give the same vectors
(max difference ~1e-7). The ONNX graph is exported once from the model's own weights into
the cache folder; that export is the only step that imports torch.
"""

from __future__ import annotations

import json
import os
import threading
import warnings
from pathlib import Path
from typing import Any

import numpy as np
from langchain_core.embeddings import Embeddings

ONNX_FILE = "model.onnx"
INPUTS = ("input_ids", "attention_mask", "token_type_ids")
OPSET = 17  # the newest opset torch's TorchScript exporter writes without warnings for BERT
# sentence-transformers' own default when the model folder does not state max_seq_length.
DEFAULT_MAX_TOKENS = 256
RECENT_QUERIES = 64  # a few questions' worth (with their rewrites): ~100 KB of vectors


def _pooling(model_dir: Path) -> dict[str, Any] | None:
    """The model's pooling config, or None when it is not Transformer -> Pooling -> Normalize."""
    try:
        modules = json.loads((model_dir / "modules.json").read_text(encoding="utf-8"))
        kinds = [m["type"].rsplit(".", 1)[-1] for m in modules]
        if kinds != ["Transformer", "Pooling", "Normalize"]:
            return None
        pooling_dir = model_dir / modules[1]["path"]
        config: dict[str, Any] = json.loads((pooling_dir / "config.json").read_text("utf-8"))
    except (OSError, ValueError, KeyError, IndexError):
        return None
    return config


def supports(model_dir: Path) -> bool:
    """Mean pooling then normalisation: what this class reproduces exactly."""
    config = _pooling(model_dir)
    if config is None or not (model_dir / "tokenizer.json").is_file():
        return False
    others = [k for k, v in config.items() if k.startswith("pooling_mode_") and v]
    return others == ["pooling_mode_mean_tokens"]


def _max_tokens(model_dir: Path) -> int:
    try:
        config = json.loads((model_dir / "sentence_bert_config.json").read_text("utf-8"))
        return int(config["max_seq_length"])
    except (OSError, ValueError, KeyError):
        return DEFAULT_MAX_TOKENS


def export_onnx(model_dir: Path, target: Path) -> None:
    """Write the transformer's ONNX graph to `target` (atomically: a reader never sees half)."""
    import torch
    from transformers import AutoModel

    class _LastHidden(torch.nn.Module):
        def __init__(self, inner: torch.nn.Module) -> None:
            super().__init__()
            self.inner = inner

        def forward(self, ids: Any, mask: Any, types: Any) -> Any:
            return self.inner(input_ids=ids, attention_mask=mask, token_type_ids=types)[0]

    model = AutoModel.from_pretrained(str(model_dir)).eval()
    # Two rows, one padded: traced on an all-ones mask, transformers skips the mask and the
    # graph would ignore padding for good.
    sample = torch.tensor([[101, 2000, 2001, 102], [101, 2002, 102, 0]])
    mask = (sample > 0).long()
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(f".{os.getpid()}.partial")
    axes = {name: {0: "batch", 1: "tokens"} for name in (*INPUTS, "last_hidden_state")}
    with torch.inference_mode(), warnings.catch_warnings():
        warnings.simplefilter("ignore")  # tracer notes on shapes the dynamic axes cover
        torch.onnx.export(
            _LastHidden(model),
            (sample, mask, torch.zeros_like(sample)),
            str(partial),
            input_names=list(INPUTS),
            output_names=["last_hidden_state"],
            dynamic_axes=axes,
            opset_version=OPSET,
            dynamo=False,
        )
    partial.replace(target)


class OnnxSentenceEmbeddings(Embeddings):
    """Same vectors as `SentenceTransformer.encode(normalize_embeddings=True)`: tokens
    truncated at the model's max_seq_length, mean over real tokens, unit length."""

    def __init__(self, model_dir: Path, onnx_path: Path, batch_size: int = 32) -> None:
        import onnxruntime
        from tokenizers import Tokenizer

        self._tokenizer = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
        self._tokenizer.enable_truncation(max_length=_max_tokens(model_dir))
        self._tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")  # to the batch's longest
        options = onnxruntime.SessionOptions()
        options.log_severity_level = 3  # errors only: its warnings are about graph fusions
        self._session = onnxruntime.InferenceSession(
            str(onnx_path), options, providers=["CPUExecutionProvider"]
        )
        self._batch = batch_size
        self._lock = threading.Lock()  # the tokenizer's padding state is shared
        self._queries: dict[str, list[float]] = {}

    def _encode(self, texts: list[str]) -> np.ndarray:
        with self._lock:
            encoded = self._tokenizer.encode_batch(texts)
        ids = np.array([e.ids for e in encoded], dtype=np.int64)
        mask = np.array([e.attention_mask for e in encoded], dtype=np.int64)
        types = np.array([e.type_ids for e in encoded], dtype=np.int64)
        (hidden,) = self._session.run(None, dict(zip(INPUTS, (ids, mask, types), strict=True)))
        summed = (hidden * mask[..., None]).sum(axis=1)
        mean = summed / np.clip(mask.sum(axis=1, keepdims=True), 1, None)
        return mean / np.clip(np.linalg.norm(mean, axis=1, keepdims=True), 1e-12, None)

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        """Batches of similar length, as sentence-transformers does: less padding."""
        order = sorted(range(len(texts)), key=lambda i: -len(texts[i]))
        vectors = np.zeros((len(texts), 0), dtype=np.float32)
        for start in range(0, len(order), self._batch):
            chosen = order[start : start + self._batch]
            batch = self._encode([texts[i] for i in chosen]).astype(np.float32)
            if not vectors.shape[1]:
                vectors = np.zeros((len(texts), batch.shape[1]), dtype=np.float32)
            vectors[chosen] = batch
        return vectors.tolist()

    def embed_query(self, text: str) -> list[float]:
        """Remembered for the last few questions: intent, retrieval and evidence selection
        each ask for the same question's vector."""
        with self._lock:
            cached = self._queries.get(text)
        if cached is None:
            cached = self.embed_documents([text])[0]
            with self._lock:
                if len(self._queries) >= RECENT_QUERIES:
                    self._queries.pop(next(iter(self._queries)))
                self._queries[text] = cached
        return list(cached)


def onnx_embeddings(model_dir: Path, cache_dir: Path, batch_size: int) -> Embeddings | None:
    """The ONNX twin of the model in `model_dir`, exported on first use into `cache_dir`;
    None when the model is not one this reproduces or the export cannot run (no `onnx`)."""
    if not supports(model_dir):
        return None
    target = cache_dir / "onnx" / model_dir.resolve().as_posix().strip("/").replace("/", "_")
    onnx_path = target / ONNX_FILE
    if not onnx_path.is_file():
        try:
            export_onnx(model_dir, onnx_path)
        except (ImportError, RuntimeError, OSError):
            return None
    return OnnxSentenceEmbeddings(model_dir, onnx_path, batch_size)
