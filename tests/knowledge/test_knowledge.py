"""The bundled knowledge base and test set are well formed and agree with each other."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

from advisor.evaluation.testset import load_testset
from tests.conftest import KNOWLEDGE

ARTICLES = sorted(KNOWLEDGE.glob("*.md"))
TESTSET = KNOWLEDGE / "eval" / "testset.jsonl"
FRONT = re.compile(r"\A---\n(.*?)\n---\n", re.S)


def _front(path: Path) -> dict:  # type: ignore[type-arg]
    match = FRONT.match(path.read_text(encoding="utf-8"))
    assert match, f"{path.name}: no front matter"
    data = yaml.safe_load(match.group(1))
    assert isinstance(data, dict)
    return data


def test_enough_articles_in_both_languages() -> None:
    assert len(ARTICLES) >= 30
    langs = [_front(p)["lang"] for p in ARTICLES]
    assert langs.count("id") >= 3


@pytest.mark.parametrize("path", ARTICLES, ids=lambda p: p.name)
def test_article_is_complete(path: Path) -> None:
    front = _front(path)
    for field in ("title", "date", "tags", "lang", "sources"):
        assert front.get(field), f"{path.name}: missing {field}"
    assert front["lang"] in {"en", "id"}
    assert all(str(s).startswith("https://") for s in front["sources"])
    body = FRONT.sub("", path.read_text(encoding="utf-8"))
    words = len(body.split())
    assert 400 <= words <= 1300, f"{path.name}: {words} words"
    headings = re.findall(r"^## (.+)$", body, re.M)
    assert headings and headings[-1].strip() == "Sources", f"{path.name}: no final Sources"


def test_testset_is_valid_and_points_at_real_text() -> None:
    testset = load_testset(TESTSET)
    assert testset.problems == []
    cases = testset.cases
    kinds = [c.type for c in cases]
    assert len(cases) >= 80
    assert kinds.count("fact") >= 50
    assert kinds.count("synthesis") >= 12
    assert kinds.count("unanswerable") >= 12
    assert kinds.count("calculation") >= 20
    assert sum(c.type == "calculation" and c.lang == "id" for c in cases) >= 4
    for kind in ("comparison", "recommendation", "explanation"):
        mine = [c for c in cases if c.type == kind]
        assert len(mine) >= 15, kind
        assert sum(c.lang == "id" for c in mine) >= 3, kind
        assert all(c.must_cover and c.min_sources >= 1 for c in mine), kind
    assert sum(c.lang == "id" for c in cases) >= 8
    names = {p.name for p in ARTICLES}
    corpus = " ".join(p.read_text(encoding="utf-8").lower() for p in ARTICLES)
    for case in cases:
        if case.source is None:
            continue
        assert case.source in names, f"{case.id}: {case.source} does not exist"
        text = (KNOWLEDGE / case.source).read_text(encoding="utf-8").lower()
        for needle in case.must_include:
            assert needle.lower() in text, f"{case.id}: '{needle}' not in {case.source}"
    assert corpus


def test_testset_lines_are_json_with_the_documented_fields() -> None:
    for line in TESTSET.read_text(encoding="utf-8").splitlines():
        data = json.loads(line)
        assert {"id", "lang", "type", "question", "answer", "must_include", "source"} <= set(data)
