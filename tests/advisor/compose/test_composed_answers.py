"""Composed answers with the real model and index: a table, a recommendation, an
explanation, and an abstention where the knowledge base has nothing on the product."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from advisor.answering.types import Answer
from advisor.container import Container
from advisor.text import tokenize

pytestmark = pytest.mark.slow

_MARK = re.compile(r"\[(\d+)\]")


def _documents(answer: Answer, section: str) -> set[str]:
    by_n = {c.n: Path(c.source).name for c in answer.citations}
    items = next(s.items for s in answer.sections if s.title == section)
    return {by_n[n] for item in items for n in item.cited}


def _citations_point_at_evidence(answer: Answer) -> None:
    quotes = {c.n: c.quote for c in answer.citations}
    assert {int(n) for n in _MARK.findall(answer.answer)} <= set(quotes)
    for c in answer.citations:
        passage = next(e.passage.text for e in answer.evidence if e.n == c.n)
        assert set(tokenize(c.quote)) <= set(tokenize(passage))  # lists may be joined


def test_comparison_is_a_table_with_a_cited_figure_per_entity(llm_container: Container) -> None:
    answer = llm_container.answers.answer(
        "Compare GitHub Copilot Business and Microsoft 365 Copilot."
    )
    assert answer.intent == "comparison" and not answer.abstained
    rows = {
        line.split("|")[1].strip(): line
        for line in answer.answer.splitlines()
        if line.startswith("| ") and "---" not in line
    }
    assert re.search(r"\$19 \[\d+\]", rows["GitHub Copilot Business"])
    assert re.search(r"\$30 \[\d+\]", rows["Microsoft 365 Copilot"])
    _citations_point_at_evidence(answer)
    assert answer.to_dict()["sections"][0]["items"][0]["citations"]


def test_recommendation_with_the_users_facts(llm_container: Container) -> None:
    answer = llm_container.answers.answer(
        "I'm launching an AI meeting-notes app for small agencies; should I charge per seat "
        "or per usage?"
    )
    assert answer.intent == "recommendation" and not answer.abstained
    titles = [s.title for s in answer.sections]
    assert titles[:2] == ["Recommendation", "Why"] and "Watch out" in titles
    assert "seat" in answer.sections[0].items[0].text.lower()
    assert answer.sections[0].items[0].cited
    assert len(_documents(answer, "Why")) >= 2
    _citations_point_at_evidence(answer)


def test_explanation_gives_at_least_two_cited_reasons(llm_container: Container) -> None:
    answer = llm_container.answers.answer("Why do big companies struggle to make money from AI?")
    assert answer.intent == "explanation" and not answer.abstained
    reasons = next(s for s in answer.sections if s.title == "Reasons").items
    assert len(reasons) >= 2 and all(item.cited for item in reasons)
    documents = _documents(answer, "Reasons") | _documents(answer, "In short")
    assert len(documents) >= 2
    _citations_point_at_evidence(answer)


def test_recommendation_about_a_product_absent_from_the_index_abstains(
    llm_container: Container,
) -> None:
    answer = llm_container.answers.answer(
        "Should Zorblax Notes switch its AI add-on from per seat to per usage pricing?"
    )
    assert answer.abstained
    assert answer.citations == [] and answer.sections == []
    assert "does not cover" in answer.answer
