"""Errors a user can act on. Each message is one line naming what failed, where and why.

Every backend and store failure becomes an `AdvisorError` (ingest raises its own
`ingest.errors.IngestError`, since it never imports `advisor`); the CLI prints
`error: <message>` and exits 1 for both, and shows the traceback only with `--debug`.
"""

from __future__ import annotations


def one_line(text: str) -> str:
    """Collapse whitespace and newlines: an error a user reads is one line."""
    return " ".join(str(text).split())


class AdvisorError(Exception):
    """Base of the errors shown to the user as `error: <message>`."""

    def __init__(self, message: str) -> None:
        super().__init__(one_line(message))


class ConfigError(AdvisorError):
    """A setting, the config file or `.env` is wrong; the message names the key and file."""


class BackendError(AdvisorError):
    """The LLM backend failed: a server unreachable or answering with an error."""


class ModelLoadError(AdvisorError):
    """A local model is missing or cannot be loaded; the message names the path or id."""
