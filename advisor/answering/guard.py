"""Checks on generated text before anyone sees it: citations must point at evidence, numbers
must come from the evidence, and each sentence must be supported by what it cites.

The guard runs an ordered list of small named checks (`CHECKS`); the first that fails names
why the sentence was dropped.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

import numpy as np

from advisor.answering.evidence import SentenceEmbedder
from advisor.answering.types import Evidence
from advisor.text import numbers, tokenize

_MARKER = re.compile(r"\s*\[(\d+(?:\s*,\s*\d+)*)\]")
_NEGATION = re.compile(
    r"\b(not|no|never|none|cannot|can't|don't|doesn't|didn't|won't|isn't|aren't|without|"
    r"tidak|bukan|tanpa|belum)\b",
    re.I,
)
# Meaning (or word overlap) a sentence needs with an evidence sentence to count as backed by
# it; below this a 135M model's sentence is usually a paraphrase gone wrong.
_SUPPORT_MIN = 0.55
_MAX_SENTENCES = 3  # a short answer beside quoted evidence; more is repetition
# Similarity at which the kept sentences are taken to carry an evidence sentence's meaning.
_COVER_MIN = 0.8
_ASTRAY_DROPS = 3  # consecutive drops with nothing kept: the model is not answering


@dataclass(frozen=True)
class Checked:
    """A generated sentence after the guards: kept with its citations, or dropped with why
    (`failed_check` names the check that dropped it)."""

    text: str
    cited: tuple[int, ...]
    dropped_because: str | None = None
    failed_check: str | None = None


class Draft:
    """A sentence under check, with what the checks work out about it (computed once)."""

    def __init__(self, guard: AnswerGuard, sentence: str) -> None:
        self.guard = guard
        self.markers = valid_markers(sentence, guard.evidence)
        self.text = strip_markers(sentence)
        self.terms = tokenize(self.text)
        self.key = " ".join(self.terms)

    @cached_property
    def support(self) -> dict[int, float]:
        return self.guard.support(self.text)

    @property
    def best(self) -> int | None:
        return max(self.support, key=self.support.__getitem__, default=None)

    @property
    def cited(self) -> tuple[int, ...]:
        """The model's markers where that evidence backs the sentence; else the evidence that
        backs it best."""
        kept = tuple(n for n in self.markers if self.support[n] >= self.guard.support_min)
        return kept or ((self.best,) if self.best is not None else ())


def says_something(g: AnswerGuard, d: Draft) -> str | None:
    return "too short to say anything" if len(d.terms) < 2 else None


def not_a_repeat(g: AnswerGuard, d: Draft) -> str | None:
    return "repeats an earlier sentence" if d.key in g.seen else None


def room_left(g: AnswerGuard, d: Draft) -> str | None:
    return "answer long enough" if g.kept >= _MAX_SENTENCES else None


def no_unknown_words(g: AnswerGuard, d: Draft) -> str | None:
    invented = [t for t in d.terms if t[0].isalpha() and t not in g.known_words]
    if invented and g.known_words:
        return f"word(s) found nowhere in the sources: {invented[:3]}"
    return None


def close_to_evidence(g: AnswerGuard, d: Draft) -> str | None:
    similarity = d.support[d.best] if d.best is not None else 0.0
    if d.best is None or similarity < g.support_min:
        return f"not supported by the evidence ({similarity:.2f})"
    return None


def same_polarity(g: AnswerGuard, d: Draft) -> str | None:
    assert d.best is not None  # close_to_evidence ran first
    if negated(d.text) != negated(g.evidence[d.best].text):
        return f"contradicts the polarity of evidence [{d.best}]"
    return None


def numbers_in_cited_evidence(g: AnswerGuard, d: Draft) -> str | None:
    assert d.best is not None  # close_to_evidence ran first
    backed = set(g.question_numbers)
    for n in {d.best, *d.cited}:
        backed |= numbers(g.evidence[n].text)
    unsupported = numbers(d.text) - backed
    return f"number(s) not in the cited evidence: {sorted(unsupported)}" if unsupported else None


def not_the_question(g: AnswerGuard, d: Draft) -> str | None:
    return "only restates the question" if len(set(d.terms) - g.question_words) <= 1 else None


def not_already_shown(g: AnswerGuard, d: Draft) -> str | None:
    if g.said and repeats(d.text, g.said, g.question_words):
        return "adds nothing to what was already shown"
    return None


Check = Callable[["AnswerGuard", Draft], "str | None"]
# In order: cheap checks first; the ones that need the evidence's support after it is known.
CHECKS: tuple[Check, ...] = (
    says_something,
    not_a_repeat,
    room_left,
    no_unknown_words,
    close_to_evidence,
    same_polarity,
    numbers_in_cited_evidence,
    not_the_question,
    not_already_shown,
)


class AnswerGuard:
    """Runs `CHECKS` on each generated sentence and remembers what was kept."""

    def __init__(
        self,
        embedder: SentenceEmbedder,
        evidence: list[Evidence],
        question: str,
        vocabulary: frozenset[str] = frozenset(),
        support_min: float = _SUPPORT_MIN,
    ) -> None:
        self._embedder = embedder
        self.support_min = support_min  # per embedding model (AnswerSettings.for_embedder)
        self.evidence = {e.n: e for e in evidence}
        self.question_numbers = numbers(question)
        self.question_words = set(tokenize(question))
        # Words the model may use: the index's, the question's and the evidence's own.
        self.known_words = vocabulary | self.question_words
        for e in evidence:
            self.known_words |= set(tokenize(e.text))
        self._vectors = embedder.embed([e.text for e in evidence]) if evidence else None
        self.seen: set[str] = set()
        self.said: list[str] = []
        self.kept_texts: list[str] = []
        self.dropped_in_a_row = 0

    @property
    def kept(self) -> int:
        return len(self.kept_texts)

    def check(self, sentence: str) -> Checked:
        draft = Draft(self, sentence)
        for check in CHECKS:
            reason = check(self, draft)
            if reason is not None:
                self.dropped_in_a_row += 1
                return Checked(draft.text, (), reason, check.__name__)
        self.seen.add(draft.key)
        self.kept_texts.append(draft.text)
        self.dropped_in_a_row = 0
        return Checked(draft.text, draft.cited)

    def covers(self, evidence: Evidence) -> bool:
        """Whether the kept sentences already carry this evidence's facts: its new numbers,
        or (for a sentence with none) its meaning."""
        if not self.kept_texts:
            return False
        facts = numbers(evidence.text) - self.question_numbers
        if facts:
            return facts <= numbers(" ".join(self.kept_texts))
        vectors = self._embedder.embed(self.kept_texts)
        target = self._embedder.embed([evidence.text])[0]
        return float(np.max(vectors @ target)) >= _COVER_MIN

    def already_said(self, texts: list[str]) -> None:
        """Sentences shown before the model's (quoted evidence): repeating them adds nothing."""
        self.said.extend(texts)

    @property
    def exhausted(self) -> bool:
        """Nothing more worth generating: enough said, or the model keeps going astray."""
        return self.kept >= _MAX_SENTENCES or (
            self.kept == 0 and self.dropped_in_a_row >= _ASTRAY_DROPS
        )

    def support(self, text: str) -> dict[int, float]:
        """How well each evidence sentence backs `text`: meaning or shared words, the higher."""
        if self._vectors is None or not len(self._vectors):
            return {}
        sims = self._vectors @ self._embedder.embed([text])[0]
        return {
            n: max(float(sim), overlap(text, e.text))
            for (n, e), sim in zip(self.evidence.items(), sims, strict=True)
        }


def valid_markers(sentence: str, evidence: dict[int, Evidence]) -> tuple[int, ...]:
    """The citation numbers in `sentence` that name evidence, in order, once each."""
    found: list[int] = []
    for group in _MARKER.findall(sentence):
        for raw in group.split(","):
            n = int(raw)
            if n in evidence and n not in found:
                found.append(n)
    return tuple(found)


def strip_markers(sentence: str) -> str:
    """The sentence without its citation markers, whitespace collapsed."""
    return " ".join(_MARKER.sub("", sentence).split())


def negated(text: str) -> bool:
    """Whether the sentence says "not" (an odd number of negations)."""
    return len(_NEGATION.findall(text)) % 2 == 1


def overlap(text: str, evidence: str) -> float:
    """Share of the sentence's content words found in the evidence sentence."""
    terms = set(tokenize(text))
    return len(terms & set(tokenize(evidence))) / len(terms) if terms else 0.0


def repeats(text: str, said: list[str], question_words: set[str]) -> bool:
    """Whether `text` adds at most one word to what was said and what was asked."""
    new_terms = set(tokenize(text)) - question_words
    said_terms = set(tokenize(" ".join(said)))
    return len(new_terms - said_terms) <= 1


def with_markers(checked: Checked) -> str:
    """The kept sentence with its citation markers before the final stop: "... [1]."."""
    marks = "".join(f"[{n}]" for n in checked.cited)
    body = checked.text.rstrip()
    if body and body[-1] in ".!?":
        return f"{body[:-1]} {marks}{body[-1]}" if marks else body
    return f"{body} {marks}." if marks else f"{body}."
