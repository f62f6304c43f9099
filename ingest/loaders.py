"""One loader per format: a path or URL in, a Document out, or a one-line LoadError."""

from __future__ import annotations

import io
import logging
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import yaml
from charset_normalizer import from_bytes

from ingest.documents import Document, LoadError, MetadataValue
from ingest.language import detect_language
from ingest.tags import TAGS_KEY, encode_tags

SUPPORTED_SUFFIXES = (".md", ".markdown", ".txt", ".text", ".html", ".htm", ".pdf", ".docx")
_FRONT_MATTER = re.compile(r"\A---\s*\n(.*?)\n---\s*(?:\n|\Z)", re.DOTALL)
_H1 = re.compile(r"^#\s+(.+?)\s*#*\s*$", re.MULTILINE)


def is_url(source: str) -> bool:
    return source.startswith(("http://", "https://"))


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


def parse_markdown(source: str, text: str) -> Document:
    metadata: dict[str, MetadataValue] = {}
    match = _FRONT_MATTER.match(text)
    if match:
        try:
            front = yaml.safe_load(match.group(1)) or {}
        except yaml.YAMLError as exc:
            reason = str(exc).splitlines()[0]
            raise LoadError(source, f"invalid YAML front matter: {reason}") from exc
        if not isinstance(front, dict):
            raise LoadError(source, "front matter is not a mapping")
        metadata = {str(k): _scalar(v) for k, v in front.items() if v is not None}
        metadata.update({TAGS_KEY: encode_tags(front[TAGS_KEY])} if front.get(TAGS_KEY) else {})
        text = text[match.end() :]
    _require_text(source, text)
    heading = _H1.search(text)
    title = str(metadata.pop("title", "") or (heading.group(1) if heading else "")) or _stem(source)
    language = str(metadata.pop("lang", "") or metadata.pop("language", "")) or detect_language(
        text
    )
    return Document(source, title, text, "md", language, metadata=metadata)


def _stem(source: str) -> str:
    name = source.rstrip("/").rsplit("/", 1)[-1]
    return name.rsplit(".", 1)[0] if "." in name else name


def load_markdown(path: Path) -> Document:
    return parse_markdown(str(path), decode_text(str(path), path.read_bytes()))


def load_text(path: Path) -> Document:
    source = str(path)
    text = _require_text(source, decode_text(source, path.read_bytes()))
    return Document(source, _stem(source), text, "txt", detect_language(text))


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


def load_html(path: Path) -> Document:
    return parse_html(str(path), decode_text(str(path), path.read_bytes()))


def parse_pdf(source: str, data: bytes) -> Document:
    from pypdf import PdfReader

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # broken files are reported, not logged
    if not data.strip():
        raise LoadError(source, "empty file")
    try:
        reader = PdfReader(io.BytesIO(data))
        pages = tuple((page.extract_text() or "").strip() for page in reader.pages)
        meta_title = reader.metadata.title if reader.metadata else None
    except Exception as exc:  # pypdf raises many types for broken files
        raise LoadError(source, f"corrupt or unreadable PDF ({type(exc).__name__})") from exc
    if not any(pages):
        raise LoadError(source, "PDF has no extractable text (scanned images?)")
    text = "\n\n".join(pages)
    title = str(meta_title).strip() if meta_title else _stem(source)
    return Document(source, title, text, "pdf", detect_language(text), pages=pages)


def load_pdf(path: Path) -> Document:
    return parse_pdf(str(path), path.read_bytes())


def load_docx(path: Path) -> Document:
    import docx

    source = str(path)
    try:
        document = docx.Document(str(path))
    except Exception as exc:  # python-docx raises zip/xml errors for broken files
        raise LoadError(source, f"corrupt or unreadable DOCX ({type(exc).__name__})") from exc
    lines: list[str] = []
    for paragraph in document.paragraphs:
        text = paragraph.text.strip()
        if not text:
            continue
        style = (paragraph.style.name if paragraph.style is not None else "") or ""
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


_LOADERS: dict[str, Callable[[Path], Document]] = {
    ".md": load_markdown,
    ".markdown": load_markdown,
    ".txt": load_text,
    ".text": load_text,
    ".html": load_html,
    ".htm": load_html,
    ".pdf": load_pdf,
    ".docx": load_docx,
}


def load_url(url: str, timeout_s: float = 20.0) -> Document:
    try:
        response = httpx.get(url, timeout=timeout_s, follow_redirects=True)
        response.raise_for_status()
    except httpx.HTTPStatusError as exc:
        raise LoadError(url, f"HTTP {exc.response.status_code} from server") from exc
    except httpx.HTTPError as exc:
        raise LoadError(url, f"unreachable ({type(exc).__name__})") from exc
    kind = response.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind == "application/pdf" or url.lower().endswith(".pdf"):
        return parse_pdf(url, response.content)
    if kind in ("text/markdown", "text/x-markdown") or url.lower().endswith(".md"):
        return parse_markdown(url, decode_text(url, response.content))
    if kind == "text/plain":
        text = _require_text(url, decode_text(url, response.content))
        return Document(url, _stem(url), text, "txt", detect_language(text))
    if kind and "html" not in kind:
        raise LoadError(url, f"unsupported content type {kind}")
    return parse_html(url, decode_text(url, response.content))


def load(source: str, timeout_s: float = 20.0) -> Document:
    """Load a file path or http(s) URL; every failure is a LoadError naming the source."""
    if is_url(source):
        return load_url(source, timeout_s)
    path = Path(source)
    if not path.exists():
        raise LoadError(source, "no such file or directory")
    loader = _LOADERS.get(path.suffix.lower())
    if loader is None:
        raise LoadError(source, f"unsupported file type '{path.suffix or path.name}'")
    try:
        return loader(path)
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise LoadError(source, f"cannot read file ({reason})") from exc
