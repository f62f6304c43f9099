"""A recommendation: a first line that advises (conditional when the question lacks what
decides it), cited reasons from more than one document, cited risks, and the questions
that would settle what is still open. The advice comes from the criteria matched against
what the user said, and each piece of it is made only where an evidence sentence backs it."""

from __future__ import annotations

import re

from advisor.answering.compose.base import Composed, clean, documents, quoted, standalone
from advisor.answering.compose.criteria import (
    BUDGET,
    BY_KEY,
    CRITERIA,
    MISSING_QUESTIONS,
    PRICING_ASK,
    RISK,
    SPEAKS_TO,
    Criterion,
)
from advisor.answering.compose.gather import Gathered
from advisor.answering.types import Evidence, Section, SectionItem

_FIXED = frozenset({"seat", "freemium"})
MAX_REASONS = 4
MIN_REASONS = 2
MAX_RISKS = 2
MAX_QUESTIONS = 2
_ORDER = ("value", "variance", "predictability", "competitors", "falling")
WORDS = {
    "en": {
        "recommend": "Recommendation",
        "why": "Why",
        "watch": "Watch out",
        "next": "To decide, answer next",
        "because": "because",
    },
    "id": {
        "recommend": "Rekomendasi",
        "why": "Alasan",
        "watch": "Perhatikan",
        "next": "Untuk memutuskan, jawab dulu",
        "because": "karena",
    },
}


def matched_criteria(question: str) -> list[Criterion]:
    """The situations the user's own words describe, in the order the criteria rank them."""
    return [c for c in CRITERIA if c.signal.search(question)]


def covered(question: str, gathered: Gathered, floor: float) -> bool:
    """The knowledge base covers the pricing criteria the question raises: it asks how to
    price, and a situation it describes has backing evidence scoring at least `floor` on that
    criterion's own query. The user's product description ("back-office tasks for small
    businesses") is in no article, so its similarity to the evidence says little; what
    decides is whether the knowledge base has the criteria to advise from."""
    if not PRICING_ASK.search(question):
        return False
    return any(
        e.score >= floor
        for c in matched_criteria(question)
        for e in gathered.for_aspect(c.key)
        if c.backing.search(e.text)
    )


def recommend(question: str, gathered: Gathered, language: str = "en") -> Composed | None:
    """None when the evidence backs no advice at all (then nothing is recommended)."""
    words = WORDS.get(language, WORDS["en"])
    lang = language if language in WORDS else "en"
    evidence = gathered.evidence
    backed = [(c, b) for c in matched_criteria(question) if (b := _backing(c, gathered))]
    missing = _missing(question, [c for c, _ in backed])
    first, used = _first_line(backed, missing, gathered, lang)
    if first is None:
        return None
    reasons = _reasons(gathered, used, question)
    if len(reasons) < MIN_REASONS:
        return None
    risks = [
        e
        for e in evidence
        if RISK.search(e.text) and standalone(e) and e.n not in {r.n for _a, r in reasons}
    ]
    risks = sorted(risks, key=lambda e: "risk" not in gathered.aspects.get(e.n, []))[:MAX_RISKS]
    sections = [
        Section(words["recommend"], (first,)),
        Section(words["why"], tuple(_labelled(e, a, lang) for a, e in reasons)),
    ]
    if risks:
        sections.append(Section(words["watch"], tuple(quoted(e) for e in risks)))
    questions = [MISSING_QUESTIONS[m][lang] for m in missing][:MAX_QUESTIONS]
    if questions:
        sections.append(Section(words["next"], tuple(SectionItem(q) for q in questions)))
    text = f"**{words['recommend']}:** {first.text}"
    for section in sections[1:]:
        text += f"\n\n**{section.title}:**\n" + "\n".join(f"- {i.text}" for i in section.items)
    return Composed(text, tuple(sections))


def _labelled(evidence: Evidence, aspect: str, lang: str) -> SectionItem:
    """The reason, verbatim and cited, after the consideration it speaks to."""
    label = f"{LABELS[aspect][lang]}: " if aspect in LABELS else ""
    return SectionItem(f'{label}"{clean(evidence.text)}" [{evidence.n}]', (evidence.n,))


LABELS = {
    "value": {"en": "Who gets the value", "id": "Siapa yang mendapat nilai"},
    "variance": {"en": "How usage and cost vary", "id": "Variasi pemakaian dan biaya"},
    "predictability": {
        "en": "How predictable the bill must be",
        "id": "Seberapa pasti tagihan harus",
    },
    "competitors": {"en": "What others charge", "id": "Harga pesaing"},
    "falling": {"en": "Falling model prices", "id": "Harga model yang turun"},
}


def _backing(criterion: Criterion, gathered: Gathered) -> Evidence | None:
    """The strongest evidence sentence that ties this situation to its pricing model."""
    pool = [e for e in gathered.evidence if criterion.backing.search(e.text)]
    own = [e for e in pool if criterion.key in gathered.aspects.get(e.n, [])]
    return max(own or pool, key=lambda e: e.score, default=None)


def _missing(question: str, backed: list[Criterion]) -> list[str]:
    """The deciding facts the question leaves open."""
    keys = {c.key for c in backed}
    open_ = []
    if not keys & {"seat", "outcome", "usage"}:
        open_.append("value")
    if "hybrid" not in keys:
        open_.append("variance")
    if not BUDGET.search(question) and not keys & {"usage", "freemium"}:
        open_.append("predictability")
    return open_


def _first_line(
    backed: list[tuple[Criterion, Evidence]],
    missing: list[str],
    gathered: Gathered,
    lang: str,
) -> tuple[SectionItem | None, set[int]]:
    """Advice from the matched situations; a condition for each open deciding fact."""
    words = WORDS[lang]
    parts: list[str] = []
    cited: list[int] = []
    for criterion, evidence in backed[:2]:
        parts.append(
            f"{criterion.advice[lang]}, {words['because']} {criterion.situation[lang]} "
            f"[{evidence.n}]"
        )
        cited.append(evidence.n)
    conditions = []
    for key in ("hybrid", "seat"):
        fact = "variance" if key == "hybrid" else "predictability"
        criterion = BY_KEY[key]
        if fact not in missing or any(c.key == key for c, _ in backed):
            continue
        if backed and not (key == "hybrid" and backed[0][0].key in _FIXED):
            continue  # a variable price already answers to usage; only a fixed one needs it
        backing = _backing(criterion, gathered)
        if backing is None:
            continue
        condition = CONDITIONS[fact][lang]
        conditions.append(f"{condition}, {criterion.advice[lang]} [{backing.n}]")
        cited.append(backing.n)
    clauses = parts + conditions
    if not clauses:
        return None, set()
    text = "; ".join(c if i == 0 else c[0].lower() + c[1:] for i, c in enumerate(clauses))
    text = text[0].upper() + text[1:] + "."
    return SectionItem(text, tuple(dict.fromkeys(cited))), set(cited)


CONDITIONS = {
    "variance": {
        "en": "If usage varies a lot between customers",
        "id": "Jika pemakaian sangat berbeda antar pelanggan",
    },
    "predictability": {
        "en": "If buyers need a fixed budget",
        "id": "Jika pembeli butuh anggaran yang tetap",
    },
}


def _order(question: str) -> list[str]:
    """The guide's order, with the considerations the question itself raises first."""
    raised = [a for a in _ORDER if a in _RAISES and _RAISES[a].search(question)]
    return raised + [a for a in _ORDER if a not in raised]


_RAISES = {
    "falling": re.compile(r"\b(fall\w*|drop\w*|cheaper|declin\w*|turun|murah)\b", re.I),
    "competitors": re.compile(r"\b(competitors?|rivals?|others charge|pesaing)\b", re.I),
    "variance": re.compile(r"\b(heavy|vary|varies|uneven|bervariasi|pengguna berat)\b", re.I),
}


def _reasons(gathered: Gathered, used: set[int], question: str) -> list[tuple[str, Evidence]]:
    """One sentence per consideration, in the guide's order, new documents first, so the
    reasons span more than one source."""
    chosen: list[tuple[str, Evidence]] = []
    for aspect in _order(question):
        taken = [e for _a, e in chosen]
        sources = {e.passage.source for e in taken}
        pool = [
            e
            for e in gathered.for_aspect(aspect)
            if e not in taken
            and e.n not in used
            and standalone(e)
            and not RISK.search(e.text)
            and SPEAKS_TO[aspect].search(e.text)
        ]
        fresh = [e for e in pool if e.passage.source not in sources]
        chosen.extend((aspect, e) for e in (fresh or pool)[:1])
        if len(chosen) == MAX_REASONS:
            break
    if documents([e for _a, e in chosen]) < 2:
        sources = {e.passage.source for _a, e in chosen}
        extra = [e for e in gathered.evidence if e.passage.source not in sources and standalone(e)]
        chosen.extend(("", e) for e in extra[:1])
    return chosen[:MAX_REASONS]
