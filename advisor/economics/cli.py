"""`advisor economics` (the calculator) and `advisor prices` (the table), registered on the
main parser by `register`; the logic lives here so `advisor/cli.py` stays a list of commands."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from advisor.economics.calc import CalculationError
from advisor.economics.compute import Calculation, calculate
from advisor.economics.extract import Params
from advisor.economics.present import render
from advisor.economics.prices import PriceFileError, PriceTable

if TYPE_CHECKING:
    from advisor.container import Container

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
Add = Callable[[str, Callable[..., int], str], argparse.ArgumentParser]


def _decimal(text: str) -> Decimal:
    try:
        value = Decimal(text.replace(",", ""))
    except InvalidOperation as exc:
        raise argparse.ArgumentTypeError(f"'{text}' is not a number") from exc
    if value < 0:
        raise argparse.ArgumentTypeError(f"'{text}' must not be negative")
    return value


def _share(text: str) -> Decimal:
    """0.7, 70 or 70% all mean seventy percent."""
    value = _decimal(text.rstrip("%"))
    return value / 100 if value > 1 or text.endswith("%") else value


def register(add: Add) -> None:
    p = add("economics", cmd_economics, "Cost to serve, margin and price for your own usage.")
    p.add_argument("--users", type=_decimal, default=None, help="users (seats); default 1")
    p.add_argument("--requests-per-user", type=_decimal, required=True, metavar="N")
    p.add_argument("--per", choices=["day", "month"], default="month", help="requests per ...")
    p.add_argument("--input-tokens", type=_decimal, required=True, metavar="N")
    p.add_argument("--output-tokens", type=_decimal, required=True, metavar="N")
    p.add_argument("--cached-share", type=_share, default=None, help="share of input cached")
    p.add_argument("--model", default=None, help="a model of `advisor prices` (or an alias)")
    p.add_argument("--input-price", type=_decimal, default=None, help="$ per million tokens")
    p.add_argument("--output-price", type=_decimal, default=None, help="$ per million tokens")
    p.add_argument("--price-per-seat", type=_decimal, default=None, metavar="P")
    p.add_argument("--target-margin", type=_share, default=None, metavar="M", help="0.7 or 70%%")
    add("prices", cmd_prices, "List the price table (bundled rows and your prices.yaml).")


def _table(container: Container) -> PriceTable | None:
    try:
        return container.prices
    except PriceFileError as exc:
        print(f"advisor: {exc}", file=sys.stderr)
        return None


def params_from_args(args: argparse.Namespace, table: PriceTable) -> Params:
    """Raises CalculationError (a one-line message) when the model or prices are unclear."""
    model = None
    if args.model:
        model = table.names().get(args.model.casefold())
        if model is None or table.model(model) is None:
            known = ", ".join(table.models())
            raise CalculationError(f"unknown model '{args.model}' (known: {known})")
    elif args.input_price is None or args.output_price is None:
        raise CalculationError("give --model, or both --input-price and --output-price")
    return Params(
        users=args.users,
        requests=args.requests_per_user,
        period=args.per,
        input_tokens=args.input_tokens,
        output_tokens=args.output_tokens,
        cached_share=args.cached_share,
        model=model,
        input_price=None if model else args.input_price,
        output_price=None if model else args.output_price,
        seat_price=args.price_per_seat,
        target_margin=args.target_margin,
    )


def cmd_economics(args: argparse.Namespace, container: Container) -> int:
    table = _table(container)
    if table is None:
        return EXIT_FAILED
    try:
        result = calculate(params_from_args(args, table), table)
    except CalculationError as exc:
        print(f"advisor economics: {exc}", file=sys.stderr)
        return EXIT_USAGE
    if args.json:
        print(json.dumps(calculation_dict(result), ensure_ascii=False, indent=2))
        return EXIT_OK
    marks = {row.product: f"[{i}]" for i, row in enumerate(result.rows[:1], 1)}
    lead, extras = render(result, marks, "en")
    print("\n\n".join([lead, *extras]).replace("**", ""))
    for i, row in enumerate(_cited(result), 1):
        print(f"\n[{i}] {row.product}: {row.source} (since {row.date}; knowledge/{row.article})")
    return EXIT_OK


def _cited(result: Calculation) -> list[Any]:
    return list({r.product: r for r in result.rows}.values())


def calculation_dict(result: Calculation) -> dict[str, Any]:
    """Every figure as a string, so Decimal money survives JSON exactly."""
    p, cost = result.params, result.cost
    data: dict[str, Any] = {
        "month_days": 30,
        "inputs": {
            k: (str(v) if isinstance(v, Decimal) else v)
            for k, v in vars(p).items()
            if v is not None and v is not False
        },
        "prices": [r.to_dict() for r in result.rows],
    }
    if cost is not None:
        data.update(
            cost_per_request=str(cost.per_request),
            cost_per_user=str(cost.per_user),
            monthly_cost=str(cost.total),
            requests_per_month=str(cost.requests),
        )
    if result.seat is not None:
        data["seat"] = {
            "revenue": str(result.seat.revenue),
            "gross_margin": str(result.seat.gross_margin),
            "break_even_requests_per_seat": str(result.break_even),
        }
    if result.heavy is not None:
        data["heavy_users"] = {
            "share": str(result.heavy.share),
            "factor": str(result.heavy.factor),
            "gross_margin": str(result.heavy.mixed.gross_margin),
        }
    for key in ("needed_seat_price", "needed_request_price", "needed_outcome_price", "bill"):
        value = getattr(result, key)
        if value is not None:
            data[key] = str(value)
    return data


def cmd_prices(args: argparse.Namespace, container: Container) -> int:
    table = _table(container)
    if table is None:
        return EXIT_FAILED
    if args.json:
        print(json.dumps([r.to_dict() for r in table.rows], ensure_ascii=False, indent=2))
        return EXIT_OK
    for row in table.rows:
        mine = " (yours)" if row.origin == "user" else ""
        print(
            f"{row.product:44s} {row.figure!s:>8} {row.currency} {row.unit_label:34s} "
            f"{row.date:10s} {row.article}{mine}"
        )
    print(f"{len(table.rows)} prices")
    return EXIT_OK
