"""The grounded pipeline: rewrite, handle or retrieve, select evidence, abstain or generate,
guard."""

from __future__ import annotations

import time
from collections.abc import Callable, Generator, Iterator, Sequence

from langchain_core.embeddings import Embeddings

from advisor.answering import prompts
from advisor.answering.abstention import clears_floor
from advisor.answering.answerability import (
    Ask,
    mentioned,
    question_names,
    read_ask,
)
from advisor.answering.base import Answerer, AskOptions, Grounds, QuestionHandler
from advisor.answering.compose import Composer, Gathered
from advisor.answering.evidence import (
    EvidenceSelector,
    SentenceEmbedder,
)
from advisor.answering.generation import (
    GenerationFailed,
    Statement,
    build_messages,
    calls_model,
    fallback_quotes,
    generation_options,
    guarded,
    interruptible,
    quotable,
    quote,
    sentence_batches,
    statement,
)
from advisor.answering.guard import AnswerGuard
from advisor.answering.intent import IntentClassifier, abstain_below
from advisor.answering.messages import to_chat_messages
from advisor.answering.rewrite import rewrite_follow_up
from advisor.answering.trap import not_given, value_missing
from advisor.answering.types import (
    Answer,
    AnswerDelta,
    AnswerEvent,
    Citation,
    Evidence,
    ModelUsage,
    Timings,
)
from advisor.llm.base import ChatMessage, ChatModel
from advisor.retrieval.hybrid import HybridRetriever
from advisor.retrieval.types import Passage
from advisor.settings import AnswerSettings, LLMSettings
from advisor.text import question_language, tokenize


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
        intents: IntentClassifier | None = None,
    ) -> None:
        self._retriever = retriever
        self._llm_factory = llm_factory  # the model loads on the first real answer, not before
        self._embedder = SentenceEmbedder(embeddings)
        self._selector = EvidenceSelector(self._embedder, settings.max_evidence)
        self._settings = settings
        self._llm_settings = llm_settings
        self._handlers = tuple(handlers)
        self._intents = intents or IntentClassifier(embeddings)
        self._composer = Composer(retriever, self._embedder)

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
        intent = self._intents.classify(standalone).intent
        yield from self.compose(self.ground(question, standalone, options, start), intent)

    def ground(
        self, question: str, standalone: str, options: AskOptions, started: float
    ) -> Grounds:
        """Retrieve passages for the standalone question and pick the evidence in them."""
        embedding = self._retriever.embed_query(standalone)
        passages = self._retriever.retrieve(standalone, options.top_k, options.filters, embedding)
        ask = self._ask(standalone, passages)
        evidence = self._selector.select(standalone, embedding, passages, ask)
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

    def compose(self, grounds: Grounds, intent: str = "lookup") -> Iterator[AnswerEvent]:
        """The answer from the evidence: an abstention, an answer composed for the intent
        (comparison, recommendation, explanation), or guarded generation with quotes."""
        answer = Answer(
            question=grounds.question,
            answer="",
            abstained=False,
            passages=grounds.passages,
            evidence=grounds.evidence,
            timings=Timings(retrieve_ms=grounds.retrieve_ms),
            standalone_question=grounds.standalone,
            intent=intent,
        )
        options = grounds.options  # evidence per aspect, for the intents composed from it
        gathered = self._composer.gather(intent, grounds.standalone, options.top_k, options.filters)
        reason = self._abstain_reason(
            grounds.standalone, grounds.evidence, intent, gathered, grounds.passages
        )
        if reason is not None:
            answer.abstained = True
            answer.dropped.append(reason)
            statements = iter([Statement(self._abstention(grounds.language, grounds.passages), ())])
        elif (
            intent == "lookup"  # never for advice, comparisons or definitions
            and (ask := self._ask(grounds.standalone, grounds.passages)).checkable
            and value_missing(ask, grounds.evidence)
        ):
            answer.abstained = True
            answer.dropped.append(f"no {ask.kind} for {' / '.join(ask.labels)} in the evidence")
            statements = iter([not_given(ask, grounds)])
        else:
            composed = self._composed(grounds, answer, gathered) if gathered is not None else None
            statements = composed or self._statements(grounds, answer)
        yield from emit(answer, statements, grounds.started)

    def _composed(
        self, grounds: Grounds, answer: Answer, gathered: Gathered
    ) -> Iterator[Statement] | None:
        """The intent's answer from evidence gathered per aspect; None when it cannot be
        built (the quote-first answer stands then). With `model_first` the model's guarded
        sentences, written from the same evidence grouped by aspect, lead."""
        composed = self._composer.compose(
            answer.intent, grounds.standalone, gathered, grounds.language
        )
        if composed is None:
            return None
        answer.passages, answer.evidence = gathered.passages, gathered.evidence
        answer.sections = list(composed.sections)
        lead: list[Statement] = []
        if self._settings.style == "model_first":
            lead = list(self._model_lines(grounds, gathered, answer))
        body = ("\n\n" if lead else "") + composed.text
        return iter([*lead, Statement(body, tuple(composed.cited))])

    def _model_lines(
        self, grounds: Grounds, gathered: Gathered, answer: Answer
    ) -> Iterator[Statement]:
        """The model's connecting sentences over the grouped evidence, each one guarded."""
        guard = AnswerGuard(
            self._embedder,
            gathered.evidence,
            grounds.standalone,
            self._vocabulary(),
            support_min=self._settings.support_min,
        )
        messages = to_chat_messages(
            prompts.composed_messages(
                grounds.standalone,
                grounds.language,
                answer.intent,
                gathered.evidence,
                gathered.aspects,
            )
        )
        yield from self._guarded_model(guard, messages, grounds, answer)

    def _guarded_model(
        self, guard: AnswerGuard, messages: list[ChatMessage], grounds: Grounds, answer: Answer
    ) -> Generator[Statement, None, bool]:
        """The model's sentences that pass `guard`; drop reasons, a failure and the token usage
        go to `answer`. Returns whether the model failed, so callers can fall back to quotes."""
        pieces = self._llm_factory().stream(
            messages, generation_options(grounds.options, self._llm_settings)
        )
        try:
            for checked in guarded(guard, sentence_batches(interruptible(pieces))):
                if checked.dropped_because is None:
                    yield statement(checked)
                else:
                    answer.dropped.append(f"{checked.text} -- {checked.dropped_because}")
        except GenerationFailed as error:
            answer.dropped.append(f"model failed: {error}")
            return True
        finally:
            pieces.close()  # stops generation early when we broke off
            answer.usage = ModelUsage.add(answer.usage, pieces)
        return False

    def _statements(self, grounds: Grounds, answer: Answer) -> Iterator[Statement]:
        """Quotes and the model's guarded sentences, in the configured order; drop reasons
        and a failed model go to `answer.dropped`, and a failed model leaves a note."""
        language, quoted = grounds.language, quotable(grounds.evidence)
        guard = AnswerGuard(
            self._embedder,
            grounds.evidence,
            grounds.standalone,
            self._vocabulary(),
            support_min=self._settings.support_min,
        )
        quote_first = self._settings.style == "quote_first"
        if quote_first:
            # The strongest evidence, verbatim, at once; the model may then add what it adds.
            yield quote(language, quoted)
            guard.already_said([e.text for e in quoted])
        if not calls_model(self._settings.style, quoted, self._settings.model_after_quote):
            return
        messages = build_messages(grounds.standalone, language, grounds.evidence)
        failed = yield from self._guarded_model(guard, messages, grounds, answer)
        if failed and not quote_first:
            yield quote(language, quoted)  # whatever the model managed, the evidence stands
        elif not quote_first:
            yield from fallback_quotes(guard, language, quoted)
        if failed:
            yield Statement(prompts.MODEL_FAILED.get(language, prompts.MODEL_FAILED["en"]), ())

    def _vocabulary(self) -> frozenset[str]:
        return self._retriever.vocabulary()

    def _ask(self, question: str, passages: list[Passage]) -> Ask:
        texts = [f"{p.text}\n{p.location}\n{p.title}\n{p.source}" for p in passages]
        return mentioned(read_ask(question, self._vocabulary()), texts)

    def _abstain_reason(
        self,
        question: str,
        evidence: list[Evidence],
        intent: str = "lookup",
        gathered: Gathered | None = None,
        passages: Sequence[Passage] = (),
    ) -> str | None:
        if not evidence:
            return "no evidence retrieved"
        best = max(e.score for e in evidence)
        floor = abstain_below(
            intent,
            question,
            self._settings.abstain_below,
            self._settings.recommend_abstain_below,
        )
        vocabulary = self._vocabulary()
        covered = gathered is not None and self._composer.covers(intent, question, gathered, floor)
        if best < floor and not covered:  # only then is the keyword side asked for rarity
            rarity = self._retriever.rarity(list(dict.fromkeys(tokenize(question))))
            reach = self._settings.focus_reach
            if not clears_floor(best, floor, passages, rarity, vocabulary, reach):
                return f"best evidence {best:.2f} below {floor:.2f}"
        _, unknown = question_names(question, vocabulary)
        if unknown:
            return f"the index never mentions {', '.join(unknown)}"
        return None

    def _abstention(self, language: str, passages: list[Passage]) -> str:
        lang = language if language in prompts.ABSTAIN else "en"
        if not passages:
            return prompts.EMPTY_INDEX[lang]
        titles = list(dict.fromkeys(p.title for p in passages))[:3]
        closest = prompts.CLOSEST[lang].format(topics="; ".join(titles))
        return f"{prompts.ABSTAIN[lang]} {closest}"


def emit(answer: Answer, statements: Iterator[Statement], started: float) -> Iterator[AnswerEvent]:
    """Each statement as a delta as soon as it is ready, then the finished `answer` with its
    text, citations and timings."""
    timings = answer.timings
    parts: list[str] = []
    cited: list[int] = []
    for said in statements:
        if timings.first_token_ms is None:
            timings.first_token_ms = (time.perf_counter() - started) * 1000
        yield AnswerDelta(said.text if not parts else " " + said.text)
        parts.append(said.text)
        cited.extend(n for n in said.cited if n not in cited)
    answer.answer = " ".join(parts)
    by_n = {e.n: e for e in answer.evidence}
    answer.citations = [Citation.of(by_n[n]) for n in sorted(cited)]
    timings.total_ms = (time.perf_counter() - started) * 1000
    yield answer
