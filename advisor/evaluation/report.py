"""results.json, report.md and a self-contained report.html with charts (inline SVG)."""

from __future__ import annotations

import html
import json
from pathlib import Path
from typing import Any

from advisor.evaluation.charts import histogram, rate_chart
from advisor.evaluation.metrics import compare, rate_names

_LABELS = {
    "mrr": "MRR",
    "key_fact_accuracy": "key facts",
    "citation_accuracy": "citations",
    "abstention_accuracy": "abstention",
    "groundedness": "grounded",
    "calculation_accuracy": "calculation",
    "coverage": "coverage",
    "intent_accuracy": "intent",
}
_GROUPINGS = (("By type", "by_type"), ("By language", "by_lang"), ("By intent", "by_intent"))


def rates(data: dict[str, Any]) -> list[tuple[str, str]]:
    """(metric, label) for the run's k, leaving out metrics no question in it measured."""
    k = int(data.get("k", 5))
    present = [data["summary"]]
    if "previous_summary" in data:
        present.append(data["previous_summary"])
    return [
        (name, _LABELS.get(name, f"hit@{k}"))
        for name in rate_names(k)
        if any(s.get(name) is not None for s in present)
    ]


def write_reports(
    data: dict[str, Any], out: Path, previous: dict[str, Any] | None = None
) -> list[Path]:
    """Write the three reports; with a previous run, the reports set the two side by side."""
    out.mkdir(parents=True, exist_ok=True)
    paths = [out / "results.json", out / "report.md", out / "report.html"]
    paths[0].write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    view = {**data, "previous_summary": previous["summary"]} if previous else data
    paths[1].write_text(markdown_report(view), encoding="utf-8")
    paths[2].write_text(html_report(view), encoding="utf-8")
    return paths


def _fmt(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:.3f}" if value <= 1 else f"{value:.0f}"
    return str(value)


def _group_table(groups: dict[str, dict[str, Any]], metrics: list[tuple[str, str]]) -> list[str]:
    lines = ["| group | n | " + " | ".join(label for _, label in metrics) + " |"]
    lines.append("|---" * (len(metrics) + 2) + "|")
    for name, g in groups.items():
        cells = " | ".join(_fmt(g.get(m)) for m, _ in metrics)
        lines.append(f"| {name} | {g['n']} | {cells} |")
    return lines


def markdown_report(data: dict[str, Any]) -> str:
    s = data["summary"]
    metrics = rates(data)
    lines = [
        f"# Evaluation: pipeline `{data['pipeline']}`",
        "",
        f"Test set: `{data['testset']}`, {s['n']} questions.",
        "",
    ]
    if "previous_summary" in data:
        lines += ["| metric | previous | this run | change |", "|---|---|---|---|"]
        for name, before, after, change in compare(s, data["previous_summary"]):
            lines.append(f"| {name} | {_fmt(before)} | {_fmt(after)} | {change:+} |")
    else:
        lines += [
            "| metric | value |",
            "|---|---|",
            *(f"| {k} | {_fmt(v)} |" for k, v in s.items()),
        ]
    lines.append("")
    for title, key in _GROUPINGS:
        if data.get(key):
            lines += [f"## {title}", "", *_group_table(data[key], metrics), ""]
    failed = [q for q in data["questions"] if q["failures"]]
    lines += [f"## Failures ({len(failed)})", ""]
    for q in failed:
        lines.append(f"- **{q['id']}** ({q['type']}, {q['lang']}): {q['question']}")
        for reason in q["failures"]:
            lines.append(f"  - {reason}")
        lines.append(f"  - answer: {q['answer'][:300]}")
    if data.get("problems"):
        lines += ["", "## Test-set lines skipped", "", *(f"- {p}" for p in data["problems"])]
    return "\n".join(lines) + "\n"


def html_report(data: dict[str, Any]) -> str:
    s = data["summary"]
    esc = html.escape
    metrics = rates(data)
    rows = "".join(f"<tr><td>{esc(k)}</td><td>{esc(_fmt(v))}</td></tr>" for k, v in s.items())
    charts = ""
    if "previous_summary" in data:
        runs = {"previous": data["previous_summary"], "this run": s}
        charts += f"<h2>This run against the previous one</h2>{rate_chart(runs, metrics)}"
    for title, key in _GROUPINGS:
        if data.get(key):
            charts += f"<h2>{title}</h2>{rate_chart(data[key], metrics)}"
    times = [q["total_ms"] / 1000 for q in data["questions"] if q.get("total_ms") is not None]
    questions = "".join(
        f"<tr class='{'fail' if q['failures'] else 'ok'}'><td>{esc(q['id'])}</td>"
        f"<td>{esc(q['type'])}/{esc(q['lang'])}</td><td>{esc(q['question'])}</td>"
        f"<td>{esc(q['answer'])}</td><td>{esc('; '.join(q['failures']) or 'ok')}</td></tr>"
        for q in data["questions"]
    )
    return f"""<!doctype html><html><head><meta charset="utf-8">
<title>advisor evaluation: {esc(data["pipeline"])}</title>
<style>body{{font-family:sans-serif;margin:2em;max-width:1100px}}td,th{{border:1px solid #ddd;
padding:4px;vertical-align:top;font-size:13px}}table{{border-collapse:collapse}}
tr.fail td:last-child{{color:#b91c1c}}</style></head><body>
<h1>Evaluation: pipeline <code>{esc(data["pipeline"])}</code></h1>
<p>Test set {esc(data["testset"])}, {s["n"]} questions.</p>
<table>{rows}</table>
{charts}
<h2>Latency of whole answers</h2>{histogram(times)}
<h2>Questions</h2><table><tr><th>id</th><th>kind</th><th>question</th><th>answer</th>
<th>verdict</th></tr>{questions}</table></body></html>"""
