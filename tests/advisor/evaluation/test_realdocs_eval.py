"""`advisor eval` on real third-party documents the pipeline was not written against: a fixed
slice of knowledge/eval/realdocs.jsonl over ../shared/realdocs, with the real model.

The documents are not in the project (their licences differ); where the folder is absent the
test is skipped and says why. Floors sit a little below the measured run, like floors.json
does for the bundled set; a change that lowers quality must lower a floor here on purpose.
"""

from __future__ import annotations

import argparse
import json
from typing import Any

import pytest
from langchain_core.embeddings import Embeddings

from advisor.container import Container
from advisor.evaluation.cli import run_eval_command
from tests.conftest import KNOWLEDGE, ROOT, make_container

pytestmark = pytest.mark.slow
REALDOCS = ROOT.parent / "shared" / "realdocs"
TESTSET = KNOWLEDGE / "eval" / "realdocs.jsonl"

# Facts from tables, versions, dates, Indonesian text and an English question about it;
# traps (the thing is in the documents, the asked figure is not); unknown products.
SLICE = (
    "r01 r03 r12 r16 r23 r33 r44 r47 r54 r59 r63 r67 r69 r70 s01 u01 u03 u04 u05 u09 u11 u13"
).split()
TRAPS = ("u01", "u03", "u04", "u05", "u09")
# The run these floors were set from (2026-11-29 evening, full realdocs eval, bundled model:
# 14 of the slice's 15 answerable questions; r70, English about the Indonesian article, is
# declined); floors sit one or two questions below it to absorb noise.
MEASURED = {
    "key_fact_accuracy": 0.9333,
    "citation_accuracy": 1.0,
    "abstention_accuracy": 1.0,
    "false_abstention_rate": 0.0667,
}
FLOORS = {"key_fact_accuracy": 0.8, "citation_accuracy": 0.85, "abstention_accuracy": 0.85}
CEILINGS = {"false_abstention_rate": 0.1, "invalid_citations": 0}


@pytest.fixture(scope="module")
def realdocs_container(
    tmp_path_factory: pytest.TempPathFactory, embeddings: Embeddings
) -> Container:
    if not REALDOCS.is_dir():
        pytest.skip(f"{REALDOCS} is absent: the real-document set is not part of the project")
    container = make_container(tmp_path_factory.mktemp("realdocs"), embeddings)
    report = container.ingest_pipeline.run([str(REALDOCS)])
    assert report.ok, report.failed
    container.warm_up()
    return container


@pytest.fixture(scope="module")
def results(realdocs_container: Container, tmp_path_factory: pytest.TempPathFactory) -> Any:
    folder = tmp_path_factory.mktemp("realdocs-eval")
    lines = TESTSET.read_text(encoding="utf-8").splitlines()
    subset = folder / "slice.jsonl"
    subset.write_text(
        "\n".join(ln for ln in lines if json.loads(ln)["id"] in SLICE) + "\n", encoding="utf-8"
    )
    args = argparse.Namespace(
        testset=str(subset), out=str(folder / "out"), limit=None, pipeline="default",
        compare=None, json=True,
    )  # fmt: skip
    assert run_eval_command(args, realdocs_container) == 0
    return json.loads((folder / "out" / "results.json").read_text(encoding="utf-8"))


def test_realdocs_floors_hold(results: Any) -> None:
    summary = results["summary"]
    assert summary["n"] == len(SLICE)
    for metric, floor in FLOORS.items():
        assert summary[metric] >= floor, f"{metric} {summary[metric]} fell below {floor}"
    for metric, ceiling in CEILINGS.items():
        assert summary[metric] <= ceiling, f"{metric} {summary[metric]} rose above {ceiling}"


def test_every_trap_is_declined_without_quoting_another_figure(results: Any) -> None:
    """The documents mention the thing but not the asked price: no figure is offered."""
    by_id = {q["id"]: q for q in results["questions"]}
    for trap in TRAPS:
        answer = by_id[trap]
        assert answer["abstained"], f"{trap} answered: {answer['answer']}"
        assert "$" not in answer["answer"], f"{trap} quoted a figure: {answer['answer']}"


def test_no_metadata_line_is_quoted_as_evidence(results: Any) -> None:
    for question in results["questions"]:
        for citation in question["citations"]:
            quote = citation["quote"]
            assert not quote.startswith(("Source:", "Licence:")), quote
            assert "{%" not in quote and "[!NOTE]" not in quote and ":::" not in quote, quote


def test_slice_ids_exist() -> None:
    ids = {json.loads(ln)["id"] for ln in TESTSET.read_text(encoding="utf-8").splitlines()}
    assert set(SLICE) <= ids
