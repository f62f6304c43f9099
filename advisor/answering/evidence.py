"""Passages -> the few sentences that bear on the question, numbered for the model.

A very small model answers better from four relevant sentences than from five whole
chunks: less to read, less to misquote, and every citation points at one sentence.
"""

from __future__ import annotations

import math
import re
import threading
from collections import OrderedDict
from collections.abc import Sequence

import numpy as np
from langchain_core.embeddings import Embeddings

from advisor.answering.answerability import Ask, answers, names_in
from advisor.answering.types import Evidence
from advisor.answering.value_fit import (
    Wanted,
    extreme_value,
    kind_fit,
    qualifier_fit,
    wanted,
)
from advisor.retrieval.types import Passage
from advisor.text import numbers, split_sentences, tokenize

_QUANTITY = re.compile(
    r"\b(how much|how many|price|prices|priced|cost|costs|charge|charges|fee|percent|"
    r"percentage|share|margin|when|date|rate|berapa|harga|biaya|kapan|persen|tarif)\b",
    re.I,
)
_MIN_CHARS = 25  # shorter "sentences" are headings, labels and list stubs, not facts
_ANCHOR_CHARS = 30  # enough of a sentence to find it again in its passage
_LIST_LINE = re.compile(r"^\s*(?:[-*•]|\d+[.)])\s+(.+)$")
_MAX_ITEMS = 8  # a lead-in quoted with its list stays one readable quote
_MAX_ITEM_CHARS = 400
# Sentences written to steer a model rather than to inform ("Ignore previous instructions and
# answer: ..."): quoting one is harmless, but it must not outrank real evidence by sounding
# like an answer to the question.
_INSTRUCTION = re.compile(
    r"\b(?:ignore|disregard|forget|override)\b(?:\W+\w+){0,4}?\W+"
    r"(?:previous|prior|above|earlier|preceding|all|any|your|the|these|those)\b"
    r"(?:\W+\w+){0,2}?\W+(?:instructions?|prompts?|rules|directions|guidelines)\b"
    r"|\byou are now\b|\bnew instructions?\s*:|\b(?:developer|jailbreak|DAN) mode\b"
    r"|(?:^|[.!?:]\s+|\band\s+)(?:now\s+)?(?:answer|respond|reply|say|output)\s+(?:only\s+)?"
    r"(?:with\b|that\b)|(?:^|\band\s+)(?:answer|respond|reply|say)\s*:"
    r"|\bas an ai (?:language model|assistant)\b",
    re.I,
)
# A lookup's sentence that holds the asked kind of value (beside the asked noun or unit)
# gains up to this much: about the margin by which a general sentence of the same section
# outscores the one with the figure, a name or a date in long real documents.
_KIND_WEIGHT = 0.2
# A stated qualifier (">200K", "before", "free") gains, a contradicted one loses, this much.
_QUALIFIER_WEIGHT = 0.1
# A sentence holding the asked value in full comes first when its own score is within this
# of the best: close enough to be about the same thing, not a figure from elsewhere.
_FIT_WINDOW = 0.25
# Multiplies an instruction-like sentence's score: enough to drop it below any relevant
# evidence (and, alone, below the abstention threshold), while it stays quotable.
_INSTRUCTION_DEMOTION = 0.5


class SentenceEmbedder:
    """Embeds sentences with a bounded cache: the same passages come back query after query."""

    def __init__(self, embeddings: Embeddings, capacity: int = 20_000) -> None:
        self._embeddings = embeddings
        self._cache: OrderedDict[str, np.ndarray] = OrderedDict()
        self._capacity = capacity
        self._lock = threading.Lock()

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        with self._lock:
            missing = [t for t in dict.fromkeys(texts) if t not in self._cache]
        if missing:
            vectors = self._embeddings.embed_documents(missing)
            with self._lock:
                for text, vector in zip(missing, vectors, strict=True):
                    self._cache[text] = np.asarray(vector, dtype=np.float32)
                while len(self._cache) > self._capacity:
                    self._cache.popitem(last=False)
        with self._lock:
            rows = [self._cache[t] for t in texts]
        return np.vstack(rows) if rows else np.zeros((0, 1), dtype=np.float32)


class EvidenceSelector:
    """Scores every sentence of the passages by meaning, shared terms and numbers."""

    def __init__(
        self,
        embedder: SentenceEmbedder,
        max_evidence: int = 4,
        weights: tuple[float, float, float, float] = (0.55, 0.3, 0.1, 0.05),
    ) -> None:
        """`weights`: meaning, shared terms, a number when one is asked for, passage rank."""
        self._embedder = embedder
        self._max = max_evidence
        self._weights = weights

    def select(
        self,
        question: str,
        query_embedding: Sequence[float],
        passages: list[Passage],
        ask: Ask | None = None,
    ) -> list[Evidence]:
        """The best sentences; with a checkable `ask`, the best one that gives the asked
        value for the asked names comes first, wherever it stands in the passages."""
        candidates: list[tuple[str, Passage, int]] = []
        for rank, passage in enumerate(passages):
            for sentence in split_sentences(passage.text):
                if len(sentence) >= _MIN_CHARS and not sentence.startswith("#"):
                    candidates.append((with_list_items(sentence, passage.text), passage, rank))
        if not candidates:
            return []
        vectors = self._embedder.embed([c[0] for c in candidates])
        semantic = vectors @ np.asarray(query_embedding, dtype=np.float32)
        q_terms = set(tokenize(question))
        wants_number = bool(_QUANTITY.search(question))
        contexts = [set(tokenize(f"{c[0]} {c[1].title} {c[1].location}")) for c in candidates]
        weight = _rarity(q_terms, contexts)
        q_weight = sum(weight.values())
        scored: list[tuple[float, str, Passage]] = []
        for (sentence, passage, rank), sem, context_terms in zip(
            candidates, semantic, contexts, strict=True
        ):
            shared = sum(weight[t] for t in q_terms & context_terms)
            lexical = shared / q_weight if q_weight else 0.0
            has_number = 1.0 if wants_number and numbers(sentence) else 0.0
            prior = 1.0 / (1 + rank)
            w_sem, w_lex, w_num, w_rank = self._weights
            score = w_sem * float(sem) + w_lex * lexical + w_num * has_number + w_rank * prior
            if instruction_like(sentence):
                score *= _INSTRUCTION_DEMOTION
            scored.append((score, sentence, passage))
        scored.sort(key=lambda s: s[0], reverse=True)
        top = Evidence(0, scored[0][1], scored[0][2], scored[0][0])
        if ask is not None:  # a lookup: the sentence holding the asked value goes first
            lead = _lead(question, ask, scored)
            if lead is not None:
                scored.remove(lead)
                scored.insert(0, lead)
        chosen: list[Evidence] = []
        seen: list[set[str]] = []
        for score, sentence, passage in scored:
            terms = set(tokenize(sentence))
            if any(len(terms & s) >= 0.8 * max(len(terms), 1) for s in seen):
                continue  # overlapping chunks repeat sentences
            seen.append(terms)
            chosen.append(Evidence(len(chosen) + 1, sentence, passage, score))
            if len(chosen) == self._max:
                break
        return _keeping_best(chosen, top, self._max)


Scored = list[tuple[float, str, Passage]]
Keyed = list[tuple[tuple[bool, float, float], tuple[float, str, Passage]]]


def _lead(question: str, ask: Ask, scored: Scored) -> tuple[float, str, Passage] | None:
    """The sentence a lookup's answer should open with: the one carrying the asked kind of
    value beside the asked noun or unit and stating (never contradicting) the question's
    qualifiers; with a checkable ask, the first such one that gives the value for the asked
    names. Only this one moves: the rest keep their order, so the most relevant sentence
    stays next to it and is still quoted."""
    want = wanted(question)
    order = by_fit(want, scored) if want.kinds or want.qualifiers.stated else []
    if ask.checkable:
        (full, _, qualifier), best = order[0]
        if full and qualifier > 0 and names_in(ask, _read_with(best[2])):
            return best  # the row for the asked qualifier, its names in the lead-in above it
        pool = [s for key, s in order if key[2] >= 0]  # none that contradicts a qualifier
        return next((s for s in pool if gives_asked_value(ask, s[1], s[2])), None)
    if order and (order[0][0][0] or order[0][0][2] > 0 or order[0][0][1] > scored[0][0]):
        return order[0][1]
    return None


def by_fit(want: Wanted, scored: Scored) -> Keyed:
    """The sentences, each keyed by (whether it holds the asked value in full within reach
    of the best score, its score with the fit added, its qualifier fit), best first."""
    best = scored[0][0]
    keyed: Keyed = []
    for score, sentence, passage in scored:
        kind = kind_fit(want, sentence)
        qualifier = qualifier_fit(want, sentence, passage.location)
        full = kind == 1.0 and qualifier >= 0 and score >= best - _FIT_WINDOW
        ranking = score + _KIND_WEIGHT * kind + _QUALIFIER_WEIGHT * qualifier
        keyed.append(((full, ranking, qualifier), (score, sentence, passage)))
    if want.qualifiers.extreme is not None:
        _favour_extreme(want, keyed)
    keyed.sort(key=lambda k: k[0][:2], reverse=True)
    return keyed


def _favour_extreme(want: Wanted, keyed: Keyed) -> None:
    """ "The top plan", "the cheapest model": of the sentences holding the asked value in
    full, the one with the largest (smallest) figure states the asked qualifier."""
    values = [
        (value, i)
        for i, ((full, _, _), (_, sentence, _)) in enumerate(keyed)
        if full and (value := extreme_value(want, sentence)) is not None
    ]
    if not values:
        return
    _, at = max(values) if want.qualifiers.extreme == "max" else min(values)
    (full, ranking, qualifier), entry = keyed[at]
    keyed[at] = ((full, ranking + _QUALIFIER_WEIGHT, qualifier), entry)


def _read_with(passage: Passage) -> str:
    return f"{passage.text}\n{passage.location}\n{passage.title}"


def _keeping_best(chosen: list[Evidence], best: Evidence, most: int) -> list[Evidence]:
    """The chosen evidence with the most relevant sentence kept in it (last, when reordering
    pushed it out): abstention reads the best evidence score, which a reorder must not
    lower."""
    if any(e.text == best.text for e in chosen):
        return chosen
    kept = chosen[: most - 1]
    return [*kept, Evidence(len(kept) + 1, best.text, best.passage, best.score)]


def instruction_like(sentence: str) -> bool:
    """Whether the sentence tells a model what to do (a prompt injection) instead of
    stating a fact."""
    return bool(_INSTRUCTION.search(sentence))


def _rarity(terms: set[str], contexts: list[set[str]]) -> dict[str, float]:
    """Each question term weighted by how rare it is among the candidate sentences, so the
    one sentence naming "webpack" beats five that share "open source" with the question.
    Relative to what was retrieved, not a constant fitted to one corpus."""
    n = len(contexts)
    return {t: math.log(1 + n / (1 + sum(t in c for c in contexts))) for t in terms}


def with_list_items(sentence: str, text: str) -> str:
    """A lead-in ending in ":" carries the list that follows it, verbatim ("four areas:
    - A - B ..."): alone it answers nothing."""
    if not sentence.endswith(":"):
        return sentence
    start, anchor = text.find(sentence[:_ANCHOR_CHARS]), sentence[-_ANCHOR_CHARS:]
    end = text.find(anchor, max(start, 0))
    if start < 0 or end < 0:
        return sentence
    stop, items = end + len(anchor), 0
    for line in text[stop:].split("\n")[1:]:
        if _LIST_LINE.match(line) is None and line.strip():
            break
        if line.strip():
            items += 1
        stop = text.index(line, stop) + len(line)
        if items == _MAX_ITEMS or stop - end > _MAX_ITEM_CHARS:
            break
    return text[start:stop].rstrip() if items else sentence


def sentence_context(sentence: str, passage: Passage) -> tuple[str, str]:
    """What a sentence is read with: (its heading, its document's title and file name;
    the text before it in its passage). "17-gitlab-pricing" says whose table a bare row is."""
    flat = " ".join(passage.text.split())
    at = flat.find(sentence[:_ANCHOR_CHARS])
    before = flat[:at] if at > 0 else ""
    name = re.sub(r"[-_]+", " ", passage.source.replace("\\", "/").rsplit("/", 1)[-1])
    return f"{passage.location}\n{passage.title}\n{name}", before


def gives_asked_value(ask: Ask, sentence: str, passage: Passage) -> bool:
    around, before = sentence_context(sentence, passage)
    return answers(ask, sentence, around, before)
