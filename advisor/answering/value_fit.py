"""What kind of value a lookup question asks for, and how well one sentence carries it.

"Which HTTP header ..." wants a name beside the word "header"; "how many requests a day"
wants a number followed by "requests" and a day unit; "longer than 200K tokens", "before
January 2025" and "for free" are qualifiers the quoted sentence must not contradict. In
long real documents the sentence that holds the asked value is often less similar, as a
whole, to the question than a general sentence of the same section; this fit lets it win.
Pure functions: the evidence selector weighs the fit, these only measure it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from advisor.answering.answerability import (
    GENERIC_NAMES,
    NOT_A_FIGURE,
    UNIT_WORD,
    VALUE,
    asked_kind,
    asked_units,
)
from advisor.answering.qualifiers import FREE, Qualifiers, qualifiers
from advisor.text import STOPWORDS

_WORD = re.compile(r"[\w$€£¥][\w.,%$'’-]*[\w%]|[\w$%]")
_NAME_ASK = re.compile(r"\b(?:who|whom|siapa)\b", re.I)
# "which HTTP header", "what platform": the one or two words naming the kind of thing asked.
_WHICH = re.compile(
    r"\b(which|what)\s+(?:(?:is|are|was|were|happens to|happened to)\s+)?"
    r"(?:(?:the|a|an|its|their|your|my|our)\s+)?(?:(?:piece|kind|type|sort)s? of\s+)?"
    r"((?:[\w-]+\s+){0,2}[\w-]+)",
    re.I,
)
# Words that, after "what" or "which", ask for a measured figure, not for a name.
_MEASURES = frozenset(
    """length volume size limit limits threshold amount number count percentage percent rate
    share margin discount quota ratio multiple minimum maximum range decline
    growth increase decrease drop""".split()
)
# Questions opening with these ask where, why, whether or how to: no value to prefer. The
# openers that ask for no figure, less those asking for a name (a name is a value here).
_NO_VALUE_OPENERS = (NOT_A_FIGURE - {"who", "whom", "whose", "which", "siapa", "mana"}) | {
    "bagaimana"
}
_TIME_OR_VERSION = frozenset("date day year month time version release".split())
_HOW_FAST = re.compile(r"\bhow (?:fast|quickly|often|long|big|large)\b|\bseberapa\b", re.I)
_COUNTED = re.compile(r"\b(?:how many|berapa banyak)\s+((?:[\w-]+\s+){0,3}[\w-]+)", re.I)
# Numbers in words count as numbers: "ten times", "a thousand models".
_NUMBER_WORDS = re.compile(
    r"\b(?:two|three|four|five|six|seven|eight|nine|ten|twice|half|dozen|hundred|thousand|"
    r"million|billion|dua|tiga|empat|lima|sepuluh|ratus|ribu|juta|miliar)\b",
    re.I,
)
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
# A cell holding only a capitalised name, between its column label and the next cell.
_NAME_CELL = re.compile(r":\s*([A-Z][\w.+-]*(?:\s+[A-Z0-9][\w.+-]*)*)\s*(?=;|\.?$)")
_CELL = re.compile(r"[;|]")  # a table row's cells: a number and the next cell's words differ
_NEAR_WORDS = 3  # a counted noun or a unit follows its number within this many words
_UNIT_WINDOW = 8  # "$39 per user per month": the units of a price follow it closely
# A value of the asked kind without the asked noun or unit beside it: half the evidence.
_PARTIAL = 0.5


@dataclass(frozen=True)
class Wanted:
    """The asked value's kinds, the nouns it is a value of, and the qualifiers it holds to."""

    kinds: frozenset[str]
    nouns: tuple[str, ...] = ()  # "header", "requests": the value stands beside one of them
    units: frozenset[str] = frozenset()
    qualifiers: Qualifiers = field(default_factory=Qualifiers)
    asked: frozenset[str] = frozenset()  # the question's own words, never an answer


def _words(text: str) -> list[str]:
    return [w.lower() for w in _WORD.findall(text)]


def wanted(question: str) -> Wanted:
    """The kinds of value a question asks for: money, number, date, version or name."""
    kinds: set[str] = set()
    kind = asked_kind(question)
    if kind is not None:
        kinds.add(kind)
    opener = (re.findall(r"[^\W\d_]+", question.lower()) or [""])[0]
    if opener in _NO_VALUE_OPENERS:  # "Where does it report how many ...": a place, no figure
        return Wanted(frozenset(kinds), asked=frozenset(_words(question)))
    nouns: list[str] = []
    counted = _COUNTED.search(question)
    if counted:
        kinds.add("number")
        nouns += _phrase(counted.group(1))
    if _HOW_FAST.search(question):
        kinds.add("number")
    for match in _WHICH.finditer(question):
        words = _phrase(match.group(2))
        if any(w in _MEASURES for w in words):
            kinds.add("number")
        elif match.group(1).lower() == "which" and words and not set(words) & _TIME_OR_VERSION:
            kinds.add("name")
            nouns += _nouns(words)
    if _NAME_ASK.search(question):
        kinds.add("name")
    return Wanted(
        frozenset(kinds),
        tuple(dict.fromkeys(nouns)),
        asked_units(question),
        qualifiers(question),
        frozenset(_words(question)),
    )


def _phrase(text: str) -> list[str]:
    """The words of a noun phrase up to its first function word: "HTTP header" of "HTTP
    header does", "cloud" of "cloud has"."""
    words = []
    for word in _words(text):
        if word in STOPWORDS:
            break
        words.append(word)
    return words


def _nouns(phrase: list[str]) -> list[str]:
    """The nouns a "which" phrase asks about: its words before a verb that follows them
    ("HTTP header" of "HTTP header makes", "platform" of "platform funds webpack")."""
    for i in range(1, len(phrase)):
        if re.search(r"(?<!s)s$|ed$", phrase[i]) and not phrase[i - 1].endswith("s"):
            return phrase[:i]
    return phrase


def _stem(word: str) -> str:
    return word[:-1] if len(word) > 3 and word.endswith("s") else word


def _near(words: list[str], at: int, targets: set[str], after: int) -> bool:
    window = words[at + 1 : at + 1 + after]
    return any(_stem(w) in targets for w in window)


def _number_fit(w: Wanted, sentence: str) -> float:
    if not re.search(r"\d", _YEAR.sub("", sentence)) and not _NUMBER_WORDS.search(sentence):
        return 0.0  # a bare year dates a fact, it does not count or measure anything
    if not w.nouns and not w.units:
        return 1.0
    targets = {_stem(n) for n in w.nouns} | _unit_words(w, sentence)
    for cell in _CELL.split(sentence):
        words = _words(cell)
        spots = [i for i, word in enumerate(words) if re.search(r"\d", _YEAR.sub("", word))]
        if any(_near(words, i, targets, _NEAR_WORDS) for i in spots):
            return 1.0
    return _PARTIAL


def _unit_words(w: Wanted, sentence: str) -> set[str]:
    """The sentence's words that name an asked unit: "day" for "/ day" or "daily"."""
    return {
        _stem(m.group(0).lower()) for unit in w.units for m in UNIT_WORD[unit].finditer(sentence)
    }


def _money_fit(w: Wanted, sentence: str) -> float:
    if not VALUE["money"].search(sentence) and not FREE.search(sentence):
        return 0.0
    if not w.units:
        return 1.0
    words = _words(sentence)
    spots = [i for i, word in enumerate(words) if re.search(r"[$€£¥]|\d", word)]
    for i in spots:
        window = " ".join(words[i : i + 1 + _UNIT_WINDOW])
        if all(UNIT_WORD[unit].search(window) for unit in w.units):
            return 1.0
    return _PARTIAL


def _names(sentence: str, asked: frozenset[str]) -> tuple[set[int], set[int]]:
    """Positions of words that name something the question does not: acronyms ("CEO"),
    capitalised words not opening the sentence ("Azure"), identifiers ("MockLLM",
    "prompt_cache_key"); and of looser identifiers ("x-session-affinity", "gpt-4o") that
    name a thing only beside the asked noun ("the x-session-affinity header")."""
    strict: set[int] = set()
    loose: set[int] = set()
    for i, match in enumerate(_WORD.finditer(sentence)):
        word, low = match.group(0), match.group(0).lower()
        if low in asked or low.rstrip("s") in asked or low in GENERIC_NAMES or low in STOPWORDS:
            continue
        before, after = sentence[: match.start()].rstrip(), sentence[match.end() :]
        opens = not before or before[-1] in '.!?"“(*#/'
        if before.endswith(":"):  # a table cell is a name only when it is the whole cell
            opens = not re.match(r"\s*(?:[;,.]|$)", after)
        label = after.startswith(":")  # a table's column: "Role: CEO"
        if i == 0 and re.match(r"\s+[—–-]\s", after):
            opens = False  # a term a list defines: "Unique — Counts the distinct values"
        identifier = "_" in word or bool(re.search(r"[a-z][A-Z]", word))
        acronym = len(word) > 1 and word.isupper() and word.isalpha()
        if not label and (identifier or acronym or (word[0].isupper() and not opens)):
            strict.add(i)
        elif re.search(r"[a-z]-[a-z]|[a-z]\d|\d[a-z]", low) and not low[0].isdigit():
            loose.add(i)
    return strict, loose


def _name_fit(w: Wanted, sentence: str) -> float:
    raw = _WORD.findall(sentence)
    words = [r.lower() for r in raw]
    heads = {_stem(n) for n in w.nouns}
    strict, loose = _names(sentence, w.asked)
    for i, word in enumerate(words):
        common = word == raw[i]  # "the header", not the "Aggregation" of a title
        if common and _stem(word) in heads and {i - 1, i + 1} & (strict | loose):
            return 1.0  # "the x-session-affinity header", "Flash model"
    if strict:
        return 1.0 if not heads or _cell_name(sentence, w.asked) else _PARTIAL
    return 0.0


def _cell_name(sentence: str, asked: frozenset[str]) -> bool:
    """A table cell that is a name the question does not use ("Provider: Azure;"): in a
    row, the name stands for the thing the row is about."""
    return any(not set(_words(cell)) <= asked for cell in _NAME_CELL.findall(sentence))


def kind_fit(w: Wanted, sentence: str) -> float:
    """How fully the sentence holds a value of an asked kind, 0 to 1: the value beside the
    asked noun or unit counts fully, the bare value half."""
    fits = []
    for kind in w.kinds:
        if kind == "number":
            fits.append(_number_fit(w, sentence))
        elif kind == "money":
            fits.append(_money_fit(w, sentence))
        elif kind == "name":
            fits.append(_name_fit(w, sentence))
        else:
            fits.append(1.0 if VALUE[kind].search(sentence) else 0.0)
    return sum(fits) / len(fits) if fits else 0.0


def qualifier_fit(w: Wanted, sentence: str, heading: str = "") -> float:
    return w.qualifiers.fit(sentence, heading)


def extreme_value(w: Wanted, sentence: str) -> float | None:
    return w.qualifiers.extreme_value(sentence, "money" in w.kinds)
