"""What one answer cost: the model's tokens, the time taken and, where the model has a row in
the price table, its cost at list price (the economics engine's formula)."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Sequence
from decimal import Decimal
from typing import Any

from advisor.answering.base import Answerer, AskOptions
from advisor.answering.types import Answer, AnswerEvent, ModelUsage
from advisor.economics.calc import TokenPrices, Usage, cost_per_request
from advisor.economics.prices import ModelPrice, PriceTable

COST_DIGITS = 8  # an answer costs millionths of a dollar; fewer digits would round it to 0


def model_price(prices: PriceTable, model: str) -> ModelPrice | None:
    """The price of the model a backend names ("gpt-4o-mini", "openai/gpt-4o-mini")."""
    names = prices.names()
    for name in (model, model.rsplit("/", 1)[-1]):
        product = names.get(name.strip().casefold())
        if product is not None:
            return prices.model(product)
    return None


def priced(usage: ModelUsage, prices: PriceTable) -> ModelUsage:
    """`usage` with its cost at list price, when the model has token prices in the table.
    All input counts at the fresh-input rate: the prompt cache is not tracked."""
    price = model_price(prices, usage.model)
    if price is None:
        return usage
    tokens = Usage(
        Decimal(1), Decimal(1), Decimal(usage.prompt_tokens), Decimal(usage.completion_tokens)
    )
    cost = cost_per_request(tokens, TokenPrices(price.input, price.output, None, price.product))
    return dataclasses.replace(usage, cost=cost, currency=price.currency, priced_as=price.product)


class PricedAnswerer(Answerer):
    """Another answerer whose final answers carry their cost (the CLI, the chat, the API)."""

    def __init__(self, inner: Answerer, prices: PriceTable) -> None:
        self._inner = inner
        self._prices = prices

    def stream(
        self, question: str, history: Sequence[str] = (), options: AskOptions | None = None
    ) -> Iterator[AnswerEvent]:
        for event in self._inner.stream(question, history, options):
            if isinstance(event, Answer) and event.usage is not None:
                event.usage = priced(event.usage, self._prices)
            yield event


def usage_dict(answer: Answer) -> dict[str, Any]:
    """OpenAI's usage fields (zero when no model counted tokens), then the model, the time
    and the cost at list price (None when the model has no price row)."""
    used = answer.usage
    prompt = used.prompt_tokens if used else 0
    completion = used.completion_tokens if used else 0
    cost = used.cost if used else None
    return {
        "prompt_tokens": prompt,
        "completion_tokens": completion,
        "total_tokens": prompt + completion,
        "model": used.model if used else None,
        "time_ms": round(answer.timings.total_ms, 1),
        "cost": None if cost is None else float(round(cost, COST_DIGITS)),
        "currency": used.currency if used else None,
        "priced_as": used.priced_as if used else None,
    }


def usage_line(answer: Answer) -> str:
    """One short line for under an answer: tokens, time, and cost where priced."""
    used = answer.usage
    parts = []
    if used is not None:
        parts.append(f"{used.prompt_tokens} + {used.completion_tokens} tokens")
    parts.append(f"{answer.timings.total_ms / 1000:.1f} s")
    if used is not None and used.cost is not None:
        parts.append(f"{used.currency} {used.cost:.6f} at {used.priced_as} list price")
    return " · ".join(parts)
