"""`advisor economics` and `advisor prices`, run in-process on a fresh data dir."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from advisor.cli import main

BILL = [
    "economics", "--users", "2000", "--requests-per-user", "40", "--per", "day",
    "--input-tokens", "1500", "--output-tokens", "400",
]  # fmt: skip


@pytest.fixture(autouse=True)
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("ADVISOR_DATA_DIR", str(tmp_path))
    return tmp_path


def test_economics_prints_the_bill_and_its_source(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([*BILL, "--model", "4o mini", "--price-per-seat", "5"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Your monthly model bill: $1,116.00 on OpenAI GPT-4o mini")
    assert "At $5.00 per seat: revenue $10,000.00, gross margin 88.8%" in out
    assert "https://openai.com/api/pricing/" in out and "llm-api-prices-compared.md" in out


def test_economics_json_keeps_exact_decimals(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([*BILL, "--model", "Sonnet", "--target-margin", "70%", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert float(data["monthly_cost"]) == 25200
    assert data["cost_per_request"] == "0.0105"
    # $12.60 per user / (1 - 0.7) = $42 a seat.
    assert float(data["needed_seat_price"]) == 42
    assert data["prices"][0]["article"] == "llm-api-prices-compared.md"


def test_custom_prices_and_usage_errors(capsys: pytest.CaptureFixture[str]) -> None:
    args = [*BILL, "--input-price", "1", "--output-price", "2", "--json"]
    assert main(args) == 0
    # (1,500 x 1 + 400 x 2) / 1M = $0.0023; x 2,400,000 = $5,520.
    assert float(json.loads(capsys.readouterr().out)["monthly_cost"]) == 5520
    assert main([*BILL, "--model", "gpt-9"]) == 2
    err = capsys.readouterr().err
    assert "unknown model 'gpt-9'" in err and "Claude Sonnet" in err and len(err.splitlines()) == 1
    assert main(BILL) == 2
    assert "give --model" in capsys.readouterr().err


def test_prices_lists_bundled_and_user_rows(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (data_dir / "prices.yaml").write_text(
        "rows:\n  - {product: Claude Sonnet, unit: input_per_mtok, figure: '2.40', "
        "currency: USD, date: 2026-01-01, source: 'https://example.com/deal', article: deal}\n",
        encoding="utf-8",
    )
    assert main(["prices", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    sonnet = [r for r in rows if r["product"] == "Claude Sonnet" and r["unit"] == "input_per_mtok"]
    assert sonnet == [dict(sonnet[0], figure="2.40", origin="user")]
    assert main([*BILL, "--model", "sonnet", "--json"]) == 0
    # (1,500 x 2.40 + 400 x 15) / 1M = $0.0096; x 2,400,000 = $23,040.
    assert float(json.loads(capsys.readouterr().out)["monthly_cost"]) == 23040
    assert main(["prices"]) == 0
    assert "(yours)" in capsys.readouterr().out


def test_broken_user_price_file_is_one_line(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (data_dir / "prices.yaml").write_text("rows: 3\n", encoding="utf-8")
    assert main(["prices"]) == 1
    err = capsys.readouterr().err
    assert "prices.yaml" in err and "rows:" in err and len(err.splitlines()) == 1
