"""`advisor eval`: run the test set, write the reports, print the summary."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from advisor.container import Container
from advisor.evaluation.grading import Verdict
from advisor.evaluation.metrics import compare
from advisor.evaluation.runner import run_evaluation


def run_eval_command(args: argparse.Namespace, container: Container) -> int:
    from tqdm import tqdm

    settings = container.settings.eval
    testset = Path(args.testset) if args.testset else settings.testset
    out = Path(args.out) if args.out else settings.out_dir / args.pipeline
    bar = tqdm(unit="q", desc=f"eval {args.pipeline}", file=sys.stderr)

    def progress(done: int, total: int, verdict: Verdict) -> None:
        bar.total = total
        bar.update(1)

    try:  # an EvaluationError reaches the CLI's one-line error path
        run = run_evaluation(
            lambda: container.evaluator(args.pipeline),
            testset,
            out,
            pipeline=args.pipeline,
            limit=args.limit,
            previous=Path(args.compare) if args.compare else None,
            progress=progress,
        )
    finally:
        bar.close()
    for problem in run.data["problems"]:
        print(f"warning: {problem}", file=sys.stderr)
    summary = run.data["summary"]
    if run.previous is not None:
        for name, before, after, change in compare(summary, run.previous["summary"]):
            print(f"{name:24s} {before!s:>10} -> {after!s:>10}  ({change:+})", file=sys.stderr)
    if args.json:
        print(json.dumps(summary, indent=2))
        return 0
    for name, value in summary.items():
        print(f"{name:24s} {value}")
    for intent, group in run.data["by_intent"].items():
        if group["coverage"] is not None:
            print(f"{'coverage: ' + intent:24s} {group['coverage']}")
    print(f"reports: {', '.join(str(p) for p in run.paths)}")
    return 0
