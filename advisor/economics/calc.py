"""Cost to serve, revenue and gross margin: pure functions on Decimal money.

Every figure is per month, and a month is `MONTH_DAYS` days, so "40 requests a day" is
1,200 requests a month. Nothing here rounds: rounding to cents is the presenter's job, so
a total is never the sum of rounded parts.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal

MONTH_DAYS = Decimal(30)  # the stated month: 30 days, so daily figures convert exactly
PER_MILLION = Decimal(1_000_000)  # model prices are quoted per million tokens
HEAVY_SHARE = Decimal("0.05")  # default heavy-user mix: 5% of users ...
HEAVY_FACTOR = Decimal(10)  # ... at 10x the typical usage
ZERO = Decimal(0)
ONE = Decimal(1)


class CalculationError(ValueError):
    """Inputs that describe no real situation (negative usage, a margin of 100% or more)."""


@dataclass(frozen=True)
class TokenPrices:
    """US dollars per million tokens; `cached_input` applies to the cached share of input."""

    input: Decimal
    output: Decimal
    cached_input: Decimal | None = None
    label: str = "custom prices"


@dataclass(frozen=True)
class Usage:
    users: Decimal
    requests_per_user: Decimal  # per month
    input_tokens: Decimal  # per request
    output_tokens: Decimal  # per request
    cached_share: Decimal = ZERO  # share of input tokens served from the prompt cache

    @classmethod
    def of(
        cls,
        users: float | int | Decimal,
        requests: float | int | Decimal,
        input_tokens: float | int | Decimal,
        output_tokens: float | int | Decimal,
        per: str = "month",
        cached_share: float | int | Decimal = 0,
    ) -> Usage:
        """Usage from plain numbers; `per="day"` multiplies requests by the 30-day month."""
        if per not in ("day", "month"):
            raise CalculationError(f"per must be 'day' or 'month', not '{per}'")
        monthly = _d(requests) * (MONTH_DAYS if per == "day" else ONE)
        usage = cls(_d(users), monthly, _d(input_tokens), _d(output_tokens), _d(cached_share))
        usage.check()
        return usage

    def check(self) -> None:
        for name in ("users", "requests_per_user", "input_tokens", "output_tokens"):
            if getattr(self, name) < 0:
                raise CalculationError(f"{name} must not be negative")
        if not ZERO <= self.cached_share <= ONE:
            raise CalculationError("cached share must be between 0 and 1")

    @property
    def requests(self) -> Decimal:
        return self.users * self.requests_per_user


@dataclass(frozen=True)
class Cost:
    per_request: Decimal
    per_user: Decimal  # per month
    total: Decimal  # per month
    requests: Decimal  # per month


def cost_per_request(usage: Usage, prices: TokenPrices) -> Decimal:
    """(input x input price + output x output price) / 1M, cached input at its own price."""
    if usage.cached_share and prices.cached_input is None:
        raise CalculationError(f"{prices.label} has no cached-input price")
    cached = usage.input_tokens * usage.cached_share
    fresh = usage.input_tokens - cached
    amount = fresh * prices.input + usage.output_tokens * prices.output
    if cached:
        amount += cached * (prices.cached_input or ZERO)
    return amount / PER_MILLION


def cost(usage: Usage, prices: TokenPrices) -> Cost:
    per_request = cost_per_request(usage, prices)
    per_user = per_request * usage.requests_per_user
    return Cost(per_request, per_user, per_user * usage.users, usage.requests)


@dataclass(frozen=True)
class SeatPricing:
    price_per_seat: Decimal  # per user per month


@dataclass(frozen=True)
class UsagePricing:
    price_per_request: Decimal


@dataclass(frozen=True)
class OutcomePricing:
    price_per_outcome: Decimal  # per resolution or completed action
    success_rate: Decimal  # share of requests that end in a billable outcome


@dataclass(frozen=True)
class HybridPricing:
    price_per_seat: Decimal  # platform fee per user per month
    included_requests: Decimal  # per user per month, covered by the fee
    overage_per_request: Decimal


Pricing = SeatPricing | UsagePricing | OutcomePricing | HybridPricing


def revenue(pricing: Pricing, usage: Usage) -> Decimal:
    """Monthly revenue from every user of `usage`."""
    match pricing:
        case SeatPricing(price_per_seat=seat):
            return usage.users * seat
        case UsagePricing(price_per_request=price):
            return usage.requests * price
        case OutcomePricing(price_per_outcome=price, success_rate=rate):
            return usage.requests * rate * price
        case HybridPricing(price_per_seat=seat, included_requests=allowance):
            over = max(ZERO, usage.requests_per_user - allowance)
            return usage.users * (seat + over * pricing.overage_per_request)
    raise CalculationError(f"unknown pricing {pricing!r}")


@dataclass(frozen=True)
class Margin:
    revenue: Decimal
    cost: Decimal

    @property
    def gross_profit(self) -> Decimal:
        return self.revenue - self.cost

    @property
    def gross_margin(self) -> Decimal | None:
        """Gross profit as a share of revenue; None when there is no revenue."""
        return self.gross_profit / self.revenue if self.revenue else None


def margin(pricing: Pricing, usage: Usage, prices: TokenPrices) -> Margin:
    return Margin(revenue(pricing, usage), cost(usage, prices).total)


def price_for_margin(unit_cost: Decimal, target: Decimal) -> Decimal:
    """The price per unit (seat, request, outcome) at which `target` gross margin is left."""
    if not ZERO <= target < ONE:
        raise CalculationError("target margin must be at least 0 and below 100%")
    return unit_cost / (ONE - target)


def seat_price_for_margin(usage: Usage, prices: TokenPrices, target: Decimal) -> Decimal:
    return price_for_margin(cost(usage, prices).per_user, target)


def outcome_price_for_margin(
    usage: Usage, prices: TokenPrices, success_rate: Decimal, target: Decimal
) -> Decimal:
    """Every request costs, only successful ones pay: cost per outcome is cost / rate."""
    if success_rate <= 0:
        raise CalculationError("success rate must be above 0")
    return price_for_margin(cost_per_request(usage, prices) / success_rate, target)


def break_even_requests(price_per_seat: Decimal, usage: Usage, prices: TokenPrices) -> Decimal:
    """Requests per seat per month at which the model bill eats the whole seat price."""
    per_request = cost_per_request(usage, prices)
    if per_request == 0:
        raise CalculationError("a request that costs nothing never reaches break-even")
    return price_per_seat / per_request


@dataclass(frozen=True)
class HeavyMix:
    share: Decimal
    factor: Decimal
    uniform: Margin  # everyone at the typical usage
    mixed: Margin  # `share` of users at `factor` x the typical usage


def heavy_user_mix(
    pricing: Pricing,
    usage: Usage,
    prices: TokenPrices,
    share: Decimal = HEAVY_SHARE,
    factor: Decimal = HEAVY_FACTOR,
) -> HeavyMix:
    """Margin when a few users make many times the typical number of requests."""
    if not ZERO <= share <= ONE or factor < 0:
        raise CalculationError("heavy share must be within 0-1 and the factor not negative")
    heavy = replace(
        usage,
        users=usage.users * share,
        requests_per_user=usage.requests_per_user * factor,
    )
    light = replace(usage, users=usage.users - heavy.users)
    mixed = Margin(
        revenue(pricing, light) + revenue(pricing, heavy),
        cost(light, prices).total + cost(heavy, prices).total,
    )
    return HeavyMix(share, factor, margin(pricing, usage, prices), mixed)


def _d(value: float | int | Decimal) -> Decimal:
    """Decimal from a number; floats go through str so 0.15 stays 0.15."""
    return value if isinstance(value, Decimal) else Decimal(str(value))


CURVE_POINTS = 25  # enough for a smooth line, few enough to draw at once
CURVE_SPAN = Decimal(3)  # the chart runs to 3x the stated usage: where heavy users live


def margin_curve(
    pricings: dict[str, Pricing], usage: Usage, prices: TokenPrices
) -> list[tuple[Decimal, str, Decimal | None]]:
    """Gross margin of each pricing as requests per user rise from 0 to 3x `usage`:
    (requests per user per month, pricing name, margin)."""
    top = max(usage.requests_per_user * CURVE_SPAN, Decimal(CURVE_POINTS))
    curve = []
    for i in range(1, CURVE_POINTS + 1):
        requests = top * i / CURVE_POINTS
        at = replace(usage, requests_per_user=requests)
        for name, pricing in pricings.items():
            curve.append((requests, name, margin(pricing, at, prices).gross_margin))
    return curve
