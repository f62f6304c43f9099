"""Tokens, numbers, sentences and names: the text helpers retrieval, answering, rewriting and
evaluation share."""

from __future__ import annotations

import re

from ingest.language import shared_detector

# Decimal numbers first ("0.99", "1,000"), then words that may hold digits ("gpt-4o", "r1").
_TOKEN = re.compile(r"\d+(?:[.,]\d+)+%?|[^\W_]+(?:['’-][^\W_]+)*%?", re.UNICODE)
_NUMBER = re.compile(r"(?<![\w.])\$?(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?:\s?(%|x\b|k\b|b\b|m\b))?")
# A stop (and any closing quotes or brackets, which stay with their sentence), then space and
# a capital or figure; or a blank line; or a new list item.
_SENTENCE_END = re.compile(
    r"(?:(?<=[.!?])|(?<=[.!?][\"”’)])|(?<=[.!?][\"”’)]{2}))\s+(?=[\"“(\[]?[A-Z0-9$])"
    r"|\n{2,}|\n(?=[-*•] |\d+\. )"
)
_LIST_ITEM = re.compile(r"(?m)^\s*(?:\d+[.)]|[-*•])\s+")
_LIST_MARK = re.compile(r"^(?:[-*•]\s*|\d+[.)]\s+)")
_ABBREVIATIONS = ("e.g.", "i.e.", "vs.", "etc.", "approx.", "inc.", "no.", "dr.", "mr.", "ms.")
# Whole words only: "terms." must still end a sentence although it ends in "ms.".
_ABBREVIATION = re.compile(rf"\b(?:{'|'.join(re.escape(a) for a in _ABBREVIATIONS)})", re.I)

STOPWORDS = frozenset(
    """
    a an the and or but if then of to in on at by for with from as is am are was were be been
    being it its this that these those what which who whom how why when where do does did
    doing can could should would will shall may might must i me my we our you your they
    them their he she his her so than too very just about into over under per also not no
    yes any some all each more most much many such there here have has had having up down
    out only own same other both few again once s t don yang dan di ke dari untuk dengan
    ini itu apa apakah berapa bagaimana mengapa kenapa siapa kapan adalah akan pada dalam
    oleh juga atau tidak bisa saya kami kita anda mereka ada sebuah seperti karena lebih
    para jika maka agar sudah belum masih hanya
    """.split()
)


def tokenize(text: str) -> list[str]:
    """Lower-cased word and number tokens, stopwords removed, plurals folded."""
    tokens = []
    for raw in _TOKEN.findall(text.lower()):
        token = raw.strip("'’-")
        if token.endswith(("'s", "’s")):
            token = token[:-2]
        if not token or token in STOPWORDS:
            continue
        if token.isalpha() and len(token) > 4 and token.endswith("s") and not token.endswith("ss"):
            token = token[:-1]
        tokens.append(token)
    return tokens


def numbers(text: str) -> set[str]:
    """Numbers as written, normalised: "$1,000" -> "1000", "0.99" -> "0.99", "50%" -> "50"."""
    found = set()
    for value, _unit in _NUMBER.findall(text):
        normal = value.replace(",", "")
        if "." in normal:
            normal = normal.rstrip("0").rstrip(".")
        found.add(normal)
    return found


def _table_rows(text: str) -> str:
    """Markdown table rows -> one line each, "cell - cell - cell", separator rows dropped."""
    lines = []
    for line in text.splitlines():
        stripped = line.strip()
        if stripped.startswith("|") and stripped.endswith("|"):
            cells = [c.strip() for c in stripped.strip("|").split("|")]
            if all(set(c) <= set("-: ") for c in cells):
                continue
            lines.append("\n\n" + " - ".join(c for c in cells if c) + "\n\n")
        else:
            lines.append(line)
    return "\n".join(lines)


def split_sentences(text: str) -> list[str]:
    """Sentences, list items and table rows; good enough for evidence and for checking
    generated text."""
    protected = _table_rows(text) if "|" in text else text
    protected = _LIST_ITEM.sub("\n\n", protected)
    # Hide the abbreviations' full stops from the sentence splitter, keeping their case.
    protected = _ABBREVIATION.sub(lambda m: m.group(0).replace(".", "\x00"), protected)
    parts = _SENTENCE_END.split(protected)
    sentences = []
    for part in parts:
        sentence = " ".join(part.replace("\x00", ".").split())
        sentence = _LIST_MARK.sub("", sentence).strip()
        if sentence:
            sentences.append(sentence)
    return sentences


# The languages the prompts and fixed phrases are written in; the first is the fallback.
QUESTION_LANGUAGES = ("en", "id")


def question_language(text: str) -> str:
    """ "en" or "id": the language detector's ranking restricted to the languages in use,
    which a one-line question supports where an open choice among ~100 does not."""
    return shared_detector().choose(text, QUESTION_LANGUAGES)


_WORD = r"[A-Z][\w+-]*(?:\.\w+)*"  # "GitHub", "GPT-4o", "Node.js"; never a final full stop
_NAME = re.compile(rf"{_WORD}(?:[ \t]+(?:{_WORD}|\d\w*(?:\.\d+)*))*")


def proper_names(text: str, *, keep_first_word: bool = False) -> list[str]:
    """Capitalised runs ("Microsoft 365 Copilot", "DeepSeek R1"). A plain capitalised word
    that opens a sentence ("What", "Am") is not a name unless `keep_first_word`."""
    names = []
    for match in _NAME.finditer(text):
        name = match.group(0).rstrip("+-")
        if name == "I":
            continue
        opens_sentence = (
            not text[: match.start()].strip() or text[: match.start()].rstrip()[-1] in ".?!:"
        )
        if opens_sentence and not keep_first_word and " " not in name and name[1:].islower():
            continue
        names.append(name)
    return names
