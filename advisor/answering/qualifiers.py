"""The qualifiers a lookup question holds its value to, and whether a sentence states or
contradicts them: "longer than 200K tokens" (a limit), "before January 2025" (a moment),
"for free" (a tier), "the top plan" (an extreme). Dense real documents put the value for
each case in its own row or sentence, side by side; the qualifier says which one is asked.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from advisor.text import numbers

_MOST = re.compile(
    r"\b(?:top(?!\s+of)|highest|most expensive|priciest|largest|biggest|maximum|termahal"
    r"|tertinggi)\b",
    re.I,
)
_LEAST = re.compile(
    r"\b(?:cheapest|lowest|least expensive|smallest|minimum|termurah|terendah)\b", re.I
)
_MONEY_FIGURE = re.compile(r"[$€£¥]\s?(\d[\d,]*(?:\.\d+)?)")
FREE = re.compile(r"\b(?:free|unpaid|no charge|gratis|cuma-cuma)\b", re.I)
# "Paid" names a tier ("the paid plan", "its paid upgrade"), not a verb ("getting paid").
_PAID = re.compile(
    r"(?<!getting\s)(?<!get\s)(?<!got\s)(?<!be\s)(?<!been\s)(?<!being\s)(?<!is\s)(?<!are\s)"
    r"(?<!was\s)(?<!were\s)\bpaid\b|\b(?:enterprise|premium|subscription|berbayar)\b",
    re.I,
)
_BEFORE = re.compile(r"\b(?:before|prior to|until|previously|formerly|used to|sebelum)\b", re.I)
_AFTER = re.compile(r"\b(?:after|since|afterwards|from then on|sesudah|setelah|sejak)\b", re.I)
_DATE_PHRASE = re.compile(
    r"\b(?:(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\s+)?(?:19|20)\d{2}\b", re.I
)
_OVER = r"more than|longer than|greater than|larger than|over|above|exceeding|beyond|>=?|≥"
_UNDER = r"less than|shorter than|smaller than|under|below|up to|at most|within|<=?|≤"
_SIZE = r"(\d+(?:[.,]\d+)?)\s?([kmb])?\b"
_LIMIT = re.compile(rf"(?:({_OVER})|({_UNDER}))\s*{_SIZE}", re.I)
_SCALE = {"k": 1e3, "m": 1e6, "b": 1e9}


@dataclass(frozen=True)
class Qualifiers:
    """What a question holds its value to, beyond the thing it names."""

    limits: tuple[tuple[str, float], ...] = ()  # (">", 200000.0): "longer than 200K tokens"
    when: str | None = None  # "before" or "after" a moment the question names
    dates: tuple[str, ...] = ()  # the moment, when it is a date: "january 2025"
    tier: str | None = None  # "free" or "paid"
    extreme: str | None = None  # "max" for "the top plan", "min" for "the cheapest plan"

    @property
    def stated(self) -> bool:
        return bool(self.limits or self.when or self.tier or self.extreme)

    def fit(self, sentence: str, heading: str = "") -> float:
        """+1 when the sentence states the qualifiers, -1 when it states the opposite (the
        <=200K row for a question on longer prompts, the price after the date asked before,
        the enterprise quota for a free user), 0 when it says neither."""
        score = 0
        for op, value in self.limits:
            for said_op, said in limits(sentence):
                if said == value:
                    score += 1 if said_op == op else -1
        if self.when is not None:
            same, other = (_BEFORE, _AFTER) if self.when == "before" else (_AFTER, _BEFORE)
            if same.search(sentence) and not other.search(sentence):
                score += 1
            elif other.search(sentence) and not same.search(sentence):
                score -= 1
            elif any(d in sentence.lower() for d in self.dates):
                score -= 1  # the moment itself, not the time before (or after) it
        if self.tier is not None:
            context = f"{sentence}\n{heading}"
            same_tier, other_tier = (FREE, _PAID) if self.tier == "free" else (_PAID, FREE)
            if same_tier.search(context):
                score += 1
            elif other_tier.search(context):
                score -= 1
        return float(max(-1, min(1, score)))

    def extreme_value(self, sentence: str, money: bool) -> float | None:
        """The sentence's figure that a "top" ("cheapest") question compares: its largest
        (smallest) money value, or number when no money is asked for."""
        if money:
            found = [float(m.replace(",", "")) for m in _MONEY_FIGURE.findall(sentence)]
        else:
            found = [float(v) for v in numbers(sentence)]
        if not found:
            return None
        return max(found) if self.extreme == "max" else min(found)


def limits(text: str) -> list[tuple[str, float]]:
    """Sizes with a direction: "over 1024 tokens" -> (">", 1024.0), "≤200K" -> ("<", 2e5)."""
    found = []
    for over, _under, number, scale in _LIMIT.findall(text):
        value = float(number.replace(",", "")) * _SCALE.get(scale.lower(), 1.0)
        found.append((">" if over else "<", value))
    return found


def qualifiers(question: str) -> Qualifiers:
    when = "before" if _BEFORE.search(question) else "after" if _AFTER.search(question) else None
    return Qualifiers(
        tuple(limits(question)),
        when,
        tuple(d.lower() for d in _DATE_PHRASE.findall(question)) if when else (),
        "free" if FREE.search(question) else "paid" if _PAID.search(question) else None,
        "max" if _MOST.search(question) else "min" if _LEAST.search(question) else None,
    )
