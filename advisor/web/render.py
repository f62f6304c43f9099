"""Answers, sources and passages as chat messages. Document text is always escaped: a
document may contain HTML or script, and it must show as text, never run."""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

from advisor.answering.types import Answer, Citation
from advisor.usage import usage_line

ABSTAIN_MARK = "🛈"


def escape(text: str) -> str:
    """HTML-escape, and neutralise the Markdown that could turn text into links or images."""
    return html.escape(text, quote=True).replace("[", "&#91;").replace("]", "&#93;")


def _short(source: str) -> str:
    return source if source.startswith(("http://", "https://")) else Path(source).name


def answer_message(answer: Answer) -> dict[str, Any]:
    if answer.abstained:
        return {"role": "assistant", "content": f"> {ABSTAIN_MARK} *{escape(answer.answer)}*"}
    return {"role": "assistant", "content": escape(answer.answer)}


def sources_message(answer: Answer) -> dict[str, Any] | None:
    """The cited passages in a collapsible panel under the answer, grouped by document: a
    title and file once, then each quote with its marker."""
    if answer.abstained or not answer.citations:
        return None
    documents: dict[str, list[Citation]] = {}
    for c in answer.citations:
        documents.setdefault(c.source, []).append(c)
    blocks = []
    for source, cited in documents.items():
        quotes = [
            f"> **[{c.n}]**{f' *({escape(c.location)})*' if c.location else ''} {escape(c.quote)}"
            for c in cited
        ]
        heading = f"**{escape(cited[0].title)}** · `{escape(_short(source))}`"
        blocks.append(heading + "\n\n" + "\n>\n".join(quotes))
    n = len(documents)
    title = f"Sources ({len(answer.citations)} from {n} document{'s' if n > 1 else ''})"
    return _panel(title, blocks)


def passages_message(answer: Answer) -> dict[str, Any] | None:
    """Every retrieved passage with its fused score, for users who want to check the search."""
    if not answer.passages:
        return None
    lines = []
    for i, p in enumerate(answer.passages, 1):
        where = f" · {escape(p.location)}" if p.location else ""
        text = escape(p.text[:600]) + ("…" if len(p.text) > 600 else "")
        lines.append(
            f"{i}. **{escape(p.title)}**{where} · score {p.score:.4f} · "
            f"`{escape(_short(p.source))}`\n\n   {text}"
        )
    return _panel(f"Retrieved passages ({len(answer.passages)})", lines)


def _panel(title: str, lines: list[str]) -> dict[str, Any]:
    """A collapsible message: Gradio folds messages that carry a metadata title."""
    return {
        "role": "assistant",
        "content": "\n\n".join(lines),
        "metadata": {"title": title, "status": "done"},
    }


def final_messages(answer: Answer) -> list[dict[str, Any]]:
    first = answer_message(answer)
    first["content"] += f"\n\n<sub>{escape(usage_line(answer))}</sub>"  # tokens, time, cost
    messages = [first, sources_message(answer), passages_message(answer)]
    return [m for m in messages if m is not None]
