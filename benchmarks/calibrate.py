"""Score distributions for calibrating an embedder's thresholds on the test sets.

For every non-calculation question: the top evidence score (what `answer.abstain_below`
gates), the intent and whether the names check alone would abstain. For answerable ones
also the guard's support (`answer.support_min`) of the question's own reference answer
(a paraphrase the evidence backs, when retrieval found its source) and of another
question's reference answer (a fluent sentence the evidence does not back). Run once per
data dir, indexed with the embedder under test; prints one JSON line per question.

    ADVISOR_DATA_DIR=... python -m benchmarks.calibrate knowledge/eval/testset.jsonl
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from advisor.answering.answerability import question_names
from advisor.answering.base import AskOptions
from advisor.answering.guard import AnswerGuard
from advisor.config import load_settings
from advisor.container import Container
from advisor.text import split_sentences


def support(guard: AnswerGuard, text: str) -> float | None:
    """The guard's view of a reference answer: its weakest sentence's best support."""
    scores = [max(guard.support(s).values(), default=0.0) for s in split_sentences(text)]
    return round(min(scores), 4) if scores else None


def main(testset: str) -> None:
    container = Container(load_settings().settings)
    answers = container.answers
    vocabulary = container.retriever.vocabulary()
    rows = [json.loads(line) for line in Path(testset).read_text("utf-8").splitlines() if line]
    rows = [r for r in rows if r["type"] != "calculation"]
    for i, row in enumerate(rows):
        question = row["question"]
        intent = answers._intents.classify(question).intent
        grounds = answers.ground(question, question, AskOptions(), 0.0)
        best = max((e.score for e in grounds.evidence), default=0.0)
        _, unknown = question_names(question, vocabulary)
        out: dict[str, Any] = {
            "id": row["id"],
            "type": row["type"],
            "lang": row.get("lang", "en"),
            "intent": intent,
            "best": round(best, 4),
            "unknown": list(unknown),
        }
        other = next(
            (r for r in rows[i + 1 :] + rows[:i] if r.get("source") != row.get("source")), None
        )
        if row["type"] != "unanswerable" and row.get("answer") and grounds.evidence:
            guard = AnswerGuard(answers.embedder, grounds.evidence, question, vocabulary)
            out["source_found"] = any(
                Path(e.passage.source).name == row.get("source") for e in grounds.evidence
            )
            out["own_support"] = support(guard, row["answer"])
            if other is not None and other.get("answer"):
                out["other_support"] = support(guard, other["answer"])
        print(json.dumps(out), flush=True)


if __name__ == "__main__":
    main(sys.argv[1])
