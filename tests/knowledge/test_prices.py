"""The bundled price table is sourced, dated, and agrees with the articles it names."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from advisor.economics.prices import PRICE_FILE, PriceRow, read_price_file
from ingest.pipeline import expand_inputs
from tests.conftest import KNOWLEDGE

ROWS = read_price_file(KNOWLEDGE / PRICE_FILE, "bundled")


def _spellings(figure: Decimal) -> set[str]:
    """How an article may write the figure: $0.60, $0.6, $4, $4.00, $500."""
    plain = format(figure.normalize(), "f")
    return {f"${plain}", f"${figure:.2f}", f"${int(figure):,}" if figure == int(figure) else ""}


def test_the_table_has_model_and_product_rows() -> None:
    units = {r.unit for r in ROWS}
    assert {"input_per_mtok", "output_per_mtok", "cached_input_per_mtok"} <= units
    assert {"per_seat_month", "per_resolution", "per_action", "per_credit_pack"} <= units
    assert len(ROWS) >= 30


@pytest.mark.parametrize("row", ROWS, ids=lambda r: f"{r.product}:{r.unit}")
def test_row_is_sourced_dated_and_in_its_article(row: PriceRow) -> None:
    assert row.source.startswith("https://"), row.source
    assert re.match(r"^20\d\d-\d\d(-\d\d)?$", row.date)
    assert row.currency == "USD"
    article = KNOWLEDGE / row.article
    assert article.is_file(), f"{row.article} is not a bundled article"
    text = article.read_text(encoding="utf-8")
    spelled = _spellings(row.figure) - {""}
    assert any(re.search(re.escape(s) + r"(?![\d.,]\d)", text) for s in spelled), (
        f"{row.product} {row.unit}: none of {spelled} in {row.article}"
    )
    name = row.product.split(" (")[0].split()[-1]
    assert name.lower() in text.lower(), f"{row.article} never names {row.product}"


def test_price_table_is_not_ingested_as_an_article() -> None:
    sources, _ = expand_inputs([str(KNOWLEDGE)])
    assert not any(s.endswith(PRICE_FILE) for s in sources)


def _written(value: Decimal) -> set[str]:
    """The ways an article could write a result: 2,700 / 2.700 / 2700 / 340.20 / 78.4."""
    whole = int(value)
    forms = {format(value.normalize(), "f")}
    if value == whole:
        forms |= {f"{whole:,}", f"{whole:,}".replace(",", "."), str(whole)}
    else:
        forms |= {f"{value:,.2f}", f"{value:.2f}".replace(".", ",")}
    return {f for f in forms if len(f) >= 3}


def test_calculation_answers_appear_in_no_article() -> None:
    """The engine must compute them; retrieval cannot find them."""
    from advisor.evaluation.testset import load_testset

    cases = [c for c in load_testset(KNOWLEDGE / "eval" / "testset.jsonl").cases]
    calculations = [c for c in cases if c.type == "calculation"]
    corpus = " ".join(p.read_text(encoding="utf-8") for p in KNOWLEDGE.glob("*.md"))
    for case in calculations:
        assert case.expected is not None
        for form in _written(Decimal(str(case.expected))):
            assert not re.search(rf"(?<![\d.,]){re.escape(form)}(?![\d]|[.,]\d)", corpus), (
                f"{case.id}: {form} occurs in an article"
            )
