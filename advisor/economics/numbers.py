"""Numbers as people write them, in English and Indonesian: "2,000", "2.000", "1.5k",
"1,5 juta", "Rp 89.000", "$0.60", "45%".

A separator followed by exactly three digits groups thousands ("2.000" and "2,000" are both
two thousand); otherwise it is the decimal mark ("0.15", "1,5"). A leading "0" always means
a decimal ("0.150").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

_MULTIPLIERS = {
    "k": 1_000,
    "rb": 1_000,
    "ribu": 1_000,
    "thousand": 1_000,
    "m": 1_000_000,
    "mn": 1_000_000,
    "jt": 1_000_000,
    "juta": 1_000_000,
    "million": 1_000_000,
    "millions": 1_000_000,
    "b": 1_000_000_000,
    "bn": 1_000_000_000,
    "billion": 1_000_000_000,
    "miliar": 1_000_000_000,
}
_CURRENCY = r"(?P<cur>US\$|\$|USD\s?|IDR\s?|Rp\.?\s?)?"
NUMBER = re.compile(
    _CURRENCY
    + r"(?<![\w.,])(?P<num>\d+(?:[.,]\d+)*)"
    + r"(?:\s?(?P<mult>k|rb|ribu|thousand|mn|jt|juta|millions?|bn|billion|miliar|m|b)(?![a-z]))?"
    + r"(?P<pct>\s?%|\s?percent|\s?persen)?"
    + r"(?:\s?(?P<cur2>USD|IDR|dollars?|dolar|rupiah))?"
    + r"(?![^\W_])",  # "GPT-4o" and "o1" hold no number
    re.I,
)


@dataclass(frozen=True)
class Mention:
    """A number in the text: its value, where it stands, and what marks it."""

    value: Decimal
    start: int
    end: int
    currency: str | None  # "USD" or "IDR"
    percent: bool


def parse_number(text: str) -> Decimal | None:
    """'2,000' and '2.000' -> 2000; '0.15' and '1,5' -> decimals; None when not a number."""
    seps = [c for c in text if c in ".,"]
    if not seps:
        return _decimal(text)
    groups = re.split(r"[.,]", text)
    if len(set(seps)) == 2:  # "2.000,50" or "2,000.50": the last mark is the decimal one
        last = max(text.rfind("."), text.rfind(","))
        whole = re.sub(r"[.,]", "", text[:last])
        return _decimal(f"{whole}.{text[last + 1 :]}")
    thousands = groups[0] != "0" and all(len(g) == 3 for g in groups[1:])
    if thousands:
        return _decimal("".join(groups))
    if len(groups) == 2:
        return _decimal(f"{groups[0]}.{groups[1]}")
    return None


def _decimal(text: str) -> Decimal | None:
    try:
        return Decimal(text)
    except InvalidOperation:
        return None


def mentions(text: str) -> list[Mention]:
    found = []
    for match in NUMBER.finditer(text):
        value = parse_number(match.group("num"))
        if value is None:
            continue
        mult = (match.group("mult") or "").lower()
        if mult:
            value *= _MULTIPLIERS[mult]
        cur = (match.group("cur") or match.group("cur2") or "").strip().lower()
        currency = None
        if cur in ("$", "us$", "usd", "dollar", "dollars", "dolar"):
            currency = "USD"
        elif cur.startswith(("rp", "idr", "rupiah")):
            currency = "IDR"
        found.append(Mention(value, match.start(), match.end(), currency, bool(match.group("pct"))))
    return found


def plain(value: Decimal, language: str = "en") -> str:
    """A count: 2,000 in English, 2.000 in Indonesian; decimals kept when there are any."""
    text = f"{value.normalize():,f}" if value != value.to_integral() else f"{int(value):,}"
    if language == "id":
        text = text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")
    return text


def percent(share: Decimal, language: str = "en") -> str:
    """0.7825 -> 78.3% (en) / 78,3% (id)."""
    text = f"{(share * 100).quantize(Decimal('0.1'), ROUND_HALF_UP).normalize():f}%"
    return text.replace(".", ",") if language == "id" else text
