"""The price table: published figures as data, each with its date, source and article.

The engine never hard-codes a price; it reads rows from `knowledge/prices.yaml` and from the
user's own `<data_dir>/prices.yaml`, whose rows add to or replace the bundled ones.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import yaml

from advisor.economics.calc import TokenPrices

PRICE_FILE = "prices.yaml"

MODEL_UNITS = (
    "input_per_mtok",
    "output_per_mtok",
    "cached_input_per_mtok",
    "batch_input_per_mtok",
    "batch_output_per_mtok",
)
PRODUCT_UNITS = (
    "per_seat_month",
    "per_month",
    "per_year",
    "per_resolution",
    "per_conversation",
    "per_action",
    "per_credit_pack",
)
UNITS = MODEL_UNITS + PRODUCT_UNITS
UNIT_LABELS = {
    "input_per_mtok": "per million input tokens",
    "output_per_mtok": "per million output tokens",
    "cached_input_per_mtok": "per million cached input tokens",
    "batch_input_per_mtok": "per million input tokens (batch)",
    "batch_output_per_mtok": "per million output tokens (batch)",
    "per_seat_month": "per user per month",
    "per_month": "per month",
    "per_year": "per year",
    "per_resolution": "per resolution",
    "per_conversation": "per conversation",
    "per_action": "per action",
    "per_credit_pack": "per credit pack",
}
_REQUIRED = ("product", "unit", "figure", "currency", "date", "source", "article")
_DATE = re.compile(r"^\d{4}-\d{2}(-\d{2})?$")


class PriceFileError(ValueError):
    """A price file that cannot be used; the message names the file and the reason."""


@dataclass(frozen=True)
class PriceRow:
    product: str
    aliases: tuple[str, ...]
    unit: str
    figure: Decimal
    currency: str
    date: str
    source: str
    article: str
    secondary: bool = False
    quantity: int | None = None
    origin: str = "bundled"

    @property
    def key(self) -> tuple[str, str]:
        return (self.product.casefold(), self.unit)

    @property
    def unit_label(self) -> str:
        label = UNIT_LABELS[self.unit]
        if self.unit == "per_credit_pack" and self.quantity:
            return f"per pack of {self.quantity:,} credits"
        return label

    def to_dict(self) -> dict[str, Any]:
        return {
            "product": self.product,
            "aliases": list(self.aliases),
            "unit": self.unit,
            "figure": str(self.figure),
            "currency": self.currency,
            "date": self.date,
            "source": self.source,
            "article": self.article,
            "secondary": self.secondary,
            "quantity": self.quantity,
            "origin": self.origin,
        }


@dataclass(frozen=True)
class ModelPrice:
    """A model's token prices in one place, with the rows they came from."""

    product: str
    input: Decimal
    output: Decimal
    cached_input: Decimal | None
    rows: tuple[PriceRow, ...]

    @property
    def currency(self) -> str:
        return self.rows[0].currency

    def token_prices(self) -> TokenPrices:
        return TokenPrices(self.input, self.output, self.cached_input, self.product)


def _row(data: Any, where: str, origin: str) -> PriceRow:
    if not isinstance(data, dict):
        raise PriceFileError(f"{where}: a row must be a mapping")
    missing = [f for f in _REQUIRED if data.get(f) in (None, "")]
    if missing:
        raise PriceFileError(f"{where}: missing {', '.join(missing)}")
    if data["unit"] not in UNITS:
        raise PriceFileError(f"{where}: unknown unit '{data['unit']}' (one of {', '.join(UNITS)})")
    try:
        figure = Decimal(str(data["figure"]))
    except InvalidOperation as exc:
        raise PriceFileError(f"{where}: figure '{data['figure']}' is not a number") from exc
    if figure < 0:
        raise PriceFileError(f"{where}: figure must not be negative")
    date = str(data["date"])
    if not _DATE.match(date):
        raise PriceFileError(f"{where}: date '{date}' is not YYYY-MM-DD or YYYY-MM")
    aliases = data.get("aliases") or []
    if not isinstance(aliases, list):
        raise PriceFileError(f"{where}: aliases must be a list")
    return PriceRow(
        product=str(data["product"]),
        aliases=tuple(str(a) for a in aliases),
        unit=str(data["unit"]),
        figure=figure,
        currency=str(data["currency"]).upper(),
        date=date,
        source=str(data["source"]),
        article=str(data["article"]),
        secondary=bool(data.get("secondary", False)),
        quantity=int(data["quantity"]) if data.get("quantity") else None,
        origin=origin,
    )


def read_price_file(path: Path, origin: str) -> list[PriceRow]:
    """The rows of one price file; a broken file raises one PriceFileError naming it."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise PriceFileError(f"{path}: cannot read: {exc}".splitlines()[0]) from exc
    rows = data.get("rows") if isinstance(data, dict) else None
    if not isinstance(rows, list):
        raise PriceFileError(f"{path}: expected a top-level 'rows:' list")
    return [_row(r, f"{path}: row {i + 1}", origin) for i, r in enumerate(rows)]


class PriceTable:
    """Bundled rows, overridden row by row (same product and unit) by the user's rows."""

    def __init__(self, rows: list[PriceRow]) -> None:
        merged: dict[tuple[str, str], PriceRow] = {}
        for row in rows:
            merged[row.key] = row
        self.rows = list(merged.values())

    @classmethod
    def load(cls, bundled: Path, user: Path | None = None) -> PriceTable:
        rows = read_price_file(bundled, "bundled")
        if user is not None and user.is_file():
            rows += read_price_file(user, "user")
        return cls(rows)

    def products(self) -> list[str]:
        return list(dict.fromkeys(r.product for r in self.rows))

    def names(self) -> dict[str, str]:
        """Every name a user may type (product and aliases, lower case) -> product."""
        names: dict[str, str] = {}
        for row in self.rows:
            for name in (row.product, *row.aliases):
                names.setdefault(name.casefold(), row.product)
        return names

    def rows_of(self, product: str) -> list[PriceRow]:
        return [r for r in self.rows if r.product.casefold() == product.casefold()]

    def model(self, product: str) -> ModelPrice | None:
        """Token prices of a model; None when the product has no input and output price."""
        by_unit = {r.unit: r for r in self.rows_of(product)}
        if "input_per_mtok" not in by_unit or "output_per_mtok" not in by_unit:
            return None
        cached = by_unit.get("cached_input_per_mtok")
        used = [by_unit[u] for u in MODEL_UNITS if u in by_unit]
        return ModelPrice(
            product=by_unit["input_per_mtok"].product,
            input=by_unit["input_per_mtok"].figure,
            output=by_unit["output_per_mtok"].figure,
            cached_input=cached.figure if cached else None,
            rows=tuple(used),
        )

    def models(self) -> list[str]:
        return [p for p in self.products() if self.model(p) is not None]
