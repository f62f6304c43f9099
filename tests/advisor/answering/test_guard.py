"""The guards on generated text, with the real embedding model."""

from __future__ import annotations

from langchain_core.embeddings import Embeddings

from advisor.answering.evidence import SentenceEmbedder
from advisor.answering.guard import AnswerGuard, with_markers
from advisor.answering.types import Evidence
from advisor.retrieval.types import Passage
from ingest.documents import Chunk


def _evidence(*texts: str) -> list[Evidence]:
    chunk = Chunk("kb/fin.md", "Fin pricing", "Price", " ".join(texts), 0, "en")
    return [Evidence(n, t, Passage(chunk, 1.0), 1.0) for n, t in enumerate(texts, 1)]


def _guard(embeddings: Embeddings) -> AnswerGuard:
    evidence = _evidence(
        "Intercom charges $0.99 for each resolution that Fin delivers.",
        "Unused Firefly credits do not roll over to the next month.",
    )
    return AnswerGuard(SentenceEmbedder(embeddings), evidence, "What does Fin cost?")


def test_supported_sentence_keeps_valid_citation(embeddings: Embeddings) -> None:
    checked = _guard(embeddings).check("Intercom charges $0.99 per resolution by Fin [1].")
    assert checked.dropped_because is None
    assert checked.cited == (1,)
    assert with_markers(checked).endswith("[1].")


def test_citation_to_missing_passage_is_removed(embeddings: Embeddings) -> None:
    checked = _guard(embeddings).check("Intercom charges $0.99 for each resolution [7].")
    assert checked.dropped_because is None
    assert 7 not in checked.cited and checked.cited == (1,)


def test_number_not_in_evidence_is_dropped(embeddings: Embeddings) -> None:
    checked = _guard(embeddings).check("Intercom charges $1.49 for each resolution [1].")
    assert checked.dropped_because is not None and "1.49" in checked.dropped_because


def test_invented_word_is_dropped(embeddings: Embeddings) -> None:
    checked = _guard(embeddings).check("Intercom charges $0.99 for each copilix resolution.")
    assert checked.dropped_because is not None and "copilix" in checked.dropped_because


def test_flipped_negation_is_dropped(embeddings: Embeddings) -> None:
    checked = _guard(embeddings).check("Unused Firefly credits roll over to the next month.")
    assert checked.dropped_because is not None and "polarity" in checked.dropped_because


def test_repeats_are_dropped(embeddings: Embeddings) -> None:
    guard = _guard(embeddings)
    assert guard.check("Intercom charges $0.99 for each resolution.").dropped_because is None
    assert guard.check("Intercom charges $0.99 for each resolution!").dropped_because


def test_marker_to_unrelated_evidence_is_replaced(embeddings: Embeddings) -> None:
    checked = _guard(embeddings).check("Intercom charges $0.99 for each Fin resolution [2].")
    assert checked.dropped_because is None
    assert checked.cited == (1,), "a sentence must cite the evidence that backs it"
