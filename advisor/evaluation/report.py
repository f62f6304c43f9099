"""results.json, report.md and a self-contained report.html with charts (inline SVG)."""

from __future__ import annotations

import html
import json
from pathlib import Path
from typing import Any

_RATES = [
    ("hit_at_5", "hit@5"),
    ("mrr", "MRR"),
    ("key_fact_accuracy", "key facts"),
    ("citation_accuracy", "citations"),
    ("abstention_accuracy", "abstention"),
    ("groundedness", "grounded"),
]


def write_reports(data: dict[str, Any], out: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    paths = [out / "results.json", out / "report.md", out / "report.html"]
    paths[0].write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    paths[1].write_text(markdown_report(data), encoding="utf-8")
    paths[2].write_text(html_report(data), encoding="utf-8")
    return paths


def _fmt(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:.3f}" if value <= 1 else f"{value:.0f}"
    return str(value)


def markdown_report(data: dict[str, Any]) -> str:
    s = data["summary"]
    lines = [
        f"# Evaluation: pipeline `{data['pipeline']}`",
        "",
        f"Test set: `{data['testset']}`, {s['n']} questions.",
        "",
        "| metric | value |",
        "|---|---|",
        *(f"| {k} | {_fmt(v)} |" for k, v in s.items()),
        "",
    ]
    for title, key in (("By type", "by_type"), ("By language", "by_lang")):
        groups = data[key]
        lines += [f"## {title}", "", "| group | n | " + " | ".join(n for _, n in _RATES) + " |"]
        lines.append("|---" * (len(_RATES) + 2) + "|")
        for name, g in groups.items():
            cells = " | ".join(_fmt(g.get(m)) for m, _ in _RATES)
            lines.append(f"| {name} | {g['n']} | {cells} |")
        lines.append("")
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


def _bars(groups: dict[str, dict[str, Any]]) -> str:
    """A grouped bar chart of the rate metrics, one colour per group."""
    colours = ["#2563eb", "#16a34a", "#d97706", "#9333ea", "#dc2626"]
    width, height, pad = 640, 220, 30
    slot = (width - pad) / len(_RATES)
    bar = slot / (len(groups) + 1)
    parts = [f'<svg width="{width}" height="{height + 40}" role="img">']
    for i, (metric, label) in enumerate(_RATES):
        x0 = pad + i * slot
        for j, (name, g) in enumerate(groups.items()):
            value = g.get(metric) or 0.0
            h = value * height
            parts.append(
                f'<rect x="{x0 + j * bar:.1f}" y="{height - h:.1f}" width="{bar * 0.9:.1f}" '
                f'height="{h:.1f}" fill="{colours[j % len(colours)]}">'
                f"<title>{html.escape(name)} {label}: {value:.3f}</title></rect>"
            )
        parts.append(f'<text x="{x0:.1f}" y="{height + 15}" font-size="11">{label}</text>')
    for j, name in enumerate(groups):
        parts.append(
            f'<text x="{pad + j * 90}" y="{height + 35}" font-size="11" '
            f'fill="{colours[j % len(colours)]}">{html.escape(name)}</text>'
        )
    return "".join(parts) + "</svg>"


def _latency(questions: list[dict[str, Any]]) -> str:
    """Histogram of total answer time."""
    times = sorted(q["total_ms"] / 1000 for q in questions if q.get("total_ms") is not None)
    if not times:
        return "<p>No timings.</p>"
    buckets = 12
    top = max(times[-1], 0.001)
    counts = [0] * buckets
    for t in times:
        counts[min(int(t / top * buckets), buckets - 1)] += 1
    width, height = 480, 160
    bw = width / buckets
    most = max(counts)
    parts = [f'<svg width="{width}" height="{height + 20}" role="img">']
    for i, c in enumerate(counts):
        h = c / most * height
        parts.append(
            f'<rect x="{i * bw:.1f}" y="{height - h:.1f}" width="{bw * 0.9:.1f}" height="{h:.1f}"'
            f' fill="#64748b"><title>{i * top / buckets:.1f}-{(i + 1) * top / buckets:.1f}s: '
            f"{c}</title></rect>"
        )
    parts.append(f'<text x="0" y="{height + 15}" font-size="11">0 s</text>')
    parts.append(f'<text x="{width - 40}" y="{height + 15}" font-size="11">{top:.1f} s</text>')
    return "".join(parts) + "</svg>"


def html_report(data: dict[str, Any]) -> str:
    s = data["summary"]
    esc = html.escape
    rows = "".join(f"<tr><td>{esc(k)}</td><td>{esc(_fmt(v))}</td></tr>" for k, v in s.items())
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
<h2>By type</h2>{_bars(data["by_type"])}
<h2>By language</h2>{_bars(data["by_lang"])}
<h2>Latency of whole answers</h2>{_latency(data["questions"])}
<h2>Questions</h2><table><tr><th>id</th><th>kind</th><th>question</th><th>answer</th>
<th>verdict</th></tr>{questions}</table></body></html>"""
