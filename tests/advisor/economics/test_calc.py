"""Every formula against a case worked by hand (the arithmetic is in each test's comment)."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from advisor.economics.calc import (
    CalculationError,
    HybridPricing,
    OutcomePricing,
    SeatPricing,
    TokenPrices,
    Usage,
    UsagePricing,
    break_even_requests,
    cost,
    cost_per_request,
    heavy_user_mix,
    margin,
    margin_curve,
    outcome_price_for_margin,
    price_for_margin,
    revenue,
    seat_price_for_margin,
)

MINI = TokenPrices(D("0.15"), D("0.60"), label="GPT-4o mini")
SONNET = TokenPrices(D(3), D(15), D("0.30"), "Claude Sonnet")
CENT = D("0.01")


def test_monthly_bill_on_gpt_4o_mini() -> None:
    # 1,500 x 0.15/1M + 400 x 0.60/1M = 0.000225 + 0.00024 = $0.000465 a request;
    # 40 a day x 30 days = 1,200 a user = $0.558; x 2,000 users = $1,116.00.
    usage = Usage.of(2000, 40, 1500, 400, per="day")
    result = cost(usage, MINI)
    assert result.per_request == D("0.000465")
    assert result.per_user == D("0.558")
    assert result.total == D("1116.00")
    assert result.requests == D(2_400_000)


def test_monthly_bill_on_claude_sonnet() -> None:
    # 1,500 x 3/1M + 400 x 15/1M = 0.0045 + 0.006 = $0.0105; x 2,400,000 = $25,200.
    assert cost(Usage.of(2000, 40, 1500, 400, per="day"), SONNET).total == D(25200)


def test_prompt_caching_lowers_the_input_cost() -> None:
    # caching-and-model-routing.md's case: 1M requests, 3,000 input of which 2,500 cached,
    # 400 output on Sonnet: 500 x 3 + 2,500 x 0.30 + 400 x 15 = 8,250 (per 1M requests).
    usage = Usage.of(1, 1_000_000, 3000, 400, cached_share=D(2500) / D(3000))
    assert cost(usage, SONNET).total.quantize(CENT) == D("8250.00")
    assert cost(Usage.of(1, 1_000_000, 3000, 400), SONNET).total == D(15000)


def test_cached_share_needs_a_cached_price() -> None:
    with pytest.raises(CalculationError, match="no cached-input price"):
        cost_per_request(Usage.of(1, 1, 1000, 0, cached_share=D("0.5")), MINI)


def test_bad_usage_is_refused() -> None:
    with pytest.raises(CalculationError):
        Usage.of(-1, 1, 1, 1)
    with pytest.raises(CalculationError):
        Usage.of(1, 1, 1, 1, per="week")
    with pytest.raises(CalculationError):
        Usage.of(1, 1, 1, 1, cached_share=2)


# A request that costs exactly $0.15: 1,000 input tokens at $150 per million, no output.
FIFTEEN_CENTS = TokenPrices(D(150), D(0))


def test_outcome_pricing_earns_only_on_resolutions() -> None:
    # outcome-based-pricing.md: 10,000 conversations, 60% resolved at $0.99 = $5,940;
    # cost 10,000 x $0.15 = $1,500; margin 4,440 / 5,940. At 30%: $2,970, cost still $1,500.
    usage = Usage.of(1, 10_000, 1000, 0)
    result = margin(OutcomePricing(D("0.99"), D("0.6")), usage, FIFTEEN_CENTS)
    assert (result.revenue, result.cost, result.gross_profit) == (D(5940), D(1500), D(4440))
    assert result.gross_margin is not None
    assert result.gross_margin.quantize(D("0.0001")) == D("0.7475")
    assert revenue(OutcomePricing(D("0.99"), D("0.3")), usage) == D(2970)


def test_hybrid_pricing_charges_overage_above_the_allowance() -> None:
    # hybrid-pricing.md: $49 including 200 reports, $0.15 each above; 1,000 reports pay
    # 49 + 800 x 0.15 = $169; 150 reports pay $49.
    plan = HybridPricing(D(49), D(200), D("0.15"))
    assert revenue(plan, Usage.of(1, 1000, 0, 0)) == D(169)
    assert revenue(plan, Usage.of(1, 150, 0, 0)) == D(49)
    assert revenue(plan, Usage.of(10, 1000, 0, 0)) == D(1690)


def test_seat_and_usage_revenue() -> None:
    usage = Usage.of(40, 100, 0, 0)
    assert revenue(SeatPricing(D(19)), usage) == D(760)  # 40 x $19
    assert revenue(UsagePricing(D("0.02")), usage) == D(80)  # 4,000 x $0.02


def test_seat_margin_and_the_price_for_a_target_margin() -> None:
    # biaya-inferensi-dan-margin.md: $20 a seat, $8 inference a user -> 60% gross margin;
    # and the other way round, $8 of cost at a 60% target -> $20.
    usage = Usage.of(1, 8, 1_000_000, 0)  # 8 requests of 1M input tokens at $1/M = $8
    prices = TokenPrices(D(1), D(0))
    assert margin(SeatPricing(D(20)), usage, prices).gross_margin == D("0.6")
    assert price_for_margin(D(8), D("0.6")) == D(20)
    assert seat_price_for_margin(usage, prices, D("0.6")) == D(20)
    with pytest.raises(CalculationError):
        price_for_margin(D(8), D(1))


def test_outcome_price_for_margin_spreads_failed_requests() -> None:
    # $0.15 a conversation, 60% resolved -> $0.25 of cost per resolution; 80% margin -> $1.25.
    usage = Usage.of(1, 1, 1000, 0)
    assert outcome_price_for_margin(usage, FIFTEEN_CENTS, D("0.6"), D("0.8")) == D("1.25")


def test_break_even_requests_per_seat() -> None:
    # $30 a seat / $0.0105 a Sonnet request = 2,857.14 requests a month.
    usage = Usage.of(1, 1, 1500, 400)
    assert break_even_requests(D(30), usage, SONNET).quantize(CENT) == D("2857.14")


def test_heavy_user_mix_hurts_seats_but_not_usage_pricing() -> None:
    # 100 users x 10 requests at $0.01. Seats at $1: cost $10, margin 90%. With 5 users at
    # 10x: 95 x 10 x 0.01 + 5 x 100 x 0.01 = 9.5 + 5 = $14.5, margin 85.5%.
    # Usage at $0.02 a request: 1,450 requests -> $29 revenue, margin stays 50%.
    usage = Usage.of(100, 10, 1000, 0)
    prices = TokenPrices(D(10), D(0))
    seats = heavy_user_mix(SeatPricing(D(1)), usage, prices)
    assert seats.uniform.gross_margin == D("0.9")
    assert seats.mixed.cost == D("14.5")
    assert seats.mixed.gross_margin == D("0.855")
    metered = heavy_user_mix(UsagePricing(D("0.02")), usage, prices)
    assert metered.mixed.revenue == D(29)
    assert metered.mixed.gross_margin == metered.uniform.gross_margin == D("0.5")


def test_no_revenue_has_no_margin() -> None:
    assert margin(SeatPricing(D(0)), Usage.of(1, 1, 1, 1), MINI).gross_margin is None


def test_margin_curve_shows_seats_eroding_and_usage_holding() -> None:
    # $0.01 a request. Seat $10: margin 1 - 0.01 r / 10. Usage $0.02: always 50%.
    prices = TokenPrices(D(10), D(0))
    usage = Usage.of(1, 100, 1000, 0)
    curve = margin_curve(
        {"seat": SeatPricing(D(10)), "usage": UsagePricing(D("0.02"))}, usage, prices
    )
    seat = [(r, m) for r, name, m in curve if name == "seat"]
    assert len(seat) == 25 and seat[-1][0] == D(300)  # up to 3x the stated 100 requests
    assert seat[-1][1] == D("0.7")  # 1 - 300 x 0.01 / 10
    assert all(m == D("0.5") for _, name, m in curve if name == "usage")
