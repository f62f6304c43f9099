"""Documents in, searchable chunks out. Imports nothing from `advisor`."""

import os

# Models load from local folders only; nothing in ingestion may reach a model hub.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
