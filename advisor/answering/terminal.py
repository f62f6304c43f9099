"""Plain-text rendering of an answer stream for the terminal."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TextIO

from advisor.answering.types import Answer, AnswerDelta, AnswerEvent


def format_sources(answer: Answer) -> str:
    if answer.abstained or not answer.citations:
        return ""
    lines = ["", "Sources:"]
    for c in answer.citations:
        where = f", {c.location}" if c.location else ""
        lines.append(f'[{c.n}] {c.title}{where} ({c.source})\n    "{c.quote}"')
    return "\n".join(lines)


def print_answer_stream(events: Iterable[AnswerEvent], out: TextIO) -> Answer | None:
    for event in events:
        if isinstance(event, AnswerDelta):
            out.write(event.text)
            out.flush()
        else:
            out.write("\n")
            sources = format_sources(event)
            if sources:
                out.write(sources + "\n")
            return event
    return None
