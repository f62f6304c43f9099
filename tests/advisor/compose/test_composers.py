"""Composers over hand-made evidence: tables, recommendations and explanations whose every
claim is a cited evidence sentence, and the merge that keeps sources diverse."""

from __future__ import annotations

import re

from advisor.answering.compose import plan
from advisor.answering.compose.comparison import compare
from advisor.answering.compose.entities import named_entities
from advisor.answering.compose.explanation import explain
from advisor.answering.compose.gather import AspectQuery, Gathered, merge
from advisor.answering.compose.glossary import in_english
from advisor.answering.compose.recommendation import recommend
from advisor.answering.types import Evidence
from advisor.retrieval.types import Passage
from ingest.documents import Chunk

_MARK = re.compile(r"\[(\d+)\]")


def _ev(n: int, text: str, source: str, score: float = 0.8) -> Evidence:
    chunk = Chunk(f"kb/{source}", source.removesuffix(".md"), "", text, 0, "en")
    return Evidence(n, text, Passage(chunk, score), score)


def _marks(text: str) -> set[int]:
    return {int(n) for n in _MARK.findall(text)}


GITHUB = "GitHub Copilot Business costs $19 per user per month, with premium requests included."
MICROSOFT = "Microsoft 365 Copilot is sold at $30 per user per month since 1 November 2023."
BOTH = "Microsoft 365 Copilot at $30 per user per month and GitHub Copilot Business at $19."


def test_named_entities_finds_products_and_pricing_models() -> None:
    assert named_entities("Compare GitHub Copilot Business and Microsoft 365 Copilot.") == [
        "GitHub Copilot Business",
        "Microsoft 365 Copilot",
    ]
    assert named_entities("Is Claude Haiku cheaper than GPT-4o mini?") == [
        "Claude Haiku",
        "GPT-4o mini",
    ]
    assert named_entities("Apa perbedaan harga per kursi dan berbasis pemakaian?") == [
        "seat-based pricing",
        "usage-based pricing",
    ]


def test_comparison_is_a_table_with_a_cited_figure_per_entity() -> None:
    evidence = [_ev(1, GITHUB, "github.md"), _ev(2, MICROSOFT, "microsoft.md")]
    composed = compare(["GitHub Copilot Business", "Microsoft 365 Copilot"], evidence)
    assert composed is not None
    rows = [line for line in composed.text.splitlines() if line.startswith("| GitHub")]
    assert rows and "$19 [1]" in rows[0] and "per user per month [1]" in rows[0]
    ms = next(line for line in composed.text.splitlines() if line.startswith("| Microsoft"))
    assert "$30 [2]" in ms and "1 November 2023 [2]" in ms
    assert "not in the sources" in rows[0]  # GitHub's start date is in no sentence
    assert "difference that matters" in composed.text
    assert composed.cited == [1, 2]


def test_comparison_takes_each_figure_from_the_entitys_own_part_of_a_sentence() -> None:
    composed = compare(
        ["GitHub Copilot Business", "Microsoft 365 Copilot"], [_ev(1, BOTH, "seats.md")]
    )
    assert composed is not None
    github = next(line for line in composed.text.splitlines() if line.startswith("| GitHub"))
    assert "$19 [1]" in github and "$30" not in github


def test_comparison_needs_two_entities_in_the_evidence() -> None:
    evidence = [_ev(1, GITHUB, "github.md")]
    assert compare(["GitHub Copilot Business", "Notion AI"], evidence) is None


def _gathered(items: list[tuple[str, str, str]]) -> Gathered:
    result = Gathered()
    for n, (aspect, text, source) in enumerate(items, 1):
        result.evidence.append(_ev(n, text, source, 0.9 - n / 100))
        result.aspects[n] = [aspect]
    return result


ADVICE = [
    (
        "seat",
        "If the AI helps a person work faster, value grows with the number of people, "
        "and a per-user price makes sense.",
        "guide.md",
    ),
    (
        "value",
        "If the AI does the work instead of a person, value grows with the work done "
        "and seats become risky.",
        "guide.md",
    ),
    (
        "variance",
        "An average user costs you $3 per month in inference, but the top 5% of "
        "users cost $40 each.",
        "cost.md",
    ),
    (
        "predictability",
        "Enterprise buyers often need a fixed budget line approved in advance of the year.",
        "hybrid.md",
    ),
    (
        "hybrid",
        "Hybrid pricing combines a platform fee with an allowance and overage above "
        "it for heavy users.",
        "hybrid.md",
    ),
    (
        "risk",
        "Surprise charges broke trust, and the company apologised and refunded its customers.",
        "cursor.md",
    ),
]


def test_recommendation_advises_from_the_users_facts_with_reasons_and_risks() -> None:
    question = "I'm launching an AI meeting-notes app for small agencies; per seat or usage?"
    composed = recommend(question, _gathered(ADVICE))
    assert composed is not None
    first = composed.sections[0].items[0]
    assert first.text.startswith("Charge per seat") and first.cited == (1, 5)
    assert "if usage varies a lot" in first.text.lower()  # the deciding fact left open
    why = composed.sections[1]
    assert 2 <= len(why.items) <= 4
    sources = {ADVICE[n - 1][2] for item in why.items for n in item.cited}
    assert len(sources) >= 2
    titles = [s.title for s in composed.sections]
    assert "Watch out" in titles and "To decide, answer next" in titles
    assert "refunded" in composed.text


def test_recommendation_is_conditional_when_nothing_decides() -> None:
    composed = recommend("Which pricing model should I choose?", _gathered(ADVICE))
    assert composed is not None
    first = composed.sections[0].items[0].text
    assert first.startswith("If usage varies a lot") and "if buyers need a fixed budget" in first
    assert _marks(first) == {5, 1}


def test_no_recommendation_without_evidence_that_backs_one() -> None:
    unrelated = _gathered([("main", "Falcon was built by a lab in Abu Dhabi in 2023.", "f.md")])
    assert recommend("Should I charge per seat for my notes app?", unrelated) is None


def test_explanation_gives_a_summary_and_distinct_cited_reasons() -> None:
    evidence = [
        _ev(
            1,
            "AI gross margins are often 50-60% because inference costs money for every request.",
            "margins.md",
        ),
        _ev(
            2,
            "Handling edge cases means ongoing work per customer, like a services business.",
            "margins.md",
        ),
        _ev(
            3,
            "Heavy users can cost ten times the average user, which erodes a flat price.",
            "cost.md",
        ),
        _ev(
            4,
            "AI gross margins are often 50-60% because inference costs money for each request.",
            "other.md",
        ),
    ]
    composed = explain(evidence)
    assert composed is not None
    assert composed.sections[0].items[0].cited == (1,)
    reasons = composed.sections[1].items
    assert [i.cited for i in reasons] == [(2,), (3,)]  # [4] repeats the summary
    assert composed.text.startswith("**In short:**")


DISTINCT = [
    "Seat pricing charges a fixed fee for every named user each month.",
    "Intercom charges per resolution because its agent replaces seats.",
    "Model prices fall about tenfold a year at equal capability.",
    "Credits let one balance pay for features of very different cost.",
]


def test_merge_keeps_at_most_two_per_document_and_folds_duplicates() -> None:
    same = [_ev(i, text, "a.md") for i, text in enumerate(DISTINCT, 1)]
    other = [_ev(1, "Usage pricing follows the cost of inference for each customer.", "b.md")]
    repeat = [_ev(1, same[0].text, "a.md")]
    merged = merge(
        [
            (AspectQuery("main", "q"), [], same),
            (AspectQuery("usage", "u"), [], other),
            (AspectQuery("seat", "s"), [], repeat),
        ]
    )
    sources = [e.passage.source for e in merged.evidence]
    assert sources.count("kb/a.md") == 2 and "kb/b.md" in sources
    assert [e.n for e in merged.evidence] == list(range(1, len(merged.evidence) + 1))
    assert merged.aspects[1] == ["main", "seat"]


def test_merge_keeps_more_from_one_document_when_it_is_all_there_is() -> None:
    only = [_ev(i, text, "a.md") for i, text in enumerate(DISTINCT[:3], 1)]
    merged = merge([(AspectQuery("main", "q"), [], only)])
    assert len(merged.evidence) == 3


def test_plan_asks_per_entity_and_per_consideration() -> None:
    aspects = [q.aspect for q in plan("comparison", "Compare ChatGPT Plus and ChatGPT Pro")]
    assert aspects == ["main", "ChatGPT Plus", "ChatGPT Pro"]
    assert plan("comparison", "Compare prices") == []
    considered = {q.aspect for q in plan("recommendation", "Should I charge per seat?")}
    assert {"value", "variance", "predictability", "competitors", "falling", "risk"} <= considered


def test_an_indonesian_explanation_also_asks_in_english() -> None:
    """The reasons often sit in English articles that the Indonesian words never find."""
    question = "Mengapa harga inferensi model bahasa turun begitu cepat?"
    queries = [q.text for q in plan("explanation", question)]
    english = set(queries[-1].split())
    assert {"price", "inference", "language", "fall", "fast"} <= english
    assert len(plan("explanation", "Why are LLM inference prices falling so fast?")) == 2
    assert in_english("Di mana nilai bisnisnya?") == "where value business"  # not "bisni"


def test_explanation_skips_sentences_that_only_echo_the_question() -> None:
    question = "Why do inference prices fall so fast?"
    evidence = [
        _ev(1, "The good news is that inference prices fall very fast indeed.", "a.md"),
        _ev(2, "Better chips and smaller models cut the cost of each token every year.", "b.md"),
        _ev(
            3, "Open models compete on price, so vendors must cut their prices to keep up.", "c.md"
        ),
        _ev(4, "This is why the number of models grew so quickly in that one year.", "c.md"),
        _ev(5, "Quantisation lets the same hardware serve more requests at once.", "d.md"),
    ]
    composed = explain(evidence, "en", question)
    assert composed is not None
    cited = {n for s in composed.sections for item in s.items for n in item.cited}
    assert cited == {2, 3, 5}, "[1] restates the question; [4] leans on the sentence before it"
    # the question's own words with a cause after them answer it
    with_cause = _ev(1, "Inference prices fall fast as this is what competition does.", "a.md")
    composed = explain([with_cause, *evidence[1:]], "en", question)
    assert composed is not None and composed.sections[0].items[0].cited == (1,)


def _titled(n: int, text: str, title: str, source: str) -> Evidence:
    chunk = Chunk(f"docs/{source}", title, "Pricing", text, 0, "en")
    return Evidence(n, text, Passage(chunk, 0.5), 0.5)


def test_a_price_row_names_a_product_through_its_page_title() -> None:
    """ "Premium: $29" on a page titled "GitLab pricing" is GitLab Premium's price."""
    row = "Tier: Per user per month; Free: $0; Premium: $29; Ultimate: $99."
    evidence = [_titled(1, row, "GitLab pricing model", "gitlab-pricing.md")]
    composed = compare(["GitLab Premium", "GitLab Ultimate"], evidence)
    assert composed is not None
    lines = composed.text.splitlines()
    assert "$29 [1]" in next(line for line in lines if line.startswith("| GitLab Premium"))
    assert "$99 [1]" in next(line for line in lines if line.startswith("| GitLab Ultimate"))
    # the page must name the rest of the product: another vendor's "Premium" is not GitLab's
    other = [_titled(1, row, "Acme plans", "acme.md")]
    assert compare(["GitLab Premium", "GitLab Ultimate"], other) is None


def test_an_entity_query_prefers_the_sentence_with_its_price() -> None:
    query = next(
        q
        for q in plan("comparison", "Compare GitLab Premium and GitLab Ultimate")
        if q.aspect == "GitLab Ultimate"
    )
    prose = _titled(
        1, "GitLab takes a value-based pricing approach for every tier.", "GitLab pricing", "g.md"
    )
    row = _titled(2, "Premium: $29; Ultimate: $99 per user per month.", "GitLab pricing", "g.md")
    assert query.prefer is not None
    assert not query.prefer(prose) and query.prefer(row)


def test_a_reason_must_speak_to_the_consideration_it_is_labelled_with() -> None:
    """A page on another subject that the 'who gets the value' query found is no reason."""
    off = ("value", "Neuron usage can be monitored in the dashboard of the platform.", "d.md")
    composed = recommend(
        "I'm launching an AI meeting-notes app for small agencies; per seat or usage?",
        _gathered([*ADVICE[:1], off, *ADVICE[2:]]),
    )
    assert composed is not None
    assert "dashboard" not in composed.sections[1].items[0].text
    assert all("Neuron" not in item.text for item in composed.sections[1].items)


def test_a_price_cell_ends_with_the_figure_not_the_comma_after_it() -> None:
    flat = "Each conversation was priced at a flat $2, whatever the number of steps inside it."
    credits = "Flex Credits cost $0.10 per action, or $1,500 for a block of credits."
    composed = compare(
        ["Salesforce Agentforce", "Flex Credits"],
        [_ev(1, f"Salesforce Agentforce: {flat}", "agentforce.md"), _ev(2, credits, "flex.md")],
    )
    assert composed is not None
    rows = [line for line in composed.text.splitlines() if line.startswith("| ")]
    assert any("| $2 [1]" in row for row in rows), rows
    assert not any("$2, [1]" in row for row in rows)
