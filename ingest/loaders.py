"""One loader per format: a path or URL in, a Document out, or a one-line LoadError.

Every loader reads within `IngestLimits`, so no input can take unbounded memory or time.
"""

from __future__ import annotations

import io
import logging
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from charset_normalizer import from_bytes

from ingest.cleanup import clean_markdown, clean_title, split_header_lines
from ingest.documents import Document, LoadError, MetadataValue
from ingest.fetch import Fetcher
from ingest.language import detect_language
from ingest.limits import (
    check_docx,
    check_html,
    check_text,
    load_front_matter,
    over_limit,
    read_file,
)
from ingest.settings import IngestLimits
from ingest.tags import TAGS_KEY, encode_tags

_URL_SCHEME = re.compile(r"\A[a-zA-Z][a-zA-Z0-9+.-]*://")
_FRONT_MATTER = re.compile(r"\A---\s*\n(.*?)\n---\s*(?:\n|\Z)", re.DOTALL)
_H1 = re.compile(r"^#\s+(.+?)\s*#*\s*$", re.MULTILINE)


def is_url(source: str) -> bool:
    """Any scheme://, so `file://` or `ftp://` is refused as a URL rather than read as a path."""
    return bool(_URL_SCHEME.match(source))


def _require_text(source: str, text: str) -> str:
    if not text.strip():
        raise LoadError(source, "empty document: no text to index")
    return text


def decode_text(source: str, data: bytes) -> str:
    """Bytes in any common encoding -> str; refuses binary data instead of indexing noise."""
    if not data.strip():
        raise LoadError(source, "empty file")
    if b"\x00" in data[:8192] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise LoadError(source, "binary content, not text")
    try:
        return _check_printable(source, data.decode("utf-8"))
    except UnicodeDecodeError:
        pass
    matches = from_bytes(data)
    best = matches.best()
    if best is None:
        raise LoadError(source, "binary content or unknown text encoding")
    # Short texts fit many code pages equally well; prefer the common Western one then.
    western = next((m for m in matches if m.encoding == "cp1252"), None)
    if western is not None and western.chaos <= best.chaos + 0.05:
        best = western
    return _check_printable(source, str(best))


def _check_printable(source: str, text: str) -> str:
    sample = text[:8192]
    printable = sum(ch.isprintable() or ch in "\n\r\t" for ch in sample)
    if printable < 0.95 * len(sample):
        raise LoadError(source, "binary content, not text")
    return text.removeprefix("\ufeff")


def _scalar(value: Any) -> MetadataValue:
    if isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    return str(value)


def parse_markdown(source: str, text: str, limits: IngestLimits | None = None) -> Document:
    header, text = split_header_lines(text)
    metadata: dict[str, MetadataValue] = {}
    match = _FRONT_MATTER.match(text)
    if match:
        front = load_front_matter(source, match.group(1), limits or IngestLimits()) or {}
        if not isinstance(front, dict):
            raise LoadError(source, "front matter is not a mapping")
        metadata = {str(k): _scalar(v) for k, v in front.items() if v is not None}
        metadata.update({TAGS_KEY: encode_tags(front[TAGS_KEY])} if front.get(TAGS_KEY) else {})
        text = text[match.end() :]
    text = _require_text(source, clean_markdown(text))
    metadata = {**header, **metadata}
    heading = _H1.search(text)
    title = clean_title(str(metadata.pop("title", "") or (heading.group(1) if heading else "")))
    title = title or _stem(source)
    language = str(metadata.pop("lang", "") or metadata.pop("language", "")) or detect_language(
        text
    )
    return Document(source, title, text, "md", language, metadata=metadata)


def _stem(source: str) -> str:
    name = source.rstrip("/").rsplit("/", 1)[-1]
    return name.rsplit(".", 1)[0] if "." in name else name


def load_markdown(path: Path, limits: IngestLimits) -> Document:
    return parse_markdown(str(path), decode_text(str(path), read_file(path, limits)), limits)


def parse_text(source: str, text: str) -> Document:
    header, text = split_header_lines(text)
    _require_text(source, text)
    return Document(
        source, _stem(source), text, "txt", detect_language(text), metadata=dict(header)
    )


def load_text(path: Path, limits: IngestLimits) -> Document:
    return parse_text(str(path), decode_text(str(path), read_file(path, limits)))


def parse_html(source: str, html: str) -> Document:
    import trafilatura
    from bs4 import BeautifulSoup

    text = trafilatura.extract(
        html, output_format="markdown", include_tables=True, include_comments=False
    )
    soup = BeautifulSoup(html, "html.parser")
    if not text:  # trafilatura skips pages it does not see as articles
        text = soup.get_text("\n", strip=True)
    _require_text(source, text or "")
    title_tag = soup.find("title")
    heading = soup.find("h1")
    title = (title_tag.get_text(strip=True) if title_tag else "") or (
        heading.get_text(strip=True) if heading else ""
    )
    return Document(source, title or _stem(source), text, "html", detect_language(text))


def load_html(path: Path, limits: IngestLimits) -> Document:
    data = read_file(path, limits)
    check_html(str(path), len(data), limits)
    return parse_html(str(path), decode_text(str(path), data))


def parse_pdf(source: str, data: bytes, limits: IngestLimits) -> Document:
    from pypdf import PdfReader

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # broken files are reported, not logged
    if not data.strip():
        raise LoadError(source, "empty file")
    try:
        reader = PdfReader(io.BytesIO(data))
        _unlock(source, reader)
        pages = _pdf_pages(source, reader, limits)
        meta_title = reader.metadata.title if reader.metadata else None
    except LoadError:
        raise
    except Exception as exc:  # pypdf raises many types for broken files
        raise LoadError(source, f"corrupt or unreadable PDF ({type(exc).__name__})") from exc
    if not any(pages):
        raise LoadError(source, "PDF has no extractable text (scanned images?)")
    text = "\n\n".join(pages)
    title = str(meta_title).strip() if meta_title else _stem(source)
    return Document(source, title, text, "pdf", detect_language(text), pages=pages)


def _unlock(source: str, reader: Any) -> None:
    """Open a PDF locked only against editing; one that needs a password is 'encrypted'."""
    if not reader.is_encrypted:
        return
    try:
        unlocked = reader.decrypt("")
    except Exception as exc:  # pypdf: unsupported algorithm or a missing crypto package
        raise LoadError(source, f"encrypted PDF, cannot decrypt ({type(exc).__name__})") from exc
    if not unlocked:
        raise LoadError(source, "encrypted PDF: it needs a password")


def _pdf_pages(source: str, reader: Any, limits: IngestLimits) -> tuple[str, ...]:
    """Page texts, refused by page count first and by text length while extracting."""
    count = len(reader.pages)
    if count > limits.max_pdf_pages:
        what = f"PDF has {count:,} pages"
        raise over_limit(source, what, f"{limits.max_pdf_pages:,}-page", "max_pdf_pages")
    pages: list[str] = []
    length = 0
    for page in reader.pages:
        pages.append((page.extract_text() or "").strip())
        length += len(pages[-1])
        check_text(source, length, limits)
    return tuple(pages)


def load_pdf(path: Path, limits: IngestLimits) -> Document:
    return parse_pdf(str(path), read_file(path, limits), limits)


def load_docx(path: Path, limits: IngestLimits) -> Document:
    import docx

    source = str(path)
    data = read_file(path, limits)
    check_docx(source, data, limits)
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises zip/xml errors for broken files
        raise LoadError(source, f"corrupt or unreadable DOCX ({type(exc).__name__})") from exc
    # Style names looked up once: python-docx's `paragraph.style` scans every style of the
    # document for each paragraph (ms each: 27,000 short paragraphs took over 2 minutes).
    names = {style.style_id: style.name or "" for style in document.styles}
    lines: list[str] = []
    for paragraph in document.paragraphs:
        text = paragraph.text.strip()
        if not text:
            continue
        style = names.get(paragraph._p.style or "", "")
        level = style.removeprefix("Heading ").strip()
        if style == "Title":
            lines.append(f"# {text}")
        elif style.startswith("Heading ") and level.isdigit():
            lines.append(f"{'#' * min(int(level) + 1, 6)} {text}")
        else:
            lines.append(text)
    body = _require_text(source, "\n\n".join(lines))
    title = (document.core_properties.title or "").strip() or _stem(source)
    return Document(source, title, body, "docx", detect_language(body))


_LOADERS: dict[str, Callable[[Path, IngestLimits], Document]] = {
    ".md": load_markdown,
    ".markdown": load_markdown,
    ".txt": load_text,
    ".text": load_text,
    ".html": load_html,
    ".htm": load_html,
    ".pdf": load_pdf,
    ".docx": load_docx,
}


SUPPORTED_SUFFIXES = tuple(_LOADERS)  # the one list of file types, e.g. for web uploads


def load_url(url: str, limits: IngestLimits) -> Document:
    fetched = Fetcher(limits).fetch(url)
    kind, data = fetched.content_type, fetched.data
    path = _url_path(fetched.url)
    if kind == "application/pdf" or path.endswith(".pdf"):
        return parse_pdf(url, data, limits)
    if kind in ("text/markdown", "text/x-markdown") or path.endswith(".md"):
        return parse_markdown(url, decode_text(url, data), limits)
    if kind == "text/plain":
        return parse_text(url, decode_text(url, data))
    if kind and "html" not in kind:
        raise LoadError(url, f"unsupported content type {kind}")
    check_html(url, len(data), limits)
    return parse_html(url, decode_text(url, data))


def _url_path(url: str) -> str:
    """The URL's path in lower case: the file type when the server does not say it."""
    return url.split("?", 1)[0].split("#", 1)[0].lower()


def load(source: str, limits: IngestLimits | None = None) -> Document:
    """Load a file path or http(s) URL; every failure is a LoadError naming the source."""
    limits = limits or IngestLimits()
    document = load_url(source, limits) if is_url(source) else _load_file(source, limits)
    check_text(source, len(document.text), limits)
    return document


def _load_file(source: str, limits: IngestLimits) -> Document:
    path = Path(source)
    if not path.exists():
        raise LoadError(source, "no such file or directory")
    loader = _LOADERS.get(path.suffix.lower())
    if loader is None:
        raise LoadError(source, f"unsupported file type '{path.suffix or path.name}'")
    try:
        return loader(path, limits)
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise LoadError(source, f"cannot read file ({reason})") from exc
