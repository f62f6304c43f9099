"""The evaluate tab: run a test set through the chat's own pipeline and show the report."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from advisor.errors import AdvisorError
from advisor.evaluation.report import markdown_report
from advisor.evaluation.runner import EvalRunner, run_evaluation
from advisor.web.knowledge import plain


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
        try:
            run = run_evaluation(
                lambda: self._runner_for(pipeline),
                path,
                self._out_dir / pipeline,
                pipeline=pipeline,
                limit=int(limit) if limit else None,
                progress=(lambda done, total, _v: progress(done, total)) if progress else None,
            )
        except AdvisorError as exc:  # a bad test set, or the model backend failing
            return f"**Cannot evaluate:** {plain(str(exc))}", None
        return markdown_report(run.data), str(run.paths[2])
