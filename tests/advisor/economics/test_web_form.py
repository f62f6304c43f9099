"""The Economics tab's logic without a browser: result text, chart data, price rows."""

from __future__ import annotations

import gradio as gr
import pytest

from advisor.economics.prices import PRICE_FILE, PriceTable
from advisor.web.economics import CUSTOM, EconomicsForm
from tests.conftest import KNOWLEDGE

FORM = EconomicsForm(PriceTable.load(KNOWLEDGE / PRICE_FILE))
DEFAULTS = (2000, 40, "day", 1500, 400, "OpenAI GPT-4o mini", 0, 0, 5, 0.002, 0.99, 40)


def test_result_and_chart() -> None:
    text, chart = FORM.calculate(*DEFAULTS)
    assert text.startswith("Your monthly model bill: **$1,116.00**")
    assert "gross margin 88.8%" in text and "https://openai.com/api/pricing/" in text
    assert set(chart["pricing"]) == {
        "seat ($5/user/month)",
        "usage ($0.002/request)",
        "outcome ($0.99/resolution at 40%)",
    }
    usage = chart[chart["pricing"].str.startswith("usage")]
    # $0.002 a request against $0.000465 of cost: 76.75% at any volume.
    assert usage["gross margin %"].round(2).eq(76.75).all()
    seat = chart[chart["pricing"].str.startswith("seat")]
    assert seat["gross margin %"].is_monotonic_decreasing
    assert chart["requests per user per month"].max() == 3600  # 3 x 1,200


def test_target_margin_and_cached_share() -> None:
    text, _ = FORM.calculate(*DEFAULTS[:5], "Claude Sonnet", 0, 0, 5, 0.002, 0.99, 40, 80, 50)
    # (750 x $3 + 750 x $0.30 + 400 x $15) / 1M = $0.008475 x 1,200 = $10.17 a user;
    # / (1 - 0.8) = $50.85 a seat.
    assert "**$20,340.00**" in text and "at least $50.85 per user per month" in text
    with pytest.raises(gr.Error):  # GPT-4o mini has no cached price in the table
        FORM.calculate(*DEFAULTS, 0, 50)


def test_custom_prices_and_bad_input() -> None:
    args = list(DEFAULTS)
    args[5:8] = [CUSTOM, 1, 2]
    text, _ = FORM.calculate(*args)
    assert "**$5,520.00**" in text  # (1,500 x 1 + 400 x 2) / 1M x 2,400,000
    args[0] = -5
    with pytest.raises(gr.Error):
        FORM.calculate(*args)


def test_price_rows_carry_sources() -> None:
    rows = FORM.price_rows()
    assert all(r[5].startswith("https://") and r[6].endswith(".md") for r in rows)
    assert FORM.models()[-1] == CUSTOM and "Claude Sonnet" in FORM.models()
