"""The evaluate tab: run a test set through the chat's own pipeline and show the report."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from advisor.evaluation.report import markdown_report, write_reports
from advisor.evaluation.runner import EvalRunner
from advisor.evaluation.testset import load_testset


class EvaluationPage:
    def __init__(
        self, runner_for: Callable[[str], EvalRunner], bundled: Path, out_dir: Path
    ) -> None:
        self._runner_for = runner_for
        self._bundled = bundled
        self._out_dir = out_dir

    def run(
        self,
        uploaded: str | None,
        pipeline: str,
        limit: float | None,
        progress: Callable[[int, int], None] | None = None,
    ) -> tuple[str, str | None]:
        """(Markdown report, path of the HTML report) for the chosen or bundled test set."""
        path = Path(uploaded) if uploaded else self._bundled
        testset = load_testset(path)
        cases = testset.cases[: int(limit)] if limit else testset.cases
        if not cases:
            problems = "\n".join(f"- {p}" for p in testset.problems)
            return f"**{path.name}: no valid questions.**\n\n{problems}", None
        result = self._runner_for(pipeline).run(
            cases,
            pipeline=pipeline,
            testset=path.name,
            progress=(lambda done, total, _v: progress(done, total)) if progress else None,
        )
        result.problems = testset.problems
        data = result.to_dict()
        paths = write_reports(data, self._out_dir / pipeline)
        return markdown_report(data), str(paths[2])
