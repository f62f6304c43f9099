"""Loading the price table: user rows override, broken files fail on one line."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from advisor.economics.prices import PRICE_FILE, PriceFileError, PriceTable
from tests.conftest import KNOWLEDGE

BUNDLED = KNOWLEDGE / PRICE_FILE


def test_model_prices_come_from_rows() -> None:
    table = PriceTable.load(BUNDLED)
    mini = table.model("OpenAI GPT-4o mini")
    assert mini is not None
    assert (mini.input, mini.output) == (Decimal("0.15"), Decimal("0.60"))
    sonnet = table.model("claude sonnet")
    assert sonnet is not None and sonnet.cached_input == Decimal("0.30")
    assert table.model("Intercom Fin") is None
    assert "4o mini" in table.names()
    assert "OpenAI GPT-4o mini" in table.models()


def test_user_file_overrides_and_adds(tmp_path: Path) -> None:
    user = tmp_path / PRICE_FILE
    user.write_text(
        "rows:\n"
        "  - {product: Claude Sonnet, unit: input_per_mtok, figure: '2.5', currency: usd,"
        " date: 2026-01-01, source: 'https://example.com/deal', article: my-contract}\n"
        "  - {product: House Model, aliases: [hm], unit: input_per_mtok, figure: '0.1',"
        " currency: USD, date: 2026-01, source: 'https://example.com', article: none}\n"
        "  - {product: House Model, unit: output_per_mtok, figure: '0.2',"
        " currency: USD, date: 2026-01, source: 'https://example.com', article: none}\n",
        encoding="utf-8",
    )
    table = PriceTable.load(BUNDLED, user)
    sonnet = table.model("Claude Sonnet")
    assert sonnet is not None
    assert sonnet.input == Decimal("2.5") and sonnet.output == Decimal(15)
    assert sonnet.rows[0].origin == "user"
    assert table.names()["hm"] == "House Model"
    assert table.model("House Model") is not None


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("rows: nope\n", "expected a top-level 'rows:' list"),
        ("rows:\n  - {product: X, unit: per_seat_month}\n", "missing figure"),
        (
            "rows:\n  - {product: X, unit: per_day, figure: 1, currency: USD, date: 2024-01,"
            " source: s, article: a}\n",
            "unknown unit 'per_day'",
        ),
        (
            "rows:\n  - {product: X, unit: per_month, figure: abc, currency: USD,"
            " date: 2024-01, source: s, article: a}\n",
            "is not a number",
        ),
        ("rows: [\n", "cannot read"),
    ],
)
def test_broken_user_file_is_one_line_naming_the_file(
    tmp_path: Path, text: str, reason: str
) -> None:
    user = tmp_path / PRICE_FILE
    user.write_text(text, encoding="utf-8")
    with pytest.raises(PriceFileError) as err:
        PriceTable.load(BUNDLED, user)
    message = str(err.value)
    assert str(user) in message and reason in message and "\n" not in message
