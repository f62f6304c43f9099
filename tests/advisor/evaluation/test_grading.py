"""Grading without a model: figures in both number formats, coverage, intent."""

from __future__ import annotations

from decimal import Decimal

import pytest

from advisor.evaluation.figures import matches, read_figures
from advisor.evaluation.grading import grade, missing_groups
from advisor.evaluation.testset import TestCase
from tests.advisor.evaluation.helpers import EMBEDDER, answer


@pytest.mark.parametrize(
    ("text", "readings"),
    [
        ("Your bill is $1,116.00 a month.", [["1116.00"]]),
        ("Tagihan Anda 1.116 dolar.", [["1116", "1.116"]]),
        ("Harganya Rp 89.000 per bulan.", [["89000"]]),
        ("Rp89.000", [["89000"]]),
        ("That comes to 25,200 dollars.", [["25200", "25.200"]]),
        ("Totalnya US$25.200,00 [2].", [["25200.00"]]),
        ("It costs $0.15 per million tokens", [["0.15"]]),
        ("Margin 62.5%", [["62.5"]]),
        ("marjin 62,5%", [["62.5"]]),
        ("Rp 1,5 juta", [["1500000.0"]]),
        ("$2M in revenue", [["2000000"]]),
        ("1,000,000 tokens", [["1000000"]]),
        ("1.000.000 token", [["1000000"]]),
        ("a loss of −120 dollars", [["-120"]]),
        ("GPT-4o mini", []),
        ("see [3]", []),
        ("from 2024-2025", [["2024"], ["2025"]]),
    ],
)
def test_figures_are_read_in_english_and_indonesian_format(
    text: str, readings: list[list[str]]
) -> None:
    assert [[str(r) for r in f.readings] for f in read_figures(text)] == readings


@pytest.mark.parametrize(
    ("text", "expected", "tolerance", "ok"),
    [
        ("$1,116.00", 1116, 0.01, True),
        ("$1,116.01", 1116, 0.01, True),
        ("$1,116.02", 1116, 0.01, False),
        ("1.116", 1116, 0.01, True),
        ("1.116", 1.116, 0.0, True),
        ("Rp 89.000", 89, 0.5, False),  # Rupiah is never a decimal point
        ("US$25.200,00", 25200, 0, True),
        ("25,200", 25200, 0, True),
        ("$25,000", 25200, 100, False),
        ("$25,150", 25200, 100, True),
    ],
)
def test_a_figure_matches_within_an_absolute_tolerance(
    text: str, expected: float, tolerance: float, ok: bool
) -> None:
    (figure,) = read_figures(text)
    assert matches(figure, expected, tolerance) is ok
    assert all(isinstance(r, Decimal) for r in figure.readings)


def _case(**fields: object) -> TestCase:
    return TestCase.model_validate({"id": "c1", "question": "How much?", **fields})


@pytest.mark.parametrize(
    ("text", "abstained", "correct"),
    [
        ("Your monthly bill is $1,116.00 for 2,000 users [1].", False, True),
        ("Tagihan bulanan Anda US$1.116,00 untuk 2.000 pengguna.", False, True),
        ("Tagihan bulanan Anda 1.116 dolar.", False, True),
        ("Your bill is $1,200 for 2,000 users.", False, False),
        ("I cannot find $1,116.00 in the knowledge base.", True, False),
    ],
)
def test_calculation_is_graded_on_the_figures_of_the_answer(
    text: str, abstained: bool, correct: bool
) -> None:
    case = _case(type="calculation", expected=1116, tolerance=0.01)
    v = grade(case, answer(text, abstained=abstained), EMBEDDER, k=5)
    assert v.calculation_correct is correct
    assert v.hit is None and v.key_fact is None and v.false_abstention is abstained
    assert bool([f for f in v.failures if "no figure within ±0.01 of 1116" in f]) is (
        not correct and not abstained
    )
    assert v.to_dict()["figures_read"] == v.figures_read


COVER = [["per seat", "per user"], ["usage", "per request", "pemakaian"]]


@pytest.mark.parametrize(
    ("text", "cited", "missing", "covered"),
    [
        ("Charge per seat [1]; usage pricing fits heavy users [2].", ("a.md", "b.md"), [], True),
        ("Per User pricing [1] or PEMAKAIAN [2].", ("a.md", "b.md"), [], True),
        ("Charge per seat [1] and per user [2].", ("a.md", "b.md"), [COVER[1]], False),
        ("Charge per seat [1]; usage pricing [2].", ("a.md", "a.md"), [], False),
        ("Charge per seat; usage pricing.", (), [], False),
    ],
)
def test_coverage_needs_every_group_and_enough_documents(
    text: str, cited: tuple[str, ...], missing: list[list[str]], covered: bool
) -> None:
    case = _case(type="comparison", must_cover=COVER, min_sources=2)
    v = grade(case, answer(text, cited=cited), EMBEDDER, k=5)
    assert v.missing_groups == missing == missing_groups(text, COVER)
    assert v.cited_documents == len(set(cited))
    assert v.covered is covered
    assert v.intent == "comparison"
    if len(set(cited)) < 2:
        assert f"citations span {len(set(cited))} of 2 documents needed" in v.failures


def test_fact_questions_grade_as_before() -> None:
    case = _case(type="fact", source="fin.md", must_include=["$0.99"], intent="lookup")
    reply = answer("Fin costs $0.99 [1].", cited=("fin.md",), retrieved=("x.md", "fin.md"))
    good = grade(case, reply, EMBEDDER, k=5)
    assert (good.hit, good.reciprocal_rank, good.key_fact, good.citation_correct) == (
        True,
        0.5,
        True,
        True,
    )
    assert good.intent == "lookup" and good.intent_correct is True
    missed = grade(case, answer("No idea.", retrieved=("x.md",)), EMBEDDER, k=5)
    assert missed.failures[:3] == [
        "fin.md not among the top 5 passages",
        "answer contains none of ['$0.99']",
        "fin.md not cited",
    ]


def test_intent_is_graded_when_the_answer_carries_one() -> None:
    case = _case(type="comparison", must_cover=[["seat"]])
    reply = answer("Seat pricing [1].", cited=("a.md",), intent="recommendation")
    v = grade(case, reply, EMBEDDER, k=5)
    assert v.predicted_intent == "recommendation" and v.intent_correct is False
    assert "intent recommendation, expected comparison" in v.failures
