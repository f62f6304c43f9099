"""The trap: a question asks for a figure of something the documents mention but never
price, date or count. Quoting a nearby sentence with another figure is the worst answer
there is; saying the figure is not given, and citing where the thing is mentioned, is the
right one."""

from __future__ import annotations

from advisor.answering import prompts
from advisor.answering.answerability import Ask, names_in, per_name
from advisor.answering.base import Grounds
from advisor.answering.evidence import gives_asked_value, sentence_context
from advisor.answering.generation import Statement
from advisor.answering.types import Evidence


def value_missing(ask: Ask, evidence: list[Evidence]) -> bool:
    """Whether some asked name has no evidence sentence giving the asked value for it: each
    name is checked on its own, since "how much cheaper is A than B" is answered by A's
    figure in one sentence and B's in another."""
    return any(
        not any(gives_asked_value(one, e.text, e.passage) for e in evidence)
        for one in per_name(ask)
    )


def not_given(ask: Ask, grounds: Grounds) -> Statement:
    """The documents name the asked thing but give no value of the asked kind for it:
    say so and cite where it is mentioned, rather than quote some other figure."""
    lang = grounds.language if grounds.language in prompts.MENTIONS else "en"
    evidence = grounds.evidence
    where = next((e for e in evidence if names_in(ask, *_read_with(e))), evidence[0])
    what = prompts.NOT_GIVEN[lang][ask.kind or "number"]
    if lang == "en" and ask.units:
        what += "".join(f" per {unit}" for unit in sorted(ask.units))
    text = prompts.MENTIONS[lang].format(names=" / ".join(ask.labels), what=what)
    return Statement(f"{text} [{where.n}]", (where.n,))


def _read_with(evidence: Evidence) -> tuple[str, str]:
    around, before = sentence_context(evidence.text, evidence.passage)
    return f"{evidence.text}\n{around}", before
