"""Tags of a document: one encoding, written by the loaders and read by filters.

Chroma metadata values are scalars, so a list of tags travels as one comma-separated string.
"""

from __future__ import annotations

from collections.abc import Iterable

from ingest.documents import MetadataValue

TAGS_KEY = "tags"
_SEPARATOR = ","


def encode_tags(value: object) -> str:
    """Front-matter tags (a list, or one string) -> "pricing, seats"."""
    if isinstance(value, str):
        items: Iterable[object] = value.split(_SEPARATOR)
    elif isinstance(value, Iterable):
        items = value
    else:
        items = [value]
    names = (str(item).strip() for item in items)
    return f"{_SEPARATOR} ".join(name for name in names if name)


def decode_tags(value: MetadataValue | None) -> list[str]:
    """The stored string -> lower-cased tag names, so a filter matches "Pricing" and "pricing"."""
    if value is None:
        return []
    return [t.strip().lower() for t in str(value).split(_SEPARATOR) if t.strip()]


def has_tag(metadata: dict[str, MetadataValue], tag: str) -> bool:
    return tag.strip().lower() in decode_tags(metadata.get(TAGS_KEY))
