"""A `Calculation` as Markdown, in English or Indonesian: the result first, then the inputs
used, the formula and what the pricing options would earn. Citation markers for the price
rows are passed in (`marks`: product -> "[n]")."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from advisor.economics import calc
from advisor.economics.compute import DEFAULTS, Calculation
from advisor.economics.numbers import percent, plain

_CENT = Decimal("0.01")
_SMALL = Decimal("0.000001")  # six decimals: a cheap request costs a few ten-thousandths

_T = {
    "en": {
        "bill": "Your monthly model bill: **{total}** on {model} ({days}-day month).",
        "bill_total": "Monthly model bill: **{total}** on {model} ({days}-day month).",
        "product_bill": "{product} would cost **{total}** {period}.",
        "month": "a month",
        "year": "a year",
        "input": "Input",
        "value": "Value",
        "users": "Users",
        "requests_user": "Requests per user",
        "requests_total": "Requests",
        "per_day": "{n} a day × {days} days = {m} a month",
        "per_month": "{m} a month",
        "tokens": "Tokens per request",
        "tokens_v": "{i} input, {o} output",
        "cached": "Cached share of input",
        "price": "Price ({model})",
        "price_v": "{i} input / {o} output per million tokens",
        "cached_price": ", cached input {c}",
        "custom": "your prices",
        "formula": "Formula: ({formula}) / 1,000,000 = {per_request} per request; × {rpu} "
        "requests{users} = **{total}** a month{per_user}.",
        "users_part": " × {u} users",
        "per_user": " ({pu} per user)",
        "seat": "At {price} per seat: revenue {rev}, gross margin {margin}; a seat breaks even "
        "at {be} requests a month.",
        "heavy": "If {share} of users make {factor}x as many requests, the margin on seats "
        "becomes {margin}.",
        "outcome": "At {price} per resolution with {rate} resolved: revenue {rev}, gross "
        "margin {margin}.",
        "need_seat": "For a gross margin of {target}, charge at least {price} per user per month",
        "need_request": " ({price} per request)",
        "need_per_request": "For a gross margin of {target}, charge at least {price} per request.",
        "need_outcome": "For a gross margin of {target}, charge at least {price} per resolution.",
        "product_price": "Price",
        "count": "Billed {unit}s",
        "formula_product": "Formula: {n} × {price}{months} = **{total}**.",
        "missing": "To calculate this I still need: {items}. Reply with the numbers, or say "
        '"use defaults" to assume {defaults}.',
        "missing_nodefault": "To calculate this I still need: {items}. Reply with the numbers.",
        "ask": {
            "requests": "requests per user (a day or a month)",
            "period": "whether the requests are per day or per month",
            "input_tokens": "input tokens per request",
            "output_tokens": "output tokens per request",
            "model": "the model (e.g. GPT-4o mini, Claude Sonnet) or its prices per million tokens",
            "success_rate": "the share of conversations resolved",
            "users": "the number of users (seats)",
        },
        "default": {
            "requests": "10 requests a day",
            "period": "per day",
            "input_tokens": "1,000 input tokens",
            "output_tokens": "500 output tokens",
            "model": "GPT-4o mini",
            "success_rate": "50% resolved",
        },
        "meaning": "What it means for pricing:",
    },
    "id": {
        "bill": "Tagihan model Anda per bulan: **{total}** di {model} (sebulan = {days} hari).",
        "bill_total": "Tagihan model per bulan: **{total}** di {model} (sebulan = {days} hari).",
        "product_bill": "Biaya {product}: **{total}** {period}.",
        "month": "per bulan",
        "year": "per tahun",
        "input": "Masukan",
        "value": "Nilai",
        "users": "Pengguna",
        "requests_user": "Permintaan per pengguna",
        "requests_total": "Permintaan",
        "per_day": "{n} per hari × {days} hari = {m} per bulan",
        "per_month": "{m} per bulan",
        "tokens": "Token per permintaan",
        "tokens_v": "{i} input, {o} output",
        "cached": "Bagian input dari cache",
        "price": "Harga ({model})",
        "price_v": "{i} input / {o} output per juta token",
        "cached_price": ", input dari cache {c}",
        "custom": "harga Anda",
        "formula": "Rumus: ({formula}) / 1.000.000 = {per_request} per permintaan; × {rpu} "
        "permintaan{users} = **{total}** per bulan{per_user}.",
        "users_part": " × {u} pengguna",
        "per_user": " ({pu} per pengguna)",
        "seat": "Dengan harga {price} per kursi: pendapatan {rev}, margin kotor {margin}; satu "
        "kursi impas pada {be} permintaan per bulan.",
        "heavy": "Jika {share} pengguna membuat {factor}x lebih banyak permintaan, margin "
        "per kursi menjadi {margin}.",
        "outcome": "Dengan {price} per resolusi dan {rate} terselesaikan: pendapatan {rev}, "
        "margin kotor {margin}.",
        "need_seat": "Untuk margin kotor {target}, kenakan minimal {price} per pengguna per bulan",
        "need_request": " ({price} per permintaan)",
        "need_per_request": "Untuk margin kotor {target}, kenakan minimal {price} per permintaan.",
        "need_outcome": "Untuk margin kotor {target}, kenakan minimal {price} per resolusi.",
        "product_price": "Harga",
        "count": "Jumlah {unit} yang ditagih",
        "formula_product": "Rumus: {n} × {price}{months} = **{total}**.",
        "missing": "Untuk menghitungnya saya masih perlu: {items}. Balas dengan angkanya, atau "
        'tulis "pakai default" untuk memakai {defaults}.',
        "missing_nodefault": "Untuk menghitungnya saya masih perlu: {items}. Balas dengan "
        "angkanya.",
        "ask": {
            "requests": "jumlah permintaan per pengguna (per hari atau per bulan)",
            "period": "apakah permintaan itu per hari atau per bulan",
            "input_tokens": "token input per permintaan",
            "output_tokens": "token output per permintaan",
            "model": "modelnya (mis. GPT-4o mini, Claude Sonnet) atau harganya per juta token",
            "success_rate": "persentase percakapan yang terselesaikan",
            "users": "jumlah pengguna (kursi)",
        },
        "default": {
            "requests": "10 permintaan per hari",
            "period": "per hari",
            "input_tokens": "1.000 token input",
            "output_tokens": "500 token output",
            "model": "GPT-4o mini",
            "success_rate": "50% terselesaikan",
        },
        "meaning": "Artinya untuk penetapan harga:",
    },
}


def texts(language: str) -> dict:
    return _T["id" if language == "id" else "en"]


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


def _margin(m: calc.Margin) -> str:
    return "n/a" if m.gross_margin is None else percent(m.gross_margin)


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
    t, lang = texts(language), language
    p, usage, cost, prices = result.params, result.usage, result.cost, result.prices
    assert usage is not None and cost is not None and prices is not None
    model = prices.label if result.rows else t["custom"]
    mark = marks.get(prices.label, "")
    per_user = p.users is not None and not p.requests_total
    head = t["bill" if per_user else "bill_total"].format(
        total=usd(cost.total, lang), model=f"{model} {mark}".strip(), days=calc.MONTH_DAYS
    )
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
        rows.append((t["cached"], percent(usage.cached_share)))
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
    if result.seat is not None and p.seat_price is not None:
        be = plain((result.break_even or Decimal(0)).quantize(Decimal(1), ROUND_HALF_UP), lang)
        lines.append(
            t["seat"].format(
                price=usd(p.seat_price, lang),
                rev=usd(result.seat.revenue, lang),
                margin=_margin(result.seat),
                be=be,
            )
        )
    if result.heavy is not None:
        lines.append(
            t["heavy"].format(
                share=percent(result.heavy.share),
                factor=plain(result.heavy.factor, lang),
                margin=_margin(result.heavy.mixed),
            )
        )
    if result.outcome is not None and p.outcome_price is not None:
        lines.append(
            t["outcome"].format(
                price=usd(p.outcome_price, lang),
                rate=percent(p.success_rate or Decimal(0)),
                rev=usd(result.outcome.revenue, lang),
                margin=_margin(result.outcome),
            )
        )
    if p.target_margin is not None and result.needed_request_price is not None:
        target = percent(p.target_margin)
        per_request = usd(result.needed_request_price, lang)
        if result.needed_seat_price is not None:
            seat = t["need_seat"].format(target=target, price=usd(result.needed_seat_price, lang))
            lines.append(seat + t["need_request"].format(price=per_request) + ".")
        else:
            lines.append(t["need_per_request"].format(target=target, price=per_request))
    if p.target_margin is not None and result.needed_outcome_price is not None:
        lines.append(
            t["need_outcome"].format(
                target=percent(p.target_margin), price=usd(result.needed_outcome_price, lang)
            )
        )
    return [line for line in lines if line]


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
