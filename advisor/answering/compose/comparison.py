"""A comparison as a table: one row per named thing, one column per aspect the evidence
gives, every filled cell cited, an empty one saying the sources do not fill it."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from advisor.answering.compose.base import Composed, marks, quoted, trim
from advisor.answering.compose.entities import mention, named_in
from advisor.answering.types import Evidence, Section, SectionItem

_PRICE = re.compile(
    r"(?:US)?\$\s?\d+(?:,\d{3})*(?:\.\d+)?(?:\s?(?:million|billion|[kmb])\b)?|"
    r"\bRp\s?\d[\d.]*(?:,\d+)?(?:\s?(?:juta|miliar|ribu))?|\b\d+(?:\.\d+)?\s?(?:credits?|kredit)\b",
    re.I,
)
_UNIT = re.compile(
    r"^\s*(?:/\s*[a-z]+|(?:(?:per|a|an|each|for each|for every|every)\s+"
    r"(?:[\w-]+\s+){0,3}?(?:users?|seats?|months?|years?|resolutions?|conversations?|actions?|"
    r"requests?|credits?|tokens?|minutes?|images?|members?|developers?|agents?|pengguna|bulan|"
    r"resolusi)(?:\s+(?:per|a|each)\s+(?:month|year|bulan))?))",
    re.I,
)
_MONTHS = (
    "January|February|March|April|May|June|July|August|September|October|November|December|"
    "Januari|Februari|Maret|Mei|Juni|Juli|Agustus|Oktober|Desember"
)
_DATE = re.compile(
    rf"\b(?:\d{{1,2}}\s+)?(?:{_MONTHS})\s+\d{{4}}\b|\b(?:in|since|from|on|pada|sejak)\s+(?:19|20)\d{{2}}\b"
)
_COUNTS = re.compile(
    r"\b(counts?|counted|billed|charged when|only when|once per|included|includes|allowance|"
    r"covers|dihitung|ditagih|termasuk)\b",
    re.I,
)
COLUMNS = ("price", "unit", "since", "counts")
HEADINGS = {
    "en": {
        "price": "Price",
        "unit": "Unit",
        "since": "Since",
        "counts": "What counts",
        "about": "What the sources say",
        "title": "Comparison",
        "empty": "not in the sources",
        "difference": "The difference that matters",
        "quotes": "From the sources",
    },
    "id": {
        "price": "Harga",
        "unit": "Satuan",
        "since": "Sejak",
        "counts": "Yang dihitung",
        "about": "Kata sumber",
        "title": "Perbandingan",
        "empty": "tidak ada di sumber",
        "difference": "Perbedaan yang penting",
        "quotes": "Dari sumber",
    },
}


@dataclass(frozen=True)
class Cell:
    text: str
    n: int


def compare(entities: list[str], evidence: list[Evidence], language: str = "en") -> Composed | None:
    """The table, the one line on the difference, and the sentences the cells come from;
    None when fewer than two of the entities appear in the evidence at all."""
    words = HEADINGS.get(language, HEADINGS["en"])
    rows = {entity: _row(entity, entities, evidence) for entity in entities}
    if sum(bool(cells) for cells in rows.values()) < 2:
        return None
    columns = [c for c in COLUMNS if any(c in cells for cells in rows.values())]
    if sum(1 for cells in rows.values() if "price" in cells) < 2:
        columns.append("about")  # no figures to set side by side: say what each source says
        for entity, cells in rows.items():
            best = _about(entity, entities, evidence)
            if best is not None:
                cells["about"] = Cell(trim(best.text, 160), best.n)
    header = "| | " + " | ".join(words[c] for c in columns) + " |"
    lines = [header, "|---" * (len(columns) + 1) + "|"]
    items = []
    for entity, cells in rows.items():
        shown = [
            f"{cells[c].text} [{cells[c].n}]" if c in cells else words["empty"] for c in columns
        ]
        lines.append(f"| {entity} | " + " | ".join(_cell(s) for s in shown) + " |")
        summary = "; ".join(f"{words[c]}: {s}" for c, s in zip(columns, shown, strict=True))
        items.append(
            SectionItem(f"{entity}: {summary}", tuple(sorted({c.n for c in cells.values()})))
        )
    sections = [Section(words["title"], tuple(items))]
    text = "\n".join(lines)
    difference = _difference(rows, language)
    if difference is not None:
        sections.append(Section(words["difference"], (difference,)))
        text += f"\n\n**{words['difference']}:** {difference.text}"
    used = sorted({cell.n for cells in rows.values() for cell in cells.values()})
    by_n = {e.n: e for e in evidence}
    quotes = tuple(quoted(by_n[n]) for n in used)
    sections.append(Section(words["quotes"], quotes))
    text += f"\n\n{words['quotes']}:\n" + "\n".join(f"- {q.text}" for q in quotes)
    return Composed(text, tuple(sections))


def _cell(text: str) -> str:
    return text.replace("|", "/")


def _row(entity: str, entities: list[str], evidence: list[Evidence]) -> dict[str, Cell]:
    """Each aspect from the sentence that names this entity most plainly, taken from the
    part of the sentence about it (up to the next entity named)."""
    cells: dict[str, Cell] = {}
    ranked = sorted(
        ((_named(e, entity), e) for e in evidence),
        key=lambda m: (m[0][0], m[1].score),
        reverse=True,
    )
    for (strength, at), e in ranked:
        if strength < 1:
            continue
        part = _own_part(e.text, at, entity, entities)
        price = _PRICE.search(part)
        if price and "price" not in cells:
            cells["price"] = Cell(price.group(0).strip(), e.n)
            unit = _UNIT.match(part[price.end() :])
            if unit and "unit" not in cells:
                cells["unit"] = Cell(" ".join(unit.group(0).split()), e.n)
        date = _DATE.search(part)
        if date and "since" not in cells:
            cells["since"] = Cell(date.group(0), e.n)
        if _COUNTS.search(part) and "counts" not in cells and not price:
            cells["counts"] = Cell(trim(part), e.n)
    if not cells:
        best = _about(entity, entities, evidence)
        if best is not None:
            cells["about"] = Cell(trim(best.text, 160), best.n)
    return cells


def _named(evidence: Evidence, entity: str) -> tuple[float, int]:
    """How plainly the sentence names the entity, its heading, title and file name read
    with it."""
    p = evidence.passage
    context = f"{p.title}\n{p.location}\n{Path(p.source).stem.replace('-', ' ')}"
    return named_in(evidence.text, context, entity)


def priced_for(entity: str) -> Callable[[Evidence], bool]:
    """A sentence that names the entity and gives a price: what its table row needs first."""
    return lambda e: _named(e, entity)[0] >= 1 and _PRICE.search(e.text) is not None


def _own_part(sentence: str, at: int, entity: str, entities: list[str]) -> str:
    """The sentence from this entity's mention to the next other entity's."""
    others = [
        pos
        for other in entities
        if other != entity
        for strength, pos in [mention(sentence[at + 1 :], other)]
        if strength >= 1
    ]
    end = at + 1 + min(others) if others else len(sentence)
    return sentence[at:end]


def _about(entity: str, entities: list[str], evidence: list[Evidence]) -> Evidence | None:
    named = [e for e in evidence if _named(e, entity)[0] >= 1]
    alone = [
        e for e in named if not any(mention(e.text, o)[0] >= 1 for o in entities if o != entity)
    ]
    pool = alone or named
    return max(pool, key=lambda e: e.score) if pool else None


def _difference(rows: dict[str, dict[str, Cell]], language: str) -> SectionItem | None:
    """The billing unit when the units differ, else the price, else nothing."""
    joiner = " dan " if language == "id" else " and "
    units = {e: c["unit"] for e, c in rows.items() if "unit" in c}
    prices = {e: c["price"] for e, c in rows.items() if "price" in c}
    if len(units) >= 2 and len({u.text.lower() for u in units.values()}) > 1:
        lead = (
            "Satuan tagihannya berbeda: " if language == "id" else "They bill by different units: "
        )
        parts = [f"{e} {u.text} [{u.n}]" for e, u in units.items()]
        return SectionItem(lead + joiner.join(parts) + ".", tuple(u.n for u in units.values()))
    if len(prices) >= 2 and len({p.text for p in prices.values()}) > 1:
        lead = "Harganya berbeda: " if language == "id" else "The price is what differs: "
        parts = []
        for e, p in prices.items():
            unit = rows[e].get("unit")
            parts.append(f"{e} {p.text}{' ' + unit.text if unit else ''} {marks([p.n])}")
        return SectionItem(lead + joiner.join(parts) + ".", tuple(p.n for p in prices.values()))
    return None
