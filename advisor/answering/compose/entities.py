"""The things a comparison question names: products ("GitHub Copilot Business") and pricing
models ("seat-based"), and where a sentence mentions one of them."""

from __future__ import annotations

import re

from advisor.text import proper_names, tokenize

_LEADING = frozenset(
    """compare comparing how is are which what does do did was were versus vs between
    perbandingan bandingkan bandingkanlah apakah mana apa berapa should can saya kami""".split()
)
_GENERIC = frozenset({"ai", "saas", "llm", "llms", "api", "apis", "i"})
# Names that continue in lower case: "GPT-4o mini", "Claude Haiku 3.5"
_TAIL = re.compile(r"^[ \t]+(mini|nano|turbo|pro|plus|max)\b", re.I)
_MODEL_TERMS: tuple[tuple[re.Pattern[str], str], ...] = (
    (
        re.compile(r"\b(seat[- ]based|per[- ]seat|per[- ]user|seat pricing|per kursi)\b", re.I),
        "seat-based pricing",
    ),
    (
        re.compile(
            r"\b(usage[- ]based|usage pricing|pay[- ]as[- ]you[- ]go|per[- ]usage|consumption|"
            r"berbasis pemakaian|per pemakaian)\b",
            re.I,
        ),
        "usage-based pricing",
    ),
    (
        re.compile(r"\b(outcome[- ]based|per[- ]resolution|berbasis hasil)\b", re.I),
        "outcome-based pricing",
    ),
    (re.compile(r"\b(credit[- ]based|credits?|berbasis kredit)\b", re.I), "credit-based pricing"),
    (re.compile(r"\b(hybrid|hibrida)\b", re.I), "hybrid pricing"),
    (re.compile(r"\b(freemium|free tier|paket gratis)\b", re.I), "freemium"),
    (re.compile(r"\b(flat fees?|flat[- ]rate|harga tetap)\b", re.I), "flat fee"),
)


def named_entities(question: str) -> list[str]:
    """Products and companies first, then pricing models, each once, in question order."""
    found: list[str] = []
    for name in proper_names(question):
        words = name.split()
        while words and words[0].lower() in _LEADING:
            words = words[1:]
        while words and words[-1].lower() in _GENERIC:
            words = words[:-1]
        if not words or all(w.lower() in _GENERIC for w in words):
            continue
        entity = " ".join(words)
        end = question.find(entity) + len(entity)
        tail = _TAIL.match(question[end:]) if end >= len(entity) else None
        if tail:
            entity += " " + tail.group(1)
        if not any(entity.lower() == f.lower() for f in found):
            found.append(entity)
    found = [f for f in found if not any(_part_of(f, other) for other in found)]
    if len(found) >= 2:
        return found
    models = sorted(
        (
            (m.start(), label)
            for pattern, label in _MODEL_TERMS
            for m in [pattern.search(question)]
            if m
        ),
    )
    for _start, label in models:
        if label not in found and not _inside_a_name(label, found):
            found.append(label)
    return found


def _part_of(name: str, other: str) -> bool:
    """'Microsoft' is part of 'Microsoft 365': one thing named twice."""
    words, others = name.lower().split(), other.lower().split()
    return name != other and len(words) < len(others) and set(words) <= set(others)


def _inside_a_name(label: str, names: list[str]) -> bool:
    """'credits' in 'Flex Credits' is the product, not the pricing model."""
    word = label.split("-")[0].split()[0]
    return any(word in n.lower() for n in names)


_MODEL_WORDS = {
    "seat-based pricing": re.compile(r"\b(seats?|per user|per-user|kursi)\b", re.I),
    "usage-based pricing": re.compile(r"\b(usage|consum\w*|pemakaian)\b", re.I),
    "outcome-based pricing": re.compile(r"\b(outcomes?|resolutions?|hasil)\b", re.I),
    "credit-based pricing": re.compile(r"\b(credits?|kredit)\b", re.I),
    "hybrid pricing": re.compile(r"\b(hybrid|hibrida|overage)\b", re.I),
    "freemium": re.compile(r"\b(free|gratis)\b", re.I),
    "flat fee": re.compile(r"\b(flat|fixed fee|tetap)\b", re.I),
}


def mention(sentence: str, entity: str) -> tuple[float, int]:
    """How plainly the sentence names the entity (2 the exact phrase, 1 all its words or, for
    a pricing model, its defining word, 0.5 most of them, 0 no) and where the mention starts
    (-1 when it does not)."""
    lowered = sentence.lower()
    phrase = entity.lower().removesuffix(" pricing")
    at = lowered.find(phrase)
    if at >= 0:
        return 2.0, at
    word = _MODEL_WORDS.get(entity)
    if word is not None:
        found = word.search(sentence)
        return (1.0, found.start()) if found else (0.0, -1)
    wanted = tokenize(phrase)
    if not wanted:
        return 0.0, -1
    have = tokenize(sentence)
    present = [t for t in wanted if t in have]
    share = len(present) / len(wanted)
    if share == 0 or (share < 1 and wanted[0] not in present):
        return 0.0, -1
    first = min(lowered.find(t) for t in present if lowered.find(t) >= 0) if present else -1
    return (1.0 if share == 1 else 0.5 if share >= 0.5 else 0.0), first


def named_in(sentence: str, context: str, entity: str) -> tuple[float, int]:
    """As `mention`, but a product's distinctive last word in the sentence counts as naming
    it when the rest of the name is in `context`, the sentence's heading or document title:
    "Premium: $29" in a page titled "GitLab pricing" is about GitLab Premium."""
    strength, at = mention(sentence, entity)
    words = entity.split()
    if strength >= 1 or len(words) < 2 or entity in _MODEL_WORDS:
        return strength, at
    last = re.search(rf"(?<![\w-]){re.escape(words[-1])}(?![\w-])", sentence, re.I)
    if last is None or mention(f"{context}\n{sentence}", entity)[0] < 1:
        return strength, at
    return 1.0, last.start()
