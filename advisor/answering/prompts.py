"""Every prompt and fixed phrase of the answering pipeline, in one place."""

from __future__ import annotations

from langchain_core.prompts import ChatPromptTemplate

from advisor.answering.types import Evidence

GROUNDED = ChatPromptTemplate.from_messages(
    [
        (
            "system",
            "You are a pricing advisor for AI products. Answer the question in {language} in "
            "one to three short sentences, using only the numbered facts. Copy names and "
            "numbers exactly as the facts give them. After each sentence put the number of "
            "the fact it uses, like [1]. If the facts do not answer the question, say so.",
        ),
        # One worked example: a 135M model copies the form far better than it follows rules.
        (
            "user",
            "Facts:\n[1] Acme Notes sells its AI assistant for $8 per user per month.\n"
            "[2] Acme Notes launched in 2021.\n\nQuestion: What does the Acme Notes assistant "
            "cost?",
        ),
        ("assistant", "The Acme Notes assistant costs $8 per user per month [1]."),
        ("user", "Facts:\n{facts}\n\nQuestion: {question}"),
    ]
)

NAIVE = ChatPromptTemplate.from_messages(
    [
        ("system", "You are a helpful assistant. Use the context to answer the question."),
        ("user", "Context:\n{context}\n\nQuestion: {question}"),
    ]
)

LANGUAGE_NAMES = {"en": "English", "id": "Indonesian"}

ABSTAIN = {
    "en": "The knowledge base does not cover this question, so I will not guess.",
    "id": "Basis pengetahuan tidak membahas pertanyaan ini, jadi saya tidak akan menebak.",
}
CLOSEST = {
    "en": "Closest topics it does cover: {topics}.",
    "id": "Topik terdekat yang dibahas: {topics}.",
}
QUOTE_INTRO = {"en": "The sources say:", "id": "Menurut sumber:"}
MODEL_FAILED = {
    "en": "(The model failed while answering; the quoted sources stand on their own.)",
    "id": "(Model gagal saat menjawab; kutipan sumber tetap berlaku.)",
}
EMPTY_INDEX = {
    "en": "The knowledge base is empty. Ingest documents first (advisor ingest PATH).",
    "id": "Basis pengetahuan kosong. Masukkan dokumen dulu (advisor ingest PATH).",
}


def format_facts(evidence: list[Evidence]) -> str:
    return "\n".join(f"[{e.n}] {e.text}" for e in evidence)
