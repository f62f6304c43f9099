"""The calculation question of issue 12 through the real chat pipeline: real index, real
model loaded, the follow-up rewritten from the conversation."""

from __future__ import annotations

import pytest

from advisor.container import Container

QUESTION = (
    "I have 2,000 users who each make 40 requests a day on GPT-4o mini, 1,500 input and "
    "400 output tokens each; what is my monthly model bill?"
)


@pytest.mark.slow
@pytest.mark.timeout(600)
def test_monthly_bill_and_follow_up_on_the_real_pipeline(llm_container: Container) -> None:
    answers = llm_container.answers
    first = answers.answer(QUESTION)
    assert first.intent == "calculation" and not first.abstained
    headline = first.answer.split("\n")[0]
    assert "$1,116.00" in headline, headline  # 30-day month, to the cent
    price = first.citations[0]
    assert price.source.endswith("llm-api-prices-compared.md")
    assert "GPT-4o mini" in price.quote and "$0.15" in price.quote
    assert f"[{price.n}]" in first.answer
    # The closing advice is retrieved evidence, cited like any other answer's.
    advice = first.citations[1:]
    indexed = {p.source for p in first.passages}
    assert advice and all(c.source in indexed and f'"{c.quote}"' in first.answer for c in advice)

    follow = answers.answer("and on Claude Sonnet?", [QUESTION])
    assert "$25,200.00" in follow.answer.split("\n")[0], follow.answer
    assert "Claude Sonnet" in follow.citations[0].quote


@pytest.mark.slow
@pytest.mark.timeout(600)
def test_indonesian_calculation_on_the_real_pipeline(llm_container: Container) -> None:
    answer = llm_container.answers.answer(
        "Saya punya 2.000 pengguna, masing-masing 40 permintaan per hari di Claude Sonnet, "
        "1.500 token input dan 400 token output. Berapa tagihan model per bulan?"
    )
    assert answer.answer.startswith("Tagihan model Anda per bulan: **$25.200,00**")
    assert answer.citations[0].source.endswith("llm-api-prices-compared.md")
