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


@pytest.mark.parametrize(
    "question",
    [
        "What availability should I expect from a self-hosted endpoint?",
        "What four areas should I think about before open-sourcing a research project?",
        "Which limits should we keep in mind on the free tier?",
        "What should I work out before buying reserved capacity?",
        "Apa saja yang perlu saya ketahui sebelum membeli kapasitas cadangan?",
        "Apa yang sebaiknya kami pertimbangkan sebelum menaikkan harga?",
    ],
)
def test_should_i_know_or_expect_asks_for_a_fact_not_advice(question: str) -> None:
    """ "What should I expect/know/consider" asks what the documents say, not for advice."""
    assert rule_intent(question) != "recommendation"


@pytest.mark.parametrize(
    "question",
    [
        "What pricing model should I use for my chatbot?",
        "Which plan should we choose for a team of five?",
        "What should I charge for my transcription API?",
        "Model harga apa yang sebaiknya saya pakai?",
    ],
)
def test_should_i_choose_or_charge_still_asks_for_advice(question: str) -> None:
    assert rule_intent(question) == "recommendation"


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
