"""The Economics tab: the calculator as a form, its result with the inputs and formula, a
chart of gross margin against requests per user for seat, usage and outcome pricing, and
the price table with its sources. `EconomicsForm` holds the logic; `build_economics_tab`
only lays it out."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

import gradio as gr

from advisor.economics import calc
from advisor.economics.compute import calculate
from advisor.economics.extract import Params
from advisor.economics.present import render
from advisor.economics.prices import PriceTable

if TYPE_CHECKING:
    import pandas as pd

    from advisor.container import Container

CUSTOM = "custom prices"
PRICE_COLUMNS = ["Product", "Price", "Currency", "Unit", "Since", "Source", "Article"]
MARGIN_FLOOR = -100.0  # the chart stops at -100%: below that every option is simply a loss
SEAT, USAGE, OUTCOME = "seat", "usage", "outcome"


def _d(value: Any, name: str) -> Decimal:
    try:
        number = Decimal(str(value))
    except InvalidOperation as exc:
        raise gr.Error(f"{name}: '{value}' is not a number") from exc
    if number < 0:
        raise gr.Error(f"{name} must not be negative")
    return number


class EconomicsForm:
    """Form values in, Markdown result and chart data out."""

    def __init__(self, table: PriceTable) -> None:
        self.table = table

    def models(self) -> list[str]:
        return [*self.table.models(), CUSTOM]

    def price_rows(self) -> list[list[str]]:
        return [
            [r.product, str(r.figure), r.currency, r.unit_label, r.date, r.source, r.article]
            for r in self.table.rows
        ]

    def calculate(
        self,
        users: Any,
        requests: Any,
        per: str,
        input_tokens: Any,
        output_tokens: Any,
        model: str,
        input_price: Any,
        output_price: Any,
        seat_price: Any,
        request_price: Any,
        outcome_price: Any,
        success_pct: Any,
        target_pct: Any = 0,
        cached_pct: Any = 0,
    ) -> tuple[str, pd.DataFrame]:
        custom = model == CUSTOM
        params = Params(
            users=_d(users, "Users"),
            requests=_d(requests, "Requests per user"),
            period=per,
            input_tokens=_d(input_tokens, "Input tokens"),
            output_tokens=_d(output_tokens, "Output tokens"),
            model=None if custom else model,
            input_price=_d(input_price, "Input price") if custom else None,
            output_price=_d(output_price, "Output price") if custom else None,
            seat_price=_d(seat_price, "Price per seat"),
            target_margin=_d(target_pct or 0, "Target margin") / 100 or None,
            cached_share=_d(cached_pct or 0, "Cached share") / 100 or None,
        )
        try:
            result = calculate(params, self.table)
        except calc.CalculationError as exc:
            raise gr.Error(str(exc)) from exc
        marks = {r.product: "[1]" for r in result.rows[:1]}
        lead, extras = render(result, marks, "en")
        sources = [f"[1] {r.product}: {r.source} ({r.article})" for r in result.rows[:1]]
        assert result.usage is not None and result.prices is not None
        pricings: dict[str, calc.Pricing] = {
            f"{SEAT} (${seat_price}/user/month)": calc.SeatPricing(params.seat_price or Decimal(0)),
            f"{USAGE} (${request_price}/request)": calc.UsagePricing(
                _d(request_price, "Price per request")
            ),
            f"{OUTCOME} (${outcome_price}/resolution at {success_pct}%)": calc.OutcomePricing(
                _d(outcome_price, "Price per resolution"), _d(success_pct, "Resolved %") / 100
            ),
        }
        text = "\n\n".join([lead, *extras, *sources])
        return text, self.chart(pricings, result.usage, result.prices)

    @staticmethod
    def chart(
        pricings: dict[str, calc.Pricing], usage: calc.Usage, prices: calc.TokenPrices
    ) -> pd.DataFrame:
        import pandas as pd

        rows = [
            {
                "requests per user per month": float(requests),
                "gross margin %": max(MARGIN_FLOOR, float(m * 100)) if m is not None else None,
                "pricing": name,
            }
            for requests, name, m in calc.margin_curve(pricings, usage, prices)
        ]
        return pd.DataFrame(rows)


def build_economics_tab(container: Container) -> None:
    form = EconomicsForm(container.prices)
    gr.Markdown(
        "Cost to serve and gross margin for your own usage (a month is 30 days). "
        "Prices come from the table below; add yours in `prices.yaml` in the data folder."
    )
    with gr.Row():
        users = gr.Number(2000, label="Users", minimum=0, elem_id="econ-users")
        requests = gr.Number(40, label="Requests per user", minimum=0, elem_id="econ-requests")
        per = gr.Radio(["day", "month"], value="day", label="Requests per")
        input_tokens = gr.Number(1500, label="Input tokens per request", elem_id="econ-input")
        output_tokens = gr.Number(400, label="Output tokens per request", elem_id="econ-output")
    with gr.Row():
        model = gr.Dropdown(
            form.models(), value=form.models()[0], label="Model", elem_id="econ-model"
        )
        input_price = gr.Number(0, label="Custom input price ($ per 1M tokens)")
        output_price = gr.Number(0, label="Custom output price ($ per 1M tokens)")
    with gr.Row():
        seat = gr.Number(5, label="Price per seat ($/month)", elem_id="econ-seat")
        per_request = gr.Number(0.002, label="Price per request ($)")
        per_outcome = gr.Number(0.99, label="Price per resolution ($)")
        success = gr.Number(40, label="Resolved (%)")
        target = gr.Number(70, label="Target gross margin (%)")
        cached = gr.Number(0, label="Cached share of input (%)")
    button = gr.Button("Calculate", variant="primary", elem_id="econ-calculate")
    result = gr.Markdown(elem_id="econ-result")
    plot = gr.LinePlot(
        x="requests per user per month",
        y="gross margin %",
        color="pricing",
        title="Gross margin by requests per user",
        elem_id="econ-chart",
    )
    gr.Markdown("### Price table")
    gr.Dataframe(form.price_rows(), headers=PRICE_COLUMNS, interactive=False, elem_id="econ-prices")
    inputs = [
        users, requests, per, input_tokens, output_tokens, model,
        input_price, output_price, seat, per_request, per_outcome, success, target, cached,
    ]  # fmt: skip
    button.click(form.calculate, inputs, [result, plot], api_name="economics")
