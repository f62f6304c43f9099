"""Errors ingest raises for a user to read: one line naming the file or setting and why.

The CLI and the web app print `error: <message>` for any `IngestError` instead of a
traceback; `LoadError` stays the per-document failure that never stops a batch.
"""

from __future__ import annotations


class IngestError(Exception):
    """Base of the errors that end an operation; the message is one line."""


class IndexUnavailableError(IngestError):
    """The index cannot be opened: a corrupt records database or Chroma folder, or an
    unreachable Chroma server. The message names the file or URL and the reason."""
