"""From what the conversation said (`Params`) to a finished `Calculation`, or to the list
of what is still missing. Defaults are applied only when the user accepts them."""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any

from advisor.economics import calc
from advisor.economics.calc import ZERO
from advisor.economics.extract import Params
from advisor.economics.prices import PriceRow, PriceTable

# Offered, never assumed: each is stated in the reply that asks for the missing value.
DEFAULTS: dict[str, Any] = {
    "requests": Decimal(10),  # a light daily user of a chat feature
    "period": "day",
    "input_tokens": Decimal(1000),  # a short prompt with some context
    "output_tokens": Decimal(500),  # a paragraph-long answer
    "model": "OpenAI GPT-4o mini",
    "success_rate": Decimal("0.5"),
}
_YEAR_MONTHS = Decimal(12)


@dataclass(frozen=True)
class Calculation:
    kind: str  # "model_bill", "break_even", "product_bill" or "revenue"
    params: Params
    rows: tuple[PriceRow, ...]  # the price rows used, for citations
    usage: calc.Usage | None = None
    prices: calc.TokenPrices | None = None
    cost: calc.Cost | None = None
    seat: calc.Margin | None = None
    break_even: Decimal | None = None
    heavy: calc.HeavyMix | None = None
    needed_seat_price: Decimal | None = None
    needed_request_price: Decimal | None = None
    outcome: calc.Margin | None = None
    metered: calc.Margin | None = None  # usage pricing at the question's price per request
    hybrid: calc.Margin | None = None  # seat with an allowance, overage per request
    needed_outcome_price: Decimal | None = None
    bill: Decimal | None = None  # product_bill: what the product costs for this usage
    bill_row: PriceRow | None = None
    seat_revenue: Decimal | None = None  # in the seat price's own currency

    @property
    def headline(self) -> Decimal:
        """The number the question asked for first: the bill."""
        if self.bill is not None:
            return self.bill
        assert self.cost is not None
        return self.cost.total


def is_product_bill(params: Params) -> bool:
    tokens = (params.model, params.input_tokens, params.output_tokens, params.input_price)
    return params.product is not None and all(v is None for v in tokens)


def is_revenue(params: Params) -> bool:
    """Seats times a price, nothing about usage: "3,000 customers at Rp 49.000 a month"."""
    usage = (params.requests, params.input_tokens, params.output_tokens, params.model)
    return (
        params.seat_price is not None
        and params.users is not None
        and params.product is None
        and all(v is None for v in usage)
    )


def unit_kind(params: Params) -> str | None:
    """A sum on stated unit figures, no token prices needed: which one, or None."""
    if any(v is not None for v in (params.input_tokens, params.output_tokens, params.model)):
        return None
    if params.target_margin is not None and params.user_cost is not None:
        return "seat_for_margin"
    if params.target_margin is not None and params.request_cost is not None:
        return "request_for_margin"
    if params.seat_price is not None and params.request_cost is not None:
        return "break_even_unit"
    if params.seat_price is not None and params.user_cost is not None:
        return "seat_margin"
    if params.outcome_price is not None and (
        params.outcomes is not None
        or (params.requests is not None and params.success_rate is not None)
    ):
        return "outcome_revenue"
    return None


def missing(params: Params, table: PriceTable) -> list[str]:
    """Names of the parameters the calculation still needs, in the order they are asked."""
    if is_revenue(params) or unit_kind(params):
        return []
    if is_product_bill(params):
        return _product_missing(params, table)
    gaps = []
    break_even_only = params.break_even and params.seat_price is not None
    if params.requests is None and not break_even_only:
        gaps.append("requests")
    elif params.requests is not None and params.period is None:
        gaps.append("period")
    gaps += [k for k in ("input_tokens", "output_tokens") if getattr(params, k) is None]
    if params.model is None and (params.input_price is None or params.output_price is None):
        gaps.append("model")
    if params.outcome_price is not None and params.success_rate is None:
        gaps.append("success_rate")
    return gaps


def _product_missing(params: Params, table: PriceTable) -> list[str]:
    units = {r.unit for r in table.rows_of(params.product or "")}
    if units & {"per_seat_month", "per_month", "per_year"}:
        return [] if params.users is not None else ["users"]
    gaps = [] if params.requests is not None else ["requests"]
    if "per_resolution" in units and params.success_rate is None:
        gaps.append("success_rate")
    return gaps


def with_defaults(params: Params, gaps: list[str]) -> Params:
    values: dict[str, Any] = {k: DEFAULTS[k] for k in gaps if k in DEFAULTS}
    return replace(params, **values)


def calculate(params: Params, table: PriceTable) -> Calculation:
    """The calculation for complete `params` (see `missing`)."""
    kind = unit_kind(params)
    if kind is not None:
        return Calculation(kind, params, (), bill=_unit_value(kind, params))
    if is_revenue(params):
        assert params.users is not None and params.seat_price is not None
        months = _YEAR_MONTHS if params.yearly else Decimal(1)
        revenue = params.users * params.seat_price * months
        return Calculation("revenue", params, (), bill=revenue)
    if is_product_bill(params):
        return _product_bill(params, table)
    rows: tuple[PriceRow, ...] = ()
    if params.input_price is not None and params.output_price is not None:
        prices = calc.TokenPrices(params.input_price, params.output_price)
    else:
        model = table.model(params.model or "")
        if model is None:
            raise calc.CalculationError(f"no token prices for {params.model}")
        prices, rows = model.token_prices(), model.rows
        if not params.cached_share:
            rows = tuple(r for r in rows if r.unit in ("input_per_mtok", "output_per_mtok"))
        else:
            rows = tuple(
                r
                for r in rows
                if r.unit in ("input_per_mtok", "output_per_mtok")
                or r.unit == "cached_input_per_mtok"
            )
    users = params.users if params.users is not None and not params.requests_total else 1
    usage = calc.Usage.of(
        users,
        params.requests or 0,
        params.input_tokens or 0,
        params.output_tokens or 0,
        per=params.period or "month",
        cached_share=params.cached_share or 0,
    )
    kind = "break_even" if params.requests is None else "model_bill"
    result = Calculation(kind, params, rows, usage, prices, calc.cost(usage, prices))
    return _pricing(result, params)


def _pricing(result: Calculation, params: Params) -> Calculation:
    """Margins, break-even and prices needed, for whatever pricing the question named."""
    usage, prices = result.usage, result.prices
    assert usage is not None and prices is not None and result.cost is not None
    changes: dict[str, object] = {}
    if params.seat_price is not None:
        changes["seat_revenue"] = usage.users * params.seat_price
        seat_usd: Decimal | None = params.seat_price
        if params.currency != "USD":
            seat_usd = params.seat_price / params.usd_rate if params.usd_rate else None
        if seat_usd is not None:
            seat = calc.SeatPricing(seat_usd)
            changes["seat"] = calc.margin(seat, usage, prices)
            changes["heavy"] = calc.heavy_user_mix(
                seat,
                usage,
                prices,
                params.heavy_share or calc.HEAVY_SHARE,
                params.heavy_factor or calc.HEAVY_FACTOR,
            )
            if result.cost.per_request:
                changes["break_even"] = calc.break_even_requests(seat_usd, usage, prices)
    if params.request_price is not None and params.currency == "USD":
        if params.included is not None and params.seat_price is not None:
            plan = calc.HybridPricing(params.seat_price, params.included, params.request_price)
            changes["hybrid"] = calc.margin(plan, usage, prices)
        else:
            metered = calc.UsagePricing(params.request_price)
            changes["metered"] = calc.margin(metered, usage, prices)
    if params.outcome_price is not None and params.success_rate is not None:
        outcome = calc.OutcomePricing(params.outcome_price, params.success_rate)
        changes["outcome"] = calc.margin(outcome, usage, prices)
    if params.target_margin is not None:
        target = params.target_margin
        if params.success_rate:
            changes["needed_outcome_price"] = calc.outcome_price_for_margin(
                usage, prices, params.success_rate, target
            )
        if params.users is not None and not params.requests_total:
            changes["needed_seat_price"] = calc.seat_price_for_margin(usage, prices, target)
        changes["needed_request_price"] = calc.price_for_margin(result.cost.per_request, target)
    return replace(result, **changes)  # type: ignore[arg-type]


def _product_bill(params: Params, table: PriceTable) -> Calculation:
    rows = {r.unit: r for r in table.rows_of(params.product or "")}
    for unit in ("per_seat_month", "per_month"):
        if unit in rows:
            row = rows[unit]
            months = _YEAR_MONTHS if params.yearly else Decimal(1)
            if params.yearly and unit == "per_month" and "per_year" in rows:
                row, months = rows["per_year"], Decimal(1)
            bill = (params.users or Decimal(0)) * row.figure * months
            return Calculation("product_bill", params, (row,), bill=bill, bill_row=row)
    requests = params.requests or Decimal(0)
    if params.period == "day":
        requests *= calc.MONTH_DAYS
    for unit in ("per_resolution", "per_conversation", "per_action"):
        if unit in rows:
            row = rows[unit]
            count = requests * (params.success_rate or 1 if unit == "per_resolution" else 1)
            months = _YEAR_MONTHS if params.yearly else Decimal(1)
            bill = count * row.figure * months
            return Calculation("product_bill", params, (row,), bill=bill, bill_row=row)
    raise calc.CalculationError(f"{params.product} has no price this calculator can apply")


def _unit_value(kind: str, p: Params) -> Decimal:
    """The one number a unit-economics question asks for."""
    if kind == "seat_for_margin":
        return calc.price_for_margin(p.user_cost or ZERO, p.target_margin or ZERO)
    if kind == "request_for_margin":
        return calc.price_for_margin(p.request_cost or ZERO, p.target_margin or ZERO)
    if kind == "break_even_unit":
        if not p.request_cost:
            raise calc.CalculationError("a request that costs nothing never reaches break-even")
        return (p.seat_price or ZERO) / p.request_cost
    if kind == "seat_margin":
        margin = calc.Margin(p.seat_price or ZERO, p.user_cost or ZERO).gross_margin
        return margin if margin is not None else ZERO
    return outcome_count(p) * (p.outcome_price or ZERO)


def outcome_count(p: Params) -> Decimal:
    """Billable outcomes a month: stated, or requests times the success rate."""
    if p.outcomes is not None:
        return p.outcomes
    requests = (p.requests or ZERO) * (calc.MONTH_DAYS if p.period == "day" else 1)
    return requests * (p.success_rate or ZERO)
