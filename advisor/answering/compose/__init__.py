"""Answers shaped by the question: a comparison table, a recommendation, an explanation.

`Composer` plans the retrieval queries an intent needs, gathers and merges their evidence,
and builds the answer from cited evidence sentences only, without the model. When it cannot
(fewer than two named things, too few distinct reasons, no backed advice) it returns None
and the quote-first answer stands.
"""

from __future__ import annotations

from advisor.answering.compose.base import Composed
from advisor.answering.compose.comparison import compare, priced_for
from advisor.answering.compose.criteria import CONSIDERATIONS, CRITERIA
from advisor.answering.compose.entities import named_entities
from advisor.answering.compose.explanation import explain
from advisor.answering.compose.gather import AspectQuery, Gathered, Gatherer
from advisor.answering.compose.glossary import in_english
from advisor.answering.compose.recommendation import covered, matched_criteria, recommend
from advisor.answering.evidence import EvidenceSelector, SentenceEmbedder
from advisor.retrieval.hybrid import HybridRetriever
from advisor.retrieval.types import RetrievalFilter
from advisor.text import question_language, tokenize

__all__ = ["ADVICE", "Composed", "Composer", "Gathered", "plan"]

ADVICE: frozenset[str] = frozenset({"recommendation", "explanation"})
"""Intents that never ask for one value: "what pricing model would you recommend for a
developer API" names the API but wants advice, not its price, so the lookup's check that
a named thing's asked value is in the evidence does not apply to them."""

EXPLANATION_K = 12  # passages per explanation query: reasons sit in several articles
COMPARISON_K = 10  # passages per entity query: room for the table row that gives its price
PER_QUERY_EVIDENCE = 12  # sentences kept per query before the merge: room for other documents
EXPLANATION_PER_QUERY = 5  # an explanation draws its reasons from its two queries alone


def plan(intent: str, question: str) -> list[AspectQuery]:
    """The retrieval queries an intent needs; empty when the question does not fit it."""
    main = AspectQuery("main", question)
    if intent == "comparison":
        entities = named_entities(question)
        if len(entities) < 2:
            return []
        return [main] + [
            AspectQuery(e, f"{e} price, billing unit, what counts and since when", priced_for(e))
            for e in entities
        ]
    if intent == "recommendation":
        queries = [main] + [AspectQuery(k, q) for k, q in CONSIDERATIONS.items()]
        # the two the conditional advice may need, whatever the question says
        wanted = {"hybrid", "seat"} | {c.key for c in matched_criteria(question)}
        return queries + [AspectQuery(c.key, c.query) for c in CRITERIA if c.key in wanted]
    if intent == "explanation":
        reasons = "reasons and causes: " + " ".join(tokenize(question))
        return [main, AspectQuery("main", reasons), *_in_english(question)]
    return []


def _in_english(question: str) -> list[AspectQuery]:
    """For an Indonesian question, the same question in English words: the reasons it asks
    for often sit in the English articles, which its own words do not find."""
    if question_language(question) != "id":
        return []
    return [AspectQuery("main", in_english(question))]


class Composer:
    """Gathers per-aspect evidence through the retriever and composes the answer."""

    def __init__(self, retriever: HybridRetriever, embedder: SentenceEmbedder) -> None:
        self._gatherer = Gatherer(retriever, EvidenceSelector(embedder, PER_QUERY_EVIDENCE))

    def gather(
        self,
        intent: str,
        question: str,
        k: int | None = None,
        filters: RetrievalFilter | None = None,
    ) -> Gathered | None:
        queries = plan(intent, question)
        if not queries:
            return None
        if intent == "explanation":
            return self._gatherer.gather(
                queries, max(k or 0, EXPLANATION_K), filters, EXPLANATION_PER_QUERY
            )
        if intent == "comparison":  # a product's price row often ranks below its prose
            return self._gatherer.gather(queries, max(k or 0, COMPARISON_K), filters)
        return self._gatherer.gather(queries, k, filters)

    @staticmethod
    def covers(intent: str, question: str, gathered: Gathered, floor: float) -> bool:
        """Whether the gathered evidence answers the question though the evidence for its
        own wording scored under `floor`: a recommendation is judged on the pricing criteria
        the knowledge base covers, not on how near its product description comes."""
        return intent == "recommendation" and covered(question, gathered, floor)

    @staticmethod
    def compose(
        intent: str, question: str, gathered: Gathered, language: str = "en"
    ) -> Composed | None:
        if intent == "comparison":
            return compare(named_entities(question), gathered.evidence, language)
        if intent == "recommendation":
            return recommend(question, gathered, language)
        if intent == "explanation":
            return explain(gathered.evidence, language, _with_english(question, language))
        return None


def _with_english(question: str, language: str) -> str:
    """The question with its English rendering, so an English sentence can share its words."""
    return f"{question} {in_english(question)}" if language == "id" else question
