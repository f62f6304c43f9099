"""What a question asks for, and whether a sentence gives it.

A question like "What does Cursor Pro cost per month?" asks for a value of one kind (money),
with a unit (per month), about a named thing (Cursor Pro). Real documents often mention the
thing and give some other figure nearby (another plan's price, a per-token rate); quoting
that figure is the worst answer there is. These pure functions let the pipeline prefer the
sentence that gives the asked value for the asked thing, and say plainly when no sentence
does.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from advisor.text import STOPWORDS, proper_names, tokenize

# Capitalised words that name a language, a place or a kind of document, never a product:
# "the Indonesian article" must not be declined because the word "Indonesian" is absent.
GENERIC_NAMES = frozenset(
    """
    english indonesian bahasa malay spanish french german italian portuguese dutch russian
    chinese japanese korean arabic hindi vietnamese thai turkish polish swedish
    indonesia malaysia singapore india china japan korea vietnam thailand philippines
    australia america american americas us usa u.s uk britain british europe european eu
    germany france spain italy canada brazil mexico africa asia asian latin north south
    east west western eastern northern southern global worldwide
    article articles guide guides document documents doc docs documentation page pages
    handbook faq readme section chapter table report blog post wiki tutorial manual
    whitepaper pdf artikel panduan dokumen halaman bagian tabel laporan
    january february march april may june july august september october november december
    monday tuesday wednesday thursday friday saturday sunday
    """.split()
)

# Capitalised only because they open the question: "Before January 2025, how much ...".
_OPENERS = frozenset(
    "before after during since say suppose given assuming roughly about kalau sebelum "
    "sesudah setelah selama menurut".split()
)
_COMPARE = re.compile(r"\b(compare[sd]?|comparison|differ|difference|versus|vs|why)\b", re.I)
_RELATIVE = re.compile(
    r"\b(more|less|cheaper|dearer|discount|save|savings?|margin|markup|multiplier|percent|"
    r"declines?|drops?|falls?|rises?|growth|changes?|range|"
    r"percentage|share|ratio|times|increase|decrease|lebih|diskon|persen)\b",
    re.I,
)
_MONEY_ASK = re.compile(
    r"\bhow much\b|\bwhat\b[^?,]*\b(price[sd]?|pricing|costs?|charges?|fees?|bill)\b|"
    r"\bberapa\b[^?]*\b(harga|biaya|tarif)\b|\b(harga|biaya|tarif)\b[^?]*\bberapa\b",
    re.I,
)
# A question opening with these asks where, why, who, which thing or yes/no: no figure.
NOT_A_FIGURE = frozenset(
    "where why who whom whose which is are can could does do did should would will has have"
    " mengapa kenapa siapa di mana apakah".split()
)
# "according to X", "X's pricing guide": X names the source, not the thing asked about.
_SOURCE_NAME = re.compile(
    r"\baccording to [^?,]+|\b[A-Z][\w-]*(?:\s+[A-Z][\w-]*)*(?:'s|’s)?\s+(?:[\w-]+\s+){0,2}?"
    r"(?:guide|article|docs|documentation|handbook|page|blog|report)\b"
)
_COUNT_ASK = re.compile(r"\b(how many|berapa banyak)\b", re.I)
_HOW_MUCH_ID = re.compile(r"\bberapa\b", re.I)
_DATE_ASK = re.compile(
    r"\b((what|which) (date|day|year|month)|in what year|since when|from when|"
    r"when (did|was|were|will)|kapan|tahun berapa)\b",
    re.I,
)
_VERSION_ASK = re.compile(r"\b(what|which)\b[^?]*\bversion\b|\bversi berapa\b", re.I)

VALUE = {
    "money": re.compile(
        r"[$€£¥]\s?\d|\d[\d,.]*\s?(?:usd|eur|gbp|dollars?|cents?|euros?)\b|\b(?:rp|idr)\.?\s?\d",
        re.I,
    ),
    "number": re.compile(r"\d"),
    "date": re.compile(
        r"\b(?:19|20)\d{2}\b|\b\d{1,2}:\d{2}\b|\bq[1-4]\b|\b(?:jan|feb|mar|apr|may|jun|jul|aug|"
        r"sep|oct|nov|dec|januari|februari|maret|mei|juni|juli|agustus|oktober|desember)[a-z]*\b",
        re.I,
    ),
    "version": re.compile(r"\bv?\d+\.\d+(?:\.\d+)*\b", re.I),
}
# Unit families: "per seat" and "/user" ask for the same thing.
_UNITS = {
    "month": r"months?|monthly|mo|bulan(?:an)?",
    "year": r"years?|yearly|annual(?:ly)?|yr|tahun(?:an)?",
    "week": r"weeks?|weekly|wk|minggu(?:an)?",
    "day": r"days?|daily|hari(?:an)?",
    "hour": r"hours?|hourly|hr|jam",
    "minute": r"minutes?|min|menit",
    "seat": r"seats?|users?|members?|developers?|pengguna|kursi",
    "token": r"tokens?|mtok|1k|token",
    "request": r"requests?|calls?|permintaan",
}
UNIT_WORD = {name: re.compile(rf"\b(?:{words})\b", re.I) for name, words in _UNITS.items()}
_RATE_OPENERS = frozenset("per each every a an / setiap tiap".split())
_RATE_ADJECTIVES = frozenset(
    "monthly weekly hourly daily yearly annual annually bulanan mingguan tahunan".split()
)
_RATE_WINDOW = 4  # "each extra CI compute minute": the unit may follow a few words later


@dataclass(frozen=True)
class Ask:
    """What a question wants: a kind of value, its units, and the things it names."""

    kind: str | None
    units: frozenset[str]
    names: tuple[str, ...]  # each name's words, lower-cased: "cursor pro"
    labels: tuple[str, ...] = ()  # the names as the question writes them: "Cursor Pro"

    @property
    def checkable(self) -> bool:
        """Only a value question about a named thing can be checked against the text."""
        return self.kind is not None and bool(self.names)


def asked_kind(question: str) -> str | None:
    opener = (re.findall(r"[^\W\d_]+", question.lower()) or [""])[0]
    if _COMPARE.search(question):
        return None
    if _VERSION_ASK.search(question):
        return "version"
    if _DATE_ASK.search(question):
        return "date"
    if opener in NOT_A_FIGURE:
        return None
    if _COUNT_ASK.search(question):
        return "number"
    if _MONEY_ASK.search(question):
        return "number" if _RELATIVE.search(question) else "money"
    return "number" if _HOW_MUCH_ID.search(question) else None


def asked_units(question: str) -> frozenset[str]:
    """Units a rate is asked in: "per user per month", "each extra minute", "monthly"."""
    words = re.findall(r"[\w-]+|/", question.lower())
    found: set[str] = set()
    for i, word in enumerate(words):
        if word in _RATE_OPENERS:
            window = words[i + 1 : i + 1 + _RATE_WINDOW]
        elif word in _RATE_ADJECTIVES:
            window = [word]
        else:
            continue
        for unit in window:
            found.update(n for n, pattern in UNIT_WORD.items() if pattern.fullmatch(unit))
    return frozenset(found)


def is_generic(name: str) -> bool:
    """True when every word of a name is a language, place, document kind or date word."""
    words = [w for w in re.split(r"[\s'’]+", name.lower()) if w and w not in ("s",)]
    return bool(words) and all(w.strip(".") in GENERIC_NAMES for w in words)


def _name_terms(name: str) -> list[str]:
    """A name's own words, lower-cased; function words, sentence openers ("Before January
    2025"), generic words and bare years left out."""
    words = [w.removesuffix("'s").removesuffix("’s").strip(".,") for w in name.lower().split()]
    return [
        w
        for w in words
        if w
        and w not in STOPWORDS
        and w not in _OPENERS
        and w not in GENERIC_NAMES
        and not re.fullmatch(r"(?:19|20)\d\d", w)
    ]


def _inside_word(name: str, text: str) -> bool:
    """ "K" in "200K" is a unit, not a name: a name starts a word."""
    return re.search(rf"(?<![\w.]){re.escape(name)}", text) is None


def question_names(question: str, vocabulary: frozenset[str]) -> tuple[list[str], list[str]]:
    """(names the index knows, names it never mentions); generic words are neither."""
    known: list[str] = []
    unknown: list[str] = []
    for name in proper_names(question):
        if is_generic(name) or _inside_word(name, question):
            continue
        terms = [t for t in tokenize(name) if t not in GENERIC_NAMES]
        if not terms:
            continue
        (known if all(t in vocabulary for t in terms) else unknown).append(name)
    return known, unknown


def read_ask(question: str, vocabulary: frozenset[str]) -> Ask:
    known, _ = question_names(_SOURCE_NAME.sub(" ", question), vocabulary)
    named = [(" ".join(_name_terms(n)), n) for n in known if _name_terms(n)]
    labels = tuple(" ".join(w for w in n.split() if w.lower() not in STOPWORDS) for _, n in named)
    return Ask(asked_kind(question), asked_units(question), tuple(t for t, _ in named), labels)


def per_name(ask: Ask) -> list[Ask]:
    """One ask for each asked name: "how much cheaper is A than B" is answered by A's
    figure in one sentence and B's in another, not only by a sentence naming both."""
    labels = ask.labels or ask.names
    return [Ask(ask.kind, ask.units, (n,), (lb,)) for n, lb in zip(ask.names, labels, strict=False)]


def mentioned(ask: Ask, texts: list[str]) -> Ask:
    """The ask with only the names the retrieved text mentions: a name the passages never
    use is the asker's own wording ("Office" for "Microsoft 365"), not a thing to check."""
    text = "\n".join(texts)
    keep = [
        (name, label)
        for name, label in zip(ask.names, ask.labels or ask.names, strict=False)
        if all(_has_word(term, text) for term in name.split())
    ]
    return Ask(ask.kind, ask.units, tuple(n for n, _ in keep), tuple(lb for _, lb in keep))


def _has_word(term: str, text: str) -> bool:
    """`term` as a whole word: "gpt-5" is not found in "GPT-5.5", "4.6" is in "Opus 4.6"."""
    pattern = rf"(?<![\w]){re.escape(term)}(?![\w]|[.,]\d)"
    return re.search(pattern, text, re.I) is not None


def names_in(ask: Ask, context: str, before: str = "") -> bool:
    """Every word of every asked name occurs in the context. A plain one-word name ("GitLab")
    may also be the subject of the text before; a variant or a version ("Cursor Pro",
    "GPT-5.5") must be named with the figure, in its heading or its document's title."""
    for name in ask.names:
        terms = name.split()
        plain = len(terms) == 1 and not any(ch.isdigit() for ch in name)
        where = f"{context}\n{before}" if plain else context
        if not all(_has_word(term, where) for term in terms):
            return False
    return True


def _family(term: str) -> str | None:
    """ "gpt-5.5" -> "gpt-": the part before a version number, for terms that carry one."""
    match = re.match(r"([a-z][a-z-]*?)-?\d", term)
    return match.group(1) if match else None


def names_other_version(ask: Ask, sentence: str) -> bool:
    """The sentence is about another version of an asked model ("GPT-5" for "GPT-5.5")."""
    for term in (t for name in ask.names for t in name.split()):
        family = _family(term)
        if family is None or _has_word(term, sentence):
            continue
        pattern = rf"(?<![\w.]){re.escape(family)}-?\d[\w.]*"
        if any(m.rstrip(".") != term for m in re.findall(pattern, sentence.lower())):
            return True
    return False


def names_other_variant(ask: Ask, sentence: str) -> bool:
    """The sentence names a sibling of an asked name ("Cursor Business" for "Cursor Pro")
    and not the name itself."""
    for terms in (n.split() for n in ask.names if " " in n):
        if _has_word(" ".join(terms), sentence):
            continue
        for other in proper_names(sentence, keep_first_word=True):
            words = other.lower().split()
            if len(words) == len(terms) and words[:-1] == terms[:-1] and words[-1] != terms[-1]:
                return True
    return False


def gives_value(ask: Ask, sentence: str, around: str = "") -> bool:
    """The sentence holds a value of the asked kind, in the asked units (which a table's
    heading or the document's title may state once: "prices per million tokens")."""
    if ask.kind is None or not VALUE[ask.kind].search(sentence):
        return False
    return all(UNIT_WORD[unit].search(f"{sentence}\n{around}") for unit in ask.units)


def answers(ask: Ask, sentence: str, around: str, before: str = "") -> bool:
    """The sentence gives the asked value about the asked names: they occur in it or in what
    it is read with (its heading, its document's title and file name; for a plain name, the
    text before it), and it is not about another version or variant of them."""
    return (
        gives_value(ask, sentence, around)
        and names_in(ask, f"{sentence}\n{around}", before)
        and not names_other_version(ask, sentence)
        and not names_other_variant(ask, sentence)
    )
