"""The words of calculation answers, in English and Indonesian."""

from __future__ import annotations

from typing import Any

WORDING: dict[str, dict[str, Any]] = {
    "en": {
        "bill": "Your monthly model bill: **{total}** on {model} ({days}-day month).",
        "bill_total": "Monthly model bill: **{total}** on {model} ({days}-day month).",
        "product_bill": "{product} would cost **{total}** {period}.",
        "month": "a month",
        "year_total": "Over a year (12 months): **{total}**.",
        "revenue": "Revenue: **{total}** {period}.",
        "metered": "At {price} per request: revenue {rev}, gross margin {margin}.",
        "hybrid": "Hybrid, {seat} per seat including {n} requests and {price} per request "
        "above: revenue {rev}, gross margin {margin}.",
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
        "seat_no_rate": "At {price} per seat: revenue {rev} a month. For the margin, give the "
        'exchange rate (e.g. "1 USD = Rp 16,000").',
        "rate": "(at {rate} per US dollar)",
        "break_even": "A seat at {price} a month breaks even at **{n} requests** per user per "
        "month on {model}.",
        "formula_break_even": "Formula: {price} / {per_request} per request = {n} requests.",
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
        "year_total": "Setahun (12 bulan): **{total}**.",
        "revenue": "Pendapatan: **{total}** {period}.",
        "metered": "Dengan {price} per permintaan: pendapatan {rev}, margin kotor {margin}.",
        "hybrid": "Hibrida, {seat} per kursi termasuk {n} permintaan dan {price} per "
        "permintaan di atasnya: pendapatan {rev}, margin kotor {margin}.",
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
        "seat_no_rate": "Dengan harga {price} per kursi: pendapatan {rev} per bulan. Untuk "
        'menghitung margin, sebutkan kursnya (mis. "kurs Rp 16.000").',
        "rate": "(dengan kurs {rate} per dolar AS)",
        "break_even": "Satu kursi seharga {price} per bulan impas pada **{n} permintaan** per "
        "pengguna per bulan di {model}.",
        "formula_break_even": "Rumus: {price} / {per_request} per permintaan = {n} permintaan.",
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
