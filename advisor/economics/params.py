"""What a conversation said about usage and prices, as one immutable value."""

from __future__ import annotations

from dataclasses import dataclass, fields
from decimal import Decimal


@dataclass(frozen=True)
class Params:
    """What a conversation said about usage and prices; None where it said nothing."""

    users: Decimal | None = None
    requests: Decimal | None = None  # per user, or in total when `requests_total`
    period: str | None = None  # "day" or "month", for `requests`
    requests_total: bool = False
    input_tokens: Decimal | None = None
    output_tokens: Decimal | None = None
    cached_share: Decimal | None = None
    model: str | None = None  # a product of the price table with token prices
    product: str | None = None  # another product of the price table (seat, resolution)
    input_price: Decimal | None = None  # custom, per million tokens
    output_price: Decimal | None = None
    seat_price: Decimal | None = None
    currency: str = "USD"  # of seat_price
    outcome_price: Decimal | None = None
    success_rate: Decimal | None = None
    target_margin: Decimal | None = None
    yearly: bool = False
    use_defaults: bool = False
    break_even: bool = False  # asks how much usage a seat price covers
    heavy_share: Decimal | None = None  # "5% of users ..."
    heavy_factor: Decimal | None = None  # "... make 10x as many requests"
    usd_rate: Decimal | None = None  # rupiah per US dollar, for a price in rupiah
    request_price: Decimal | None = None  # usage pricing: what a request is sold for
    included: Decimal | None = None  # hybrid: requests a seat includes before overage
    request_cost: Decimal | None = None  # what serving one request costs, stated directly
    user_cost: Decimal | None = None  # what serving one user costs a month, stated directly
    outcomes: Decimal | None = None  # resolutions (billable outcomes) a month
    models_named: int = 0  # distinct models the text names

    def found(self) -> int:
        """How many usage and price facts were read, to tell a calculation from a lookup."""
        return sum(
            getattr(self, f.name) is not None
            for f in fields(self)
            if f.name
            not in (
                "period",
                "currency",
                "requests_total",
                "yearly",
                "use_defaults",
                "break_even",
                "models_named",
            )
        )

    def merged_over(self, earlier: Params) -> Params:
        """This turn's facts, with the earlier turns' facts where this one says nothing."""
        values = {}
        for f in fields(self):
            mine = getattr(self, f.name)
            values[f.name] = mine if mine not in (None, False) else getattr(earlier, f.name)
        if self.model or self.input_price:  # a new model replaces custom prices and v.v.
            keep_custom = self.input_price is not None
            values["input_price"] = self.input_price if keep_custom else None
            values["output_price"] = self.output_price if keep_custom else None
            values["model"] = None if keep_custom else self.model
        if self.requests is not None:
            values["period"] = self.period
            values["requests_total"] = self.requests_total
        return Params(**values)
