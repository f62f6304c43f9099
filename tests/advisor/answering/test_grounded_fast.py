"""The grounded pipeline on the fast tier: a scripted model, bag-of-words embeddings and a
fixed retriever, so each branch is tested in milliseconds."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from advisor.answering.base import AskOptions
from advisor.answering.grounded import GroundedAnswerer
from advisor.answering.types import Answer, AnswerDelta, AnswerEvent
from advisor.settings import AnswerSettings, LLMSettings
from tests.fakes import FakeChatModel, FakeEmbeddings, FakeRetriever, chunk

FIN = "Intercom charges $0.99 for each resolution that Fin delivers."
SEATS = "Fin also needs an Intercom seat, which starts at $29 per seat per month."
LAUNCH = "Intercom introduced resolution pricing for its Fin agent during the year 2023."


def answerer(
    model: FakeChatModel,
    *texts: str,
    style: str = "quote_first",
    handlers: Sequence = (),
    abstain_below: float = 0.2,
    model_after_quote: bool = True,
) -> GroundedAnswerer:
    embeddings = FakeEmbeddings()
    retriever = FakeRetriever(embeddings, [chunk(" ".join(texts or (FIN, SEATS, LAUNCH)))])
    return GroundedAnswerer(
        retriever=retriever,  # type: ignore[arg-type]
        llm_factory=lambda: model,
        embeddings=embeddings,
        settings=AnswerSettings(
            style=style,  # type: ignore[arg-type]
            abstain_below=abstain_below,
            model_after_quote=model_after_quote,
        ),
        llm_settings=LLMSettings(),
        handlers=handlers,
    )


class Calculator:
    """A handler that takes only questions starting with "calc"."""

    def __init__(self) -> None:
        self.seen: list[tuple[str, str, list[str]]] = []

    def handle(
        self, question: str, standalone: str, history: Sequence[str], options: AskOptions
    ) -> Iterator[AnswerEvent] | None:
        self.seen.append((question, standalone, list(history)))
        if not question.startswith("calc"):
            return None
        answer = Answer(question=question, answer="42", abstained=False, intent="calculation")
        return iter([AnswerDelta("42"), answer])


def test_handler_takes_its_question_before_retrieval() -> None:
    model, calc = FakeChatModel(), Calculator()
    grounded = answerer(model, handlers=[calc])
    answer = grounded.answer("calc 6 * 7")
    assert answer.answer == "42" and answer.intent == "calculation"
    assert model.calls == [], "a handled question never reaches the model"
    assert grounded._retriever.queries == []  # type: ignore[attr-defined]


def test_handler_sees_the_rewritten_follow_up_and_may_decline() -> None:
    model, calc = FakeChatModel(), Calculator()
    history = ["How much does Intercom charge for Fin?"]
    answer = answerer(model, handlers=[calc]).answer("and for GitHub?", history)
    question, standalone, seen_history = calc.seen[0]
    assert question == "and for GitHub?" and "GitHub" in standalone and standalone != question
    assert seen_history == history
    # Declined, so the pipeline went on: GitHub is nowhere in the index, hence abstention.
    assert answer.abstained and "GitHub" in answer.dropped[0]
    assert answer.intent == "lookup" and model.calls == []


def test_answer_dict_carries_intent_and_sections() -> None:
    model = FakeChatModel().enqueue("")
    data = answerer(model).answer("What does Intercom charge for each Fin resolution?").to_dict()
    assert data["intent"] == "lookup" and data["sections"] == []


QUESTION = "How much does Intercom charge for each Fin resolution?"
KEPT = "Intercom charges $0.99 for each resolution that Fin delivers [1]."


def deltas(events: list[AnswerEvent]) -> list[str]:
    return [e.text for e in events if isinstance(e, AnswerDelta)]


def final(events: list[AnswerEvent]) -> Answer:
    assert isinstance(events[-1], Answer)
    return events[-1]


def assert_citations_valid(answer: Answer) -> None:
    cited = {c.n for c in answer.citations}
    assert {int(n) for n in re.findall(r"\[(\d+)\]", answer.answer)} == cited
    evidence = {e.n: e.text for e in answer.evidence}
    assert all(c.quote == evidence[c.n] for c in answer.citations)


def test_quote_first_shows_the_evidence_before_the_model_runs() -> None:
    model = FakeChatModel().enqueue(KEPT)
    events = answerer(model).stream(QUESTION)
    first = next(events)
    assert isinstance(first, AnswerDelta) and first.text.startswith("The sources say: ")
    assert FIN in first.text and model.calls == [], "the quote needs no model"
    rest = list(events)
    answer = final(rest)
    assert answer.answer.startswith(first.text)
    assert any("already shown" in d for d in answer.dropped), "the model only repeated it"
    assert_citations_valid(answer)


def test_model_first_leads_with_the_checked_sentence() -> None:
    model = FakeChatModel().enqueue(KEPT)
    events = list(answerer(model, style="model_first").stream(QUESTION))
    answer = final(events)
    assert answer.answer == KEPT, "covered by the model: no quote added"
    assert "".join(deltas(events)) == answer.answer
    assert [c.n for c in answer.citations] == [1]
    assert answer.timings.first_token_ms is not None
    assert answer.timings.total_ms >= answer.timings.first_token_ms


def test_model_first_quotes_when_every_sentence_is_dropped() -> None:
    model = FakeChatModel().enqueue(
        "Intercom charges $1.49 for each Fin resolution [1]. Fin is a zorblat product [1]."
    )
    answer = answerer(model, style="model_first").answer(QUESTION)
    assert answer.answer.startswith("The sources say: ") and "1.49" not in answer.answer
    reasons = " | ".join(answer.dropped)
    assert "number(s) not in the cited evidence: ['1.49']" in reasons
    assert "zorblat" in reasons
    assert_citations_valid(answer)


def test_invalid_markers_never_reach_the_answer() -> None:
    model = FakeChatModel().enqueue(
        "Intercom charges $0.99 for each resolution that Fin delivers [7][fact 9]."
    )
    answer = answerer(model, style="model_first").answer(QUESTION)
    assert "[7]" not in answer.answer and "[9]" not in answer.answer
    assert answer.answer == KEPT, "the sentence cites the evidence that backs it instead"
    assert_citations_valid(answer)


def test_generation_stops_once_the_answer_is_complete() -> None:
    sentences = [
        KEPT,
        "Fin also needs an Intercom seat, which starts at $29 per seat per month [2].",
        "Intercom introduced resolution pricing for its Fin agent during 2023 [3].",
    ]
    tail = " ".join(f"Intercom Fin sentence number {i} about resolution." for i in range(40))
    model = FakeChatModel().enqueue(" ".join(sentences) + " " + tail)
    answer = answerer(model, style="model_first").answer(QUESTION)
    assert answer.answer.count("[") == 3
    total_pieces = len(" ".join(sentences) + " " + tail) // 3
    assert model.pieces_sent < total_pieces / 2, "the rest was never generated"
    assert model.closed == 1, "the model's stream is closed, which stops generation"


def test_rambling_model_is_stopped_after_three_drops() -> None:
    rambling = " ".join(f"Zorblat {i} quibbles frobnicate." for i in range(30))
    model = FakeChatModel().enqueue(rambling)
    answer = answerer(model, style="model_first").answer(QUESTION)
    assert len(answer.dropped) == 3 and model.pieces_sent < len(rambling) / 3 / 2
    assert answer.answer.startswith("The sources say: ")


def test_unknown_product_abstains_without_the_model() -> None:
    model = FakeChatModel()
    answer = answerer(model).answer("How much does Notion AI charge for each resolution?")
    assert answer.abstained and answer.citations == [] and model.calls == []
    assert "does not cover" in answer.answer
    assert "Closest topics it does cover: Doc." in answer.answer
    assert answer.dropped == ["the index never mentions Notion AI"]


def test_weak_evidence_abstains_in_the_question_language() -> None:
    model = FakeChatModel()
    grounded = answerer(model, abstain_below=0.99)
    answer = grounded.answer("Berapa biaya Intercom untuk setiap resolusi Fin?")
    assert answer.abstained and answer.answer.startswith("Basis pengetahuan tidak membahas")
    assert model.calls == []


def test_by_default_a_standing_quote_is_the_whole_answer_and_the_model_never_runs() -> None:
    model = FakeChatModel().enqueue(KEPT)
    answer = final(list(answerer(model, model_after_quote=False).stream(QUESTION)))
    assert model.calls == [], "the quote answers; model time would buy nothing"
    assert answer.answer.startswith("The sources say: ") and FIN in answer.answer
    assert answer.citations and answer.timings.total_ms is not None


def test_model_first_still_calls_the_model_when_quotes_are_not_added() -> None:
    model = FakeChatModel().enqueue(KEPT)
    answer = final(
        list(answerer(model, style="model_first", model_after_quote=False).stream(QUESTION))
    )
    assert len(model.calls) == 1 and answer.answer
