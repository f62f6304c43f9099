"""Start-up cost: commands load only what they need (a subprocess reports its sys.modules),
and the ONNX embedder that spares `ask` the torch import gives sentence-transformers' vectors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from langchain_core.embeddings import Embeddings

from ingest.embeddings import resolve_embedding_model
from ingest.embeddings_onnx import onnx_embeddings, supports
from ingest.settings import BUNDLED_EMBEDDING_MODEL

ROOT = Path(__file__).resolve().parents[2]
HEAVY = ("torch", "transformers", "sentence_transformers", "gradio")
RUN_CLI = """
import json, sys
from advisor.cli import main
try:
    code = main(sys.argv[1:])
except SystemExit as stop:  # --version exits through argparse
    code = stop.code
print(json.dumps([code, sorted(m for m in {heavy} if m in sys.modules)]))
"""
TIMEOUT_S = 120


def _heavy_loaded(args: list[str], data_dir: Path) -> list[str]:
    """The heavy modules a CLI command leaves in sys.modules (the last line it prints)."""
    done = subprocess.run(
        [sys.executable, "-c", RUN_CLI.format(heavy=HEAVY), *args],
        capture_output=True,
        text=True,
        timeout=TIMEOUT_S,
        cwd=ROOT,
        env={"ADVISOR_DATA_DIR": str(data_dir), "PYTHONPATH": str(ROOT), "PATH": "/usr/bin"},
    )
    code, heavy = json.loads(done.stdout.strip().splitlines()[-1])
    assert code == 0, done.stderr
    return list(heavy)


@pytest.mark.parametrize("args", [["--version"], ["sources"], ["config"]])
def test_light_commands_load_no_model_library(args: list[str], tmp_path: Path) -> None:
    assert _heavy_loaded(args, tmp_path) == []


def _bundled() -> Path:
    folder = Path(resolve_embedding_model(BUNDLED_EMBEDDING_MODEL))
    if not folder.is_dir():
        pytest.skip("the bundled embedding model package is not installed")
    return folder


def test_onnx_only_for_models_it_reproduces(tmp_path: Path) -> None:
    assert supports(_bundled())
    (tmp_path / "1_Pooling").mkdir()
    (tmp_path / "tokenizer.json").write_text("{}")
    modules = [
        {"path": "", "type": "sentence_transformers.models.Transformer"},
        {"path": "1_Pooling", "type": "sentence_transformers.models.Pooling"},
        {"path": "2_Normalize", "type": "sentence_transformers.models.Normalize"},
    ]
    (tmp_path / "modules.json").write_text(json.dumps(modules))
    pooling = tmp_path / "1_Pooling" / "config.json"
    pooling.write_text(json.dumps({"pooling_mode_cls_token": True}))
    assert not supports(tmp_path)  # CLS pooling: not what the ONNX twin computes
    pooling.write_text(json.dumps({"pooling_mode_mean_tokens": True}))
    assert supports(tmp_path)
    (tmp_path / "modules.json").write_text(json.dumps(modules[:2]))
    assert not supports(tmp_path)  # no Normalize step


@pytest.fixture(scope="module")
def onnx_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    cache = tmp_path_factory.mktemp("cache")
    assert onnx_embeddings(_bundled(), cache, 4) is not None  # exports once
    return cache


def test_onnx_vectors_match_sentence_transformers(onnx_cache: Path, embeddings: Embeddings) -> None:
    texts = ["How much does Intercom charge per resolution?", "seat " * 400, "a", "Cursor Pro"]
    fast = onnx_embeddings(_bundled(), onnx_cache, 2)  # batches mixing long and short texts
    assert fast is not None
    ours = np.array(fast.embed_documents(texts))
    reference = np.array(embeddings.embed_documents(texts))
    assert np.abs(ours - reference).max() < 1e-5
    assert np.allclose(fast.embed_query(texts[0]), reference[0], atol=1e-5)


def test_query_embedding_without_torch(onnx_cache: Path) -> None:
    code = (
        "import sys, json; from pathlib import Path;"
        "from ingest.embeddings import load_embeddings;"
        f"e = load_embeddings({BUNDLED_EMBEDDING_MODEL!r}, 8, Path({str(onnx_cache)!r}));"
        "v = e.embed_query('seat price');"
        f"print(json.dumps([len(v), sorted(m for m in {HEAVY} if m in sys.modules)]))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=TIMEOUT_S,
        cwd=ROOT,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin"},
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == [384, []]


def test_repeated_question_is_embedded_once(onnx_cache: Path) -> None:
    fast = onnx_embeddings(_bundled(), onnx_cache, 2)
    assert fast is not None
    runs: list[int] = []
    encode = fast._encode  # type: ignore[attr-defined]
    fast._encode = lambda texts: runs.append(len(texts)) or encode(texts)  # type: ignore[attr-defined]
    first = fast.embed_query("How much is Cursor Pro?")
    first[0] = 99.0  # a caller changing its copy does not change the cached vector
    again = fast.embed_query("How much is Cursor Pro?")
    assert runs == [1] and again[0] != 99.0
    fast.embed_query("Another question")
    assert runs == [1, 1]


def test_index_writes_on_sentence_transformers_questions_on_onnx(
    onnx_cache: Path, tmp_path: Path
) -> None:
    from advisor.container import Container
    from advisor.settings import Settings
    from ingest.embeddings import WriteReadEmbeddings
    from ingest.embeddings_onnx import OnnxSentenceEmbeddings

    container = Container(Settings(data_dir=tmp_path / "data", cache_dir=onnx_cache))
    assert isinstance(container.embeddings, OnnxSentenceEmbeddings)
    writer = container._index_embeddings()
    assert isinstance(writer, WriteReadEmbeddings)
    loads: list[str] = []
    write_read = WriteReadEmbeddings(container.embeddings, lambda: loads.append("x") or writer)
    write_read.embed_query("seat price")
    assert loads == []  # answering never loads the writer (torch)
    text = "Intercom charges $0.99 per resolution."
    written = write_read.embed_documents([text])  # sentence-transformers
    write_read.embed_documents(["again"])
    assert loads == ["x"]
    assert np.allclose(written[0], container.embeddings.embed_query(text), atol=1e-5)
