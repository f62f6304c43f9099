"""Language of a text, as an ISO 639-1 code, deterministic across runs."""

from __future__ import annotations

from langdetect import DetectorFactory, LangDetectException, detect_langs

_MIN_CHARS = 20


def detect_language(text: str) -> str:
    """Best-guess language code, or "unknown" for text too short or too odd to tell."""
    sample = text[:5000]
    if len(sample.strip()) < _MIN_CHARS:
        return "unknown"
    DetectorFactory.seed = 0  # langdetect is random unless seeded
    try:
        best = detect_langs(sample)[0]
    except LangDetectException:
        return "unknown"
    return str(best.lang) if best.prob >= 0.5 else "unknown"
