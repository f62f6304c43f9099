"""Calculation questions in the chat: answered by the engine, not by retrieval alone.

The conversation is read turn by turn: a calculation question starts (or refines) the
parameters, a later message that only adds numbers or a model ("and on Claude Sonnet?",
"400 output tokens", "use defaults") fills them in, anything else ends the calculation.
The answer leads with the result, cites the article behind each price, and closes with
one or two evidence sentences on what the numbers mean for the pricing model.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import replace
from pathlib import Path

from advisor.answering.base import AskOptions, Grounds
from advisor.answering.types import (
    Answer,
    AnswerDelta,
    AnswerEvent,
    Citation,
    Evidence,
    Section,
    SectionItem,
    Timings,
)
from advisor.economics.calc import CalculationError
from advisor.economics.cite import price_citation
from advisor.economics.compute import Calculation, calculate, missing, with_defaults
from advisor.economics.extract import ParamExtractor, Params
from advisor.economics.present import ask_missing, render, texts
from advisor.economics.prices import PriceRow, PriceTable
from advisor.retrieval.types import Passage, RetrievalFilter
from advisor.text import question_language

INTENT = "calculation"
MAX_ADVICE = 2  # sentences on what the numbers mean: enough to guide, short enough to read
# Phrased like the knowledge base's lessons, so evidence selection finds the general point
# rather than another worked example (checked on the bundled articles).
_ADVICE_QUERY = {
    "en": "usage-based pricing ties revenue to cost: heavy users pay more, while a flat seat "
    "price lets the heaviest users erase the margin",
    "id": "harga berbasis pemakaian mengikuti biaya inferensi; harga tetap per kursi membuat "
    "pengguna berat menggerus margin",
}
_OUTCOME_QUERY = {
    "en": "outcome-based pricing: you pay inference on every conversation but only earn on "
    "resolved ones, so margin depends on the resolution rate",
    "id": "harga berbasis hasil: biaya inferensi dibayar untuk setiap percakapan, tetapi "
    "pendapatan hanya dari yang terselesaikan, jadi margin bergantung pada tingkat resolusi",
}
Grounder = Callable[[str, AskOptions], Grounds]


class CalculationHandler:
    """A `QuestionHandler` for questions that ask for arithmetic on the user's numbers."""

    def __init__(
        self,
        table: PriceTable,
        knowledge_dir: Path,
        grounder: Grounder | None = None,
        min_evidence_score: float = 0.0,
    ) -> None:
        self._table = table
        self._knowledge_dir = knowledge_dir
        self._grounder = grounder
        self._min_score = min_evidence_score  # the answerer's abstention threshold
        self._extractor = ParamExtractor.for_table(table)

    def is_calculation(self, question: str) -> bool:
        return self._extractor.is_calculation(question)

    def parameters(self, question: str, history: Sequence[str] = ()) -> Params | None:
        """The parameters the conversation has given, or None when the question is not a
        calculation nor a follow-up to one."""
        state: Params | None = None
        for turn in [*history, question]:
            params = self._extractor.extract(turn)
            if self._extractor.is_calculation(turn):
                state = params.merged_over(state) if state else params
            elif state is not None and _adds_to(params):
                state = params.merged_over(state)
            else:
                state = None
            if state is not None and params.use_defaults:
                state = with_defaults(state, missing(state, self._table))
        return state

    def handle(
        self, question: str, standalone: str, history: Sequence[str], options: AskOptions
    ) -> Iterator[AnswerEvent] | None:
        params = self.parameters(question, history)
        if params is None:
            return None
        return self._answer(question, params, options)

    def _answer(self, question: str, params: Params, options: AskOptions) -> Iterator[AnswerEvent]:
        start = time.perf_counter()
        language = question_language(question)
        answer = Answer(question=question, answer="", abstained=False, intent=INTENT)
        answer.standalone_question = question
        gaps = missing(params, self._table)
        try:
            result = None if gaps else calculate(params, self._table)
        except CalculationError as exc:
            result, answer.answer = None, f"{exc}."
        if result is None:
            answer.answer = answer.answer or ask_missing(gaps, language)
            yield from _finish(answer, [answer.answer], start)
            return
        citations, marks = self._price_citations(result)
        lead, extras = render(result, marks, language)
        first = "\n\n".join([lead, *extras])
        answer.timings.first_token_ms = (time.perf_counter() - start) * 1000
        yield AnswerDelta(first)
        price_passages = self._price_passages(result, options)  # after the result is shown
        advice, evidence, grounds = self._advice(result, language, options, len(citations))
        pieces = [first]
        if advice:
            line = (
                texts(language)["meaning"] + " " + " ".join(f'"{e.text}" [{e.n}]' for e in evidence)
            )
            pieces.append(line)
            yield AnswerDelta("\n\n" + line)
        answer.citations = citations + advice
        answer.evidence = evidence
        advice_passages = grounds.passages if grounds else []
        shown = {(p.source, p.chunk.index) for p in price_passages}
        answer.passages = price_passages + [
            p for p in advice_passages if (p.source, p.chunk.index) not in shown
        ]
        answer.sections = _sections(lead, extras, citations, evidence, language)
        answer.answer = "\n\n".join(pieces)
        answer.timings.total_ms = (time.perf_counter() - start) * 1000
        yield answer

    def _price_citations(self, result: Calculation) -> tuple[list[Citation], dict[str, str]]:
        """One citation per product and article; marks: product -> "[1]" or "[1][2]"."""
        groups: dict[tuple[str, str], list[PriceRow]] = {}
        for row in result.rows:
            groups.setdefault((row.product, row.article), []).append(row)
        citations: list[Citation] = []
        marks: dict[str, str] = {}
        for (product, _), rows in groups.items():
            citation = price_citation(len(citations) + 1, rows, self._knowledge_dir)
            citations.append(citation)
            marks[product] = marks.get(product, "") + f"[{citation.n}]"
        return citations, marks

    def _price_passages(self, result: Calculation, options: AskOptions) -> list[Passage]:
        """The indexed passage of each price row's article that best matches the price, so
        the answer's retrieved passages show where the figures come from."""
        if self._grounder is None:
            return []
        found: list[Passage] = []
        for row in {r.article: r for r in result.rows if r.origin == "bundled"}.values():
            only = replace(options, filters=RetrievalFilter(source_suffix=f"/{row.article}"))
            query = f"{row.product} price {row.unit_label}"
            found += self._grounder(query, only).passages[:1]
        return found

    def _advice(
        self, result: Calculation, language: str, options: AskOptions, offset: int
    ) -> tuple[list[Citation], list[Evidence], Grounds | None]:
        """Up to MAX_ADVICE evidence sentences, quoted verbatim, only when they clear the
        answerer's abstention threshold."""
        if self._grounder is None:
            return [], [], None
        lang = "id" if language == "id" else "en"
        outcome = (
            result.outcome is not None
            or result.params.success_rate is not None
            or result.kind == "outcome_revenue"
        )
        query = (_OUTCOME_QUERY if outcome else _ADVICE_QUERY)[lang]
        grounds = self._grounder(query, options)
        strong = [e for e in grounds.evidence if e.score >= self._min_score]
        general = [e for e in strong if not any(c.isdigit() for c in e.text)]
        # Sentences with figures belong to another worked example; only when nothing else is.
        picked = (general or strong)[:MAX_ADVICE]
        chosen = [replace(e, n=offset + i) for i, e in enumerate(picked, 1)]
        return [Citation.of(e) for e in chosen], chosen, grounds


def _adds_to(params: Params) -> bool:
    """A follow-up that carries numbers, a model or "use defaults" refines the calculation."""
    return (
        params.use_defaults
        or params.model is not None
        or (params.found() - (params.product is not None) > 0)
    )


def _sections(
    lead: str,
    extras: list[str],
    citations: list[Citation],
    evidence: list[Evidence],
    language: str,
) -> list[Section]:
    cited = tuple(c.n for c in citations)
    headline = lead.split("\n\n")[0]
    result = [SectionItem(headline, cited), *(SectionItem(line, ()) for line in extras)]
    sections = [Section("Result" if language != "id" else "Hasil", tuple(result))]
    if evidence:
        title = "What it means" if language != "id" else "Artinya"
        sections.append(Section(title, tuple(SectionItem(e.text, (e.n,)) for e in evidence)))
    return sections


def _finish(answer: Answer, parts: list[str], start: float) -> Iterator[AnswerEvent]:
    timings: Timings = answer.timings
    timings.first_token_ms = timings.total_ms = (time.perf_counter() - start) * 1000
    yield AnswerDelta("\n\n".join(parts))
    yield answer
