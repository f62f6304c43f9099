"""The calculation handler inside the grounded answerer, on the fast tier (fake model,
bag-of-words embeddings, a fixed retriever): results, citations, asking, follow-ups."""

from __future__ import annotations

import time

from advisor.answering.grounded import GroundedAnswerer
from advisor.answering.types import Answer
from advisor.economics.handler import CalculationHandler
from advisor.economics.prices import PRICE_FILE, PriceTable
from advisor.settings import AnswerSettings, LLMSettings
from ingest.documents import Chunk
from tests.conftest import KNOWLEDGE
from tests.fakes import FakeChatModel, FakeEmbeddings, FakeRetriever, chunk

ADVICE = (
    "Seat-based pricing is risky when inference cost per user varies widely between "
    "customers. Usage-based pricing keeps gross margin stable because heavy users pay more."
)
QUESTION = (
    "I have 2,000 users who each make 40 requests a day on GPT-4o mini, 1,500 input and "
    "400 output tokens each; what is my monthly model bill?"
)


def pipeline(model: FakeChatModel, *extra: Chunk) -> tuple[GroundedAnswerer, CalculationHandler]:
    embeddings = FakeEmbeddings()
    chunks = [chunk(ADVICE, "kb/seat-based-pricing.md", "Seats"), *extra]
    retriever = FakeRetriever(embeddings, chunks)
    holder: list[GroundedAnswerer] = []
    handler = CalculationHandler(
        PriceTable.load(KNOWLEDGE / PRICE_FILE),
        KNOWLEDGE,
        grounder=lambda q, o: holder[0].ground(q, q, o, time.perf_counter()),
        min_evidence_score=0.05,
    )
    grounded = GroundedAnswerer(
        retriever=retriever,  # type: ignore[arg-type]
        llm_factory=lambda: model,
        embeddings=embeddings,
        settings=AnswerSettings(abstain_below=0.05),
        llm_settings=LLMSettings(),
        handlers=[handler],
    )
    holder.append(grounded)
    return grounded, handler


def test_monthly_bill_leads_cites_the_price_article_and_adds_advice() -> None:
    model = FakeChatModel()
    grounded, _ = pipeline(model)
    answer = grounded.answer(QUESTION)
    assert answer.intent == "calculation" and not answer.abstained
    assert answer.answer.startswith("Your monthly model bill: **$1,116.00**")
    assert "| Tokens per request | 1,500 input, 400 output |" in answer.answer
    assert "Formula: (1,500 × $0.15 + 400 × $0.60) / 1,000,000" in answer.answer
    price = answer.citations[0]
    assert price.n == 1 and price.source.endswith("llm-api-prices-compared.md")
    assert "GPT-4o mini" in price.quote and "$0.15" in price.quote and "$0.60" in price.quote
    advice = answer.citations[1]
    assert advice.source == "kb/seat-based-pricing.md" and f'"{advice.quote}" [2]' in answer.answer
    assert answer.sections[0].items[0].cited == (1,)
    assert model.calls == [], "the arithmetic needs no model"


def test_follow_up_changes_the_model_and_keeps_the_rest() -> None:
    grounded, _ = pipeline(FakeChatModel())
    answer = grounded.answer("and on Claude Sonnet?", [QUESTION])
    assert "**$25,200.00**" in answer.answer.split("\n")[0]
    assert "Anthropic" in answer.citations[0].quote and "$3" in answer.citations[0].quote


def test_missing_parameters_are_asked_for_then_filled_in() -> None:
    grounded, _ = pipeline(FakeChatModel())
    first = "What would 500 users cost on Claude Sonnet with 20 requests a day?"
    ask = grounded.answer(first)
    assert ask.intent == "calculation" and ask.citations == []
    assert "input tokens per request" in ask.answer and "output tokens" in ask.answer
    assert "use defaults" in ask.answer and "1,000 input tokens" in ask.answer
    filled = grounded.answer("1,200 input and 300 output tokens", [first])
    # (1,200 x 3 + 300 x 15) / 1M = $0.0081; x 600 x 500 = $2,430.
    assert "**$2,430.00**" in filled.answer
    defaults = grounded.answer("use defaults", [first])
    # (1,000 x 3 + 500 x 15) / 1M = $0.0105; x 600 x 500 = $3,150.
    assert "**$3,150.00**" in defaults.answer and "| 1,000 input, 500 output |" in defaults.answer


def test_indonesian_question_gets_an_indonesian_answer() -> None:
    grounded, _ = pipeline(FakeChatModel())
    answer = grounded.answer(
        "Saya punya 2.000 pengguna, masing-masing 40 permintaan per hari di GPT-4o mini, "
        "1.500 token input dan 400 token output. Berapa tagihan model per bulan?"
    )
    assert answer.answer.startswith("Tagihan model Anda per bulan: **$1.116,00**")
    assert "Rumus:" in answer.answer and answer.citations[0].n == 1
    asked = grounded.answer("Berapa biaya 300 pengguna di Claude Opus, 10 pesan per hari?")
    assert "Untuk menghitungnya saya masih perlu" in asked.answer


def test_margin_target_price_and_heavy_users() -> None:
    grounded, _ = pipeline(FakeChatModel())
    answer = grounded.answer(
        "I charge $20 per seat per month; 800 users, 30 requests a day, 1,000 input and 300 "
        "output tokens on Sonnet. What is my gross margin, and what price gives a 70% margin?"
    )
    # cost 800 x 900 x $0.0075 = $5,400; revenue $16,000; margin 66.25%, shown rounded half
    # up as 66.3%; a 70% target: $6.75 / 0.3 = $22.50 a seat.
    assert "**$5,400.00**" in answer.answer
    assert "revenue $16,000.00, gross margin 66.3%" in answer.answer
    assert "at least $22.50 per user per month" in answer.answer
    assert "If 5% of users make 10x as many requests" in answer.answer


def test_product_bills_and_outcome_prices() -> None:
    grounded, _ = pipeline(FakeChatModel())
    team = grounded.answer("What does a 25-person team on GitHub Copilot Business cost a year?")
    assert "**$5,700.00** a year" in team.answer  # 25 x $19 x 12
    assert team.citations[0].source.endswith("github-copilot-pricing.md")
    fin = grounded.answer(
        "How much is Intercom Fin for 8,000 conversations a month if it resolves 35%?"
    )
    assert "**$2,772.00**" in fin.answer  # 8,000 x 35% x $0.99
    assert "$0.99" in fin.citations[0].quote and not fin.citations[0].quote.startswith("#")


def test_other_questions_are_not_taken() -> None:
    grounded, handler = pipeline(FakeChatModel().enqueue(""))
    assert handler.parameters("Should I charge per seat or per usage?") is None
    assert handler.parameters("and for GitHub?", ["Should I charge per seat?"]) is None
    answer: Answer = grounded.answer("What does Intercom charge per resolution?")
    assert answer.intent != "calculation"


def test_break_even_needs_no_request_count() -> None:
    grounded, _ = pipeline(FakeChatModel())
    answer = grounded.answer(
        "At $12 per user per month, how many requests per seat can I afford on Claude Haiku 3 "
        "with 1,500 input and 300 output tokens before the model bill eats the seat price?"
    )
    # (1,500 x 0.25 + 300 x 1.25) / 1M = $0.00075 a request; $12 / $0.00075 = 16,000.
    assert answer.answer.startswith("A seat at $12.00 a month breaks even at **16,000 requests**")


def test_price_in_rupiah_with_and_without_an_exchange_rate() -> None:
    grounded, _ = pipeline(FakeChatModel())
    base = (
        "Saya menjual langganan Rp 89.000 per bulan untuk 1.000 pengguna, masing-masing 20 "
        "permintaan sehari, 1.000 token input dan 300 token output di Claude Sonnet"
    )
    no_rate = grounded.answer(base + ". Berapa pendapatan saya?")
    assert "pendapatan Rp 89.000.000 per bulan" in no_rate.answer and "kurs" in no_rate.answer
    rated = grounded.answer(base + ", kurs Rp 16.000. Berapa margin kotor saya?")
    # Cost $4,500 = Rp 72.000.000 against Rp 89.000.000: margin 19.1%.
    assert "**$4.500,00**" in rated.answer and "margin kotor 19,1%" in rated.answer


def test_heavy_user_mix_from_the_question() -> None:
    grounded, _ = pipeline(FakeChatModel())
    answer = grounded.answer(
        "I charge $30 per seat; 500 users make 20 requests a day on Claude Sonnet, 2,000 input "
        "and 500 output tokens. What if 10% of users make 8x as many requests?"
    )
    # $0.0135 x 600 = $8.10 a user. Mixed: 450 x 8.10 + 50 x 64.80 = $6,885 of $15,000.
    assert "If 10% of users make 8x as many requests, the margin on seats becomes 54.1%" in (
        answer.answer
    )


def test_the_price_article_is_among_the_retrieved_passages() -> None:
    prices = chunk(
        "OpenAI's GPT-4o mini followed on 18 July 2024 at $0.15 per million input tokens.",
        "kb/llm-api-prices-compared.md",
        "LLM API prices",
    )
    grounded, _ = pipeline(FakeChatModel(), prices)
    answer = grounded.answer(QUESTION)
    assert answer.passages[0].source == "kb/llm-api-prices-compared.md"
    assert len({p.source for p in answer.passages}) == len(answer.passages) == 2


def test_a_yearly_question_gets_the_year_total_too() -> None:
    grounded, _ = pipeline(FakeChatModel())
    answer = grounded.answer(QUESTION.replace("monthly", "annual"))
    # $1,116 a month x 12.
    assert "**$1,116.00**" in answer.answer and "Over a year (12 months): **$13,392.00**" in (
        answer.answer
    )


def test_usage_and_hybrid_pricing_from_the_question() -> None:
    grounded, _ = pipeline(FakeChatModel())
    metered = grounded.answer(
        "If I sell each request for $0.02, what is my gross margin with 1,000 users making 30 "
        "requests a day on GPT-4o mini, 1,500 input and 400 output tokens?"
    )
    # 900,000 requests: revenue $18,000, cost $418.50 -> 97.7%.
    assert "At $0.02 per request: revenue $18,000.00, gross margin 97.7%" in metered.answer
    hybrid = grounded.answer(
        "I charge $49 a month per seat including 200 requests and $0.15 per request above "
        "that. 300 users make 400 requests a month each on Claude Sonnet with 2,000 input and "
        "500 output tokens. What is my margin?"
    )
    # 300 x (49 + 200 x 0.15) = $23,700; cost 300 x 400 x $0.0135 = $1,620 -> 93.2%.
    assert "revenue $23,700.00, gross margin 93.2%" in hybrid.answer


def test_revenue_from_seats_in_rupiah_and_cached_input() -> None:
    grounded, _ = pipeline(FakeChatModel())
    revenue = grounded.answer(
        "Berapa pendapatan bulanan dari 3.000 pelanggan dengan harga Rp 49.000 per bulan?"
    )
    assert revenue.answer.startswith("Pendapatan: **Rp 147.000.000** per bulan.")
    cached = grounded.answer(
        "If 70% of input tokens are cached, what does Claude Sonnet cost for 100,000 requests "
        "a month with 5,000 input and 300 output tokens?"
    )
    # (1,500 x $3 + 3,500 x $0.30 + 300 x $15) / 1M = $0.01005; x 100,000 = $1,005.
    assert "**$1,005.00**" in cached.answer
    assert {c.source.rsplit("/", 1)[-1] for c in cached.citations[:2]} == {
        "llm-api-prices-compared.md",
        "caching-and-model-routing.md",
    }


def test_unit_economics_from_stated_costs() -> None:
    grounded, _ = pipeline(FakeChatModel())

    def lead(question: str) -> str:
        return grounded.answer(question).answer.split("\n")[0]

    # $6 / (1 - 0.75) = $24.
    assert lead(
        "What price per seat do I need for a 75% margin if serving one user costs $6 a month?"
    ) == ("Charge at least **$24.00** per user per month for a gross margin of 75%.")
    # 4,000 x $0.99 = $3,960.
    assert "**$3,960.00**" in lead(
        "At $0.99 per resolution and 4,000 resolutions a month, what revenue would I make?"
    )
    # $20 / $0.01 = 2,000 requests.
    assert "**2,000 requests**" in lead(
        "Calculate the break-even requests per seat if a seat costs $20 and each request "
        "costs $0.01."
    )
    # (25 - 7) / 25 = 72%.
    assert "**72%**" in lead(
        "I charge $25 per seat and each user costs me $7 a month to serve. What's my gross margin?"
    )
    # 10,000 x 60% x $0.99 = $5,940.
    assert "**$5,940.00**" in lead(
        "Say my support bot handles 10,000 chats a month, resolves 60% and I charge $0.99 per "
        "resolution. What would I earn?"
    )
    assert "**$25,00**" in lead(
        "Berapa harga per kursi agar margin 80% jika biaya per pengguna $5 per bulan?"
    )
