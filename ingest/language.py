"""Language of a text, as an ISO 639-1 code, with py3langid: a fixed naive-Bayes model, so
the same text always gets the same code (langdetect was random unless a global was reset)."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

from py3langid.langid import MODEL_FILE, LanguageIdentifier

# Below this many characters a document's language is a guess; a question is still judged,
# since it is only ever asked to choose among the few languages in use.
_MIN_CHARS = 20
# A document is labelled only when the model is at least this sure, else "unknown".
_MIN_PROBABILITY = 0.5
# The model reads n-grams; more than this adds time, not certainty.
_SAMPLE_CHARS = 5000


class LanguageDetector:
    """Holds the model: loading it takes seconds, classifying a text well under a millisecond."""

    def __init__(self) -> None:
        self._identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)

    def detect(self, text: str) -> str:
        """Best-guess language code of a document, or "unknown" for text too short or too
        odd to tell."""
        sample = text[:_SAMPLE_CHARS]
        if len(sample.strip()) < _MIN_CHARS:
            return "unknown"
        language, probability = self._identifier.classify(sample)
        return str(language) if probability >= _MIN_PROBABILITY else "unknown"

    def choose(self, text: str, languages: Sequence[str]) -> str:
        """The most likely of `languages` (the first when the text gives no sign): the
        model's ranking restricted to them, which a one-line question can support where an
        open choice among ~100 languages cannot."""
        ranked = self._identifier.rank(text[:_SAMPLE_CHARS])
        allowed = set(languages)
        if text.strip():
            for language, _probability in ranked:
                if language in allowed:
                    return str(language)
        return languages[0]


@cache
def shared_detector() -> LanguageDetector:
    """One detector per process: it is read-only once loaded, so sharing it is safe."""
    return LanguageDetector()


def detect_language(text: str) -> str:
    """Best-guess language code of a document, or "unknown"."""
    return shared_detector().detect(text)
