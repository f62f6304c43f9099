"""Parameter extraction on English and Indonesian phrasings, and what counts as a calculation."""

from __future__ import annotations

from decimal import Decimal as D
from typing import Any

import pytest

from advisor.economics.extract import ParamExtractor, Params
from advisor.economics.prices import PRICE_FILE, PriceTable
from tests.conftest import KNOWLEDGE

TABLE = PriceTable.load(KNOWLEDGE / PRICE_FILE)
EXTRACTOR = ParamExtractor.for_table(TABLE)
MINI, SONNET = "OpenAI GPT-4o mini", "Claude Sonnet"

CASES: list[tuple[str, dict[str, Any]]] = [
    (
        "I have 2,000 users who each make 40 requests a day on GPT-4o mini, 1,500 input and "
        "400 output tokens each; what is my monthly model bill?",
        dict(
            users=2000, requests=40, period="day", input_tokens=1500, output_tokens=400, model=MINI
        ),
    ),
    (
        "What would 500 users with 20 requests per day each cost on Claude Sonnet, "
        "2,000 input tokens and 300 output tokens per request?",
        dict(
            users=500, requests=20, period="day", input_tokens=2000, output_tokens=300, model=SONNET
        ),
    ),
    (
        "Monthly cost for 10k users, 300 requests per month, 800 input / 200 output tokens "
        "on 4o mini?",
        dict(
            users=10000,
            requests=300,
            period="month",
            input_tokens=800,
            output_tokens=200,
            model=MINI,
        ),
    ),
    (
        "How much is 1 million requests a month on Sonnet with 3,000 input and 500 output tokens?",
        dict(
            users=None,
            requests=1_000_000,
            period="month",
            input_tokens=3000,
            output_tokens=500,
            model=SONNET,
        ),
    ),
    (
        "Estimate the bill: 250 seats, 15 queries daily each, prompts of 1,200 tokens and "
        "answers of 350 tokens, Claude Haiku 3.5.",
        dict(
            users=250,
            requests=15,
            period="day",
            input_tokens=1200,
            output_tokens=350,
            model="Claude Haiku 3.5",
        ),
    ),
    (
        "We have a 10-person team, each sends 100 messages a day to Opus, 1,000 tokens in "
        "and 500 out. What does that cost per month?",
        dict(
            users=10,
            requests=100,
            period="day",
            input_tokens=1000,
            output_tokens=500,
            model="Claude Opus",
        ),
    ),
    (
        "Cost for 3,000 users x 25 requests/day, 1.5k input tokens, 400 output tokens on "
        "DeepSeek V3?",
        dict(
            users=3000,
            requests=25,
            period="day",
            input_tokens=1500,
            output_tokens=400,
            model="DeepSeek V3",
        ),
    ),
    (
        "If 1,000 customers make 50 calls a month each with 2,500 input and 600 output "
        "tokens at $0.50 per million input tokens and $1.50 per million output tokens, "
        "what is the bill?",
        dict(
            users=1000,
            requests=50,
            period="month",
            input_tokens=2500,
            output_tokens=600,
            input_price=D("0.50"),
            output_price=D("1.50"),
            model=None,
        ),
    ),
    (
        "With 2,000 users at 40 requests a day on GPT-4o mini (1,500 input, 400 output "
        "tokens), what seat price gives a 70% gross margin?",
        dict(users=2000, requests=40, input_tokens=1500, output_tokens=400, target_margin=D("0.7")),
    ),
    (
        "I charge $20 per seat per month; 800 users, 30 requests a day, 1,000 input and "
        "300 output tokens on Sonnet. What is my gross margin?",
        dict(users=800, seat_price=D(20), requests=30, period="day", model=SONNET),
    ),
    (
        "Our bot handles 10,000 conversations a month and resolves 45%. At $0.99 per "
        "resolution with 2,000 input and 500 output tokens on GPT-4o mini, what margin?",
        dict(
            requests=10000,
            period="month",
            success_rate=D("0.45"),
            outcome_price=D("0.99"),
            input_tokens=2000,
            output_tokens=500,
            model=MINI,
        ),
    ),
    (
        "600 users, 40 requests a day, 1,500 input tokens with 60% cached, 400 output, "
        "Claude Sonnet: monthly cost?",
        dict(users=600, cached_share=D("0.6"), input_tokens=1500, output_tokens=400),
    ),
    (
        "What's the monthly bill for 2 million requests in total on o1 with 1,000 input "
        "and 2,000 output tokens?",
        dict(requests=2_000_000, requests_total=True, model="OpenAI o1", output_tokens=2000),
    ),
    (
        "Cost of 120 developers each running 200 requests a day on GPT-4o, 4,000 input and "
        "800 output tokens?",
        dict(users=120, requests=200, period="day", model="OpenAI GPT-4o"),
    ),
    (
        "What does a 25-person team on GitHub Copilot Business cost a year?",
        dict(users=25, product="GitHub Copilot Business", yearly=True),
    ),
    (
        "How much is Intercom Fin for 8,000 conversations a month if it resolves 35%?",
        dict(requests=8000, period="month", success_rate=D("0.35"), product="Intercom Fin"),
    ),
    (
        "Break-even requests per seat at $15 per user per month on Claude Sonnet with 2,000 "
        "input and 500 output tokens?",
        dict(seat_price=D(15), input_tokens=2000, output_tokens=500, model=SONNET),
    ),
    (
        "What does Claude Sonnet cost for 5,000 requests per day, 700 input, 250 output?",
        dict(requests=5000, period="day", input_tokens=700, output_tokens=250, users=None),
    ),
    (
        "Compute my cost: 1,200 subscribers, 12 prompts per day, 900-token prompts and "
        "300-token replies, DeepSeek R1.",
        dict(
            users=1200,
            requests=12,
            period="day",
            input_tokens=900,
            output_tokens=300,
            model="DeepSeek R1",
        ),
    ),
    (
        "How much for 4,000 active users sending 8 messages a day on gpt-4o-mini, 2k input, "
        "0.5k output tokens?",
        dict(users=4000, requests=8, input_tokens=2000, output_tokens=500, model=MINI),
    ),
    # Indonesian
    (
        "Saya punya 2.000 pengguna, masing-masing 40 permintaan per hari di GPT-4o mini, "
        "1.500 token input dan 400 token output. Berapa tagihan model per bulan?",
        dict(
            users=2000, requests=40, period="day", input_tokens=1500, output_tokens=400, model=MINI
        ),
    ),
    (
        "Berapa biaya bulanan untuk 5.000 pengguna dengan 10 pesan sehari di Claude Sonnet, "
        "input 1.000 token dan output 200 token?",
        dict(
            users=5000,
            requests=10,
            period="day",
            input_tokens=1000,
            output_tokens=200,
            model=SONNET,
        ),
    ),
    (
        "Hitung biaya: 300 pelanggan, 1.200 permintaan per bulan, 2.500 token masukan, "
        "600 token keluaran, Haiku 3.",
        dict(
            users=300,
            requests=1200,
            period="month",
            input_tokens=2500,
            output_tokens=600,
            model="Claude Haiku 3",
        ),
    ),
    (
        "Saya menjual langganan Rp 89.000 per bulan untuk 1.000 pengguna, masing-masing "
        "20 permintaan sehari, 1.000 token input dan 300 token output di GPT-4o mini. "
        "Berapa pendapatan saya?",
        dict(seat_price=D(89000), currency="IDR", users=1000, requests=20, period="day"),
    ),
    (
        "Tim 15 orang memakai Claude Opus, tiap orang 50 permintaan per hari, 2.000 token "
        "input, 700 token output. Berapa biayanya sebulan?",
        dict(
            users=15,
            requests=50,
            period="day",
            input_tokens=2000,
            output_tokens=700,
            model="Claude Opus",
        ),
    ),
    (
        "Chatbot kami menerima 20.000 percakapan per bulan dan menyelesaikan 40%. Dengan "
        "harga $0,99 per resolusi, berapa pendapatannya?",
        dict(requests=20000, period="month", success_rate=D("0.4"), outcome_price=D("0.99")),
    ),
    (
        "Berapa harga per kursi untuk margin 75% jika 400 pengguna masing-masing 30 "
        "permintaan per hari di Sonnet, 1.500 token input dan 500 token output?",
        dict(
            target_margin=D("0.75"),
            users=400,
            requests=30,
            input_tokens=1500,
            output_tokens=500,
            model=SONNET,
        ),
    ),
    (
        "Biaya untuk 1,5 juta permintaan sebulan di DeepSeek V3 dengan 800 token input dan "
        "200 token output?",
        dict(requests=1_500_000, period="month", input_tokens=800, output_tokens=200),
    ),
    ("dan pakai Claude Sonnet?", dict(model=SONNET)),
    ("and on Claude Sonnet?", dict(model=SONNET)),
    ("what about 4o mini", dict(model=MINI)),
    ("400 output tokens", dict(output_tokens=400, input_tokens=None)),
    ("1,500 input tokens and 400 output", dict(input_tokens=1500, output_tokens=400)),
    ("use the defaults", dict(use_defaults=True)),
    ("pakai default saja", dict(use_defaults=True)),
    ("50 requests a day", dict(requests=50, period="day")),
    (
        "I charge $30 per seat; 500 users make 20 requests a day on Claude Sonnet, 2,000 "
        "input and 500 output tokens. What if 10% of users make 8x as many requests?",
        dict(heavy_share=D("0.1"), heavy_factor=8, seat_price=D(30), users=500),
    ),
    (
        "Harga Rp 89.000 per bulan, 1.000 pengguna, kurs Rp 16.000: berapa margin kotor?",
        dict(seat_price=D(89000), currency="IDR", usd_rate=D(16000), users=1000),
    ),
    ("with 1 USD = Rp 15.500", dict(usd_rate=D(15500))),
    (
        "2k MAU x 40 req/day x 1,500 in / 400 out on Claude Haiku 3.5, per year?",
        dict(
            users=2000,
            requests=40,
            period="day",
            input_tokens=1500,
            output_tokens=400,
            model="Claude Haiku 3.5",
            yearly=True,
        ),
    ),
    (
        "Claude Haiku 3.5, 1,000 input tokens and 200 output tokens, 10,000 requests a month",
        dict(input_tokens=1000, output_tokens=200, requests=10000, yearly=False),
    ),
    ("$0.99 per successful resolution", dict(outcome_price=D("0.99"))),
    (
        "How much will it cost to serve 10,000 users making 5 queries per day using GPT-4o "
        "with 800 prompt tokens and 300 completion tokens?",
        dict(users=10000, requests=5, period="day", input_tokens=800, output_tokens=300),
    ),
    (
        "How much would 20,000 Agentforce actions cost with Flex Credits?",
        dict(requests=20000, product="Salesforce Agentforce Flex Credits"),
    ),
    (
        "How much do 12 GitHub Copilot Business seats cost per year?",
        dict(users=12, product="GitHub Copilot Business", yearly=True),
    ),
    (
        "If 70% of input tokens are cached, what does Claude Sonnet cost for 100,000 requests "
        "a month with 5,000 input and 300 output tokens?",
        dict(cached_share=D("0.7"), requests=100000, input_tokens=5000),
    ),
    (
        "At $12 per user per month, how many requests can I afford on Claude Haiku 3 with "
        "1,500 input and 300 output tokens before the model bill eats the whole seat price?",
        dict(break_even=True, seat_price=D(12), requests=None, input_tokens=1500),
    ),
    (
        "With a resolution rate of 45% at $0.99 per resolution",
        dict(success_rate=D("0.45"), usd_rate=None, outcome_price=D("0.99")),
    ),
]


def _check(params: Params, expected: dict[str, Any]) -> None:
    for name, value in expected.items():
        got = getattr(params, name)
        if isinstance(value, int) and not isinstance(value, bool):
            value = D(value)
        assert got == value, f"{name}: {got!r} != {value!r}"


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[c[0][:50] for c in CASES])
def test_parameters_are_read(text: str, expected: dict[str, Any]) -> None:
    _check(EXTRACTOR.extract(text), expected)


CALCULATIONS = [c[0] for c in CASES[:28]] + [
    "What price per seat do I need for a 75% margin if serving one user costs $6 a month?",
    "At $0.99 per resolution and 4,000 resolutions a month, what revenue would I make?",
    "Calculate the break-even requests per seat if a seat costs $20 and each request costs $0.01.",
    "2,000 users x 40 requests/day x 1,500 input / 400 output tokens on Claude Sonnet?",
]
LOOKUPS = [
    "How much does GPT-4o mini cost per million tokens?",
    "What does Intercom charge per resolution?",
    "Should I charge per seat or per usage?",
    "Why do AI companies have lower gross margins than SaaS?",
    "Berapa harga Claude Sonnet per juta token?",
    "Apa itu harga berbasis hasil?",
    "When did ChatGPT Plus launch at $20 per month?",
    "How did Cursor change its $20 Pro plan in 2025?",
    "Berapa harga Microsoft 365 Copilot per orang setiap bulan?",
    "What does Anthropic charge per million tokens for Claude Haiku 3.5, input and output?",
    "For a free-tier user sending 300 messages a month, how much cheaper is Claude Haiku 3 "
    "than Claude Sonnet?",
]


@pytest.mark.parametrize("question", CALCULATIONS, ids=[q[:50] for q in CALCULATIONS])
def test_calculations_are_recognised(question: str) -> None:
    assert EXTRACTOR.is_calculation(question)


@pytest.mark.parametrize("question", LOOKUPS)
def test_lookups_are_not_calculations(question: str) -> None:
    assert not EXTRACTOR.is_calculation(question)


def test_a_follow_up_overrides_only_what_it_says() -> None:
    first = EXTRACTOR.extract(CASES[0][0])
    follow = EXTRACTOR.extract("and on Claude Sonnet?").merged_over(first)
    assert follow.model == SONNET and follow.users == D(2000) and follow.period == "day"
    custom = EXTRACTOR.extract("and at $1 per million input and $2 per million output")
    merged = custom.merged_over(first)
    assert merged.model is None and merged.input_price == D(1) and merged.output_price == D(2)
