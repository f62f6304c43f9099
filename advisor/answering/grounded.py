"""The grounded pipeline: rewrite, handle or retrieve, select evidence, abstain or generate,
guard."""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterator, Sequence

from langchain_core.embeddings import Embeddings

from advisor.answering import prompts
from advisor.answering.base import Answerer, AskOptions, Grounds, QuestionHandler
from advisor.answering.evidence import EvidenceSelector, SentenceEmbedder
from advisor.answering.guard import AnswerGuard, render
from advisor.answering.messages import to_chat_messages
from advisor.answering.rewrite import rewrite_follow_up
from advisor.answering.types import Answer, AnswerDelta, AnswerEvent, Citation, Evidence, Timings
from advisor.llm.base import ChatModel, GenerationOptions
from advisor.retrieval.hybrid import HybridRetriever
from advisor.retrieval.types import Passage
from advisor.settings import AnswerSettings, LLMSettings
from advisor.text import (
    numbers,
    proper_names,
    question_language,
    split_sentences,
    tokenize,
)

_MARKER_AFTER_STOP = re.compile(r"([.!?])\s*((?:\[\d+(?:\s*,\s*\d+)*\]\s*)+)")
_FACT_MARKER = re.compile(r"\[(?:fact|facts|fakta)\s*(\d+)\]", re.I)
_QUOTE_MARGIN = 0.15
_RUNAWAY_CHARS = 400  # a "sentence" this long without a stop is the model rambling
_OPEN_MARKER = re.compile(r"\[[^\]]*$")


class GroundedAnswerer(Answerer):
    """Answers from retrieved evidence only: handlers first, then retrieve, select, compose."""

    def __init__(
        self,
        retriever: HybridRetriever,
        llm_factory: Callable[[], ChatModel],
        embeddings: Embeddings,
        settings: AnswerSettings,
        llm_settings: LLMSettings,
        handlers: Sequence[QuestionHandler] = (),
    ) -> None:
        self._retriever = retriever
        self._llm_factory = llm_factory  # the model loads on the first real answer, not before
        self._embedder = SentenceEmbedder(embeddings)
        self._selector = EvidenceSelector(self._embedder, settings.max_evidence)
        self._settings = settings
        self._llm_settings = llm_settings
        self._handlers = tuple(handlers)

    @property
    def embedder(self) -> SentenceEmbedder:
        return self._embedder

    def stream(
        self, question: str, history: Sequence[str] = (), options: AskOptions | None = None
    ) -> Iterator[AnswerEvent]:
        options = options or AskOptions()
        start = time.perf_counter()
        earlier = (
            list(history)[-self._settings.history_turns :] if self._settings.history_turns else []
        )
        standalone = rewrite_follow_up(question, earlier)
        for handler in self._handlers:
            handled = handler.handle(question, standalone, earlier, options)
            if handled is not None:
                yield from handled
                return
        yield from self.compose(self.ground(question, standalone, options, start))

    def ground(
        self, question: str, standalone: str, options: AskOptions, started: float
    ) -> Grounds:
        """Retrieve passages for the standalone question and pick the evidence in them."""
        embedding = self._retriever.embed_query(standalone)
        passages = self._retriever.retrieve(standalone, options.top_k, options.filters, embedding)
        evidence = self._selector.select(standalone, embedding, passages)
        return Grounds(
            question=question,
            standalone=standalone,
            language=question_language(question),
            passages=passages,
            evidence=evidence,
            options=options,
            started=started,
            retrieve_ms=(time.perf_counter() - started) * 1000,
        )

    def compose(self, grounds: Grounds) -> Iterator[AnswerEvent]:
        """The answer from the evidence: an abstention, or guarded generation with quotes."""
        start, evidence = grounds.started, grounds.evidence
        timings = Timings(retrieve_ms=grounds.retrieve_ms)
        answer = Answer(
            question=grounds.question,
            answer="",
            abstained=False,
            passages=grounds.passages,
            evidence=evidence,
            timings=timings,
            standalone_question=grounds.standalone,
        )
        reason = self._abstain_reason(grounds.standalone, evidence)
        if reason is not None:
            answer.abstained = True
            answer.answer = self._abstention(grounds.language, grounds.passages)
            answer.dropped.append(reason)
            timings.first_token_ms = timings.total_ms = (time.perf_counter() - start) * 1000
            yield AnswerDelta(answer.answer)
            yield answer
            return

        parts: list[str] = []
        cited: list[int] = []
        generated = self._generate(
            grounds.standalone, grounds.language, evidence, grounds.options, answer
        )
        for text, marks in generated:
            if timings.first_token_ms is None:
                timings.first_token_ms = (time.perf_counter() - start) * 1000
            piece = text if not parts else " " + text
            parts.append(text)
            cited.extend(n for n in marks if n not in cited)
            yield AnswerDelta(piece)
        answer.answer = " ".join(parts)
        by_n = {e.n: e for e in evidence}
        answer.citations = [Citation.of(by_n[n]) for n in sorted(cited)]
        timings.total_ms = (time.perf_counter() - start) * 1000
        yield answer

    def _abstain_reason(self, question: str, evidence: list[Evidence]) -> str | None:
        if not evidence:
            return "no evidence retrieved"
        best = evidence[0].score
        if best < self._settings.abstain_below:
            return f"best evidence {best:.2f} below {self._settings.abstain_below:.2f}"
        unknown = self._unknown_names(question)
        if unknown:
            return f"the index never mentions {', '.join(unknown)}"
        return None

    def _unknown_names(self, question: str) -> list[str]:
        """Proper names in the question that occur nowhere in the index."""
        vocabulary = self._retriever.keyword.vocabulary()
        unknown = []
        for name in proper_names(question):
            terms = tokenize(name)
            if terms and not all(t in vocabulary for t in terms):
                unknown.append(name)
        return unknown

    def _abstention(self, language: str, passages: list[Passage]) -> str:
        lang = language if language in prompts.ABSTAIN else "en"
        if not passages:
            return prompts.EMPTY_INDEX[lang]
        titles = list(dict.fromkeys(p.title for p in passages))[:3]
        closest = prompts.CLOSEST[lang].format(topics="; ".join(titles))
        return f"{prompts.ABSTAIN[lang]} {closest}"

    def _generate(
        self,
        question: str,
        language: str,
        evidence: list[Evidence],
        options: AskOptions,
        answer: Answer,
    ) -> Iterator[tuple[str, tuple[int, ...]]]:
        """Guarded sentences with their citations; quoted evidence when nothing survives."""
        guard = AnswerGuard(
            self._embedder, evidence, question, self._retriever.keyword.vocabulary()
        )
        messages = prompts.GROUNDED.format_messages(
            language=prompts.LANGUAGE_NAMES.get(language, "English"),
            facts=prompts.format_facts(evidence),
            question=question,
        )
        generation = GenerationOptions(
            max_new_tokens=options.max_new_tokens or self._llm_settings.max_new_tokens,
            temperature=(
                options.temperature
                if options.temperature is not None
                else self._llm_settings.temperature
            ),
        )
        quotable = _quotable(evidence)
        if self._settings.style == "quote_first":
            # The strongest evidence, verbatim, at once; the model may then add what it adds.
            yield self._quote(language, quotable), tuple(e.n for e in quotable)
            guard.already_said([e.text for e in quotable])
        text, done = "", 0
        pieces = self._llm_factory().stream(to_chat_messages(messages), generation)
        try:
            for piece in pieces:
                text = _normalise(text + piece)
                if _OPEN_MARKER.search(text):
                    continue  # a citation marker is still being written
                sentences = split_sentences(text)
                for sentence in sentences[done:-1]:
                    yield from self._checked(guard, sentence, answer)
                done = max(done, len(sentences) - 1)
                if guard.exhausted or len(sentences[-1]) > _RUNAWAY_CHARS:
                    break
            else:
                for sentence in split_sentences(text)[done:]:
                    yield from self._checked(guard, sentence, answer)
        finally:
            pieces.close()  # stops generation early when we broke off
        if self._settings.style == "quote_first":
            return
        if guard.kept == 0:
            yield self._quote(language, quotable), tuple(e.n for e in quotable)
        elif not guard.covers(quotable[0]):
            # The strongest evidence says something the model left out: show it, quoted.
            top = quotable[0]
            yield f'"{top.text}" [{top.n}]', (top.n,)

    @staticmethod
    def _quote(language: str, quoted: list[Evidence]) -> str:
        intro = prompts.QUOTE_INTRO.get(language, prompts.QUOTE_INTRO["en"])
        return intro + " " + " ".join(f'"{e.text}" [{e.n}]' for e in quoted)

    @staticmethod
    def _checked(
        guard: AnswerGuard, sentence: str, answer: Answer
    ) -> Iterator[tuple[str, tuple[int, ...]]]:
        checked = guard.check(sentence)
        if checked.dropped_because is not None:
            answer.dropped.append(f"{checked.text} -- {checked.dropped_because}")
            return
        yield render(checked), checked.cited


def _quotable(evidence: list[Evidence]) -> list[Evidence]:
    """The evidence worth quoting: the best sentence, and the runner-up when it is about as
    good, numeric ones first, since figures are what users most often ask for."""
    close = [e for e in evidence[:2] if e.score >= evidence[0].score - _QUOTE_MARGIN]
    return sorted(close, key=lambda e: not numbers(e.text))


def _normalise(text: str) -> str:
    """'[Fact 2]' -> '[2]' and 'text. [1]' -> 'text [1].' so markers stay with their sentence."""
    text = _FACT_MARKER.sub(r"[\1]", text)
    return _MARKER_AFTER_STOP.sub(lambda m: f" {m.group(2).strip()}{m.group(1)} ", text)
