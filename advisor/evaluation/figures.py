"""Reading the figures an answer states, in English or Indonesian number format.

"$1,116.00", "25,200" (English) and "1.116", "Rp 89.000", "US$25.200,00" (Indonesian) all
occur in answers. A figure whose one separator is followed by exactly three digits ("1.116",
"25,200") is ambiguous between the two formats, so it is read both ways unless its currency
settles it (Rupiah is always written the Indonesian way). Grading accepts a figure when any of
its readings is close enough, so a correct answer in either language passes."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

# A currency prefix, a number (grouped digits, or plain digits with an optional fraction) and
# an optional scale word. The scale words are the ones prices are written with in both
# languages ("1.2 million", "Rp 1,5 juta", "$2M", "40k").
_FIGURE = re.compile(
    r"(?<!\w)(?P<sign>[-−])?\s?(?:(?P<currency>US\$|Rp\.?|IDR|USD|\$|€|£)\s?|(?<![\w.,]))"
    r"(?P<body>\d{1,3}(?:[.,]\d{3})+(?:[.,]\d+)?|\d+(?:[.,]\d+)?)"
    r"(?:\s?(?P<scale>thousand|million|billion|trillion|ribu|rb|juta|jt|miliar|milyar|triliun"
    r"|k|K|M|mn|bn)\b|(?!\w))",
)
_SCALES = {
    "k": 3,
    "K": 3,
    "thousand": 3,
    "ribu": 3,
    "rb": 3,
    "M": 6,
    "mn": 6,
    "million": 6,
    "juta": 6,
    "jt": 6,
    "bn": 9,
    "billion": 9,
    "miliar": 9,
    "milyar": 9,
    "trillion": 12,
    "triliun": 12,
}
_RUPIAH = ("Rp", "Rp.", "IDR")
_MARKER = re.compile(r"\[\d+\]")
THOUSANDS_GROUP = 3  # digits after a thousands separator


@dataclass(frozen=True)
class Figure:
    """One number as written, with every value it can be read as."""

    text: str
    readings: tuple[Decimal, ...]


def _readings(body: str, rupiah: bool) -> list[Decimal]:
    """The values a number body can mean: one when its separators settle the format, two
    when a lone separator before three digits could be either."""
    separators = [c for c in body if c in ".,"]
    if not separators:
        return [Decimal(body)]
    last = separators[-1]
    if len(set(separators)) == 2:  # "1,116.00" / "25.200,00": the last one is the decimal
        whole, _, fraction = body.rpartition(last)
        return [Decimal(re.sub(r"[.,]", "", whole) + "." + fraction)]
    if len(separators) > 1:  # "1,000,000" / "1.000.000": grouping only
        return [Decimal(re.sub(r"[.,]", "", body))]
    whole, fraction = body.split(last)
    as_decimal = Decimal(whole + "." + fraction)
    if len(fraction) != THOUSANDS_GROUP or whole == "0":
        return [as_decimal]
    as_grouped = Decimal(whole + fraction)
    return [as_grouped] if rupiah else [as_grouped, as_decimal]


def read_figures(text: str) -> list[Figure]:
    """Every figure in the text, citation markers ("[2]") left out."""
    figures = []
    for match in _FIGURE.finditer(_MARKER.sub(" ", text)):
        currency = match["currency"] or ""
        values = _readings(match["body"], currency in _RUPIAH)
        scale = Decimal(10) ** _SCALES.get(match["scale"] or "", 0)
        sign = Decimal(-1) if match["sign"] else Decimal(1)
        readings = tuple(dict.fromkeys(sign * v * scale for v in values))
        figures.append(Figure(match.group(0).strip(), readings))
    return figures


def matches(figure: Figure, expected: float, tolerance: float) -> bool:
    """Whether any reading of the figure lies within the absolute tolerance of expected."""
    target, slack = Decimal(str(expected)), Decimal(str(tolerance))
    return any(abs(value - target) <= slack for value in figure.readings)
