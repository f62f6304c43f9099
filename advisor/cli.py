"""`advisor` and its subcommands: parse, call the service, print. Nothing else lives here."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from advisor.container import Container
from advisor.economics.cli import register as register_economics
from advisor.runtime import go_offline
from advisor.settings import Settings

if TYPE_CHECKING:
    from ingest.documents import IngestReport

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


def _print_json(data: Any) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2))


def _ingest_with_bar(container: Container, paths: list[str], prune: bool) -> IngestReport:
    """Ingest with a progress bar on stderr: files done, chunks written."""
    from tqdm import tqdm

    from ingest.pipeline import IngestProgress

    bar = tqdm(total=0, unit="file", desc="ingest", file=sys.stderr)
    chunks = 0

    def progress(event: IngestProgress) -> None:
        nonlocal chunks
        chunks += event.chunks
        bar.total = event.total
        bar.set_postfix(chunks=chunks, refresh=False)
        bar.update(1)

    try:
        return container.ingest_pipeline.run(paths, prune=prune, progress=progress)
    finally:
        bar.close()


def cmd_ingest(args: argparse.Namespace, container: Container) -> int:
    report = _ingest_with_bar(container, args.paths, args.prune)
    if args.json:
        _print_json(report.to_dict())
    else:
        print(
            f"added {len(report.added)}, updated {len(report.updated)}, "
            f"unchanged {len(report.unchanged)}, removed {len(report.removed)}, "
            f"failed {len(report.failed)}; {report.chunks_total} chunks in the index"
        )
        for failure in report.failed:
            print(f"error: {failure}", file=sys.stderr)
    return EXIT_OK if report.ok else EXIT_FAILED


def cmd_sources(args: argparse.Namespace, container: Container) -> int:
    infos = container.store.sources()
    if args.json:
        _print_json([info.to_dict() for info in infos])
        return EXIT_OK
    for info in infos:
        print(
            f"{info.chunks:4d}  {info.language:7s}  {info.ingested_at}  "
            f"{info.title}  ({info.source})"
        )
    print(f"{len(infos)} documents")
    return EXIT_OK


def cmd_remove(args: argparse.Namespace, container: Container) -> int:
    removed, failed = container.ingest_pipeline.remove(args.sources)
    if args.json:
        _print_json({"removed": removed, "failed": [f.to_dict() for f in failed]})
    else:
        for source in removed:
            print(f"removed {source}")
        for failure in failed:
            print(f"error: {failure}", file=sys.stderr)
    return EXIT_OK if not failed else EXIT_FAILED


def cmd_ask(args: argparse.Namespace, container: Container) -> int:
    from advisor.answering.base import AskOptions
    from advisor.answering.terminal import print_answer_stream
    from advisor.retrieval.types import RetrievalFilter

    service = container.answers
    options = AskOptions(filters=RetrievalFilter(args.source, args.lang, args.tag))
    if args.json:
        answer = service.answer(args.question, options=options)
        _print_json(answer.to_dict())
        return EXIT_OK
    print_answer_stream(service.stream(args.question, options=options), sys.stdout)
    return EXIT_OK


def cmd_serve(args: argparse.Namespace, container: Container) -> int:
    from advisor.web.server import serve

    web = container.settings.web
    host = args.host or web.host
    port = args.port or web.port
    auth = args.auth or web.auth
    if args.ingest_bundled and container.store.count() == 0:
        print("advisor: the index is empty; indexing the bundled knowledge base", file=sys.stderr)
        _ingest_with_bar(container, [str(container.settings.knowledge_dir)], prune=False)
    if args.json:
        _print_json({"url": f"http://{host}:{port}", "auth": bool(auth)})
    serve(container, host=host, port=port, auth=auth)
    return EXIT_OK


def cmd_eval(args: argparse.Namespace, container: Container) -> int:
    from advisor.evaluation.cli import run_eval_command

    return run_eval_command(args, container)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="advisor", description="Local, private advice on pricing and monetizing AI products."
    )
    sub = parser.add_subparsers(dest="command", required=True)

    def add(name: str, func: Callable[..., int], help_: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_, description=help_)
        p.add_argument("--json", action="store_true", help="print machine-readable JSON")
        p.set_defaults(func=func)
        return p

    p = add("ingest", cmd_ingest, "Index files, folders or http(s) URLs.")
    p.add_argument("paths", nargs="+", metavar="PATH_OR_URL")
    p.add_argument("--prune", action="store_true", help="drop documents whose files are gone")
    add("sources", cmd_sources, "List indexed documents.")
    p = add("remove", cmd_remove, "Remove documents from the index.")
    p.add_argument("sources", nargs="+", metavar="SOURCE")
    p = add("ask", cmd_ask, "Ask one question and print the cited answer.")
    p.add_argument("question")
    p.add_argument("--source", default=None, help="only documents whose source ends with this")
    p.add_argument("--lang", default=None, help="only documents in this language (en, id, ...)")
    p.add_argument("--tag", default=None, help="only documents with this tag")
    p = add("serve", cmd_serve, "Start the web chat.")
    p.add_argument("--host", default=None)
    p.add_argument("--port", type=int, default=None)
    p.add_argument("--auth", default=None, metavar="USER:PASSWORD")
    p.add_argument(
        "--ingest-bundled",
        action="store_true",
        help="index the bundled knowledge base first if the index is empty",
    )
    p = add("eval", cmd_eval, "Grade answers against a test set.")
    p.add_argument("--testset", default=None)
    p.add_argument("--out", default=None)
    p.add_argument("--limit", type=int, default=None)
    p.add_argument("--pipeline", choices=["default", "naive"], default="default")
    p.add_argument("--compare", default=None, metavar="PREVIOUS.json")
    register_economics(add)  # `economics` and `prices`
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    go_offline()
    try:
        return int(args.func(args, Container(Settings())))
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
