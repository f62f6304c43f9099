"""The steps of a generated answer, each testable alone: the prompt, the model's stream cut
into sentences, each sentence through the guard, and the quotes that stand in for what the
model did not say."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from advisor.answering import prompts
from advisor.answering.base import AskOptions
from advisor.answering.guard import AnswerGuard, Checked, with_markers
from advisor.answering.messages import to_chat_messages
from advisor.answering.types import Evidence
from advisor.llm.base import ChatMessage, GenerationOptions
from advisor.settings import LLMSettings
from advisor.text import numbers, split_sentences

_MARKER_AFTER_STOP = re.compile(r"([.!?])\s*((?:\[\d+(?:\s*,\s*\d+)*\]\s*)+)")
_FACT_MARKER = re.compile(r"\[(?:fact|facts|fakta)\s*(\d+)\]", re.I)
_OPEN_MARKER = re.compile(r"\[[^\]]*$")
# The runner-up evidence is quoted too when it scores within this of the best: about as good.
_QUOTE_MARGIN = 0.15
_RUNAWAY_CHARS = 400  # a "sentence" this long without a stop is the model rambling


class GenerationFailed(RuntimeError):
    """The model's backend failed mid-answer; the message is one line saying how."""


@dataclass(frozen=True)
class Statement:
    """A piece of the answer ready to show, with the evidence numbers it cites."""

    text: str
    cited: tuple[int, ...]


def build_messages(question: str, language: str, evidence: list[Evidence]) -> list[ChatMessage]:
    """The grounded prompt: the numbered evidence and the question, in the user's language."""
    messages = prompts.GROUNDED.format_messages(
        language=prompts.LANGUAGE_NAMES.get(language, "English"),
        facts=prompts.format_facts(evidence),
        question=question,
    )
    return to_chat_messages(messages)


def generation_options(options: AskOptions, settings: LLMSettings) -> GenerationOptions:
    """The request's knobs where the user turned them, the configured ones elsewhere."""
    return GenerationOptions(
        max_new_tokens=options.max_new_tokens or settings.max_new_tokens,
        temperature=options.temperature
        if options.temperature is not None
        else settings.temperature,
    )


def interruptible(pieces: Iterable[str]) -> Iterator[str]:
    """The model's pieces; any backend failure becomes one `GenerationFailed`, so the caller
    can tell it from a bug of its own and degrade to the quotes."""
    try:
        yield from pieces
    except Exception as error:  # every backend raises its own kinds
        first_line = (str(error).strip().splitlines() or [""])[0]
        raise GenerationFailed(f"{type(error).__name__}: {first_line}".rstrip(": ")) from error


def normalise_markers(text: str) -> str:
    """'[Fact 2]' -> '[2]' and 'text. [1]' -> 'text [1].' so markers stay with their sentence."""
    text = _FACT_MARKER.sub(r"[\1]", text)
    return _MARKER_AFTER_STOP.sub(lambda m: f" {m.group(2).strip()}{m.group(1)} ", text)


def sentence_batches(pieces: Iterable[str]) -> Iterator[list[str]]:
    """The sentences each piece completes (a sentence is complete once the next begins),
    then the rest when the stream ends. Stops early, without the rest, when the unfinished
    sentence runs away. Empty and whitespace-only streams give nothing."""
    text, done = "", 0
    for piece in pieces:
        text = normalise_markers(text + piece)
        if _OPEN_MARKER.search(text):
            continue  # a citation marker is still being written
        sentences = split_sentences(text)
        if not sentences:
            continue  # only whitespace so far
        yield sentences[done:-1]
        done = max(done, len(sentences) - 1)
        if len(sentences[-1]) > _RUNAWAY_CHARS:
            return
    yield split_sentences(text)[done:]


def guarded(guard: AnswerGuard, batches: Iterable[list[str]]) -> Iterator[Checked]:
    """Every sentence through the guard, kept or dropped; stops once the guard has heard
    enough (checked between pieces, as the model writes)."""
    for batch in batches:
        for sentence in batch:
            yield guard.check(sentence)
        if guard.exhausted:
            return


def statement(checked: Checked) -> Statement:
    return Statement(with_markers(checked), checked.cited)


def quotable(evidence: list[Evidence]) -> list[Evidence]:
    """The evidence worth quoting: the best sentence, and the runner-up when it is about as
    good, numeric ones first, since figures are what users most often ask for."""
    close = [e for e in evidence[:2] if e.score >= evidence[0].score - _QUOTE_MARGIN]
    return sorted(close, key=lambda e: not numbers(e.text))


def calls_model(style: str, quoted: list[Evidence], model_after_quote: bool) -> bool:
    """Whether the model writes at all: not when a quote-first answer already stands on a
    quote, unless configured to add to it (a larger model whose sentences the guards keep)."""
    return style != "quote_first" or not quoted or model_after_quote


def quote(language: str, quoted: list[Evidence]) -> Statement:
    """The evidence verbatim, introduced in the user's language."""
    intro = prompts.QUOTE_INTRO.get(language, prompts.QUOTE_INTRO["en"])
    text = intro + " " + " ".join(f'"{e.text}" [{e.n}]' for e in quoted)
    return Statement(text, tuple(e.n for e in quoted))


def fallback_quotes(guard: AnswerGuard, language: str, quoted: list[Evidence]) -> list[Statement]:
    """After a model-first answer: all the quotes when the model said nothing that held, the
    best one when the model left its facts out, else nothing."""
    if not quoted:
        return []
    if guard.kept == 0:
        return [quote(language, quoted)]
    top = quoted[0]
    if not guard.covers(top):
        return [Statement(f'"{top.text}" [{top.n}]', (top.n,))]
    return []
