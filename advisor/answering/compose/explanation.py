"""An explanation: a one-line summary, then two to four distinct reasons, each a cited
sentence, drawn from more than one document where the evidence has them."""

from __future__ import annotations

import re

from advisor.answering.compose.base import Composed, quoted, standalone
from advisor.answering.types import Evidence, Section
from advisor.text import tokenize

MAX_REASONS = 4
MIN_REASONS = 2
_GENERIC = frozenset(
    tokenize("AI product products company companies model models price why harga perusahaan produk")
)
_SUMMARY_TERMS = 2
_RESTATES = 0.5  # share of a sentence's words taken from the question above which it only echoes it
_STEM = 4
_DISTINCT = 0.6  # share of shared terms above which a reason repeats one already given
_CAUSAL = re.compile(
    r"\b(because|since|so|therefore|thus|as a result|which is why|due to|drives?|causes?|"
    r"means|leads? to|as (this|it|that|they)|karena|sehingga|akibatnya|maka|menyebabkan)\b",
    re.I,
)
WORDS = {
    "en": {"summary": "In short", "reasons": "Reasons"},
    "id": {"summary": "Singkatnya", "reasons": "Alasan"},
}


def explain(evidence: list[Evidence], language: str = "en", question: str = "") -> Composed | None:
    """None when the evidence holds fewer than two distinct reasons: then the quote-first
    answer is the honest one."""
    if not evidence:
        return None
    words = WORDS.get(language, WORDS["en"])
    asked = _stems(question) - _stems(" ".join(_GENERIC))
    usable = [e for e in evidence if standalone(e) and not _echoes(e.text, question)]
    if not usable:
        return None
    overlap = {e.n: len(asked & _stems(e.text)) for e in usable}
    best = max(usable, key=lambda e: (overlap[e.n], -e.n))
    # the question's own words pick the summary when a sentence shares several of them
    summary = best if overlap[best.n] >= _SUMMARY_TERMS else usable[0]
    reasons = _reasons(summary, [e for e in usable if e is not summary], overlap)
    if len(reasons) < MIN_REASONS:
        return None
    sections = (
        Section(words["summary"], (quoted(summary),)),
        Section(words["reasons"], tuple(quoted(e) for e in reasons)),
    )
    text = f"**{words['summary']}:** {sections[0].items[0].text}\n\n**{words['reasons']}:**\n"
    text += "\n".join(f"{i}. {item.text}" for i, item in enumerate(sections[1].items, 1))
    return Composed(text, sections)


def _echoes(sentence: str, question: str) -> bool:
    """ "Inference prices fall very fast." for "why do inference prices fall so fast?": a
    sentence made mostly of the question's own words, with no cause in it, explains nothing."""
    terms = [t[:_STEM] for t in tokenize(sentence)]
    asked = _stems(question)
    shared = sum(t in asked for t in terms)
    return shared > _RESTATES * max(len(terms), 1) and not _CAUSAL.search(sentence)


def _stems(text: str) -> set[str]:
    """Word beginnings, so "caching" meets "cached" and "falling" meets "fall"."""
    return {t[:_STEM] for t in tokenize(text)}


def _reasons(
    summary: Evidence, candidates: list[Evidence], overlap: dict[int, int]
) -> list[Evidence]:
    """Distinct sentences: those sharing more of the question's words, then those from
    other documents, then causal ones first, keeping evidence order (best first) within each."""
    ranked = sorted(
        candidates,
        key=lambda e: (
            -min(overlap[e.n], _SUMMARY_TERMS),  # sharing two of the question's words, then one
            e.passage.source == summary.passage.source,
            not _CAUSAL.search(e.text),
        ),
    )
    chosen: list[Evidence] = []
    said = [set(tokenize(summary.text))]
    for e in ranked:
        terms = set(tokenize(e.text))
        if any(len(terms & s) >= _DISTINCT * max(len(terms), 1) for s in said):
            continue
        chosen.append(e)
        said.append(terms)
        if len(chosen) == MAX_REASONS:
            break
    return sorted(chosen, key=lambda e: e.n)
