"""The composed path inside the grounded pipeline on the fast tier: a recommendation is judged
on the pricing criteria the index covers, never on the lookup's asked-value check.
Scripted model, bag-of-words embeddings, a fixed retriever."""

from __future__ import annotations

from advisor.answering.base import AskOptions
from advisor.answering.compose.gather import Gathered
from advisor.answering.compose.recommendation import covered
from advisor.answering.grounded import GroundedAnswerer
from advisor.answering.types import Evidence
from advisor.retrieval.types import Passage
from advisor.settings import AnswerSettings, LLMSettings
from tests.fakes import FakeChatModel, FakeEmbeddings, FakeRetriever, chunk

GUIDE = (
    "Usage-based pricing charges per call, per minute or per token, so a developer API bill "
    "follows consumption and cost tracks volume. "
    "Heavy users of an API can cost ten times the average user in inference every month. "
    "Offer spending caps, budgets and usage alerts so that no customer meets bill shock. "
    "Outcome-based pricing charges per resolution when AI completes whole tasks with "
    "countable results. "
    "A per-seat price makes sense when the AI helps a person work and value grows per user."
)
RISKS = "Surprise charges broke trust, and the company refunded its customers that month."


def answerer(model: FakeChatModel, abstain_below: float) -> GroundedAnswerer:
    embeddings = FakeEmbeddings()
    chunks = [
        chunk(GUIDE, source="kb/guide.md", title="Choosing a pricing model"),
        chunk(RISKS, source="kb/cursor.md", title="A plan change", index=1),
    ]
    return GroundedAnswerer(
        retriever=FakeRetriever(embeddings, chunks),  # type: ignore[arg-type]
        llm_factory=lambda: model,
        embeddings=embeddings,
        settings=AnswerSettings(abstain_below=abstain_below),
        llm_settings=LLMSettings(),
    )


def test_a_recommendation_naming_a_thing_is_not_declined_for_lacking_its_price() -> None:
    """ "What pricing model ... for a developer API" asks for advice, not the API's price."""
    model = FakeChatModel()
    answer = answerer(model, abstain_below=0.05).answer(
        "What pricing model would you recommend for a developer API that transcribes audio?"
    )
    assert answer.intent == "recommendation" and not answer.abstained
    assert "do not give" not in answer.answer
    assert answer.answer.startswith("**Recommendation:** Charge by usage")


def _evidence(n: int, text: str, score: float) -> Evidence:
    c = chunk(text, source="kb/outcome.md", title="Outcome pricing")
    return Evidence(n, text, Passage(c, score), score)


BACKING = "Outcome-based pricing charges per resolution when the AI completes the task."
AGENT = "I'm building an AI agent that completes back-office tasks. How should I price it?"


def test_covered_when_a_criterion_the_question_raises_has_backing_at_the_floor() -> None:
    gathered = Gathered(evidence=[_evidence(1, BACKING, 0.55)], aspects={1: ["outcome"]})
    assert covered(AGENT, gathered, floor=0.4)
    assert not covered(AGENT, gathered, floor=0.6), "backing under the floor covers nothing"
    # an API named without asking how to price it raises no pricing criterion
    assert not covered("Should I use PostgreSQL for my API that completes tasks?", gathered, 0.4)
    # the question raises no criterion this evidence backs
    assert not covered("How should I price wedding cakes for my bakery?", gathered, 0.4)


def test_a_recommendation_far_from_the_articles_wording_is_answered_from_its_criteria() -> None:
    """The product description shares few words with the guide: its own evidence scores
    under the floor, but the criterion it raises (the AI completes tasks) has backing on its
    own query, so the recommendation is made; advice off the subject is still declined."""
    question = f"{AGENT} It is for small businesses with an office."
    grounded = answerer(FakeChatModel(), abstain_below=0.3)
    grounds = grounded.ground(question, question, AskOptions(), 0.0)
    assert max(e.score for e in grounds.evidence) < 0.3
    answer = grounded.answer(question)
    assert not answer.abstained, answer.dropped
    assert answer.answer.startswith("**Recommendation:** Charge per outcome")
    declined = grounded.answer("Should I hire a lawyer before launching my startup office?")
    assert declined.abstained and declined.intent == "recommendation"
