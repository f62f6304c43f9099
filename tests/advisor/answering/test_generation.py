"""The steps of a generated answer, one at a time: markers, stream -> sentences, the guard's
named checks, and the quotes. Bag-of-words embeddings keep it fast."""

from __future__ import annotations

import pytest

from advisor.answering.evidence import SentenceEmbedder
from advisor.answering.generation import (
    GenerationFailed,
    build_messages,
    fallback_quotes,
    guarded,
    interruptible,
    normalise_markers,
    quotable,
    quote,
    sentence_batches,
)
from advisor.answering.guard import (
    CHECKS,
    AnswerGuard,
    Checked,
    negated,
    strip_markers,
    valid_markers,
    with_markers,
)
from advisor.answering.types import Evidence
from advisor.retrieval.types import Passage
from tests.fakes import FakeEmbeddings, ModelDown, chunk

FIN = "Intercom charges $0.99 for each resolution that Fin delivers."
CREDITS = "Unused Firefly credits do not roll over to the next month."


def evidence(*texts: str, scores: tuple[float, ...] = ()) -> list[Evidence]:
    passage = Passage(chunk(" ".join(texts)), 1.0)
    scores = scores or tuple(1.0 for _ in texts)
    return [
        Evidence(n, t, passage, s) for n, (t, s) in enumerate(zip(texts, scores, strict=True), 1)
    ]


def guard(question: str = "What does Fin cost?", *texts: str) -> AnswerGuard:
    return AnswerGuard(
        SentenceEmbedder(FakeEmbeddings()), evidence(*(texts or (FIN, CREDITS))), question
    )


@pytest.mark.parametrize(
    ("raw", "normal"),
    [
        ("Fin costs $0.99 [Fact 1].", "Fin costs $0.99 [1]."),
        ("Fin costs $0.99. [1] Next", "Fin costs $0.99 [1]. Next"),
        ("Harga $30 [fakta 2].", "Harga $30 [2]."),
        ("No markers here.", "No markers here."),
    ],
)
def test_normalise_markers(raw: str, normal: str) -> None:
    assert normalise_markers(raw) == normal


@pytest.mark.parametrize(
    ("sentence", "valid", "stripped"),
    [
        ("Fin costs $0.99 [1].", (1,), "Fin costs $0.99."),
        ("Fin costs $0.99 [7][2, 1].", (2, 1), "Fin costs $0.99."),
        ("Fin costs $0.99 [1] [1].", (1,), "Fin costs $0.99."),
        ("No marker.", (), "No marker."),
    ],
)
def test_markers(sentence: str, valid: tuple[int, ...], stripped: str) -> None:
    assert valid_markers(sentence, {e.n: e for e in evidence(FIN, CREDITS)}) == valid
    assert strip_markers(sentence) == stripped


@pytest.mark.parametrize(
    ("checked", "shown"),
    [
        (Checked("Fin costs $0.99.", (1,)), "Fin costs $0.99 [1]."),
        (Checked("Fin costs $0.99", (1, 2)), "Fin costs $0.99 [1][2]."),
        (Checked("Is it cheap?", ()), "Is it cheap?"),
        (Checked("No stop", ()), "No stop."),
    ],
)
def test_with_markers(checked: Checked, shown: str) -> None:
    assert with_markers(checked) == shown


@pytest.mark.parametrize(
    ("text", "is_negated"),
    [
        ("Credits roll over.", False),
        ("Credits do not roll over.", True),
        ("It is not true that they never expire.", False),
        ("Kredit tidak hangus.", True),
    ],
)
def test_negated(text: str, is_negated: bool) -> None:
    assert negated(text) is is_negated


@pytest.mark.parametrize(
    ("pieces", "batches"),
    [
        (["A one. ", "B two. ", "C"], [[], ["A one."], ["B two."], ["C"]]),
        (["\n\n", " ", "A one. B", " two."], [[], ["A one."], ["B two."]]),  # whitespace first
        (["", "  "], [[]]),  # nothing but whitespace
        ([], [[]]),  # an empty stream
        (["Fin costs $0.99 [", "1]. Next."], [[], ["Fin costs $0.99 [1]."], ["Next."]]),
    ],
)
def test_sentence_batches(pieces: list[str], batches: list[list[str]]) -> None:
    got = list(sentence_batches(pieces))
    assert [s for b in got for s in b] == [s for b in batches for s in b]
    assert [b for b in got if b] == [b for b in batches if b]


def test_runaway_sentence_stops_the_stream() -> None:
    pieces = ["word " * 100, "and more " * 10, "never read."]
    assert [s for b in sentence_batches(pieces) for s in b] == []


def test_interruptible_turns_any_backend_error_into_one_line() -> None:
    def failing() -> object:
        yield "Fin "
        raise ModelDown("server closed the connection\ntraceback line")

    with pytest.raises(GenerationFailed, match=r"^ModelDown: server closed the connection$"):
        list(interruptible(failing()))  # type: ignore[arg-type]


def test_checks_are_small_named_and_ordered() -> None:
    names = [c.__name__ for c in CHECKS]
    assert names.index("close_to_evidence") < names.index("same_polarity")
    assert names.index("close_to_evidence") < names.index("numbers_in_cited_evidence")
    assert {"no_unknown_words", "not_the_question", "not_already_shown"} <= set(names)


ASKED = "What does Fin cost?"
ASKED_IN_FULL = "How much does Intercom charge for each resolution that Fin delivers?"


@pytest.mark.parametrize(
    ("question", "sentence", "check"),
    [
        (ASKED, "Fin.", "says_something"),
        (ASKED, "Intercom charges $0.99 for each zorblat resolution.", "no_unknown_words"),
        (ASKED, "Intercom Firefly.", "close_to_evidence"),
        (ASKED, "Unused credits roll over to the next month.", "same_polarity"),
        (
            ASKED,
            "Intercom charges $1.49 for each resolution Fin delivers.",
            "numbers_in_cited_evidence",
        ),
        (
            ASKED_IN_FULL,
            "Intercom charges for each resolution that Fin delivers.",
            "not_the_question",
        ),
    ],
)
def test_each_check_drops_what_it_is_for(question: str, sentence: str, check: str) -> None:
    checked = guard(question).check(sentence)
    assert checked.failed_check == check, checked
    assert checked.dropped_because and checked.cited == ()


def test_supported_sentence_is_kept_with_the_evidence_that_backs_it() -> None:
    g = guard()
    checked = g.check("Intercom charges $0.99 for each resolution that Fin delivers [2] [9].")
    assert checked.dropped_because is None
    assert checked.cited == (1,), "markers to unrelated or missing evidence are replaced"
    assert g.check(
        "Intercom charges $0.99 for each resolution that Fin delivers."
    ).failed_check == ("not_a_repeat")


def test_already_shown_and_answer_length() -> None:
    g = guard()
    g.already_said([FIN])
    assert g.check("Intercom charges $0.99 for each Fin resolution.").failed_check == (
        "not_already_shown"
    )
    g = guard("What do Fin and Firefly cost?", FIN, CREDITS, "Firefly credits cost $5 per 100.")
    kept = [
        g.check(s).dropped_because
        for s in (
            "Intercom charges $0.99 for each resolution that Fin delivers.",
            "Unused Firefly credits do not roll over.",
            "Firefly credits cost $5 per 100.",
        )
    ]
    assert kept == [None, None, None] and g.exhausted
    assert g.check("Fin delivers each resolution for $0.99.").failed_check == "room_left"


def test_guarded_stops_after_three_drops_with_nothing_kept() -> None:
    g = guard()
    batches = [["Zorblat one two."], ["Zorblat three four."], ["Zorblat five six."], [FIN]]
    checked = list(guarded(g, batches))
    assert len(checked) == 3 and all(c.dropped_because for c in checked)


def test_quotable_prefers_numbers_and_skips_weak_runner_up() -> None:
    close = evidence(CREDITS, FIN, scores=(0.9, 0.8))
    assert [e.n for e in quotable(close)] == [2, 1]
    far = evidence(CREDITS, FIN, scores=(0.9, 0.5))
    assert [e.n for e in quotable(far)] == [1]


def test_quote_is_verbatim_and_cites_each_sentence() -> None:
    said = quote("id", evidence(FIN, CREDITS))
    assert said.text == f'Menurut sumber: "{FIN}" [1] "{CREDITS}" [2]'
    assert said.cited == (1, 2)


def test_fallback_quotes_fill_what_the_model_left_out() -> None:
    quoted = evidence(FIN)
    assert fallback_quotes(guard(), "en", quoted)[0].text.startswith("The sources say:")
    g = guard()
    g.check("Intercom charges for each resolution that Fin delivers.")  # kept, but no price
    assert fallback_quotes(g, "en", quoted)[0].text == f'"{FIN}" [1]'
    g.check("Each Fin resolution costs $0.99 at Intercom.")
    assert fallback_quotes(g, "en", quoted) == []


def test_prompt_numbers_the_evidence_and_names_the_language() -> None:
    messages = build_messages("Berapa harga Fin?", "id", evidence(FIN))
    assert "Indonesian" in messages[0].content
    assert messages[-1].content == f"Facts:\n[1] {FIN}\n\nQuestion: Berapa harga Fin?"
