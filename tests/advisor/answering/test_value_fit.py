"""Lookups quote the sentence that holds the asked value: the kind of value a question asks
for, the qualifiers it holds to, and the trap decision. Fast tier: pure functions, and the
answerer on scripted model and bag-of-words embeddings. The texts are written here, in the
shapes real documents take (a table row per tier, a bullet list per plan, a code token)."""

from __future__ import annotations

import pytest

from advisor.answering.answerability import Ask
from advisor.answering.base import AskOptions
from advisor.answering.evidence import EvidenceSelector, SentenceEmbedder
from advisor.answering.qualifiers import limits, qualifiers
from advisor.answering.trap import value_missing
from advisor.answering.types import Evidence
from advisor.answering.value_fit import kind_fit, qualifier_fit, wanted
from advisor.retrieval.types import Passage
from tests.advisor.answering.test_answerability import answerer
from tests.fakes import FakeChatModel, FakeEmbeddings, chunk


@pytest.mark.parametrize(
    ("question", "kinds", "nouns"),
    [
        ("Which HTTP header routes my requests to one instance?", {"name"}, ("http", "header")),
        ("Which cloud has spillover built in?", {"name"}, ("cloud",)),
        ("Who makes the final call on pricing?", {"name"}, ()),
        ("How many requests a day do I get for free?", {"number"}, ("requests",)),
        ("From what prompt length are prompts cached?", {"number"}, ()),
        ("At what daily token volume does self-hosting win?", {"number"}, ()),
        ("How much does the Pro plan cost per month?", {"money"}, ()),
        ("When did the plan change?", {"date"}, ()),
        ("Which paper started it, and when did it come out?", {"name", "date"}, ("paper",)),
        ("Seberapa cepat harga inferensi turun setiap tahun?", {"number"}, ()),
        ("Why do AI products price per seat?", set(), ()),
        ("What happens to the overall margin if one user in twenty is heavy?", {"number"}, ()),
        ("What makes buyers approve a plan quickly?", set(), ()),
        ("Where does the response report how many tokens were cached?", set(), ()),
        ("Berapa jam per minggu yang dibutuhkan untuk proyek populer?", {"number"}, ()),
    ],
)
def test_the_kind_of_value_a_question_asks_for(
    question: str, kinds: set[str], nouns: tuple[str, ...]
) -> None:
    asked = wanted(question)
    assert asked.kinds == kinds
    assert asked.nouns[: len(nouns)] == nouns


def test_a_weekly_rate_is_asked_in_weeks() -> None:
    asked = wanted("Berapa jam per minggu yang dibutuhkan untuk proyek populer?")
    assert asked.units == {"week"}
    assert kind_fit(asked, "Proyek itu membutuhkan 10 atau 20 jam per minggu.") == 1.0
    assert kind_fit(asked, "Proyek itu membutuhkan beberapa jam setiap 2 bulan.") < 1.0


@pytest.mark.parametrize(
    ("question", "holds", "lacks"),
    [
        (
            "Which HTTP header routes my requests to the same instance?",
            "Send the x-session-affinity header with a unique identifier.",
            "This routes requests with the same identifier to the same instance.",
        ),
        (
            "Which models can I call with an unpaid key?",
            "Model requests to Flash model only.",
            "Model requests will be made across the model family as determined by the tool.",
        ),
        (
            "Which cloud has spillover built in?",
            "Provider: Azure; Spillover support: Built-in feature.",
            "Spillover routes overflow traffic to shared capacity instead of an HTTP 429.",
        ),
        (
            "Who makes the final call on pricing?",
            "Role: CEO; Description: Final decision maker.",
            "The table describes how pricing decisions should be made.",
        ),
        (
            "How many pre-trained models does the hub host?",
            "The hub hosts over 100,000 pre-trained models and 10,000 datasets.",
            "Founding Year: 2016; Motivation: openly sharing models.",
        ),
        (
            "How much is the plan per user per month?",
            "Enterprise costs $39 per user per month.",
            "Pro: for individual users; Price: $10 per month or $100 per year.",
        ),
    ],
)
def test_the_sentence_holding_the_asked_value_fits_better(
    question: str, holds: str, lacks: str
) -> None:
    asked = wanted(question)
    assert kind_fit(asked, holds) == 1.0
    assert kind_fit(asked, lacks) < 1.0


@pytest.mark.parametrize(
    ("question", "stated", "contradicted", "heading"),
    [
        (
            "For prompts longer than 200K tokens, what does a cache read cost?",
            "Context Size: >200K tokens; Cache Read: $0.625/MTok.",
            "Context Size: ≤200K tokens; Cache Read: $0.31/MTok.",
            "",
        ),
        (
            "Before January 2025, how much did the add-on cost?",
            "Before the bundle, the add-on cost $20 per user per month.",
            "In January 2025 the vendor raised prices by $2 per user.",
            "",
        ),
        (
            "How many requests a day do I get for free?",
            "1000 model requests / user / day",
            "2000 model requests / user / day",
            "Paid tier: Higher limits",
        ),
    ],
)
def test_a_qualifier_of_the_question_is_matched_or_contradicted(
    question: str, stated: str, contradicted: str, heading: str
) -> None:
    asked = wanted(question)
    assert qualifier_fit(asked, stated, "Free usage") == 1.0
    assert qualifier_fit(asked, contradicted, heading) == -1.0
    assert qualifier_fit(wanted("How much does a cache read cost?"), contradicted) == 0.0


def _select(question: str, text: str, ask: Ask | None) -> list[str]:
    embeddings = FakeEmbeddings()
    selector = EvidenceSelector(SentenceEmbedder(embeddings))
    passages = [Passage(chunk(text, title="Caching"), 1.0)]
    chosen = selector.select(question, embeddings.embed_query(question), passages, ask)
    return [e.text for e in chosen]


def test_the_row_matching_the_qualifier_is_quoted_before_the_closer_one() -> None:
    question = "For Gemini prompts longer than 200K tokens, what does a Gemini cache read cost?"
    short = "Gemini prompts: Context Size: ≤200K tokens; Cache Read: $0.31/MTok."
    long = "Context Size: >200K tokens; Cache Read: $0.625/MTok."
    ask = Ask("money", frozenset(), ("gemini",), ("Gemini",))
    assert _select(question, f"{short}\n\n{long}", ask)[0] == long
    assert _select(question, f"{short}\n\n{long}", None)[0] == short, "only lookups reorder"


def test_the_name_beside_the_asked_noun_is_quoted_first() -> None:
    question = "Which HTTP header sends my requests to the same model instance for a cache hit?"
    general = "This sends requests to the same model instance, for a likely cache hit."
    holds = "To raise cache hit rates, send the x-session-affinity header with an identifier."
    ask = Ask(None, frozenset(), (), ())
    assert _select(question, f"{general} {holds}", ask)[0] == holds


def test_the_most_relevant_sentence_stays_in_the_evidence() -> None:
    """Abstention reads the best evidence score; reordering must not push it out."""
    embeddings = FakeEmbeddings()
    selector = EvidenceSelector(SentenceEmbedder(embeddings), max_evidence=1)
    question = "How many daily requests does the free plan include?"
    texts = "The free plan includes daily requests for everyone.\n\n5 requests per day apply."
    chosen = selector.select(
        question,
        embeddings.embed_query(question),
        [Passage(chunk(texts), 1.0)],
        Ask(None, frozenset(), (), ()),
    )
    assert [e.text for e in chosen] == ["The free plan includes daily requests for everyone."]


def _evidence(*texts: str) -> list[Evidence]:
    return [Evidence(n, t, Passage(chunk(t), 1.0), 1.0) for n, t in enumerate(texts, 1)]


def test_the_trap_fires_only_when_a_named_thing_has_no_value() -> None:
    ask = Ask("money", frozenset(), ("haiku", "sonnet"), ("Haiku", "Sonnet"))
    both = _evidence("On Haiku a free user costs $0.23 a month.", "On Sonnet it costs $2.70.")
    assert not value_missing(ask, both), "each name has its figure, in its own sentence"
    one = _evidence("On Haiku a free user costs $0.23 a month.", "Sonnet is the larger model.")
    assert value_missing(ask, one)


def test_the_trap_is_for_lookups_only() -> None:
    """A comparison naming a product whose price is missing is composed, not declined as a
    missing figure: "mentions X but not its price" answers a lookup only."""
    text = "Cursor Pro is a plan for individuals.\n\nCursor Business costs $40 per month."
    question = "How much does Cursor Pro cost?"
    chunks = [chunk(text, source="docs/cursor.md", title="Cursor pricing")]
    lookup = answerer(FakeChatModel(), chunks)
    assert "do not give" in lookup.answer(question).answer
    grounds = lookup.ground(question, question, AskOptions(), 0.0)
    composed = list(lookup.compose(grounds, intent="explanation"))[-1]
    assert "do not give" not in composed.answer  # type: ignore[union-attr]


def test_the_top_plan_is_the_one_with_the_largest_price() -> None:
    question = "How much is the top Copilot plan, per user per month?"
    text = (
        "Copilot Business costs $19 per user per month.\n\n"
        "Copilot Enterprise costs $39 per user per month.\n\n"
        "Copilot plans are priced per user per month."
    )
    ask = Ask("money", frozenset({"seat", "month"}), ("copilot",), ("Copilot",))
    assert _select(question, text, ask)[0] == "Copilot Enterprise costs $39 per user per month."
    cheapest = question.replace("top", "cheapest")
    assert _select(cheapest, text, ask)[0] == "Copilot Business costs $19 per user per month."


def test_getting_paid_is_not_a_paid_tier() -> None:
    assert qualifiers("Which platform funds webpack, in the guide on getting paid?").tier is None
    assert qualifiers("How many requests does the paid tier allow?").tier == "paid"
    paid = qualifiers("When did OpenAI start selling its paid ChatGPT subscription?")
    assert paid.fit("Anyone can use it for free; Plus launched as the paid upgrade.") == 1.0
    assert limits("prompts over 1024 tokens; Context Size: ≤200K") == [(">", 1024.0), ("<", 2e5)]
