"""`advisor eval`: run the test set, write the reports, print the summary."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from advisor.container import Container
from advisor.evaluation.report import write_reports
from advisor.evaluation.runner import compare
from advisor.evaluation.testset import load_testset


def run_eval_command(args: argparse.Namespace, container: Container) -> int:
    from tqdm import tqdm

    settings = container.settings.eval
    testset_path = Path(args.testset) if args.testset else settings.testset
    if not testset_path.is_file():
        print(f"error: {testset_path}: no such test set", file=sys.stderr)
        return 2
    testset = load_testset(testset_path)
    for problem in testset.problems:
        print(f"warning: {problem}", file=sys.stderr)
    cases = testset.cases[: args.limit] if args.limit else testset.cases
    if not cases:
        print(f"error: {testset_path}: no valid questions", file=sys.stderr)
        return 1
    bar = tqdm(total=len(cases), unit="q", desc=f"eval {args.pipeline}", file=sys.stderr)

    def progress(done: int, total: int, verdict: dict[str, Any]) -> None:
        bar.update(1)

    result = container.evaluator(args.pipeline).run(
        cases, pipeline=args.pipeline, testset=str(testset_path), progress=progress
    )
    bar.close()
    result.problems = testset.problems
    data = result.to_dict()
    out = Path(args.out) if args.out else settings.out_dir / args.pipeline
    paths = write_reports(data, out)
    if args.compare:
        previous = json.loads(Path(args.compare).read_text(encoding="utf-8"))
        for name, before, after, change in compare(data["summary"], previous["summary"]):
            print(f"{name:24s} {before!s:>10} -> {after!s:>10}  ({change:+})", file=sys.stderr)
    if args.json:
        print(json.dumps(data["summary"], indent=2))
    else:
        for name, value in data["summary"].items():
            print(f"{name:24s} {value}")
        print(f"reports: {', '.join(str(p) for p in paths)}")
    return 0
