"""Every prompt and fixed phrase of the answering pipeline, in one place."""

from __future__ import annotations

from langchain_core.messages import BaseMessage
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
# The asked thing is in the documents, the asked figure is not: say so, cite the mention.
MENTIONS = {
    "en": "The documents mention {names} but do not give {what}, so I will not guess.",
    "id": "Dokumen menyebut {names} tetapi tidak memberikan {what}, jadi saya tidak menebak.",
}
# What each asked kind of value is called when the documents do not give it.
NOT_GIVEN = {
    "en": {
        "money": "its price",
        "number": "that figure",
        "date": "that date",
        "version": "its version",
    },
    "id": {"money": "harganya", "number": "angka itu", "date": "tanggalnya", "version": "versinya"},
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


COMPOSED = ChatPromptTemplate.from_messages(
    [
        (
            "system",
            "You are a pricing advisor for AI products. The facts below are grouped by the "
            "aspect of the question they answer. In {language}, write two to four short "
            "sentences that answer the question ({intent}), using only these facts. Copy "
            "names and numbers exactly. After each sentence put the number of the fact it "
            "uses, like [3]. Do not add facts of your own.",
        ),
        ("user", "Facts by aspect:\n{facts}\n\nQuestion: {question}"),
    ]
)


def format_facts_by_aspect(evidence: list[Evidence], aspects: dict[int, list[str]]) -> str:
    """The numbered facts under a heading per aspect (the question itself is "main")."""
    groups: dict[str, list[Evidence]] = {}
    for e in evidence:
        groups.setdefault((aspects.get(e.n) or ["main"])[0], []).append(e)
    return "\n\n".join(
        f"## {'the question' if aspect == 'main' else aspect}\n{format_facts(items)}"
        for aspect, items in groups.items()
    )


def composed_messages(
    question: str,
    language: str,
    intent: str,
    evidence: list[Evidence],
    aspects: dict[int, list[str]],
) -> list[BaseMessage]:
    """The `model_first` prompt for a composed answer: the same evidence, grouped by aspect."""
    return COMPOSED.format_messages(
        language=LANGUAGE_NAMES.get(language, "English"),
        intent=intent,
        facts=format_facts_by_aspect(evidence, aspects),
        question=question,
    )
