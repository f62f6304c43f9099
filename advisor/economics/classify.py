"""One number of a question -> the parameter it gives, from the words around it.

"2,000 users", "40 requests a day", "1,500 input tokens", "$20 per seat", "resolves 45%",
"each request costs $0.01": the words right after a number decide, or failing that the
words right before it. A number whose meaning is unclear changes nothing.
"""

from __future__ import annotations

import re
from dataclasses import replace
from decimal import Decimal

from advisor.economics.numbers import Mention
from advisor.economics.params import Params

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
_HEAVY_SHARE = re.compile(
    r"^\s*(?:of\s+(?:the\s+|our\s+|my\s+)?(?:users|customers|seats|subscribers)|"
    r"(?:dari\s+)?(?:pengguna|pelanggan))\b",
    re.I,
)
_RATE_BEFORE = re.compile(
    r"(?:\bkurs|\bexchange rate|\brate|=)\s*(?:of\s+|is\s+|sebesar\s+)?(?:Rp\.?\s?|IDR\s?)?$",
    re.I,
)


def classify(text: str, m: Mention, p: Params) -> Params:
    """`p` with what the number `m` of `text` says added."""
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
