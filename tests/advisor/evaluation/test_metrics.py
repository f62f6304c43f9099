from __future__ import annotations

import json
from pathlib import Path

from advisor.evaluation.metrics import compare, summarize
from advisor.evaluation.testset import load_testset
from tests.advisor.evaluation.helpers import verdict


def _line(**fields: object) -> str:
    return json.dumps({"question": "Q?", **fields})


def test_malformed_lines_are_reported_with_line_numbers(tmp_path: Path) -> None:
    path = tmp_path / "set.jsonl"
    lines = [
        _line(id="a", type="fact", must_include=["x"], source="a.md", extra=1),
        "{not json",
        _line(id="b", type="guess"),
        _line(id="c", type="unanswerable", source=None, lang="id"),
        _line(id="a", question="again", type="unanswerable"),
        _line(id="d", type="calculation", expected=1116, tolerance=0.01, intent="calculation"),
        _line(id="e", type="calculation"),
        _line(id="f", type="comparison", must_cover=[["seat"], ["usage", "per use"]]),
        _line(id="g", type="explanation", must_cover=[["x"], []]),
        _line(id="h", type="recommendation", min_sources=2),
        _line(id="i", type="fact", must_include=["x"], source="a.md", expected=3),
        _line(id="j", type="fact", must_include=["x"], source="a.md", intent="guess"),
        _line(id="k", type="calculation", expected=5, tolerance=-1),
    ]
    path.write_text("\n".join(lines), encoding="utf-8")
    testset = load_testset(path)
    assert [c.id for c in testset.cases] == ["a", "c", "d", "f"]
    assert [p.split(":")[1] for p in testset.problems] == [
        "2", "3", "5", "7", "9", "10", "11", "12", "13"
    ]  # fmt: skip
    assert "duplicate id" in testset.problems[2]
    assert "needs expected" in testset.problems[3]
    assert "must_cover" in testset.problems[4] and "must_cover" in testset.problems[5]
    assert "calculation questions only" in testset.problems[6]
    assert "intent" in testset.problems[7] and "tolerance" in testset.problems[8]
    calc, comparison = testset.cases[2], testset.cases[3]
    assert calc.expected == 1116 and calc.expected_intent == "calculation"
    assert comparison.min_sources == 1 and comparison.expected_intent == "comparison"


def test_summary_by_hand() -> None:
    verdicts = [
        verdict(
            hit=True,
            reciprocal_rank=1.0,
            key_fact=True,
            citation_correct=True,
            false_abstention=False,
            groundedness=1.0,
            total_ms=1000.0,
        ),
        verdict(
            hit=True,
            reciprocal_rank=0.5,
            key_fact=False,
            citation_correct=False,
            false_abstention=False,
            groundedness=0.5,
            total_ms=3000.0,
        ),
        verdict(abstention_correct=True, total_ms=100.0, invalid_citations=2),
        verdict(type="calculation", calculation_correct=True, false_abstention=False),
        verdict(type="calculation", calculation_correct=False, false_abstention=False),
        verdict(type="calculation", calculation_correct=True, false_abstention=False),
        verdict(type="comparison", covered=True, intent="comparison", intent_correct=True),
        verdict(type="comparison", covered=False, intent="comparison", intent_correct=False),
    ]
    s = summarize(verdicts, k=3)
    assert s["n"] == 8
    assert "hit_at_5" not in s
    assert s["hit_at_3"] == 1.0 and s["mrr"] == 0.75
    assert s["key_fact_accuracy"] == 0.5 and s["citation_accuracy"] == 0.5
    assert s["abstention_accuracy"] == 1.0 and s["false_abstention_rate"] == 0.0
    assert s["invalid_citations"] == 2 and s["groundedness"] == 0.75
    assert s["calculation_accuracy"] == round(2 / 3, 4)
    assert s["coverage"] == 0.5 and s["intent_accuracy"] == 0.5
    assert s["total_ms_p50"] == 1000.0


def test_compare_reports_each_numeric_change() -> None:
    rows = compare({"n": 10, "mrr": 0.8, "groundedness": None}, {"n": 10, "mrr": 0.6})
    assert rows == [("n", 10, 10, 0), ("mrr", 0.6, 0.8, 0.2)]
