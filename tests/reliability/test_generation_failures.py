"""Generation failures degrade instead of failing the answer: a stream that starts with
whitespace or says nothing, and a backend that dies mid-answer (issue 10, item 8)."""

from __future__ import annotations

import pytest

from advisor.answering.types import Answer, AnswerDelta
from tests.advisor.answering.test_grounded_fast import FIN, KEPT, QUESTION, answerer
from tests.fakes import FakeChatModel

pytestmark = pytest.mark.timeout(30)

FAILED_NOTE = "(The model failed while answering; the quoted sources stand on their own.)"


@pytest.mark.parametrize("style", ["quote_first", "model_first"])
@pytest.mark.parametrize("lead", ["\n\n", " ", "\n \t\n"])
def test_stream_starting_with_whitespace_is_answered(style: str, lead: str) -> None:
    model = FakeChatModel().enqueue(lead + KEPT)
    answer = answerer(model, style=style).answer(QUESTION)
    assert "0.99" in answer.answer and not answer.abstained
    if style == "model_first":
        assert answer.answer == KEPT


@pytest.mark.parametrize("style", ["quote_first", "model_first"])
@pytest.mark.parametrize("reply", ["", "   ", "\n\n\n"])
def test_empty_stream_falls_back_to_the_quotes(style: str, reply: str) -> None:
    model = FakeChatModel().enqueue(reply)
    answer = answerer(model, style=style).answer(QUESTION)
    assert answer.answer.startswith("The sources say: ") and FIN in answer.answer
    assert [c.n for c in answer.citations] == [1]


@pytest.mark.parametrize("style", ["quote_first", "model_first"])
@pytest.mark.parametrize("fail_after", [0, 5, 30])
def test_backend_failing_mid_answer_still_returns_the_quotes(style: str, fail_after: int) -> None:
    model = FakeChatModel().enqueue(
        KEPT + " " + KEPT.replace("[1]", "again [1]"), fail_after=fail_after
    )
    events = list(answerer(model, style=style).stream(QUESTION))
    answer = events[-1]
    assert isinstance(answer, Answer)
    assert f'"{FIN}" [1]' in answer.answer, "the quoted evidence survives the failure"
    assert answer.answer.endswith(FAILED_NOTE) and answer.answer.count("\n") == 0
    assert "".join(e.text for e in events if isinstance(e, AnswerDelta)) == answer.answer
    assert any(d.startswith("model failed: ModelDown: connection") for d in answer.dropped)
    assert [c.n for c in answer.citations] == [1] and not answer.abstained
    assert model.closed == 1


def test_sentences_checked_before_the_failure_are_kept() -> None:
    text = KEPT + " Fin also needs an Intercom seat, which starts at $29 per seat per month [2]."
    model = FakeChatModel().enqueue(text, fail_after=len(KEPT) // 3 + 8)
    answer = answerer(model, style="model_first").answer(QUESTION)
    assert answer.answer.startswith(KEPT + " The sources say: ")
    assert "$29" not in answer.answer.split("The sources say:")[0], "no half sentence shown"
    assert answer.answer.endswith(FAILED_NOTE)
