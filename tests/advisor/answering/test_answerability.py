"""Questions a real document set asks of the pipeline: names that are not products, a figure
the documents do not give for a thing they mention, the right sentence in a dense table.
Fast tier: scripted model, bag-of-words embeddings, evidence built by hand."""

from __future__ import annotations

import pytest

from advisor.answering.answerability import (
    answers,
    asked_kind,
    asked_units,
    gives_value,
    is_generic,
    question_names,
    read_ask,
)
from advisor.answering.evidence import with_list_items
from advisor.answering.grounded import GroundedAnswerer
from advisor.settings import AnswerSettings, LLMSettings
from advisor.text import tokenize
from tests.fakes import FakeChatModel, FakeEmbeddings, FakeRetriever, chunk

CODING_TOOLS = [
    chunk(
        "Plan: Pro; Cost: $20/month; What you get: Claude Code access.\n\n"
        "Plan: Max 5x; Cost: $100/month; What you get: 5x the Pro usage allowance.",
        source="docs/claude-code-billing.md",
        title="Claude Code subscriptions",
    ),
    chunk(
        "Cursor restructured its pricing into Pro, Ultra, Teams and Enterprise tiers.\n\n"
        "Plan: Pro; Tier focus: Individual; Notes: Includes a request allotment.\n\n"
        "A developer paying for Cursor Business ($40/month) and a Claude Max 5x plan "
        "($100/month) may use only one.",
        source="docs/cursor-billing.md",
        title="Cursor pricing",
    ),
]


def answerer(model: FakeChatModel, chunks: list) -> GroundedAnswerer:  # type: ignore[type-arg]
    embeddings = FakeEmbeddings()
    return GroundedAnswerer(
        retriever=FakeRetriever(embeddings, chunks),  # type: ignore[arg-type]
        llm_factory=lambda: model,
        embeddings=embeddings,
        settings=AnswerSettings(abstain_below=0.05),
        llm_settings=LLMSettings(),
    )


def test_a_price_the_documents_do_not_give_is_declined_citing_the_mention() -> None:
    """Cursor Pro is described; its price is not. $20 is Claude's Pro, $40 Cursor Business."""
    model = FakeChatModel().enqueue("Cursor Pro costs $20 per month [1].")
    answer = answerer(model, CODING_TOOLS).answer("What does a Cursor Pro subscription cost?")
    assert answer.abstained
    assert "mention Cursor Pro but do not give its price" in answer.answer
    assert "$20" not in answer.answer and "$40" not in answer.answer
    assert [c.source for c in answer.citations] == ["docs/cursor-billing.md"]
    assert "Pro" in answer.citations[0].quote
    assert model.calls == [], "the model is not asked to fill the gap"


def test_a_figure_in_other_units_is_not_the_asked_figure() -> None:
    """A per-request overage is not a monthly plan price."""
    text = "Workers Paid includes 10,000 Neurons per day, then $0.011 per 1,000 Neurons."
    answer = answerer(FakeChatModel(), [chunk(text, title="Workers pricing")]).answer(
        "What is the monthly price of the Workers Paid plan?"
    )
    assert answer.abstained
    assert "do not give its price per month" in answer.answer


def test_the_sentence_with_the_asked_value_is_quoted_over_a_closer_general_one() -> None:
    """In a dense section the row with the figure beats the sentence that repeats the
    question's words without a figure."""
    text = (
        "GitLab Ultimate is for executives and GitLab Ultimate is our top tier per user.\n\n"
        "Tier: Per user per month; Free: $0; Premium: $29; Ultimate: $99."
    )
    model = FakeChatModel()
    answer = answerer(model, [chunk(text, source="kb/gitlab-pricing.md", title="Tiers")]).answer(
        "How much is GitLab Ultimate per user per month?"
    )
    assert not answer.abstained
    assert "$99" in answer.answer
    assert answer.evidence[0].text.startswith("Tier: Per user per month")


def test_a_priced_question_about_the_thing_is_answered() -> None:
    answer = answerer(FakeChatModel(), CODING_TOOLS).answer(
        "How much does Cursor Business cost per month?"
    )
    assert not answer.abstained and "$40" in answer.answer


@pytest.mark.parametrize(
    "question",
    [
        "In the Indonesian article, which platform funds webpack?",
        "What does the English guide say about webpack funding?",
        "Which platform funds webpack, according to the German documentation?",
        "How is webpack funded in Europe and the US?",
    ],
)
def test_language_country_and_document_words_are_not_unknown_products(question: str) -> None:
    text = "webpack mendapatkan pendanaan dari perusahaan melalui OpenCollective."
    vocabulary = frozenset(tokenize(text))
    assert question_names(question, vocabulary)[1] == []
    answer = answerer(FakeChatModel(), [chunk(text)]).answer(question)
    assert not answer.abstained, answer.dropped


def test_an_unknown_product_is_still_declined() -> None:
    text = "webpack mendapatkan pendanaan dari perusahaan melalui OpenCollective."
    answer = answerer(FakeChatModel(), [chunk(text)]).answer("How is Tabnine funded in Indonesia?")
    assert answer.abstained
    assert any("Tabnine" in reason for reason in answer.dropped)


@pytest.mark.parametrize(
    ("name", "generic"),
    [("Indonesian", True), ("the Indonesian article", False), ("US", True),
     ("Western Europe", True), ("Docs", True), ("GitLab", False), ("English Premier", False)],
)  # fmt: skip
def test_is_generic(name: str, generic: bool) -> None:
    assert is_generic(name) is generic


@pytest.mark.parametrize(
    ("question", "kind", "units"),
    [
        ("What does Cursor Pro cost per month?", "money", {"month"}),
        ("How much is GitLab Ultimate per user per month?", "money", {"month", "seat"}),
        ("How much does GitLab charge for each extra CI compute minute?", "money", {"minute"}),
        ("How many credits does a Windsurf Teams seat include?", "number", {"seat"}),
        ("How much more does provisioned GPT-5 input cost?", "number", set()),
        ("In which Claude Code version did Fast mode ship?", "version", set()),
        ("From what date does Copilot bill with AI Credits?", "date", set()),
        ("Berapa harga langganan Tabnine per bulan?", "money", {"month"}),
        ("Where does Workers AI report how many tokens were cached?", None, set()),
        ("Which LlamaIndex indices cost nothing to build?", None, set()),
        ("How does a subscription compare with paying per token?", None, {"token"}),
        ("When is self-hosting worth it?", None, set()),
    ],
)
def test_what_a_question_asks_for(question: str, kind: str | None, units: set[str]) -> None:
    assert asked_kind(question) == kind
    assert asked_units(question) == units


def test_value_matching_respects_version_boundaries_and_units() -> None:
    vocabulary = frozenset({"gpt-5", "5", "codex"})
    ask = read_ask("What is GPT-5.5's input price per million tokens?", vocabulary)
    assert ask.names == ("gpt-5.5",)
    assert gives_value(ask, "Model: GPT-5; Input: $1.25/MTok.")
    assert not gives_value(ask, "Model: GPT-5.5; Input: Verify on pricing page.")
    assert not gives_value(ask, "GPT-5.5 costs $1.25 per request.")


def test_a_name_is_matched_as_a_whole_word() -> None:
    ask = read_ask("What is GPT-5.5's input price?", frozenset({"gpt-5", "5"}))
    assert not answers(ask, "Model: GPT-5; Input: $1.25/MTok.", "")
    assert answers(ask, "GPT-5.5 input costs $1.75/MTok.", "")


def test_a_lead_in_is_quoted_with_its_list() -> None:
    text = "Intro.\n\nReflect on four areas:\n\n- Research\n- Community\n- Support\n\n## Next"
    assert with_list_items("Reflect on four areas:", text) == (
        "Reflect on four areas:\n\n- Research\n- Community\n- Support"
    )
    assert with_list_items("Intro.", text) == "Intro."


def test_the_sentence_naming_the_rare_term_wins() -> None:
    """Many sentences share "open source funding" with the question; one names webpack."""
    filler = " ".join(f"Open source funding is hard, lesson {i}." for i in range(6))
    text = f"{filler} Webpack gets open source funding through OpenCollective."
    answer = answerer(FakeChatModel(), [chunk(text)]).answer(
        "Where does webpack get its open source funding?"
    )
    assert "OpenCollective" in answer.evidence[0].text


def test_a_sentence_listing_the_asked_version_among_others_answers() -> None:
    ask = read_ask("What does Claude Haiku 3.5 cost per million tokens?", frozenset())
    ask = read_ask("What does Claude Haiku 3.5 cost per million tokens?", frozenset(
        {"claude", "haiku", "3.5"}))  # fmt: skip
    listing = "Claude Haiku 3 at $0.25 / $1.25, Claude Haiku 3.5 at $0.80 / $4."
    assert answers(ask, listing, "Prices per million tokens")
    assert not answers(ask, "Claude Haiku 3 costs $0.25 per million tokens.", "")
    assert asked_kind("What range of yearly price decline did Epoch AI measure?") == "number"
