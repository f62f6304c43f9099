"""Example questions for each intent: the classifier's nearest-meaning fallback when no rule
decides. Written for this purpose; the labelled evaluation set is kept separate from them."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Sequence

    from advisor.answering.intent import Intent

PROTOTYPES: dict[Intent, Sequence[str]] = {
    "lookup": (
        "How much does the enterprise plan cost per user per month?",
        "What is the list price per million output tokens?",
        "When did the company launch its paid plan?",
        "What does the vendor charge for each automated resolution?",
        "How many credits does one video generation use?",
        "What percentage of companies use hybrid pricing according to the survey?",
        "What is the monthly price of the Pro plan?",
        "Which plan includes the premium request allowance?",
        "What did the company announce about its prices in 2025?",
        "Berapa harga paket bisnis per pengguna per bulan?",
        "Kapan paket berbayar itu diluncurkan?",
    ),
    "calculation": (
        "If 500 users each send 20 messages a day, what is the monthly model bill?",
        "With 1,000 seats at $30 and inference at $4 per user, what is my gross margin?",
        "What price per seat gives me a 70% margin if each user costs $6 to serve?",
        "How many requests per seat before I break even at $20 a month?",
        "Hitung biaya bulanan untuk 300 pengguna dengan 50 permintaan per hari.",
    ),
    "comparison": (
        "Seat pricing against usage pricing: what separates them?",
        "Put the two assistants side by side on price and billing unit.",
        "The support agents of both vendors: which charges less per resolution?",
        "Both copilots: what does each cost and what is included?",
        "Dua produk itu, mana yang lebih hemat per bulan?",
    ),
    "recommendation": (
        "What pricing would fit a tool that writes reports for small law firms?",
        "I sell an API for transcription; per minute or a monthly plan?",
        "Our assistant serves enterprise teams with uneven usage. Seats or credits?",
        "Pricing for my new chatbot for online shops: what do you advise?",
        "Aplikasi catatan rapat untuk agensi kecil: per kursi atau per pemakaian?",
    ),
    "explanation": (
        "How come AI products have lower gross margins than classic software?",
        "What is pushing inference prices down so fast every year?",
        "How do falling model prices affect a per-seat business?",
        "What went wrong when the coding tool changed its plan?",
        "Apa yang membuat margin produk AI lebih rendah dari SaaS?",
    ),
    "definition": (
        "What is outcome-based pricing?",
        "What does the term credit pack mean?",
        "What is a fair-use allowance?",
        "Define hybrid pricing.",
        "Apa itu harga berbasis hasil?",
    ),
}
