"""Markup a reader never sees -> the text a person reads on the rendered page.

Real documents arrive as the source of a docs site: MDX imports and components, Liquid and
Hugo template tags, admonition fences, pipe tables, link syntax, header lines naming where
a copy came from. Left in, that markup is indexed, retrieved and quoted as evidence, and a
table row runs into the next one as a single "sentence". Every function here is pure and
leaves fenced code alone: code is read as written.
"""

from __future__ import annotations

import re
from collections.abc import Callable

# Leading "Key: value" lines that describe the copy, not its content (at most this many).
_HEADER_KEYS = {
    "source": "origin",
    "url": "origin",
    "licence": "licence",
    "license": "licence",
    "copyright": "copyright",
    "retrieved": "retrieved",
}
_MAX_HEADER_LINES = 8
_HEADER_LINE = re.compile(r"^([A-Za-z]+)\s*:\s*(\S.*?)\s*$")

_FENCE = re.compile(r"^(\s*)(`{3,}|~{3,})(.*)$")
_INLINE_CODE = re.compile(r"(`+)(?:(?!\1).)+?\1")
_DIRECTIVE_KEEP = {"note", "tip", "warning", "important", "caution", "admonition", "seealso"}

_COMMENTS = re.compile(r"<!--.*?-->|\{/\*.*?\*/\}", re.DOTALL)
_MDX_IMPORT = re.compile(
    r"^\s*import\s+(?:[\w*{}\s,]+\s+from\s+)?[\"'][^\"']+[\"'];?\s*$|"
    r"^\s*export\s+(?:const|let|default|function)\b.*$",
    re.MULTILINE,
)
_LIQUID_DATA = re.compile(r"\{%-?\s*data\s+([\w.-]+)\s*-?%\}")
_LIQUID_TAG = re.compile(r"\{%.*?%\}", re.DOTALL)
_HUGO = re.compile(r"\{\{[<%].*?[%>]\}\}", re.DOTALL)
_LIQUID_OUTPUT = re.compile(r"\{\{-?\s*([\w.]+)(?:\s*\|[^}]*)?\s*-?\}\}")
_JSX_EXPRESSION = re.compile(r"\{(?:props|frontmatter|page|site|meta|data)\.([\w.]+)\}")
_MYST_ROLE = re.compile(r"\{\w+\}`([^`]*)`")

_GH_ALERT = re.compile(r"^\s*>\s*\[!(\w+)\][ \t]*(.*)$")
_COLON_FENCE = re.compile(r"^\s*:{3,}\s*([\w-]*)\s*(?:\[(.*?)\])?\s*(.*?)\s*$")
_MKDOCS = re.compile(r"^(?:!!!|\?\?\?\+?)\s*[\w-]+(?:\s+\"(.*)\")?\s*$")

_AUTOLINK = re.compile(r"<(https?://[^>\s]+)>")
_IMAGE = re.compile(r"!\[[^\]]*\]\((?:[^()\s]|\([^)]*\))*(?:\s+\"[^\"]*\")?\)")
_LINK = re.compile(r"\[([^\]]+)\]\((?:[^()\s]|\([^)]*\))*(?:\s+\"[^\"]*\")?\)")
_DROP_ELEMENTS = re.compile(r"<(script|style)\b.*?</\1\s*>", re.DOTALL | re.IGNORECASE)
_TAG = re.compile(r"</?([A-Za-z][\w.:-]*)((?:\s[^<>]*?)?)\s*(/?)>", re.DOTALL)
_TITLE_ATTR = re.compile(r"\btitle=(?:\"([^\"]*)\"|'([^']*)'|\{[\"'`](.*?)[\"'`]\})")
_BREAK = re.compile(r"\s*<br\s*/?>\s*", re.IGNORECASE)
_CELL_BREAK = "\x01"  # a line break inside a table cell, until the row is rewritten
_METADATA_LINE = re.compile(
    r"^\s*>?\s*(?:sources?|licen[cs]e|distilled from)\s*:.*(?:https?://|\]\().*$",
    re.MULTILINE | re.IGNORECASE,
)
_EMPHASIS = re.compile(r"(\*\*|__)(?=\S)((?:(?!\n\s*\n).)+?)(?<=\S)\1", re.DOTALL)
_TASK_BOX = re.compile(r"^(\s*[-*+]\s+)\[[ xX]\]\s+", re.MULTILINE)
_QUOTE_MARK = re.compile(r"^[ \t]*>[ \t]?", re.MULTILINE)
_RULE = re.compile(r"(?:^|(?<=\n\n))[ \t]*(?:-{3,}|\*{3,}|_{3,})[ \t]*(?=\n|$)")
_HEADING = re.compile(r"^(#{1,6})[ \t]+(.*?)[ \t]*#*[ \t]*$", re.MULTILINE)
_ANCHOR = re.compile(r"\s*(?:\{#[\w-]+\}|\[#[\w-]+\])\s*$")
_EMOJI = re.compile(
    "[\U0001f000-\U0001faff\U00002600-\U000027bf\U00002b00-\U00002bff"
    "\U0000fe0f\U0000200d\U000020e3]+"
)
_BARE_URL = re.compile(r"^<?https?://\S+>?$")
_TABLE_ROW = re.compile(r"^\s*\|.*\|\s*$")
_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?\s*$")


def split_header_lines(text: str) -> tuple[dict[str, str], str]:
    """Leading "Source: URL" / "Licence: ..." lines -> metadata, so no answer quotes them."""
    lines = text.splitlines()
    metadata: dict[str, str] = {}
    taken = 0
    for line in lines[:_MAX_HEADER_LINES]:
        match = _HEADER_LINE.match(line)
        key = _HEADER_KEYS.get(match.group(1).lower()) if match else None
        if match is None or key is None:
            break
        metadata.setdefault(key, match.group(2))
        taken += 1
    if not metadata or not any(line.strip() for line in lines[taken:]):
        return {}, text
    return metadata, "\n".join(lines[taken:]).lstrip("\n")


def clean_title(title: str) -> str:
    """A title as it reads on the page: no emoji, template tags or emphasis markers."""
    text = _plain_inline(_resolve_templates(title))
    return " ".join(_EMOJI.sub(" ", text).split())


def clean_markdown(text: str) -> str:
    """Markdown/MDX source -> plain Markdown with headings, lists and one line per table row."""
    out: list[str] = []
    for is_code, segment in _segments(text):
        out.append(segment if is_code else _clean_prose(segment))
    cleaned = "\n".join(part for part in out if part.strip())
    return re.sub(r"\n{3,}", "\n\n", cleaned).strip() + "\n"


def _segments(text: str) -> list[tuple[bool, str]]:
    """Prose and fenced code, in order; MyST directives become prose or disappear."""
    segments: list[tuple[bool, str]] = []
    prose: list[str] = []
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        opening = _FENCE.match(lines[i])
        if opening is None:
            prose.append(lines[i])
            i += 1
            continue
        fence, info = opening.group(2), opening.group(3).strip()
        end = next(
            (j for j in range(i + 1, len(lines)) if lines[j].strip().startswith(fence)),
            len(lines),
        )
        body = lines[i + 1 : end]
        segments.append((False, "\n".join(prose)))
        prose = []
        if info.startswith("{"):
            if info.strip("{}").split("}")[0].lower() in _DIRECTIVE_KEEP:
                segments.append((False, "\n".join(_drop_directive_options(body))))
        else:
            segments.append((True, "\n".join(lines[i : end + 1])))
        i = end + 1
    segments.append((False, "\n".join(prose)))
    return segments


def _drop_directive_options(body: list[str]) -> list[str]:
    if body and body[0].strip() == "---":
        close = next((k for k in range(1, len(body)) if body[k].strip() == "---"), 0)
        return body[close + 1 :]
    return [line for line in body if not line.lstrip().startswith(":")]


def _clean_prose(text: str) -> str:
    text = _COMMENTS.sub("", text)
    text = _MDX_IMPORT.sub("", text)
    text = _METADATA_LINE.sub("", text)
    text = _admonitions(text)
    text = _outside_inline_code(text, _resolve_templates)
    text = _links(text)
    text = _outside_inline_code(text, _tag_lines)
    text = _TASK_BOX.sub(r"\1", text)
    text = _QUOTE_MARK.sub("", text)
    text = _RULE.sub("", text)
    text = _tables(text)
    text = _outside_inline_code(text, _plain_inline)
    text = _INLINE_CODE.sub(_unquote_code, text)
    return _HEADING.sub(_clean_heading, text)


def _outside_inline_code(text: str, clean: Callable[[str], str]) -> str:
    parts, last = [], 0
    for match in _INLINE_CODE.finditer(text):
        parts.append(clean(text[last : match.start()]))
        parts.append(match.group(0))
        last = match.end()
    parts.append(clean(text[last:]))
    return "".join(parts)


def _words(path: str) -> str:
    """`variables.product.prodname_copilot_business` -> "Copilot Business": the last
    segment in words; product names (prodname_) capitalised as a reader would see them."""
    last = path.rsplit(".", 1)[-1]
    if last.startswith("prodname_"):
        return " ".join(w.capitalize() for w in last.removeprefix("prodname_").split("_") if w)
    return " ".join(w for w in re.split(r"[_-]+", last) if w)


def _resolve_templates(text: str) -> str:
    text = _LIQUID_DATA.sub(lambda m: "" if "reusables" in m.group(1) else _words(m.group(1)), text)
    text = _LIQUID_TAG.sub("", text)
    text = _HUGO.sub("", text)
    text = _LIQUID_OUTPUT.sub(lambda m: _words(m.group(1)), text)
    text = _JSX_EXPRESSION.sub(lambda m: _words(m.group(1)), text)
    return _MYST_ROLE.sub(r"\1", text)


def _admonitions(text: str) -> str:
    """`> [!NOTE]`, `:::note[Title]` ... `:::`, `!!! note "Title"`: markers out, text kept."""
    out: list[str] = []
    in_alert = dedent = False
    for line in text.splitlines():
        alert = _GH_ALERT.match(line)
        if alert:
            in_alert = True
            if alert.group(2):
                out.append(alert.group(2))
            continue
        if in_alert and line.lstrip().startswith(">"):
            out.append(line.lstrip()[1:].lstrip())
            continue
        in_alert = False
        colon = _COLON_FENCE.match(line)
        mkdocs = _MKDOCS.match(line)
        if colon or mkdocs:
            title = (colon.group(2) or colon.group(3)) if colon else mkdocs.group(1)  # type: ignore[union-attr]
            out.append(title or "")
            dedent = mkdocs is not None
            continue
        if dedent and line.startswith("    "):
            out.append(line[4:])
            continue
        dedent = False
        out.append(line)
    return "\n".join(out)


def _tag(match: re.Match[str]) -> str:
    """Components vanish; a component's title attribute is text a reader sees."""
    name, attrs, closing = match.group(1), match.group(2) or "", match.group(0).startswith("</")
    if name.lower() == "br":
        return "\n"
    if closing or name.lower() == "img":
        return ""
    found = _TITLE_ATTR.search(attrs)
    if found is None:
        return ""
    title = next(g for g in found.groups() if g is not None).strip()
    if match.group(3):  # self-closing: the title stands alone, like a list step
        return f"\n\n{title}\n\n"
    return f"\n\n{title}:" if title and title[-1] not in ".:!?" else f"\n\n{title}"


def _links(text: str) -> str:
    """Links read as their text; images, scripts and styles are not read at all."""
    text = _AUTOLINK.sub(r"\1", text)
    text = _IMAGE.sub("", text)
    text = _LINK.sub(r"\1", text)
    return _DROP_ELEMENTS.sub("", text)


def _tag_lines(text: str) -> str:
    """Tags out; a break inside a table cell is kept until the row is rewritten."""
    rows = []
    for line in text.split("\n"):
        if _TABLE_ROW.match(line):
            line = _BREAK.sub(_CELL_BREAK, line)
        rows.append(line)
    cleaned = _TAG.sub(_tag, "\n".join(rows))
    return re.sub(r"[ \t]+\n", "\n", cleaned)


def _plain_inline(text: str) -> str:
    return _EMPHASIS.sub(r"\2", text)


def _cells(line: str, line_break: str) -> list[str]:
    body = line.strip().removeprefix("|").removesuffix("|").replace(_CELL_BREAK, line_break)
    return [" ".join(c.replace("\\|", "|").split()) for c in re.split(r"(?<!\\)\|", body)]


def _row_text(header: list[str], cells: list[str]) -> str:
    """One table row as a sentence a reader would say: "Plan: Pro; Price: $20/month."."""
    parts = []
    for i, value in enumerate(cells):
        name = header[i] if i < len(header) else ""
        if not value or _BARE_URL.match(value):
            continue  # a bare link is where to read more, not something a reader reads
        parts.append(f"{name}: {value}" if name else value)
    if not parts:
        return ""
    label, rest = parts[0], parts[1:]
    text = f"{label} — {'; '.join(rest)}" if rest and ":" not in label else "; ".join(parts)
    return text if text[-1] in ".!?" else text + "."


def _tables(text: str) -> str:
    """Pipe tables -> one paragraph per row, each cell named by its column header."""
    lines = text.split("\n")
    out: list[str] = []
    i = 0
    while i < len(lines):
        if i + 1 < len(lines) and _TABLE_ROW.match(lines[i]) and _TABLE_RULE.match(lines[i + 1]):
            header = [_plain_inline(c) for c in _cells(lines[i], " ")]
            i += 2
            out.append("")
            while i < len(lines) and _TABLE_ROW.match(lines[i]):
                row = _row_text(header, _cells(lines[i], ", "))
                if row:
                    out.extend([row, ""])
                i += 1
            continue
        out.append(lines[i].replace(_CELL_BREAK, " "))
        i += 1
    return "\n".join(out)


def _unquote_code(match: re.Match[str]) -> str:
    """`x` reads as x; a space keeps it apart from a word the source ran it into."""
    code = match.group(0).strip("`").strip()
    before = match.string[match.start() - 1 : match.start()]
    after = match.string[match.end() : match.end() + 1]
    return (" " if before.isalnum() else "") + code + (" " if after.isalnum() else "")


def _clean_heading(match: re.Match[str]) -> str:
    title = _ANCHOR.sub("", _EMOJI.sub(" ", match.group(2)))
    return f"{match.group(1)} {' '.join(title.split())}"
