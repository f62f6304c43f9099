"""Checks on generated text before anyone sees it: citations must point at evidence, numbers
must come from the evidence, and each sentence must be supported by what it cites."""

from __future__ import annotations

import re
from dataclasses import dataclass

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
_SUPPORT_MIN = 0.55
_MAX_SENTENCES = 3
_COVER_MIN = 0.8


@dataclass(frozen=True)
class Checked:
    """A generated sentence after the guards: kept with its citations, or dropped with why."""

    text: str
    cited: tuple[int, ...]
    dropped_because: str | None = None


class AnswerGuard:
    def __init__(
        self,
        embedder: SentenceEmbedder,
        evidence: list[Evidence],
        question: str,
        vocabulary: frozenset[str] = frozenset(),
    ) -> None:
        self._embedder = embedder
        self._evidence = {e.n: e for e in evidence}
        self._question_numbers = numbers(question)
        # Words the model may use: the index's, the question's and the evidence's own.
        self._known_words = vocabulary | set(tokenize(question))
        for e in evidence:
            self._known_words |= set(tokenize(e.text))
        self._vectors = embedder.embed([e.text for e in evidence]) if evidence else None
        self._question_words = set(tokenize(question))
        self._seen: set[str] = set()
        self.kept = 0
        self.kept_texts: list[str] = []
        self._said: list[str] = []
        self.dropped_in_a_row = 0

    def check(self, sentence: str) -> Checked:
        checked = self._check(sentence)
        if checked.dropped_because is not None:
            self.dropped_in_a_row += 1
        return checked

    def covers(self, evidence: Evidence) -> bool:
        """Whether the kept sentences already carry this evidence's facts: its new numbers,
        or (for a sentence with none) its meaning."""
        if not self.kept_texts:
            return False
        said = " ".join(self.kept_texts)
        facts = numbers(evidence.text) - self._question_numbers
        if facts:
            return facts <= numbers(said)
        vectors = self._embedder.embed(self.kept_texts)
        target = self._embedder.embed([evidence.text])[0]
        return float(np.max(vectors @ target)) >= _COVER_MIN

    def already_said(self, texts: list[str]) -> None:
        """Sentences shown before the model's (quoted evidence): repeating them adds nothing."""
        self._said.extend(texts)

    @property
    def exhausted(self) -> bool:
        """Nothing more worth generating: enough said, or the model keeps going astray."""
        return self.kept >= _MAX_SENTENCES or (self.kept == 0 and self.dropped_in_a_row >= 3)

    def _check(self, sentence: str) -> Checked:
        cited = self._valid_markers(sentence)
        text = " ".join(_MARKER.sub("", sentence).split())
        if len(tokenize(text)) < 2:
            return Checked(text, (), "too short to say anything")
        key = " ".join(tokenize(text))
        if key in self._seen:
            return Checked(text, (), "repeats an earlier sentence")
        if self.kept >= _MAX_SENTENCES:
            return Checked(text, (), "answer long enough")
        invented = [t for t in tokenize(text) if t[0].isalpha() and t not in self._known_words]
        if invented and self._known_words:
            return Checked(text, (), f"word(s) found nowhere in the sources: {invented[:3]}")
        support = self._support(text)
        best_n = max(support, key=support.__getitem__, default=None)
        similarity = support.get(best_n, 0.0) if best_n is not None else 0.0
        if best_n is None or similarity < _SUPPORT_MIN:
            return Checked(text, (), f"not supported by the evidence ({similarity:.2f})")
        if _negated(text) != _negated(self._evidence[best_n].text):
            return Checked(text, (), f"contradicts the polarity of evidence [{best_n}]")
        # Keep the model's markers only where that evidence backs the sentence; else cite
        # the evidence that backs it best.
        cited = tuple(n for n in cited if support[n] >= _SUPPORT_MIN) or (best_n,)
        backed = set(self._question_numbers)
        for n in {best_n, *cited}:
            backed |= numbers(self._evidence[n].text)
        unsupported = numbers(text) - backed
        if unsupported:
            return Checked(text, (), f"number(s) not in the cited evidence: {sorted(unsupported)}")
        if len(set(tokenize(text)) - self._question_words) <= 1:
            return Checked(text, (), "only restates the question")
        if self._said and self._repeats_said(text):
            return Checked(text, (), "adds nothing to what was already shown")
        self._seen.add(key)
        self.kept += 1
        self.kept_texts.append(text)
        self.dropped_in_a_row = 0
        return Checked(text, cited)

    def _valid_markers(self, sentence: str) -> tuple[int, ...]:
        found: list[int] = []
        for group in _MARKER.findall(sentence):
            for raw in group.split(","):
                n = int(raw)
                if n in self._evidence and n not in found:
                    found.append(n)
        return tuple(found)

    def _repeats_said(self, text: str) -> bool:
        new_terms = set(tokenize(text)) - self._question_words
        said_terms = set(tokenize(" ".join(self._said)))
        return len(new_terms - said_terms) <= 1

    def _support(self, text: str) -> dict[int, float]:
        """How well each evidence sentence backs `text`: meaning or shared words, the higher."""
        if self._vectors is None or not len(self._vectors):
            return {}
        sims = self._vectors @ self._embedder.embed([text])[0]
        return {
            n: max(float(sim), _overlap(text, e.text))
            for (n, e), sim in zip(self._evidence.items(), sims, strict=True)
        }


def _negated(text: str) -> bool:
    return len(_NEGATION.findall(text)) % 2 == 1


def _overlap(text: str, evidence: str) -> float:
    """Share of the sentence's content words found in the evidence sentence."""
    terms = set(tokenize(text))
    return len(terms & set(tokenize(evidence))) / len(terms) if terms else 0.0


def render(checked: Checked) -> str:
    marks = "".join(f"[{n}]" for n in checked.cited)
    body = checked.text.rstrip()
    if body and body[-1] in ".!?":
        return f"{body[:-1]} {marks}{body[-1]}" if marks else body
    return f"{body} {marks}." if marks else f"{body}."
