"""The one evaluation path and its reports, on a scripted answerer: any k fills the tables,
charts carry an axis and their values, and --compare sets two runs side by side."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest

from advisor.answering.base import Answerer, AskOptions
from advisor.answering.types import Answer, AnswerEvent
from advisor.evaluation.charts import histogram, histogram_bins, rate_chart
from advisor.evaluation.runner import EvalRunner, EvaluationError, run_evaluation
from tests.advisor.evaluation.helpers import EMBEDDER, answer


class ScriptedAnswerer(Answerer):
    """Answers each question with the Answer scripted for it."""

    def __init__(self, answers: dict[str, Answer]) -> None:
        self.answers = answers

    def stream(
        self, question: str, history: Sequence[str] = (), options: AskOptions | None = None
    ) -> Iterator[AnswerEvent]:
        yield self.answers[question]


def _q(id_: str, type_: str, question: str, **fields: object) -> dict[str, object]:
    return {"id": id_, "type": type_, "question": question, **fields}


FIN = {"source": "fin.md", "must_include": ["$0.99"]}
QUESTIONS = [
    _q("f1", "fact", "Fin price?", **FIN),
    _q("f2", "fact", "Harga Fin?", lang="id", **FIN),
    _q("u1", "unanswerable", "Weather?", source=None),
    _q("c1", "calculation", "Bill?", expected=1116),
    _q("m1", "comparison", "Seat or usage?", must_cover=[["seat"], ["usage"]], min_sources=2),
]
ANSWERS = {
    "Fin price?": answer(
        "Fin costs $0.99 [1].", cited=("fin.md",), retrieved=("x.md", "fin.md"), total_ms=800
    ),
    "Harga Fin?": answer(
        "Tidak tahu.", retrieved=("x.md", "y.md", "z.md", "fin.md"), total_ms=2500
    ),
    "Weather?": answer("Not covered.", abstained=True, total_ms=300),
    "Bill?": answer("Your bill is $1,116.00 a month.", total_ms=4000),
    "Seat or usage?": answer(
        "Per seat [1]; usage [2].", cited=("a.md", "b.md"), total_ms=6000, intent="comparison"
    ),
}


@pytest.fixture
def testset(tmp_path: Path) -> Path:
    path = tmp_path / "set.jsonl"
    lines = [json.dumps(q) for q in QUESTIONS] + ["{broken"]
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def _run(testset: Path, out: Path, k: int, previous: Path | None = None) -> dict:  # type: ignore[type-arg]
    runner = EvalRunner(ScriptedAnswerer(ANSWERS), EMBEDDER, k=k)
    run = run_evaluation(lambda: runner, testset, out, pipeline="default", previous=previous)
    assert [p.name for p in run.paths] == ["results.json", "report.md", "report.html"]
    return json.loads(run.paths[0].read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def test_any_k_fills_the_per_type_tables(testset: Path, tmp_path: Path) -> None:
    data = _run(testset, tmp_path / "out", k=3)
    assert data["summary"]["hit_at_3"] == 0.5  # f2's source is 4th: out of the top 3
    assert data["by_type"]["fact"]["hit_at_3"] == 0.5
    assert data["summary"]["calculation_accuracy"] == 1.0
    assert data["by_intent"]["comparison"]["coverage"] == 1.0
    assert data["problems"] and ":6:" in data["problems"][0]
    md = (tmp_path / "out" / "report.md").read_text(encoding="utf-8")
    header = next(ln for ln in md.splitlines() if ln.startswith("| group | n | hit@3"))
    assert "calculation" in header and "coverage" in header
    assert "| fact | 2 | 0.500 |" in md
    html = (tmp_path / "out" / "report.html").read_text(encoding="utf-8")
    assert "<title>fact hit@3: 0.500</title>" in html


def test_compare_sets_the_two_runs_side_by_side(testset: Path, tmp_path: Path) -> None:
    first = tmp_path / "first"
    _run(testset, first, k=5)
    previous = json.loads((first / "results.json").read_text(encoding="utf-8"))
    previous["summary"]["key_fact_accuracy"] = 0.25
    (first / "results.json").write_text(json.dumps(previous), encoding="utf-8")
    _run(testset, tmp_path / "second", k=5, previous=first / "results.json")
    md = (tmp_path / "second" / "report.md").read_text(encoding="utf-8")
    assert "| key_fact_accuracy | 0.250 | 0.500 | +0.25 |" in md
    html = (tmp_path / "second" / "report.html").read_text(encoding="utf-8")
    section = html.split("This run against the previous one</h2>")[1].split("<h2>")[0]
    assert "<title>previous key facts: 0.250</title>" in section
    assert "<title>this run key facts: 0.500</title>" in section


def test_unusable_inputs_are_one_line_errors(testset: Path, tmp_path: Path) -> None:
    runner = EvalRunner(ScriptedAnswerer(ANSWERS), EMBEDDER)
    with pytest.raises(EvaluationError, match="no such test set"):
        run_evaluation(lambda: runner, tmp_path / "missing.jsonl", tmp_path / "out")
    empty = tmp_path / "empty.jsonl"
    empty.write_text("{broken\n", encoding="utf-8")
    with pytest.raises(EvaluationError, match=r"no valid questions .*:1: not JSON"):
        run_evaluation(lambda: runner, empty, tmp_path / "out")
    bad = tmp_path / "old.json"
    bad.write_text("[]", encoding="utf-8")
    with pytest.raises(EvaluationError, match=r"not a results\.json"):
        run_evaluation(lambda: runner, testset, tmp_path / "out", previous=bad)


def test_rate_chart_has_an_axis_and_a_value_on_every_bar() -> None:
    svg = rate_chart(
        {"en": {"mrr": 0.68, "coverage": None}, "id": {"mrr": 0.8, "coverage": 1.0}},
        [("mrr", "MRR"), ("coverage", "coverage")],
    )
    labels = re.findall(r"<text[^>]*>([^<]*)</text>", svg)
    assert [t for t in labels if t in {"0", "0.25", "0.5", "0.75", "1"}] == [
        "0", "0.25", "0.5", "0.75", "1"
    ]  # fmt: skip
    assert {"0.68", "0.80", "1.00", "n/a"} <= set(labels)
    heights = [float(h) for h in re.findall(r'<rect [^>]*height="([\d.]+)"', svg)]
    assert heights == [0.68 * 200, 0.8 * 200, 200.0]  # bars scale with the 0-1 axis


def test_histogram_labels_every_bin_edge_and_count() -> None:
    times = [0.5, 1.0, 1.2, 4.0, 10.0]
    bins = histogram_bins(times, bins=10)
    assert [(round(lo, 1), round(hi, 1), c) for lo, hi, c in bins[:2]] == [
        (0.0, 1.0, 1),
        (1.0, 2.0, 2),
    ]
    assert bins[-1][2] == 1 and sum(c for *_, c in bins) == len(times)
    labels = re.findall(r"<text[^>]*>([^<]*)</text>", histogram(times))
    edges = [f"{e:.1f}" for e in range(11)]
    assert all(e in labels for e in edges)
