"""The grounded pipeline on the fast tier: a scripted model, bag-of-words embeddings and a
fixed retriever, so each branch is tested in milliseconds."""

from __future__ import annotations

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
    model: FakeChatModel, *texts: str, style: str = "quote_first", handlers: Sequence = ()
) -> GroundedAnswerer:
    embeddings = FakeEmbeddings()
    retriever = FakeRetriever(embeddings, [chunk(" ".join(texts or (FIN, SEATS, LAUNCH)))])
    return GroundedAnswerer(
        retriever=retriever,  # type: ignore[arg-type]
        llm_factory=lambda: model,
        embeddings=embeddings,
        settings=AnswerSettings(style=style, abstain_below=0.2),  # type: ignore[arg-type]
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
