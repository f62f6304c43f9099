"""Question intent: rules for clear wording, prototypes by meaning, accuracy on a labelled set."""

from __future__ import annotations

import json
from collections import Counter

import pytest
from langchain_core.embeddings import Embeddings

from advisor.answering.intent import INTENTS, IntentClassifier, is_calculation, rule_intent
from tests.conftest import KNOWLEDGE

LABELLED = KNOWLEDGE / "eval" / "intents.jsonl"
MIN_ACCURACY = 0.9  # the bar for the whole labelled set


def _labelled() -> list[dict[str, str]]:
    return [json.loads(line) for line in LABELLED.read_text(encoding="utf-8").splitlines()]


def test_labelled_set_is_large_and_covers_every_intent_in_both_languages() -> None:
    rows = _labelled()
    assert len(rows) >= 120
    assert len({r["id"] for r in rows}) == len(rows)
    for lang in ("en", "id"):
        kinds = Counter(r["intent"] for r in rows if r["lang"] == lang)
        assert set(kinds) == set(INTENTS), f"{lang}: {kinds}"


def test_intent_accuracy_on_the_labelled_set(embeddings: Embeddings) -> None:
    classifier = IntentClassifier(embeddings)
    rows = _labelled()
    wrong = [
        (r["id"], r["intent"], got)
        for r in rows
        if (got := classifier.classify(r["question"]).intent) != r["intent"]
    ]
    accuracy = 1 - len(wrong) / len(rows)
    assert accuracy >= MIN_ACCURACY, wrong
    for intent in INTENTS:
        mine = [r for r in rows if r["intent"] == intent]
        missed = [w for w in wrong if w[1] == intent]
        assert len(missed) <= 0.2 * len(mine), (intent, missed)


@pytest.mark.parametrize(
    ("question", "intent"),
    [
        ("Compare GitHub Copilot Business and Microsoft 365 Copilot.", "comparison"),
        ("Mana yang lebih murah, Intercom Fin atau Zendesk?", "comparison"),
        ("Should I charge per seat or per usage for my notes app?", "recommendation"),
        ("Sebaiknya saya menagih per kursi atau per pemakaian?", "recommendation"),
        ("Why do AI companies have lower margins?", "explanation"),
        ("Kenapa harga inferensi turun?", "explanation"),
        ("What is outcome-based pricing?", "definition"),
        ("Apa itu harga hibrida?", "definition"),
        ("What is the price of ChatGPT Plus?", None),
        ("How much should I add on top of model costs?", None),
    ],
)
def test_rules_read_clear_wording_in_both_languages(question: str, intent: str | None) -> None:
    assert rule_intent(question) == intent


def test_calculation_needs_the_users_own_numbers() -> None:
    asked = "I have 2,000 users making 40 requests a day; what is my monthly bill?"
    assert is_calculation(asked)
    assert rule_intent(asked) == "calculation"
    assert not is_calculation("What is the monthly bill for GitHub Copilot Business?")
    assert is_calculation("Hitung biaya untuk 500 pengguna dengan 20 permintaan per hari.")


class _AxisEmbeddings(Embeddings):
    """Deterministic vectors: one axis per marker word, so nearness is known in advance."""

    AXES = ("price", "advise", "reason")

    def _vector(self, text: str) -> list[float]:
        return [1.0 if axis in text else 0.0 for axis in self.AXES] + [0.1]

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return [self._vector(t) for t in texts]

    def embed_query(self, text: str) -> list[float]:
        return self._vector(text)


def test_prototypes_decide_when_no_rule_does_and_lookup_wins_a_near_tie() -> None:
    prototypes = {
        "lookup": ["price a", "price b", "price c"],
        "recommendation": ["advise a", "advise b", "advise c"],
        "explanation": ["reason a", "reason b", "reason c"],
    }
    classifier = IntentClassifier(_AxisEmbeddings(), prototypes)  # type: ignore[arg-type]
    by_meaning = classifier.classify("advise on the tool")
    assert (by_meaning.intent, by_meaning.by) == ("recommendation", "prototype")
    tie = classifier.classify("price and reason and advise")
    assert tie.intent == "lookup"
    assert classifier.classify("Compare A and B").by == "rule"
