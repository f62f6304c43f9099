"""A follow-up ("and for GitHub?") -> a standalone question, from the conversation so far.

Done without the model: a 135M model rewrites questions unreliably, while swapping the
named things of the last question for the new ones is predictable and fast.
"""

from __future__ import annotations

import re

from advisor.text import proper_names

_FOLLOW_UP = re.compile(
    r"^\s*(and|what about|how about|what of|same for|and for|and what about|"
    r"dan|bagaimana dengan|kalau|lalu)\b",
    re.I,
)
_PRONOUN = re.compile(r"\b(it|its|they|them|their|that|this|those|these|itu|ini|nya)\b", re.I)
_LEAD = re.compile(
    r"^\s*(and|what about|how about|what of|same for|and what about|dan|bagaimana dengan|"
    r"kalau|lalu)\s+(for|with|of|untuk|dengan)?\s*",
    re.I,
)
_SHORT = 6


def needs_rewrite(question: str) -> bool:
    words = question.split()
    return bool(_FOLLOW_UP.match(question)) or (
        len(words) <= _SHORT and bool(_PRONOUN.search(question))
    )


def rewrite_follow_up(question: str, previous_questions: list[str]) -> str:
    """The question as it would read alone; unchanged when it already stands alone."""
    if not previous_questions or not needs_rewrite(question):
        return question
    previous = previous_questions[-1]
    old_names = proper_names(previous)
    if not _FOLLOW_UP.match(question):  # "When did it launch?": name what "it" was
        if not old_names:
            return f"{question} ({previous})"
        name = old_names[0]
        return _PRONOUN.sub(
            lambda m: f"{name}'s" if m.group(0).lower() in {"its", "their"} else name,
            question,
            count=1,
        )
    subject = _LEAD.sub("", question).strip().rstrip("?.! ")
    new_names = proper_names(subject, keep_first_word=True)
    if not new_names and 0 < len(subject.split()) <= 3:
        new_names = [subject]
    if new_names and old_names:
        rewritten = previous.replace(old_names[0], new_names[0], 1)
        for extra in old_names[1:]:
            if extra not in new_names[0]:
                rewritten = rewritten.replace(extra, "").replace("  ", " ")
        return rewritten
    return f"{previous.rstrip('?')} - {subject}?"
