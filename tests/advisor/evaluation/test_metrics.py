from __future__ import annotations

import json
from pathlib import Path

from advisor.evaluation.metrics import summarize
from advisor.evaluation.testset import load_testset


def test_malformed_lines_are_reported_with_line_numbers(tmp_path: Path) -> None:
    path = tmp_path / "set.jsonl"
    path.write_text(
        "\n".join(
            [
                json.dumps(
                    {
                        "id": "a",
                        "question": "Q?",
                        "type": "fact",
                        "must_include": ["x"],
                        "source": "a.md",
                        "extra": 1,
                    }
                ),
                "{not json",
                json.dumps({"id": "b", "question": "Q?", "type": "guess"}),
                json.dumps(
                    {
                        "id": "c",
                        "question": "Q?",
                        "type": "unanswerable",
                        "source": None,
                        "lang": "id",
                    }
                ),
                json.dumps({"id": "a", "question": "again", "type": "unanswerable"}),
            ]
        ),
        encoding="utf-8",
    )
    testset = load_testset(path)
    assert [c.id for c in testset.cases] == ["a", "c"]
    assert [p.split(":")[1] for p in testset.problems] == ["2", "3", "5"]
    assert "duplicate id" in testset.problems[-1]


def test_summary_by_hand() -> None:
    def verdict(**kw: object) -> dict[str, object]:
        base = {
            "hit": None,
            "reciprocal_rank": None,
            "key_fact": None,
            "citation_correct": None,
            "abstention_correct": None,
            "false_abstention": None,
            "invalid_citations": 0,
            "groundedness": None,
            "first_token_ms": 100.0,
            "total_ms": 1000.0,
        }
        return {**base, **kw}

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
    ]
    s = summarize(verdicts)
    assert s["n"] == 3
    assert s["hit_at_5"] == 1.0 and s["mrr"] == 0.75
    assert s["key_fact_accuracy"] == 0.5 and s["citation_accuracy"] == 0.5
    assert s["abstention_accuracy"] == 1.0 and s["false_abstention_rate"] == 0.0
    assert s["invalid_citations"] == 2 and s["groundedness"] == 0.75
    assert s["total_ms_p50"] == 1000.0


def test_compare_reports_each_numeric_change() -> None:
    from advisor.evaluation.runner import compare

    rows = compare({"n": 10, "mrr": 0.8, "groundedness": None}, {"n": 10, "mrr": 0.6})
    assert rows == [("n", 10, 10, 0), ("mrr", 0.6, 0.8, 0.2)]
