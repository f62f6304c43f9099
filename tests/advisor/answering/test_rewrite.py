from __future__ import annotations

from advisor.answering.rewrite import rewrite_follow_up


def test_follow_up_swaps_the_subject() -> None:
    previous = ["How much does Microsoft 365 Copilot cost per user?"]
    assert rewrite_follow_up("and for GitHub?", previous) == "How much does GitHub cost per user?"
    assert rewrite_follow_up("What about Zendesk?", ["What does Intercom charge?"]) == (
        "What does Zendesk charge?"
    )


def test_standalone_question_is_left_alone() -> None:
    question = "What is outcome-based pricing?"
    assert rewrite_follow_up(question, ["How much is ChatGPT Plus?"]) == question
    assert rewrite_follow_up("and for GitHub?", []) == "and for GitHub?"


def test_pronoun_follow_up_keeps_the_context() -> None:
    rewritten = rewrite_follow_up("When did it launch?", ["How much is ChatGPT Plus?"])
    assert "ChatGPT Plus" in rewritten
