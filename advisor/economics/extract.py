"""Calculation parameters read from a question by rules, in English and Indonesian.

Each number is classified by the words right after it (or, failing that, right before it):
"2,000 users", "40 requests a day", "1,500 input tokens", "$20 per seat", "resolves 45%".
Model and product names are matched against the price table, longest name first, so
"4o mini" is GPT-4o mini and not GPT-4o. Nothing is guessed: a number whose unit is
unclear is left out, and the handler asks for what is missing.
"""

from __future__ import annotations

import functools
import re
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from advisor.economics.classify import classify
from advisor.economics.numbers import mentions, parse_number
from advisor.economics.params import Params

if TYPE_CHECKING:
    from advisor.economics.prices import PriceTable

BUNDLED_PRICES = Path(__file__).resolve().parents[2] / "knowledge" / "prices.yaml"
_UNIT_WORDS = {  # the words that say which of a product's prices a question is about
    "per_action": r"\bactions?\b|\btindakan\b",
    "per_resolution": r"\bresol\w*|\bresolusi\b",
    "per_conversation": r"\bconversations?\b|\bpercakapan\b",
    "per_seat_month": r"\bseats?\b|\busers?\b|\bpengguna\b|\bkursi\b|\bteam\b|\btim\b",
}
_SELF_EVIDENT = 3  # usage figures that make a question a calculation even without "cost"
_YEAR = re.compile(
    r"\b(?:a|per|each|every)\s+year\b|\bannual(?:ly)?\b|\byearly\b|\bper\s+tahun\b|"
    r"\bsetahun\b|\btahunan\b|/\s?(?:year|yr|tahun)\b",
    re.I,
)
_YES_DEFAULTS = re.compile(
    r"\b(?:use (?:the )?defaults?|defaults? (?:is|are) fine|go with (?:the )?defaults?|"
    r"pakai (?:nilai )?default|gunakan (?:nilai )?default|default saja)\b",
    re.I,
)
_BREAK_EVEN = re.compile(
    r"\bbreak[- ]?even|\bbreaks even|\bimpas|\bbefore the (?:model )?bill (?:eats|exceeds)|"
    r"\bhow many requests (?:can|could)",
    re.I,
)
_FACTOR = re.compile(r"(?<![\w.,])(\d+(?:[.,]\d+)?)\s?(?:x|times|kali)\b", re.I)
_CUE = re.compile(
    r"\b(?:how much|what (?:is|would be|will be|are)|calculate|compute|estimate|cost|costs|"
    r"bill|spend|margin|break[- ]?even|afford|price|charge|revenue|berapa|hitung\w*|biaya|tagihan|"
    r"pengeluaran|pendapatan|harga|untung|impas)\b",
    re.I,
)


class ParamExtractor:
    """Reads `Params` from one message, knowing the price table's names."""

    def __init__(
        self, names: dict[str, str], models: set[str], units: dict[str, str] | None = None
    ) -> None:
        self._models = models
        self._units = units or {}  # product -> a pattern of its billing unit's words
        ordered = sorted(names, key=len, reverse=True)
        self._names = names
        self._name_re = re.compile(
            r"(?<![\w-])(" + "|".join(re.escape(n) for n in ordered) + r")(?![\w-])", re.I
        )

    @classmethod
    def for_table(cls, table: PriceTable) -> ParamExtractor:
        units: dict[str, str] = {}
        for row in table.rows:
            if row.unit in _UNIT_WORDS:
                units[row.product] = "|".join(
                    filter(None, [units.get(row.product), _UNIT_WORDS[row.unit]])
                )
        return cls(table.names(), set(table.models()), units)

    def extract(self, text: str) -> Params:
        params = Params(
            use_defaults=bool(_YES_DEFAULTS.search(text)),
            break_even=bool(_BREAK_EVEN.search(text)),
        )
        params = self._named(text, params)
        names = [m.span() for m in self._name_re.finditer(text)]
        for mention in mentions(text):
            if any(a <= mention.start < b for a, b in names):
                continue  # the "365" of "Microsoft 365 Copilot", the "3.5" of "Haiku 3.5"
            params = classify(text, mention, params)
        factor = _FACTOR.search(text)
        if factor and (value := parse_number(factor.group(1))) is not None:
            params = replace(params, heavy_factor=value)
        if _YEAR.search(text):
            params = replace(params, yearly=True)
        return params

    def _named(self, text: str, params: Params) -> Params:
        """The first model named; of other products, the first whose billing unit the text
        mentions ("Agentforce actions ... Flex Credits" is the per-action product)."""
        products: list[str] = []
        models: set[str] = set()
        for match in self._name_re.finditer(text):
            product = self._names[match.group(1).casefold()]
            if product in self._models:
                models.add(product)
            if product in self._models and params.model is None:
                params = replace(params, model=product)
            elif product not in self._models and product not in products:
                products.append(product)
        fitting = [p for p in products if self._units.get(p) and re.search(self._units[p], text)]
        chosen = fitting[0] if fitting else products[0] if products else None
        return replace(params, product=chosen, models_named=len(models))

    def is_calculation(self, question: str) -> bool:
        """A question asking for arithmetic on the user's own numbers (not a price lookup)."""
        params = self.extract(question)
        usage = sum(
            v is not None
            for v in (params.users, params.requests, params.input_tokens, params.output_tokens)
        )
        priced = params.model is not None or params.input_price is not None
        tokens = params.input_tokens is not None or params.output_tokens is not None
        if params.models_named >= 2 and not tokens:
            return False  # "how much cheaper is Haiku than Sonnet": a comparison, not my sums
        if usage >= _SELF_EVIDENT and priced:  # "2,000 users x 40 requests/day ... on Sonnet"
            return True
        stated = (params.user_cost, params.request_cost, params.outcomes, params.target_margin)
        enough = usage >= 2 or (
            params.found() >= 2 and (usage >= 1 or any(v is not None for v in stated))
        )
        return bool(_CUE.search(question)) and enough


@functools.cache
def bundled_extractor(price_file: Path = BUNDLED_PRICES) -> ParamExtractor:
    """An extractor knowing the bundled table's names; cached, it is immutable."""
    from advisor.economics.prices import PriceTable

    return ParamExtractor.for_table(PriceTable.load(price_file))


def is_calculation(question: str) -> bool:
    """Whether the question asks for arithmetic on the user's own numbers ("2,000 users ...
    40 requests a day ... what is my bill?"), as opposed to a price lookup. For the intent
    classifier; the chat's handler uses the table with the user's own rows."""
    return bundled_extractor().is_calculation(question)
