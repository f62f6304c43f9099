"""Generation against raw `model.generate`, and whole answers over the test set.

    .venv/bin/python -m benchmarks.answers [--questions 30] [--json]

Generation: time to first token and decode tokens per second of our streaming model
against `generate` on the same prompt, same weights, greedy. End to end: p50/p95 of the
answer's total time and first token over test-set questions (the bundled index), and the
share of the model's sentences the guards keep, which says what the model time buys.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from advisor.container import Container
from advisor.evaluation.testset import load_testset
from advisor.llm.base import ChatMessage, ChatModel, GenerationOptions, Usage
from advisor.settings import Settings
from advisor.text import split_sentences
from benchmarks.scale import percentiles

ROOT = Path(__file__).resolve().parent.parent
PROMPT = [
    ChatMessage("system", "Answer from the facts only, citing them like [1]."),
    ChatMessage(
        "user",
        "Facts:\n[1] Intercom's Fin charges $0.99 per resolution.\n[2] A resolution is a "
        "conversation the customer does not escalate.\n\nQuestion: How does Intercom price Fin?",
    ),
]
DECODE_TOKENS = 64
REPEAT = 5  # rounds of raw and ours, alternated; the best of each counts


class CountingModel(ChatModel):
    """The real model, keeping the text of every reply, so kept sentences can be counted."""

    def __init__(self, inner: ChatModel) -> None:
        super().__init__()
        self.inner = inner
        self.replies: list[str] = []

    def _stream(
        self, messages: list[ChatMessage], options: GenerationOptions
    ) -> Iterator[str | Usage]:
        reply: list[str] = []
        self.replies.append("")
        pieces = self.inner.stream(messages, options)
        try:
            for piece in pieces:
                reply.append(piece)
                self.replies[-1] = "".join(reply)
                yield piece
        finally:
            pieces.close()


def _raw_generate(model: Any, tokenizer: Any, new_tokens: int) -> float:
    import torch

    prompt = tokenizer.apply_chat_template(
        [{"role": m.role, "content": m.content} for m in PROMPT],
        add_generation_prompt=True,
        tokenize=False,
    )
    inputs = tokenizer(prompt, return_tensors="pt")
    start = time.perf_counter()
    with torch.inference_mode():
        model.generate(
            **inputs,
            max_new_tokens=new_tokens,
            min_new_tokens=new_tokens,
            do_sample=False,
            repetition_penalty=1.1,
            pad_token_id=tokenizer.eos_token_id,
        )
    return time.perf_counter() - start


def _ours(llm: ChatModel) -> tuple[float, float]:
    """First token (s) and decode rate (tokens/s after the first) through `stream`."""
    start = time.perf_counter()
    pieces = llm.stream(PROMPT, GenerationOptions(max_new_tokens=DECODE_TOKENS))
    first = None
    for _piece in pieces:
        first = first or time.perf_counter() - start
    total = time.perf_counter() - start
    tokens = pieces.usage.completion_tokens if pieces.usage else 0
    return first or total, max(tokens - 1, 1) / max(total - (first or 0), 1e-6)


def generation(llm: ChatModel, raw_model: Any, tokenizer: Any) -> dict[str, Any]:
    """First token and decode rate: ours through `stream`, raw through `generate`. The two
    alternate round by round and each keeps its best round, so a burst of load elsewhere on
    the machine slows one round, not one side."""
    _raw_generate(raw_model, tokenizer, 2)  # warm: the first generate() is slow
    raw_firsts, raw_rates, firsts, rates = [], [], [], []
    for _ in range(REPEAT):
        one = _raw_generate(raw_model, tokenizer, 1)
        raw_all = _raw_generate(raw_model, tokenizer, DECODE_TOKENS)
        raw_firsts.append(one)
        raw_rates.append((DECODE_TOKENS - 1) / max(raw_all - one, 1e-6))
        first, rate = _ours(llm)
        firsts.append(first)
        rates.append(rate)
    raw_rate, ours_rate = max(raw_rates), max(rates)
    return {
        "first_token_s": {"baseline": min(raw_firsts), "measured": min(firsts)},
        "decode_tok_per_s": {"baseline": raw_rate, "measured": ours_rate},
        "ratio": round(ours_rate / raw_rate, 3),
    }


def end_to_end(container: Container, counting: CountingModel, questions: int) -> dict[str, Any]:
    """Total and first-token time of whole answers, and the share of model sentences kept."""
    cases = load_testset(ROOT / container.settings.eval.testset).cases
    answerer = container.answerer("default")
    totals, firsts = [], []
    generated = dropped = calls = 0
    for case in cases[:questions]:
        before = len(counting.replies)
        answer = answerer.answer(case.question)
        totals.append((answer.timings.total_ms or 0) / 1000)
        firsts.append((answer.timings.first_token_ms or 0) / 1000)
        replies = counting.replies[before:]
        calls += bool(replies)
        generated += sum(len(split_sentences(r)) for r in replies)
        dropped += sum(" -- " in d for d in answer.dropped)
    return {
        "questions": len(totals),
        "total": percentiles(totals),
        "first_token": percentiles(firsts),
        "model_calls": calls,
        "generated_sentences": generated,
        "kept_share": round(1 - dropped / generated, 3) if generated else None,
    }


def run(questions: int, data_dir: Path) -> dict[str, Any]:
    """Both measurements on the bundled knowledge base indexed into `data_dir`."""
    from advisor.llm.local import TransformersChatModel

    settings = Settings()
    real = TransformersChatModel(settings.llm.model, settings.cache_dir)
    counting = CountingModel(real)
    container = Container(Settings(data_dir=data_dir), llm=counting)
    report = container.ingest_pipeline.run([str(ROOT / "knowledge")])
    assert report.ok, report.failed
    container.warm_up()
    results = {"generation": generation(real, real.model, real.tokenizer)}
    results["end_to_end"] = end_to_end(container, counting, questions)
    return results


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--questions", type=int, default=30)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        print(json.dumps(run(args.questions, Path(tmp)), indent=2))


if __name__ == "__main__":
    main()
