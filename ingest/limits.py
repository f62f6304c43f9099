"""Checks that stop an input at a limit while it is read, each with a one-line reason."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

import yaml

from ingest.documents import LoadError
from ingest.settings import IngestLimits, setting_name

_READ_BLOCK = 1 << 20  # files are read in 1 MiB blocks so a lying size cannot overshoot


def human(size: int) -> str:
    """Sizes in the units people think in (decimal MB, as file managers show them)."""
    for unit, scale in (("GB", 1e9), ("MB", 1e6), ("KB", 1e3)):
        if size >= scale:
            return f"{size / scale:.1f} {unit}"
    return f"{size} bytes"


def over_limit(source: str, what: str, limit: str, field: str) -> LoadError:
    """The one shape of every limit error: what was too big, the limit, the setting."""
    return LoadError(source, f"{what}, over the {limit} limit (setting {setting_name(field)})")


def read_file(path: Path, limits: IngestLimits) -> bytes:
    """The file's bytes, refused by size before reading and cut off if it grows while read."""
    source = str(path)
    if not path.is_file():
        raise LoadError(source, "not a regular file")
    cap = limits.max_file_bytes
    size = path.stat().st_size
    if size > cap:
        raise over_limit(source, f"file is {human(size)}", human(cap), "max_file_bytes")
    buffer = io.BytesIO()
    with path.open("rb") as handle:
        while block := handle.read(_READ_BLOCK):
            buffer.write(block)
            if buffer.tell() > cap:
                raise over_limit(source, "file grew while read", human(cap), "max_file_bytes")
    return buffer.getvalue()


def check_text(source: str, length: int, limits: IngestLimits) -> None:
    if length > limits.max_text_chars:
        what = f"text is {length:,} characters"
        raise over_limit(source, what, f"{limits.max_text_chars:,}-character", "max_text_chars")


def check_html(source: str, size: int, limits: IngestLimits) -> None:
    """HTML is parsed into trees costing 100-200x its size (5 MB of tags: ~0.9 GB, a minute)."""
    if size > limits.max_html_bytes:
        what = f"HTML is {human(size)}"
        raise over_limit(source, what, human(limits.max_html_bytes), "max_html_bytes")


def check_docx(source: str, data: bytes, limits: IngestLimits) -> None:
    """Refuse a zip bomb from its directory, before python-docx unpacks anything.

    zipfile never returns more than an entry's declared size, so the declared sizes bound
    what python-docx can unpack, even when the compressed data lies about them.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise LoadError(source, f"corrupt or unreadable DOCX ({type(exc).__name__})") from exc
    if len(entries) > limits.max_docx_entries:
        what = f"DOCX holds {len(entries):,} parts"
        raise over_limit(source, what, f"{limits.max_docx_entries:,}-part", "max_docx_entries")
    unpacked = sum(entry.file_size for entry in entries)
    if unpacked > limits.max_docx_unpacked_bytes:
        cap = human(limits.max_docx_unpacked_bytes)
        what = f"DOCX unpacks to {human(unpacked)}"
        raise over_limit(source, what, cap, "max_docx_unpacked_bytes")
    xml = sum(e.file_size for e in entries if e.filename.endswith((".xml", ".rels")))
    if xml > limits.max_docx_xml_bytes:
        what = f"DOCX holds {human(xml)} of XML"
        raise over_limit(source, what, human(limits.max_docx_xml_bytes), "max_docx_xml_bytes")


class _NoAliasLoader(yaml.SafeLoader):
    """SafeLoader that refuses anchors and aliases: front matter needs neither, and aliases
    nested in aliases expand exponentially (a 384-byte file reached 4 GB)."""

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise yaml.composer.ComposerError(
                None, None, "YAML aliases are not allowed in front matter", event.start_mark
            )
        return super().compose_node(parent, index)


def load_front_matter(source: str, text: str, limits: IngestLimits) -> object:
    """Parse YAML front matter safely: bounded size, no aliases, no deep-nesting crash."""
    size = len(text.encode("utf-8"))
    if size > limits.max_front_matter_bytes:
        cap = human(limits.max_front_matter_bytes)
        what = f"front matter is {human(size)}"
        raise over_limit(source, what, cap, "max_front_matter_bytes")
    try:
        return yaml.load(text, Loader=_NoAliasLoader)  # a SafeLoader subclass: no objects
    except yaml.YAMLError as exc:
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise LoadError(source, f"invalid YAML front matter: {problem}") from exc
    except RecursionError as exc:
        raise LoadError(source, "invalid YAML front matter: nested too deeply") from exc
