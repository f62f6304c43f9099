"""Process setup the entry points call first: the app runs offline and private.

Kept out of import time so importing `advisor` or `ingest` as a library changes nothing;
the CLI, `advisor serve`, the benchmarks and the tests call `go_offline()` before
transformers, sentence-transformers, gradio or chromadb load (they read these at import).
"""

from __future__ import annotations

import os

OFFLINE_ENVIRONMENT = {
    "HF_HUB_OFFLINE": "1",  # no model hub: models come from packages and local folders
    "TRANSFORMERS_OFFLINE": "1",
    "GRADIO_ANALYTICS_ENABLED": "False",  # gradio otherwise calls its analytics hosts
    "ANONYMIZED_TELEMETRY": "False",  # chroma's telemetry, also off in its client settings
    "TOKENIZERS_PARALLELISM": "false",  # no fork warnings from the tokenizers thread pool
}


def go_offline() -> None:
    """Set the variables above unless the caller set them already."""
    for name, value in OFFLINE_ENVIRONMENT.items():
        os.environ.setdefault(name, value)
