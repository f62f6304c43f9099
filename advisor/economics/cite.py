"""A price row -> the citation of the article sentence that gives the price."""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from advisor.answering.types import Citation
from advisor.economics.prices import PriceRow
from advisor.text import split_sentences

_FRONT = re.compile(r"\A---\n(.*?)\n---\n", re.S)
_TITLE = re.compile(r"^title:\s*\"?(.*?)\"?\s*$", re.M)
_TABLE_ROW = " - "  # split_sentences writes table rows as "cell - cell"; prose reads better


def _spellings(row: PriceRow) -> list[str]:
    figure = row.figure
    out = {f"${figure.normalize():f}", f"${figure:.2f}"}
    if figure == figure.to_integral():
        out.add(f"${int(figure):,}")
    return sorted(out, key=len, reverse=True)


def _mentions_figure(sentence: str, spelling: str) -> bool:
    return re.search(re.escape(spelling) + r"(?![\d.,]\d)", sentence) is not None


def price_citation(n: int, rows: Sequence[PriceRow], knowledge_dir: Path) -> Citation:
    """Citation [n] for the rows of one product and article: the sentence naming the product
    with the most of its figures, prose before table rows."""
    row = rows[0]
    path = knowledge_dir / row.article
    if row.origin == "user" or not path.is_file():
        quote = "; ".join(f"{r.product}: {r.figure} {r.currency} {r.unit_label}" for r in rows)
        return Citation(n, row.source, f"{row.product} (your price file)", "prices.yaml", quote)
    text = path.read_text(encoding="utf-8")
    front = _FRONT.match(text)
    title_match = _TITLE.search(front.group(1)) if front else None
    title = title_match.group(1) if title_match else path.stem
    body = _FRONT.sub("", text)
    names = [n.casefold() for n in (row.product, *row.aliases)]
    best: tuple[int, str, str] = (-1, "", "")
    heading = ""
    for block in re.split(r"\n(?=#)", body):
        first = block.splitlines()[0] if block.strip() else ""
        if first.startswith("## "):
            heading = first[3:].strip()
        for sentence in split_sentences(block):
            lowered = sentence.casefold()
            if sentence.startswith("#") or not any(name in lowered for name in names):
                continue
            figures = sum(any(_mentions_figure(sentence, s) for s in _spellings(r)) for r in rows)
            score = figures * 2 - (_TABLE_ROW in sentence)
            if figures and score > best[0]:
                best = (score, sentence, heading)
    quote = best[1] or f"{row.product}: {row.figure} {row.currency} {row.unit_label}"
    return Citation(n, str(path.resolve()), title, best[2], quote)
