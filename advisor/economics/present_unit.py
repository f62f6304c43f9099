"""Unit-economics answers (a price for a target margin, break-even, margin, outcome revenue)
from figures the user stated, in English or Indonesian."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from advisor.economics.compute import Calculation, outcome_count
from advisor.economics.numbers import percent, plain

UNIT_KINDS = frozenset(
    {"seat_for_margin", "request_for_margin", "break_even_unit", "seat_margin", "outcome_revenue"}
)
_T = {
    "en": {
        "seat_for_margin": "Charge at least **{value}** per user per month for a gross margin "
        "of {target}.",
        "request_for_margin": "Charge at least **{value}** per request for a gross margin of "
        "{target}.",
        "break_even_unit": "A seat at {seat} breaks even at **{value} requests** a month.",
        "seat_margin": "Gross margin: **{value}** at {seat} per seat.",
        "outcome_revenue": "Revenue: **{value}** a month from {n} resolutions.",
        "f_margin_price": "Formula: {cost} / (1 − {target}) = {value}.",
        "f_break_even": "Formula: {seat} / {cost} per request = {value} requests.",
        "f_margin": "Formula: ({seat} − {cost}) / {seat} = {value}.",
        "f_outcome": "Formula: {n} × {price} = {value}.",
        "user_cost": "Cost per user per month",
        "request_cost": "Cost per request",
        "target": "Target gross margin",
        "seat": "Price per seat",
        "outcomes": "Resolutions a month",
        "outcome_price": "Price per resolution",
        "input": "Input",
        "value": "Value",
    },
    "id": {
        "seat_for_margin": "Kenakan minimal **{value}** per pengguna per bulan untuk margin "
        "kotor {target}.",
        "request_for_margin": "Kenakan minimal **{value}** per permintaan untuk margin kotor "
        "{target}.",
        "break_even_unit": "Satu kursi seharga {seat} impas pada **{value} permintaan** per bulan.",
        "seat_margin": "Margin kotor: **{value}** dengan harga {seat} per kursi.",
        "outcome_revenue": "Pendapatan: **{value}** per bulan dari {n} resolusi.",
        "f_margin_price": "Rumus: {cost} / (1 − {target}) = {value}.",
        "f_break_even": "Rumus: {seat} / {cost} per permintaan = {value} permintaan.",
        "f_margin": "Rumus: ({seat} − {cost}) / {seat} = {value}.",
        "f_outcome": "Rumus: {n} × {price} = {value}.",
        "user_cost": "Biaya per pengguna per bulan",
        "request_cost": "Biaya per permintaan",
        "target": "Target margin kotor",
        "seat": "Harga per kursi",
        "outcomes": "Resolusi per bulan",
        "outcome_price": "Harga per resolusi",
        "input": "Masukan",
        "value": "Nilai",
    },
}


def render_unit(result: Calculation, language: str) -> str:
    from advisor.economics.present import usd  # the one money format

    t = _T["id" if language == "id" else "en"]
    p, lang, kind = result.params, language, result.kind
    value = result.bill if result.bill is not None else Decimal(0)
    money = {k: usd(v, lang, p.currency) for k, v in _figures(result).items()}
    target = percent(p.target_margin, lang) if p.target_margin is not None else ""
    if kind in ("seat_for_margin", "request_for_margin"):
        cost_key = "user_cost" if kind == "seat_for_margin" else "request_cost"
        shown = usd(value, lang)
        head = t[kind].format(value=shown, target=target)
        rows = [(t[cost_key], money[cost_key]), (t["target"], target)]
        formula = t["f_margin_price"].format(cost=money[cost_key], target=target, value=shown)
    elif kind == "break_even_unit":
        shown = plain(value.quantize(Decimal(1), ROUND_HALF_UP), lang)
        head = t[kind].format(seat=money["seat"], value=shown)
        rows = [(t["seat"], money["seat"]), (t["request_cost"], money["request_cost"])]
        formula = t["f_break_even"].format(
            seat=money["seat"], cost=money["request_cost"], value=shown
        )
    elif kind == "seat_margin":
        shown = percent(value, lang)
        head = t[kind].format(value=shown, seat=money["seat"])
        rows = [(t["seat"], money["seat"]), (t["user_cost"], money["user_cost"])]
        formula = t["f_margin"].format(seat=money["seat"], cost=money["user_cost"], value=shown)
    else:
        shown, n = usd(value, lang), plain(outcome_count(p), lang)
        head = t[kind].format(value=shown, n=n)
        rows = [(t["outcomes"], n), (t["outcome_price"], money["outcome_price"])]
        formula = t["f_outcome"].format(n=n, price=money["outcome_price"], value=shown)
    table = "\n".join(
        [f"| {t['input']} | {t['value']} |", "|---|---|", *(f"| {k} | {v} |" for k, v in rows)]
    )
    return "\n\n".join([head, table, formula])


def _figures(result: Calculation) -> dict[str, Decimal]:
    p = result.params
    named = {
        "user_cost": p.user_cost,
        "request_cost": p.request_cost,
        "seat": p.seat_price,
        "outcome_price": p.outcome_price,
    }
    return {k: v for k, v in named.items() if v is not None}
