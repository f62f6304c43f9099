"""The pure text helpers the guards, evidence and rewriting rest on, table by table."""

from __future__ import annotations

import pytest

from advisor.text import numbers, proper_names, question_language, split_sentences, tokenize
from ingest.language import detect_language


@pytest.mark.parametrize(
    ("text", "tokens"),
    [
        ("What does the Pro plan cost?", ["pro", "plan", "cost"]),
        ("GPT-4o's prices", ["gpt-4o", "price"]),  # possessive and plural folded
        ("$1,000 and 0.99", ["1,000", "0.99"]),  # decimals stay one token
        ("50% of users' seats", ["50%", "user", "seat"]),
        ("Business access", ["business", "access"]),  # "-ss" is not a plural
        ("Berapa harga yang dibayar?", ["harga", "dibayar"]),  # Indonesian stopwords
        ("", []),
    ],
)
def test_tokenize(text: str, tokens: list[str]) -> None:
    assert tokenize(text) == tokens


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("It costs $1,000 a year.", {"1000"}),
        ("$0.99 per resolution", {"0.99"}),
        ("2.50 or 2.0", {"2.5", "2"}),  # trailing zeros dropped
        ("a 50% margin and 3x growth", {"50", "3"}),  # units dropped
        ("v2.1 and r1", set()),  # digits after letters belong to a name
        ("GPT-4o at $2.50/1M tokens", {"4", "2.5", "1"}),  # a version counts: both sides alike
        ("no figures here", set()),
    ],
)
def test_numbers(text: str, found: set[str]) -> None:
    assert numbers(text) == found


@pytest.mark.parametrize(
    ("text", "sentences"),
    [
        ("We changed the terms. Prices rose 20%.", ["We changed the terms.", "Prices rose 20%."]),
        ("Piano. No. 5 plays.", ["Piano.", "No. 5 plays."]),
        ("Use e.g. credits. They expire.", ["Use e.g. credits.", "They expire."]),
        ("Acme Inc. Sells seats.", ["Acme Inc. Sells seats."]),  # abbreviation keeps its case
        ("It costs $8. $20 for Pro.", ["It costs $8.", "$20 for Pro."]),
        ("Pricing is 0.99 per item.", ["Pricing is 0.99 per item."]),
        ("- one\n- two", ["one", "two"]),
        ("1. first\n2. second", ["first", "second"]),
        ("| Plan | Price |\n|---|---|\n| Pro | $20 |", ["Plan - Price", "Pro - $20"]),
        ("First part\n\nSecond part", ["First part", "Second part"]),
        ('He said "Yes." Then left.', ['He said "Yes."', "Then left."]),  # quote kept
        ("(See the FAQ.) Then pay.", ["(See the FAQ.)", "Then pay."]),
        ("   \n  ", []),
    ],
)
def test_split_sentences(text: str, sentences: list[str]) -> None:
    assert split_sentences(text) == sentences


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("How much is Microsoft 365 Copilot?", ["Microsoft 365 Copilot"]),
        ("Compare DeepSeek R1 with GPT-4o.", ["Compare DeepSeek R1", "GPT-4o"]),
        ("What does it cost?", []),  # a capitalised first word is not a name
        ("I use Node.js daily.", ["Node.js"]),  # no final full stop; "I" is no name
        ("GitHub Copilot+ pricing", ["GitHub Copilot"]),
    ],
)
def test_proper_names(text: str, names: list[str]) -> None:
    assert proper_names(text) == names


def test_proper_names_may_keep_the_first_word() -> None:
    assert proper_names("Gemini", keep_first_word=True) == ["Gemini"]
    assert proper_names("Gemini") == []


QUESTIONS = [
    ("How much does Intercom charge for each Fin resolution?", "en"),
    ("What does ChatGPT Plus cost per month?", "en"),
    ("Is usage-based pricing better for AI?", "en"),
    ("Why are AI margins lower?", "en"),
    ("Should I charge per seat?", "en"),
    ("What is a credit?", "en"),
    ("Price of Copilot?", "en"),
    ("When did GitHub launch Copilot?", "en"),
    ("How do I announce a price change?", "en"),
    ("Do unused credits roll over?", "en"),
    ("Berapa harga Microsoft 365 Copilot per pengguna?", "id"),
    ("Apa itu harga berbasis penggunaan?", "id"),
    ("Kapan GitHub Copilot diluncurkan?", "id"),
    ("Bagaimana cara menentukan harga produk AI saya?", "id"),
    ("Harga Notion AI?", "id"),
    ("Mengapa margin AI lebih rendah?", "id"),
    ("Berapa biaya inferensi per pengguna?", "id"),
    ("Apakah kredit yang tidak dipakai hangus?", "id"),
    ("Sebaiknya saya pakai harga per kursi?", "id"),
    ("Bagaimana mengumumkan kenaikan harga?", "id"),
]


@pytest.mark.parametrize(("question", "language"), QUESTIONS)
def test_question_language(question: str, language: str) -> None:
    assert question_language(question) == language


@pytest.mark.parametrize("blank", ["", "   ", "?"])
def test_question_without_words_is_english(blank: str) -> None:
    assert question_language(blank) == "en"


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Credit-based pricing lets customers prepay for usage and draw it down.", "en"),
        ("Harga berbasis kredit memungkinkan pelanggan membayar di muka untuk pemakaian.", "id"),
        ("Die Preise für KI-Produkte steigen mit der Nutzung und den Kosten.", "de"),
        ("too short", "unknown"),
    ],
)
def test_document_language(text: str, language: str) -> None:
    assert detect_language(text) == language
    assert detect_language(text) == language, "the same text always gets the same code"
