"""The knowledge base's decision criteria for choosing a pricing model, as data: what in the
user's description points to each one, what the advice is, and what an evidence sentence
must say to back it. The queries fetch evidence per consideration (the decision guide's
questions: who gets the value, how cost and usage vary, how predictable the bill must be,
what competitors charge, how fast model prices fall) and on the risks."""

from __future__ import annotations

import re
from dataclasses import dataclass


def _rx(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.I)


@dataclass(frozen=True)
class Criterion:
    """A situation the user may describe, and the pricing model the sources tie to it."""

    key: str
    signal: re.Pattern[str]  # words in the question that show this situation
    backing: re.Pattern[str]  # what an evidence sentence must say to back the advice
    query: str
    advice: dict[str, str]
    situation: dict[str, str]


CRITERIA: tuple[Criterion, ...] = (
    Criterion(
        "outcome",
        _rx(
            r"\b(resolv\w*|resolutions?|tickets?|support (agent|bot)|completes?|automat\w*|"
            r"replaces?|customer emails|does the work|menyelesaikan|tiket|resolusi|otomatis)\b"
        ),
        _rx(r"\b(outcome|resolution|resolved|per task|resolusi|berbasis hasil)\b"),
        "AI completes whole tasks with countable results: outcome-based pricing per resolution",
        {
            "en": "charge per outcome (per resolution or completed task)",
            "id": "tagih per hasil (per resolusi atau tugas yang selesai)",
        },
        {
            "en": "the AI does the work and its results can be counted",
            "id": "AI mengerjakan tugasnya dan hasilnya bisa dihitung",
        },
    ),
    Criterion(
        "usage",
        _rx(r"\b(api|developers?|sdk|endpoints?|per call|transcri\w*|per minute|pengembang)\b"),
        _rx(r"\b(usage|per token|per call|consumption|pay for what|pemakaian)\b"),
        "developer or API product whose cost tracks volume: usage-based pricing",
        {
            "en": "charge by usage (per token, call or minute)",
            "id": "tagih berdasarkan pemakaian (per token, panggilan atau menit)",
        },
        {
            "en": "it is a developer or API product whose cost tracks volume",
            "id": "ini produk API atau untuk pengembang yang biayanya mengikuti volume",
        },
    ),
    Criterion(
        "credits",
        _rx(r"\b(video|images?|many features|different costs|photo|gambar|foto|banyak fitur)\b"),
        _rx(r"\b(credits?|kredit)\b"),
        "many features with very different costs: credits with a published rate card",
        {
            "en": "sell credits with a published rate card",
            "id": "jual kredit dengan daftar tarif yang jelas",
        },
        {
            "en": "its features cost very different amounts to serve",
            "id": "biaya tiap fiturnya sangat berbeda",
        },
    ),
    Criterion(
        "hybrid",
        _rx(
            r"\b(var(y|ies|ied|iable)|uneven|heavy users?|power users?|spiky|bervariasi|"
            r"berbeda-beda|pengguna berat)\b"
        ),
        _rx(r"\b(hybrid|hibrida|overage|allowance|platform fee)\b"),
        "predictable base revenue while usage varies widely: hybrid platform fee plus overage",
        {
            "en": "charge a base fee that includes an allowance, plus overage above it (hybrid)",
            "id": "tagih biaya dasar yang mencakup kuota, ditambah biaya kelebihan (hibrida)",
        },
        {
            "en": "usage varies a lot between customers",
            "id": "pemakaian sangat berbeda antar pelanggan",
        },
    ),
    Criterion(
        "seat",
        _rx(
            r"\b(assistant|copilot|helps?|notes?|note-taking|meetings?|writing|summar\w*|"
            r"per seat|seats?|employees|staff|asisten|catatan|rapat|membantu|penulisan)\b"
        ),
        _rx(r"\b(seats?|per user|per-user|per kursi|per pengguna)\b"),
        "AI assists people with even usage and enterprise budgets: seat-based pricing",
        {
            "en": "charge per seat, with a fair-use allowance",
            "id": "tagih per kursi, dengan batas pemakaian wajar",
        },
        {
            "en": "the AI helps people work and value grows with the number of users",
            "id": "AI membantu orang bekerja dan nilainya tumbuh dengan jumlah pengguna",
        },
    ),
    Criterion(
        "freemium",
        _rx(
            r"\b(consumers?|students?|individuals|viral|word of mouth|prosumers?|konsumen|"
            r"mahasiswa)\b"
        ),
        _rx(r"\b(freemium|free tier|free plan|gratis)\b"),
        "consumer product that spreads by word of mouth: freemium with strict free limits",
        {
            "en": "offer a free tier with strict limits and paid plans above it",
            "id": "sediakan paket gratis dengan batas ketat dan paket berbayar di atasnya",
        },
        {
            "en": "it is a consumer product that must spread by word of mouth",
            "id": "ini produk konsumen yang harus menyebar dari mulut ke mulut",
        },
    ),
)
BY_KEY = {c.key: c for c in CRITERIA}

PRICING_ASK = _rx(
    r"\b(pric\w*|charg\w*|bill\w*|monetiz\w*|monetis\w*|free (tier|plan|version)|freemium|"
    r"paid (tier|plan)s?|subscriptions?|per (seat|user|usage|token|call|resolution)|credits|"
    r"harga|tagih\w*|menagih|biaya|langganan|paket gratis|gratis)\b"
)
"""The question asks how to price or package: only then can the pricing criteria answer it.
"Should I use PostgreSQL for my API?" names a situation (an API) but asks no pricing."""

BUDGET = _rx(
    r"\b(enterprises?|budgets?|predictable|procurement|fixed (bill|price|fee)|"
    r"small (businesses|agencies|shops|firms)|anggaran|perusahaan besar|agensi kecil|ukm)\b"
)
"""The user said the buyer needs a known bill: seats or a capped hybrid, not raw usage."""

CONSIDERATIONS: dict[str, str] = {
    "value": "who gets the value: the AI assists a person or does the work instead; price per "
    "user or per outcome",
    "variance": "usage and inference cost vary widely between customers; heavy users need a "
    "variable price component",
    "predictability": "how predictable the bill must be for the buyer: a fixed budget, caps, "
    "alerts and prepaid bundles",
    "competitors": "what competing AI products charge per user per month or per resolution",
    "falling": "model prices fall quickly, about 10x a year, so revisit prices tied to token costs",
    "risk": "risks of the pricing model: bill shock, surprise charges, heavy users eroding "
    "margin, backlash and refunds",
}
SPEAKS_TO: dict[str, re.Pattern[str]] = {
    "value": _rx(
        r"\b(value|per[- ]user|per[- ]seat|seats?|outcomes?|does the work|helps?|nilai|kursi|"
        r"hasil)\b"
    ),
    "variance": _rx(
        r"\b(var(y|ies|ied|iance)|heavy|top \d+%|average|uneven|spik\w*|times (more|the)|"
        r"bervariasi|berat|rata-rata)\b"
    ),
    "predictability": _rx(
        r"\b(predictab\w*|budgets?|caps?|alerts?|fixed|prepaid|surprise\w*|limits?|"
        r"commit\w*|anggaran|pasti|batas)\b"
    ),
    "competitors": _rx(r"[$€£]\s?\d|\b\d[\d,.]*\s?(usd|dollars?|euros?)\b|\brp\s?\d"),
    "falling": _rx(r"\b(fall\w*|drop\w*|cheaper|declin\w*|\d+x|turun|murah)\b"),
}
"""What a sentence must say to stand as a reason under a consideration's label: a page on
some other subject that the consideration's query happened to find does not speak to it."""

RISK = _rx(
    r"\b(risk\w*|surprise|shock|backlash|refund\w*|heavy users?|squeez\w*|erod\w*|"
    r"loses? money|losing money|apolog\w*|mistakes?|cannibali\w*|risiko|kejutan)\b"
)

MISSING_QUESTIONS: dict[str, dict[str, str]] = {
    "value": {
        "en": "Does the AI help a person work faster, or does it finish the work itself with "
        "results you can count?",
        "id": "Apakah AI membantu orang bekerja lebih cepat, atau menyelesaikan pekerjaan "
        "sendiri dengan hasil yang bisa dihitung?",
    },
    "variance": {
        "en": "How much does usage (and your model cost) vary between customers?",
        "id": "Seberapa besar perbedaan pemakaian (dan biaya model) antar pelanggan?",
    },
    "predictability": {
        "en": "Do your buyers need a fixed monthly budget, or will they accept a bill that "
        "follows their use?",
        "id": "Apakah pembeli Anda butuh anggaran bulanan yang tetap, atau menerima tagihan "
        "yang mengikuti pemakaian?",
    },
}
