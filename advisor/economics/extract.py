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
from dataclasses import dataclass, fields, replace
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from advisor.economics.numbers import Mention, mentions, parse_number

if TYPE_CHECKING:
    from advisor.economics.prices import PriceTable

BUNDLED_PRICES = Path(__file__).resolve().parents[2] / "knowledge" / "prices.yaml"
_AFTER, _BEFORE = 45, 30  # characters of context read after and before a number
_HUNDRED = Decimal(100)
_MIN_RATE = Decimal(100)  # rupiah per dollar is in the thousands; smaller is not a rate

_USERS = re.compile(
    r"^\s*(?:-?\s?person|-?\s?orang)\b|^\s*(?:[^\W\d][\w-]*\s){0,4}?"
    r"(?:users?|seats?|customers?|subscribers?|employees?|people|members?|developers?|"
    r"engineers?|agents?|licen[cs]es?|pengguna|pelanggan|karyawan|pegawai|anggota|kursi|"
    r"lisensi|orang|mau|dau)\b",
    re.I,
)
_TEAM_BEFORE = re.compile(r"\b(?:team of|tim(?: berisi)?|sebanyak)\s*$", re.I)
_REQUESTS = re.compile(
    r"^\s*(?:\w+\s)?(?:requests?|reqs?|queries|query|messages?|msgs?|calls?|conversations?|chats?|"
    r"questions?|prompts?|tickets?|tasks?|actions?|tindakan|permintaan|kueri|pesan|panggilan|percakapan|"
    r"pertanyaan|tiket|tugas|request)\b",
    re.I,
)
_DAY = re.compile(
    r"\b(?:a|per|each|every)\s+day\b|\bdaily\b|\b(?:per|setiap|tiap)\s+hari\b|"
    r"\bsehari\b|/\s?day\b|/\s?hari\b",
    re.I,
)
_MONTH = re.compile(
    r"\b(?:a|per|each|every)\s+month\b|\bmonthly\b|\b(?:per|setiap|tiap)\s+"
    r"bulan\b|\bsebulan\b|/\s?(?:month|mo|bulan)\b",
    re.I,
)
_TOTAL = re.compile(r"\b(?:in total|total|altogether|semuanya|secara total)\b", re.I)
_INPUT_WORDS = frozenset("input inputs prompt prompts masukan in".split())
_OUTPUT_WORDS = frozenset(
    "output outputs answer answers response responses completion completions reply replies "
    "keluaran jawaban out".split()
)
_UNIT_WORDS = {  # the words that say which of a product's prices a question is about
    "per_action": r"\bactions?\b|\btindakan\b",
    "per_resolution": r"\bresol\w*|\bresolusi\b",
    "per_conversation": r"\bconversations?\b|\bpercakapan\b",
    "per_seat_month": r"\bseats?\b|\busers?\b|\bpengguna\b|\bkursi\b|\bteam\b|\btim\b",
}
_SELF_EVIDENT = 3  # usage figures that make a question a calculation even without "cost"
_NEAR_AFTER = 40  # a percentage's meaning: "70% of input tokens are cached"
_KIND_WORDS = 3  # "1,500 input", "1.500 token input", "400 tokens of output"
_INPUT_BEFORE = re.compile(r"\b(?:input|prompts?|masukan)(?:\s+tokens?)?(?:\s+of)?\s*$", re.I)
_OUTPUT_BEFORE = re.compile(
    r"\b(?:output|answers?|responses?|keluaran|jawaban)(?:\s+tokens?)?(?:\s+of)?\s*$", re.I
)
_PER_SEAT = re.compile(
    r"^\s*(?:a|per|/|each|setiap)\s*(?:seat|user|pengguna|kursi|pelanggan|customer|"
    r"month|bulan|mo)\b|^\s*(?:monthly|sebulan)\b",
    re.I,
)
_PER_OUTCOME = re.compile(
    r"^\s*(?:a|per|/|each|setiap)\s*(?:\w+\s)?(?:resolution|resolved|resolusi|outcome|ticket|tiket|"
    r"action|tindakan)\b",
    re.I,
)
_PER_REQUEST = re.compile(
    r"^\s*(?:a|per|/|each|setiap)\s*(?:\w+\s)?(?:request|call|query|message|permintaan|pesan)\b",
    re.I,
)
_REQUEST_PRICE_BEFORE = re.compile(
    r"\b(?:request|call|query|message|permintaan|pesan)s?\s+(?:for|at|is|costs?|seharga)\s*$",
    re.I,
)
_COST_BEFORE = re.compile(
    r"\b(?:costs?|costing|cost me|cost us|biaya(?:nya)?|menelan biaya)"
    r"(?:\s+per\s+(?:user|request|pengguna|permintaan))?\s*(?:me\s|us\s|about\s|"
    r"around\s|roughly\s|sekitar\s|is\s|of\s|sebesar\s)?$",
    re.I,
)
_SUBJECT_WORDS = 5  # what a stated cost is about: the few words before "costs"
_OUTCOMES = re.compile(
    r"^\s*(?:\w+\s)?(?:resolutions|resolved\s+\w+|automated resolutions|resolusi)\b", re.I
)
_INCLUDED_BEFORE = re.compile(r"\b(?:includ\w*|termasuk|allowance of|allowance|kuota)\s*$", re.I)
_INCLUDED_AFTER = re.compile(r"^\s*(?:\w+\s)?(?:\w+\s)?(?:included|termasuk)\b", re.I)
_PER_MTOK = re.compile(
    r"^\s*(?:/\s?|per\s|a\s)(?:1m|m|million|mtok|juta)\b(?:\s(?P<kind>input|output))?", re.I
)
_CACHED = re.compile(r"\b(?:cached?|cache hits?|dari cache)\b", re.I)
_MARGIN = re.compile(r"\bmargin\b", re.I)
_SUCCESS = re.compile(
    r"\b(?:resolv\w*|resolution|success\w*|solv\w*|menyelesaikan|terselesaikan|selesai|"
    r"resolusi|berhasil)\b",
    re.I,
)
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
_HEAVY_SHARE = re.compile(
    r"^\s*(?:of\s+(?:the\s+|our\s+|my\s+)?(?:users|customers|seats|subscribers)|"
    r"(?:dari\s+)?(?:pengguna|pelanggan))\b",
    re.I,
)
_RATE_BEFORE = re.compile(
    r"(?:\bkurs|\bexchange rate|\brate|=)\s*(?:of\s+|is\s+|sebesar\s+)?(?:Rp\.?\s?|IDR\s?)?$",
    re.I,
)
_CUE = re.compile(
    r"\b(?:how much|what (?:is|would be|will be|are)|calculate|compute|estimate|cost|costs|"
    r"bill|spend|margin|break[- ]?even|afford|price|charge|revenue|berapa|hitung\w*|biaya|tagihan|"
    r"pengeluaran|pendapatan|harga|untung|impas)\b",
    re.I,
)


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
            params = _classify(text, mention, params)
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


def _classify(text: str, m: Mention, p: Params) -> Params:
    after = text[m.end : m.end + _AFTER]
    before = text[max(0, m.start - _BEFORE) : m.start]
    near = before + " " + after[:_NEAR_AFTER]
    if not m.percent and m.value >= _MIN_RATE and _RATE_BEFORE.search(before):
        return replace(p, usd_rate=m.value)
    if m.percent:
        share = m.value / _HUNDRED
        if _HEAVY_SHARE.match(after):
            return replace(p, heavy_share=share)
        if _CACHED.search(near):
            return replace(p, cached_share=share)
        if _MARGIN.search(near):
            return replace(p, target_margin=share)
        if _SUCCESS.search(near):
            return replace(p, success_rate=share)
        return p
    if m.currency or _PER_MTOK.match(after):
        return _price(after, before, m, p)
    head = _head(after)
    if any(w.startswith("token") for w in head) or head[:1] in (["input"], ["output"]):
        return _tokens(after, before, m, p)  # "800 prompt tokens" counts tokens, not prompts
    if _OUTCOMES.match(after):
        return replace(p, outcomes=m.value)
    if _REQUESTS.match(after):
        return _requests(after, before, m, p)
    if _USERS.match(after) or _TEAM_BEFORE.search(before):
        return p if p.users is not None else replace(p, users=m.value)
    return _tokens(after, before, m, p)


def _head(after: str) -> list[str]:
    """The first words after a number, up to the next number."""
    head = re.split(r"\d", after, maxsplit=1)[0]
    return [w.strip("-").lower() for w in re.findall(r"[\w-]+", head)[:_KIND_WORDS]]


def _price(after: str, before: str, m: Mention, p: Params) -> Params:
    mtok = _PER_MTOK.match(after)
    if mtok or (re.match(r"^\s*(?:/\s?\$?\d|and\s\$)", after) and p.input_price is None):
        kind = (mtok.group("kind") or "").lower() if mtok else ""
        if kind == "output" or (kind == "" and p.input_price is not None):
            return replace(p, output_price=m.value)
        return replace(p, input_price=m.value)
    if _COST_BEFORE.search(before):
        return _stated_cost(after, before, m, p)
    if _PER_OUTCOME.match(after):
        return replace(p, outcome_price=m.value)
    if _PER_REQUEST.match(after) or _REQUEST_PRICE_BEFORE.search(before):
        return replace(p, request_price=m.value)
    if _PER_SEAT.match(after) or m.currency == "IDR":
        return replace(p, seat_price=m.value, currency=m.currency or "USD")
    return p


def _stated_cost(after: str, before: str, m: Mention, p: Params) -> Params:
    """'each request costs $0.01', 'serving one user costs $6 a month', 'a seat costs $20':
    what costs is named in the few words before the verb."""
    subject = " ".join(re.findall(r"[\w-]+", before)[-_SUBJECT_WORDS:]).lower()
    if re.search(r"\b(?:request|call|query|message|permintaan|pesan)s?\b", subject) or (
        _PER_REQUEST.match(after)
    ):
        return replace(p, request_cost=m.value)
    if re.search(r"\b(?:seat|kursi|plan|subscription|langganan)s?\b", subject):
        return replace(p, seat_price=m.value, currency=m.currency or "USD")
    return replace(p, user_cost=m.value)


def _requests(after: str, before: str, m: Mention, p: Params) -> Params:
    if _INCLUDED_BEFORE.search(before) or _INCLUDED_AFTER.match(after):
        return replace(p, included=m.value)
    window = after[:40]
    period = "day" if _DAY.search(window) else "month" if _MONTH.search(window) else None
    total = bool(_TOTAL.search(window))
    return replace(p, requests=m.value, period=period, requests_total=total)


def _tokens(after: str, before: str, m: Mention, p: Params) -> Params:
    """'input of 1,500' (the word right before) wins over '1,500 tokens and output ...'."""
    if _INPUT_BEFORE.search(before):
        return replace(p, input_tokens=m.value)
    if _OUTPUT_BEFORE.search(before):
        return replace(p, output_tokens=m.value)
    for word in _head(after):
        if word in _INPUT_WORDS:
            return replace(p, input_tokens=m.value)
        if word in _OUTPUT_WORDS:
            return replace(p, output_tokens=m.value)
    return p


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
