"""`make bench`: every benchmark, each against a baseline run in the same process; writes
benchmarks/results.json and the table between the bench markers in README.md."""

from __future__ import annotations

import argparse
import json
import os
import platform
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from advisor.runtime import go_offline
from benchmarks import answers, cli, scale

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results.json"
README = ROOT / "README.md"
START, END = "<!-- bench:start -->", "<!-- bench:end -->"
SIZES = (1000, 10_000, 100_000)
Row = tuple[str, str, str, str, str, bool | None]


def _machine() -> str:
    load = os.getloadavg()[0]
    return f"{platform.machine()}, {os.cpu_count()} cores, load {load:.1f} at start"


def _save(results: dict[str, Any]) -> None:
    """Written after every section, so a failure late in a long run keeps what was measured."""
    RESULTS.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    write_readme(results)


def measure(questions: int, sizes: tuple[int, ...]) -> dict[str, Any]:
    go_offline()
    r: dict[str, Any] = {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": _machine(),
    }
    started = time.perf_counter()
    r["retrieval"] = []
    for size in scale.retrieval_at_sizes(sizes):
        r["retrieval"].append(size)
        _save(r)
    r["ingest"] = scale.ingest_vs_encode()
    _save(r)
    with tempfile.TemporaryDirectory() as tmp:
        r.update(answers.run(questions, Path(tmp)))
        _save(r)
        r["cli"] = cli.cli_start(Path(tmp))
        _save(r)
        r["serve"] = cli.serve_memory(Path(tmp))
    r["bench_s"] = round(time.perf_counter() - started, 1)
    _save(r)
    return r


def _row(name: str, value: str, base: str, ratio: str, target: str, met: bool | None) -> Row:
    return (name, value, base, ratio, target, met)


def _ingest(ing: dict[str, Any]) -> list[Row]:
    return [
        _row(
            f"ingest, {ing['chunks']} chunks",
            f"{ing['measured_chunks_per_s']:.1f} chunks/s",
            f"raw encode (batch {ing['best_batch']}) {ing['baseline_chunks_per_s']:.1f}/s",
            f"{ing['ratio']:.2f}x",
            ">= 0.85x",
            ing["ratio"] >= 0.85,
        )
    ]


def _retrieval(sizes: list[dict[str, Any]]) -> list[Row]:
    out = []
    for ret in sizes:
        m, b = ret["measured"], ret["baseline"]
        out.append(
            _row(
                f"hybrid retrieval, {ret['chunks']:,} chunks",
                f"p50 {m['p50_s'] * 1000:.1f} ms, p95 {m['p95_s'] * 1000:.1f} ms",
                f"raw Chroma p50 {b['p50_s'] * 1000:.1f} ms, p95 {b['p95_s'] * 1000:.1f} ms",
                f"{ret['ratio_p50']:.2f}x",
                "p50 <= 2x",
                ret["ratio_p50"] <= 2,
            )
        )
    return out + _keyword(sizes)


def _keyword(sizes: list[dict[str, Any]]) -> list[Row]:
    out = []
    for kw in sizes:
        up, at_100k = kw["keyword_update"], kw["chunks"] >= 100_000
        out.append(
            _row(
                f"keyword update, one document, {kw['chunks']:,} chunks",
                f"{up['measured_s']:.3f} s",
                f"full build {up['baseline_s']:.2f} s",
                f"{up['ratio']:.4f}x",
                "< 1 s at 100k" if at_100k else "",
                up["measured_s"] < 1 if at_100k else None,
            )
        )
    return out


def _generation(gen: dict[str, Any]) -> list[Row]:
    ft, dec = gen["first_token_s"], gen["decode_tok_per_s"]
    return [
        _row("model: first token", f"{ft['measured'] * 1000:.0f} ms",
             f"raw generate {ft['baseline'] * 1000:.0f} ms",
             f"{ft['measured'] / ft['baseline']:.2f}x", "", None),
        _row("model: decode", f"{dec['measured']:.1f} tok/s",
             f"raw generate {dec['baseline']:.1f} tok/s", f"{gen['ratio']:.2f}x", ">= 0.9x",
             gen["ratio"] >= 0.9),
    ]  # fmt: skip


def _end_to_end(e2e: dict[str, Any]) -> list[Row]:
    tot, first, n, kept = e2e["total"], e2e["first_token"], e2e["questions"], e2e["kept_share"]
    return [
        _row(f"answer total, {n} questions", f"p50 {tot['p50_s']:.2f} s", "", "", "<= 1.5 s",
             tot["p50_s"] <= 1.5),
        _row("", f"p95 {tot['p95_s']:.2f} s", "", "", "<= 4 s", tot["p95_s"] <= 4),
        _row("answer first token", f"p50 {first['p50_s']:.2f} s, p95 {first['p95_s']:.2f} s",
             "", "", "<= 0.2 s (p50)", first["p50_s"] <= 0.2),
        _row("model calls / sentences kept", f"{e2e['model_calls']} calls of {n}",
             f"{e2e['generated_sentences']} sentences written",
             "" if kept is None else f"{kept:.0%} kept", "", None),
    ]  # fmt: skip


def _cli(cl: dict[str, Any]) -> list[Row]:
    floor = f"`import advisor` {cl['import_s']:.2f} s"
    return [
        _row("`advisor ask` to first byte", f"{cl['ask_first_byte_s']:.2f} s", floor,
             f"{cl['ask_ratio']:.1f}x", "<= 5 s", cl["ask_first_byte_s"] <= 5),
        _row("`advisor sources`", f"{cl['sources_s']:.2f} s", floor,
             f"{cl['sources_ratio']:.1f}x", "<= 2 s", cl["sources_s"] <= 2),
    ]  # fmt: skip


def _serve(serve: dict[str, Any]) -> list[Row]:
    return [_row("`advisor serve` peak RSS", f"{serve['peak_rss_mb']:.0f} MB", "", "", "", None)]


def _total(seconds: float) -> list[Row]:
    minutes = seconds / 60
    return [_row("`make bench` itself", f"{minutes:.1f} min", "", "", "< 15 min", minutes < 15)]


SECTIONS: dict[str, Callable[[Any], list[Row]]] = {
    "ingest": _ingest,
    "retrieval": _retrieval,
    "generation": _generation,
    "end_to_end": _end_to_end,
    "cli": _cli,
    "serve": _serve,
    "bench_s": _total,
}


def rows(r: dict[str, Any]) -> list[Row]:
    """One row per figure: measured, baseline, ratio, target, met; a stage that did not run
    says so."""
    out: list[Row] = []
    for key, section in SECTIONS.items():
        out += section(r[key]) if key in r else [_row(key, "not measured", "", "", "", None)]
    return out


def table(r: dict[str, Any]) -> str:
    mark: dict[bool | None, str] = {True: "met", False: "**missed**", None: ""}
    lines = [
        f"Latest `make bench` ({r['date']}, {r['machine']}):",
        "",
        "| figure | measured | baseline (same process) | ratio | target | |",
        "|---|---|---|---|---|---|",
    ]
    lines += [f"| {a} | {b} | {c} | {d} | {e} | {mark[f]} |" for a, b, c, d, e, f in rows(r)]
    return "\n".join(lines)


def write_readme(r: dict[str, Any], readme: Path = README) -> None:
    text = readme.read_text(encoding="utf-8")
    head, _, rest = text.partition(START)
    _, _, tail = rest.partition(END)
    readme.write_text(f"{head}{START}\n{table(r)}\n{END}{tail}", encoding="utf-8")


def main(measure_all: Callable[[int, tuple[int, ...]], dict[str, Any]] = measure) -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--questions", type=int, default=30)
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES))
    parser.add_argument("--table-only", action="store_true", help="redraw from results.json")
    args = parser.parse_args()
    if args.table_only:
        results = json.loads(RESULTS.read_text(encoding="utf-8"))
    else:
        results = measure_all(args.questions, tuple(args.sizes))
    write_readme(results)
    print(table(results))


if __name__ == "__main__":
    main()
