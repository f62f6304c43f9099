"""What kind of answer a question wants: a fact, a sum, a comparison, advice, a reason or a
meaning. Rules decide when the wording is clear (they cover English and Indonesian, where the
bundled English embedder is weak); otherwise the question goes to the nearest labelled
prototypes by meaning.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
from langchain_core.embeddings import Embeddings

from advisor.answering.intent_prototypes import PROTOTYPES

Intent = Literal[
    "lookup", "calculation", "comparison", "recommendation", "explanation", "definition"
]
INTENTS: tuple[Intent, ...] = (
    "lookup",
    "calculation",
    "comparison",
    "recommendation",
    "explanation",
    "definition",
)
COMPOSED: frozenset[str] = frozenset({"comparison", "recommendation", "explanation"})
"""Intents whose answer is built from several pieces of evidence rather than quoted."""


def _rx(*alternatives: str) -> re.Pattern[str]:
    return re.compile("|".join(alternatives), re.I)


_OPENS_WITH_WHY = _rx(r"^\W*(why|mengapa|kenapa|apa sebab)\b")
_STRONG_RECOMMEND = _rx(
    r"(?<!how much )(?<!how many )\bshould (i|we)\b",
    r"\b(would|do|can) you (recommend|suggest|advise)\b",
    r"\brecommend(ation|ed)?\b",
    r"\bhow (should|would|do) (i|we) (price|charge|bill|monetize|monetise|package)\b",
    r"\b(which|what) (pricing )?(model|approach|option|strategy|plan structure) "
    r"(should|would|fits|suits|works best|makes sense|is best|is right)\b",
    r"\bbest way to (price|charge|bill|monetize|monetise)\b",
    r"\b(does|would) it make sense\b",
    r"\bis it (wise|better|smarter) (to|for (me|us))\b",
    r"\b(sebaiknya|seharusnya|haruskah|sebaiknyakah|rekomendasi|saran|sarankan|disarankan)\b",
    r"\b(apakah|apa) (saya|kami|kita) (harus|perlu|sebaiknya)\b",
    r"\bmodel (harga|penetapan harga) (apa|mana) yang (cocok|tepat|pas|sesuai)\b",
    r"\bbagaimana (saya|kami|kita) (harus |sebaiknya )?(menetapkan|memberi|menentukan) harga\b",
)
# "What availability should I expect?", "What four areas should I think about?": the user
# asks what the documents say there is to expect, know or weigh (a fact), not for advice.
# Only verbs of knowing and weighing: "What plan should I choose?" still asks for advice.
_FACT_TO_KNOW = _rx(
    r"^\W*(what|which|how (many|much|long|often|soon|high|low))\b[^?]{0,80}?\b"
    r"(should|must|do|would|will|can) (i|we) (expect|anticipate|assume|know|learn|"
    r"understand|consider|think about|think through|keep in mind|bear in mind|be aware of|"
    r"look (out )?for|watch (out )?for|check|verify|work out|figure out|plan for|prepare for|"
    r"budget for|account for|note|remember|ask)\b",
    r"^\W*(apa|apa saja|berapa|mana)\b[^?]{0,80}?\b(harus|perlu|sebaiknya|bisa|dapat)\s+"
    r"((saya|kami|kita)\s+)?(ketahui|pahami|perhatikan|pertimbangkan|harapkan|perkirakan|"
    r"antisipasi|ingat|waspadai|periksa|siapkan|persiapkan)\b",
)
_COMPARE = _rx(
    r"\bcompar(e|es|ed|ing|ison)\b",
    r"\bversus\b",
    r"\bvs\.?(?=\s)",
    r"\bdifferences? between\b",
    r"\bhow (do|does) .{3,80} differ\b",
    r"\bdiffer(s)? from\b",
    r"\b(cheaper|pricier|costlier|more expensive|less expensive) than\b",
    r"\bwhich (one |of them |of the two )?(is|are|costs?) (cheaper|pricier|more|less|better)\b",
    r"\b(banding(kan)?|membandingkan|perbandingan|dibandingkan|dibanding|perbedaan)\b",
    r"\b(beda|berbeda)(nya)? (antara|dari|dengan)\b",
    r"\bmana yang lebih (murah|mahal|baik)\b",
    r"\blebih (murah|mahal) (dari|daripada)\b",
)
_WEAK_RECOMMEND = _rx(
    r"\b(i'm|i am|we're|we are) (launching|building|selling|starting|planning|making)\b",
    r"\b(my|our) (app|product|startup|saas|tool|service|company|customers|users|agency)\b",
    r"\b(is|would) .{3,60} (a good idea|worth it|the right (choice|move))\b",
    r"\b(saya|kami) (sedang )?(meluncurkan|membangun|menjual|membuat|merintis)\b",
    r"\b(produk|aplikasi|startup) (saya|kami)\b",
)
_ADVICE_CUE = _rx(
    r"\b(or|which|worth|good idea|best|right|fit|fits|suit|suits|pricing model|how to price|"
    r"what pricing|atau|mana|cocok|tepat|sesuai)\b"
)
_EXPLAIN = _rx(
    r"\bwhy\b",
    r"\bhow (does|do|did|can|could|would|will) .{3,90}\b(work|affect|change|lead|make|drive|"
    r"help|hurt|reduce|raise|increase|matter|squeeze|protect|erode|happen)",
    r"\bwhat (drives|causes|caused|explains|makes|made|is behind)\b",
    r"\bwhat (is|was) the reason\b",
    r"\bexplain (why|how)\b",
    r"\b(mengapa|kenapa|alasan(nya)?|penyebab(nya)?|apa sebab)\b",
    r"\bbagaimana .{3,80}\b(bisa|dapat|memengaruhi|mempengaruhi|bekerja|menyebabkan|terjadi)\b",
    r"\bjelaskan (mengapa|bagaimana|kenapa)\b",
)
_DEFINE = _rx(
    r"\bwhat (does|do) (the term |the word |the phrase )?.{2,60} (mean|stand for)\b",
    r"\bwhat is meant by\b",
    r"\b(meaning|definition) of\b",
    r"^\W*define\b",
    r"\bexplain (the term|what .{2,60} means)\b",
    r"^\W*what('s| is| are) (an? )?(?!the\b)[\w\s'-]{2,45}\?*$",
    r"\b(apa itu|apa yang dimaksud|apa arti|arti(nya)? dari|definisi|pengertian|maksud dari)\b",
)
_NOT_DEFINITION = _rx(
    r"\b(price|prices|priced|cost|costs|charge|charges|fee|fees|share|percent|margin|when|"
    r"date|much|many|number|rate|limit|plan|plans|allowance)\b",
    r"\d",
)

# The calculation rule stands in for the economics engine's extractor until it lands.
_QUANTITY = re.compile(r"(?<![\w.-])\$?\d[\d,.]*(?:\s?(?:k|m|%))?(?![\w-])", re.I)
_USAGE = _rx(
    r"\b(users?|seats?|requests?|calls?|messages?|chats?|conversations?|tokens?|customers?|"
    r"tickets?|resolutions?|pengguna|permintaan|pesan|pelanggan|kursi|tiket|resolusi)\b"
)
_COMPUTE = _rx(
    r"\bhow much (will|would|do|does|did|could|can) .{0,80}\b(cost|pay|spend|earn|make)\b",
    r"\b(my|our) (monthly |yearly |annual |total |model |api |inference )*"
    r"(bill|cost|costs|spend|margin|revenue|break[- ]even)\b",
    r"\b(would|will) (i|we) (earn|make|pay|spend)\b",
    r"\b(calculate|compute|estimate|work out)\b",
    r"\b(berapa|hitung|hitungkan|tagihan)\b",
    r"\bmargin\b",
)


def is_calculation(question: str) -> bool:
    """A question that gives its own numbers and asks for a sum: the economics engine's."""
    quantities = _QUANTITY.findall(question)
    return len(quantities) >= 2 and bool(_USAGE.search(question) and _COMPUTE.search(question))


def rule_intent(
    question: str, calculation: Callable[[str], bool] = is_calculation
) -> Intent | None:
    """The intent the wording makes plain, in order of what overrides what; None if unclear.
    `calculation` recognises a sum to compute (the economics engine's, where it is wired)."""
    text = " ".join(question.split())
    if calculation(text):
        return "calculation"
    if _OPENS_WITH_WHY.search(text):
        return "explanation"
    if _STRONG_RECOMMEND.search(text) and not _FACT_TO_KNOW.search(text):
        return "recommendation"
    if _COMPARE.search(text):
        return "comparison"
    if _WEAK_RECOMMEND.search(text) and _ADVICE_CUE.search(text):
        return "recommendation"
    if _EXPLAIN.search(text):
        return "explanation"
    if _DEFINE.search(text) and not _NOT_DEFINITION.search(_DEFINE.sub("", text)):
        return "definition"
    return None


@dataclass(frozen=True)
class IntentResult:
    intent: Intent
    by: Literal["rule", "prototype"]
    score: float = 1.0


_TOP = 3  # an intent's score is the mean of its three nearest prototypes: one stray is noise
_MARGIN = 0.1
"""How much nearer than the lookup prototypes another intent must be to win: fact questions
no rule catches came within 0.07 of some other intent on the labelled set, and a fact question
sent down another path loses its quoted answer."""


class IntentClassifier:
    """Rules first; otherwise the intent whose prototypes are nearest in meaning."""

    def __init__(
        self,
        embeddings: Embeddings,
        prototypes: dict[Intent, Sequence[str]] | None = None,
        is_calculation: Callable[[str], bool] = is_calculation,
    ) -> None:
        self._embeddings = embeddings
        self._examples = prototypes or PROTOTYPES
        self._labels: list[Intent] = [i for i, texts in self._examples.items() for _ in texts]
        self._vectors: np.ndarray | None = None  # embedded on the first unclear question
        self._is_calculation = is_calculation

    def classify(
        self, question: str, query_embedding: Sequence[float] | None = None
    ) -> IntentResult:
        ruled = rule_intent(question, self._is_calculation)
        if ruled is not None:
            return IntentResult(ruled, "rule")
        if self._vectors is None:
            texts = [t for ts in self._examples.values() for t in ts]
            self._vectors = _normalised(np.asarray(self._embeddings.embed_documents(texts)))
        vector = query_embedding if query_embedding is not None else self._embed(question)
        sims = self._vectors @ _normalised(np.asarray(vector, dtype=np.float32)[None, :])[0]
        scores: dict[Intent, float] = {}
        for intent in dict.fromkeys(self._labels):
            mine = np.sort(sims[[label == intent for label in self._labels]])[::-1][:_TOP]
            scores[intent] = float(np.mean(mine))
        if len(_QUANTITY.findall(question)) < 2:
            scores.pop("calculation", None)  # nothing to compute without the user's numbers
        best = max(scores, key=scores.__getitem__)
        if best != "lookup" and scores[best] - scores.get("lookup", 0.0) < _MARGIN:
            best = "lookup"
        return IntentResult(best, "prototype", scores[best])

    def _embed(self, question: str) -> list[float]:
        return self._embeddings.embed_query(question)


def _normalised(matrix: np.ndarray) -> np.ndarray:
    matrix = matrix.astype(np.float32)
    norms = np.linalg.norm(matrix, axis=-1, keepdims=True)
    return matrix / np.where(norms == 0, 1, norms)


_ABOUT_PRICING = _rx(
    r"\b(pric\w*|charg\w*|bill\w*|monetiz\w*|monetis\w*|per seat|per usage|subscription|"
    r"harga|tagih\w*|menagih|biaya|langganan)\b"
)


def abstain_below(intent: str, question: str, default: float, advice: float) -> float:
    """The evidence score under which to decline: `advice` (lower) only for advice on pricing,
    whose best sentence scores lower because it describes the user's own product in words no
    article uses (`answer.recommend_abstain_below`)."""
    if intent == "recommendation" and _ABOUT_PRICING.search(question):
        return min(default, advice)
    return default
