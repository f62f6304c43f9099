"""`advisor eval` on a fixed slice with the real model: floors hold, and the summary can be
recomputed by hand from results.json."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from statistics import median

import pytest

from advisor.container import Container
from advisor.evaluation.cli import run_eval_command
from tests.conftest import KNOWLEDGE

pytestmark = pytest.mark.slow
FLOORS = json.loads((Path(__file__).with_name("floors.json")).read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def results(llm_container: Container, tmp_path_factory: pytest.TempPathFactory) -> dict:  # type: ignore[type-arg]
    folder = tmp_path_factory.mktemp("eval")
    wanted = set(FLOORS["ids"])
    lines = (KNOWLEDGE / "eval" / "testset.jsonl").read_text(encoding="utf-8").splitlines()
    subset = folder / "slice.jsonl"
    subset.write_text(
        "\n".join(ln for ln in lines if json.loads(ln)["id"] in wanted) + "\n", encoding="utf-8"
    )
    args = argparse.Namespace(
        testset=str(subset),
        out=str(folder / "out"),
        limit=None,
        pipeline="default",
        compare=None,
        json=True,
    )
    assert run_eval_command(args, llm_container) == 0
    for name in ("results.json", "report.md", "report.html"):
        assert (folder / "out" / name).stat().st_size > 0
    return json.loads((folder / "out" / "results.json").read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def test_quality_floors_hold(results: dict) -> None:  # type: ignore[type-arg]
    summary = results["summary"]
    assert summary["n"] == len(FLOORS["ids"])
    for metric, floor in FLOORS["floors"].items():
        assert summary[metric] >= floor, f"{metric} {summary[metric]} fell below {floor}"
    for metric, ceiling in FLOORS["ceilings"].items():
        assert summary[metric] <= ceiling, f"{metric} {summary[metric]} rose above {ceiling}"


def test_summary_recomputed_by_hand(results: dict) -> None:  # type: ignore[type-arg]
    questions = results["questions"]
    answerable = [q for q in questions if q["expected_source"]]
    unanswerable = [q for q in questions if not q["expected_source"]]
    s = results["summary"]

    def near(a: float, b: float) -> bool:
        return abs(a - b) < 1e-3

    hits = [
        any(src.endswith("/" + q["expected_source"]) for src in q["retrieved_sources"][:5])
        for q in answerable
    ]
    assert near(s["hit_at_5"], sum(hits) / len(answerable))
    with_facts = [q for q in questions if q["must_include"]]
    key = [any(m.lower() in q["answer"].lower() for m in q["must_include"]) for q in with_facts]
    assert near(s["key_fact_accuracy"], sum(key) / len(with_facts))
    cited = [
        any(c["source"].endswith("/" + q["expected_source"]) for c in q["citations"])
        for q in answerable
    ]
    assert near(s["citation_accuracy"], sum(cited) / len(answerable))
    assert near(
        s["abstention_accuracy"], sum(q["abstained"] for q in unanswerable) / len(unanswerable)
    )
    assert near(
        s["false_abstention_rate"], sum(q["abstained"] for q in answerable) / len(answerable)
    )
    ranks = []
    for q in answerable:
        found = [
            i
            for i, src in enumerate(q["retrieved_sources"][:5], 1)
            if src.endswith("/" + q["expected_source"])
        ]
        ranks.append(1 / found[0] if found else 0.0)
    assert near(s["mrr"], sum(ranks) / len(ranks))
    grounded = [
        sum(q["sentence_grounded"]) / len(q["sentence_grounded"])
        for q in questions
        if q["sentence_grounded"]
    ]
    assert near(s["groundedness"], sum(grounded) / len(grounded))
    calculations = [q for q in questions if q["type"] == "calculation"]
    if calculations:  # a figure in the answer within the absolute tolerance of expected
        right = [q["calculation_correct"] for q in calculations]
        assert near(s["calculation_accuracy"], sum(right) / len(right))
    covering = [q for q in questions if q["must_cover"]]
    if covering:  # every group present and citations over min_sources documents
        covered = [
            not q["abstained"]
            and all(any(x.lower() in q["answer"].lower() for x in g) for g in q["must_cover"])
            and len({c["source"] for c in q["citations"]}) >= q["min_sources"]
            for q in covering
        ]
        assert near(s["coverage"], sum(covered) / len(covered))
    assert abs(s["total_ms_p50"] - median(q["total_ms"] for q in questions)) <= 0.06
    assert set(results["by_type"]) == {q["type"] for q in questions}
    assert set(results["by_lang"]) == {q["lang"] for q in questions}
