"""A `Calculation` as Markdown, in English or Indonesian: the result first, then the inputs
used, the formula and what the pricing options would earn. Citation markers for the price
rows are passed in (`marks`: product -> "[n]")."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from advisor.economics import calc
from advisor.economics.compute import DEFAULTS, Calculation
from advisor.economics.numbers import percent, plain
from advisor.economics.present_unit import UNIT_KINDS, render_unit
from advisor.economics.wording import WORDING

_CENT = Decimal("0.01")
_SMALL = Decimal("0.000001")  # six decimals: a cheap request costs a few ten-thousandths


def texts(language: str) -> dict:
    return WORDING["id" if language == "id" else "en"]


def usd(value: Decimal, language: str = "en", currency: str = "USD") -> str:
    """$1,116.00 (en) / $1.116,00 (id); amounts under a dollar keep their digits
    ($0.000465, $0.558), so a per-request cost is never shown as $0.00."""
    if currency == "IDR":
        return "Rp " + plain(value.quantize(Decimal(1), ROUND_HALF_UP), "id")
    if abs(value) < 1 and value != value.quantize(_CENT, ROUND_HALF_UP):
        text = f"${value.quantize(_SMALL, ROUND_HALF_UP).normalize():f}"
    else:
        text = f"${value.quantize(Decimal('0.01'), ROUND_HALF_UP):,}"
    if language == "id":
        text = text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")
    return text


def price(value: Decimal, language: str) -> str:
    """A list price as the articles write it: $0.15, $3, $0.60."""
    text = f"${value:.2f}" if value != value.to_integral() else f"${int(value):,}"
    return text.replace(".", ",") if language == "id" else text


def _margin(m: calc.Margin, lang: str) -> str:
    return "n/a" if m.gross_margin is None else percent(m.gross_margin, lang)


def ask_missing(gaps: list[str], language: str) -> str:
    t = texts(language)
    items = "; ".join(t["ask"][g] for g in gaps)
    defaults = [t["default"][g] for g in gaps if g in DEFAULTS]
    if len(defaults) < len(gaps):
        return t["missing_nodefault"].format(items=items)
    return t["missing"].format(items=items, defaults=", ".join(defaults))


def render(result: Calculation, marks: dict[str, str], language: str) -> tuple[str, list[str]]:
    """(the lead: headline, inputs table and formula; extra result lines)."""
    if result.kind == "product_bill":
        return _product(result, marks, language), []
    if result.kind == "revenue":
        return _revenue(result, language), []
    if result.kind in UNIT_KINDS:
        return render_unit(result, language), []
    t, lang = texts(language), language
    p, usage, cost, prices = result.params, result.usage, result.cost, result.prices
    assert usage is not None and cost is not None and prices is not None
    model = prices.label if result.rows else t["custom"]
    mark = marks.get(prices.label, "")
    if result.kind == "break_even":
        return _break_even(result, f"{model} {mark}".strip(), t, lang), _extras(result, t, lang)
    per_user = p.users is not None and not p.requests_total
    head = t["bill" if per_user else "bill_total"].format(
        total=usd(cost.total, lang), model=f"{model} {mark}".strip(), days=calc.MONTH_DAYS
    )
    if p.yearly:
        head += " " + t["year_total"].format(total=usd(cost.total * 12, lang))
    req = plain(usage.requests_per_user, lang)
    if p.period == "day":
        requests = t["per_day"].format(
            n=plain(p.requests or Decimal(0), lang), days=calc.MONTH_DAYS, m=req
        )
    else:
        requests = t["per_month"].format(m=req)
    rows = [(t["users"], plain(usage.users, lang))] if per_user else []
    rows.append((t["requests_user" if per_user else "requests_total"], requests))
    tokens = t["tokens_v"].format(
        i=plain(usage.input_tokens, lang), o=plain(usage.output_tokens, lang)
    )
    rows.append((t["tokens"], tokens))
    if usage.cached_share:
        rows.append((t["cached"], percent(usage.cached_share, lang)))
    value = t["price_v"].format(i=price(prices.input, lang), o=price(prices.output, lang))
    if usage.cached_share and prices.cached_input is not None:
        value += t["cached_price"].format(c=price(prices.cached_input, lang))
    rows.append((t["price"].format(model=model), f"{value} {mark}".strip()))
    parts = f"{plain(usage.input_tokens, lang)} × {price(prices.input, lang)} + " + (
        f"{plain(usage.output_tokens, lang)} × {price(prices.output, lang)}"
    )
    if usage.cached_share and prices.cached_input is not None:
        parts = (
            f"{plain(usage.input_tokens * (1 - usage.cached_share), lang)} × "
            f"{price(prices.input, lang)} + {plain(usage.input_tokens * usage.cached_share, lang)}"
            f" × {price(prices.cached_input, lang)} + {plain(usage.output_tokens, lang)} × "
            f"{price(prices.output, lang)}"
        )
    formula = t["formula"].format(
        formula=parts,
        per_request=usd(cost.per_request, lang),
        rpu=req,
        users=t["users_part"].format(u=plain(usage.users, lang)) if per_user else "",
        total=usd(cost.total, lang),
        per_user=t["per_user"].format(pu=usd(cost.per_user, lang)) if per_user else "",
    )
    lead = "\n\n".join([head, _table(t, rows), formula])
    return lead, _extras(result, t, lang)


def _extras(result: Calculation, t: dict, lang: str) -> list[str]:
    p, lines = result.params, []
    if p.seat_price is not None and result.seat_revenue is not None:
        seat_price = usd(p.seat_price, lang, p.currency)
        revenue = usd(result.seat_revenue, lang, p.currency)
        if result.seat is None:
            lines.append(t["seat_no_rate"].format(price=seat_price, rev=revenue))
        elif result.kind != "break_even":
            be = plain((result.break_even or Decimal(0)).quantize(Decimal(1), ROUND_HALF_UP), lang)
            if p.currency != "USD" and p.usd_rate:
                seat_price += " " + t["rate"].format(rate=usd(p.usd_rate, lang, p.currency))
            lines.append(
                t["seat"].format(
                    price=seat_price, rev=revenue, margin=_margin(result.seat, lang), be=be
                )
            )
    if result.heavy is not None:
        lines.append(
            t["heavy"].format(
                share=percent(result.heavy.share, lang),
                factor=plain(result.heavy.factor, lang),
                margin=_margin(result.heavy.mixed, lang),
            )
        )
    if result.metered is not None and p.request_price is not None:
        lines.append(
            t["metered"].format(
                price=usd(p.request_price, lang),
                rev=usd(result.metered.revenue, lang),
                margin=_margin(result.metered, lang),
            )
        )
    if result.hybrid is not None and p.request_price is not None:
        lines.append(
            t["hybrid"].format(
                seat=usd(p.seat_price or Decimal(0), lang),
                n=plain(p.included or Decimal(0), lang),
                price=usd(p.request_price, lang),
                rev=usd(result.hybrid.revenue, lang),
                margin=_margin(result.hybrid, lang),
            )
        )
    if result.outcome is not None and p.outcome_price is not None:
        lines.append(
            t["outcome"].format(
                price=usd(p.outcome_price, lang),
                rate=percent(p.success_rate or Decimal(0), lang),
                rev=usd(result.outcome.revenue, lang),
                margin=_margin(result.outcome, lang),
            )
        )
    if p.target_margin is not None and result.needed_request_price is not None:
        target = percent(p.target_margin, lang)
        per_request = usd(result.needed_request_price, lang)
        if result.needed_seat_price is not None:
            seat = t["need_seat"].format(target=target, price=usd(result.needed_seat_price, lang))
            lines.append(seat + t["need_request"].format(price=per_request) + ".")
        else:
            lines.append(t["need_per_request"].format(target=target, price=per_request))
    if p.target_margin is not None and result.needed_outcome_price is not None:
        lines.append(
            t["need_outcome"].format(
                target=percent(p.target_margin, lang), price=usd(result.needed_outcome_price, lang)
            )
        )
    return [line for line in lines if line]


def _break_even(result: Calculation, model: str, t: dict, lang: str) -> str:
    p, usage, cost, prices = result.params, result.usage, result.cost, result.prices
    assert usage is not None and cost is not None and prices is not None
    assert p.seat_price is not None and result.break_even is not None
    requests = plain(result.break_even.quantize(Decimal(1), ROUND_HALF_UP), lang)
    seat = usd(p.seat_price, lang, p.currency)
    head = t["break_even"].format(price=seat, n=requests, model=model)
    tokens = t["tokens_v"].format(
        i=plain(usage.input_tokens, lang), o=plain(usage.output_tokens, lang)
    )
    value = t["price_v"].format(i=price(prices.input, lang), o=price(prices.output, lang))
    rows = [(t["tokens"], tokens), (t["price"].format(model=model), value)]
    formula = t["formula_break_even"].format(
        price=seat, per_request=usd(cost.per_request, lang), n=requests
    )
    return "\n\n".join([head, _table(t, rows), formula])


def _revenue(result: Calculation, lang: str) -> str:
    t, p = texts(lang), result.params
    assert result.bill is not None and p.users is not None and p.seat_price is not None
    total = usd(result.bill, lang, p.currency)
    period = t["year" if p.yearly else "month"]
    head = t["revenue"].format(total=total, period=period)
    rows = [
        (t["users"], plain(p.users, lang)),
        (t["product_price"], usd(p.seat_price, lang, p.currency)),
    ]
    months = " × 12" if p.yearly else ""
    formula = t["formula_product"].format(
        n=plain(p.users, lang),
        price=usd(p.seat_price, lang, p.currency),
        months=months,
        total=total,
    )
    return "\n\n".join([head, _table(t, rows), formula])


def _product(result: Calculation, marks: dict[str, str], lang: str) -> str:
    t, p, row = texts(lang), result.params, result.bill_row
    assert row is not None and result.bill is not None
    mark = marks.get(row.product, "")
    period = t["year" if p.yearly else "month"]
    head = t["product_bill"].format(
        product=f"{row.product} {mark}".strip(), total=usd(result.bill, lang), period=period
    )
    if row.unit in ("per_seat_month", "per_month", "per_year"):
        n = p.users or Decimal(0)
        rows = [(t["users"], plain(n, lang))]
    else:
        requests = (p.requests or Decimal(0)) * (calc.MONTH_DAYS if p.period == "day" else 1)
        n = requests * (p.success_rate or 1) if row.unit == "per_resolution" else requests
        rows = [(t["count"].format(unit=row.unit_label.replace("per ", "")), plain(n, lang))]
    rows.append((t["product_price"], f"{usd(row.figure, lang)} {row.unit_label} {mark}".strip()))
    months = " × 12" if p.yearly and row.unit != "per_year" else ""
    formula = t["formula_product"].format(
        n=plain(n, lang), price=usd(row.figure, lang), months=months, total=usd(result.bill, lang)
    )
    return "\n\n".join([head, _table(t, rows), formula])


def _table(t: dict, rows: list[tuple[str, str]]) -> str:
    lines = [f"| {t['input']} | {t['value']} |", "|---|---|"]
    lines += [f"| {k} | {v} |" for k, v in rows]
    return "\n".join(lines)
