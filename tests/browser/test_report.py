"""The evaluation report in a real Chromium: its charts show a 0-1 axis and a value on every
bar, and a comparison sets two runs side by side. Saves the screenshot the README shows."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from advisor.evaluation.runner import EvalRunner, run_evaluation
from tests.advisor.evaluation.helpers import EMBEDDER
from tests.advisor.evaluation.test_report import ANSWERS, QUESTIONS, ScriptedAnswerer

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOT = ROOT / "docs" / "eval-report.png"


def test_report_charts_read_on_their_own(browser: Any, tmp_path: Path) -> None:
    testset = tmp_path / "set.jsonl"
    testset.write_text("\n".join(json.dumps(q) for q in QUESTIONS), encoding="utf-8")
    runner = EvalRunner(ScriptedAnswerer(ANSWERS), EMBEDDER, k=5)
    first = run_evaluation(lambda: runner, testset, tmp_path / "before")
    previous = dict(first.data, summary={**first.data["summary"], "key_fact_accuracy": 0.25})
    (tmp_path / "before" / "results.json").write_text(json.dumps(previous), encoding="utf-8")
    run = run_evaluation(
        lambda: runner, testset, tmp_path / "after", previous=tmp_path / "before" / "results.json"
    )
    page = browser.new_page(viewport={"width": 1100, "height": 900})
    try:
        page.goto(run.paths[2].as_uri(), wait_until="load")
        compare = page.locator("svg").first
        labels = compare.locator("text").all_text_contents()
        assert {"0", "0.25", "0.5", "0.75", "1"} <= set(labels)
        assert {"0.25", "0.50"} <= set(labels)  # key facts: previous and this run
        assert any("previous" in t for t in labels) and any("this run" in t for t in labels)
        histogram = page.locator("svg").last.locator("text").all_text_contents()
        assert "0.0" in histogram and "6.0" in histogram  # bin edges up to the slowest 6 s
        box = compare.bounding_box()
        assert box and box["width"] > 300 and box["height"] > 200
        SCREENSHOT.parent.mkdir(exist_ok=True)
        page.screenshot(path=str(SCREENSHOT), full_page=False)
    finally:
        page.close()
