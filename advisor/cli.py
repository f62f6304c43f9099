"""`advisor` and its subcommands: parse, call the service, print. Nothing else lives here.

Heavy libraries (torch, transformers, gradio) load inside the commands that need them, so
`sources`, `remove` and `config` start fast. Usage errors are argparse's (exit 2).
"""

from __future__ import annotations

import argparse
import ipaddress
import json
import sys
import traceback
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from advisor.config import LoadedSettings, load_settings
from advisor.container import Container
from advisor.economics.cli import register as register_economics
from advisor.errors import AdvisorError, one_line
from advisor.llm.base import WatchedModel
from advisor.runtime import go_offline
from advisor.settings import Settings
from ingest.documents import printable
from ingest.errors import IngestError

if TYPE_CHECKING:
    from ingest.documents import IngestReport

EXIT_OK, EXIT_FAILED, EXIT_INTERRUPTED = 0, 1, 130
# What a user can cause or fix (a setting, a server that is down, a file): one line, exit 1.
USER_ERRORS: tuple[type[Exception], ...] = (AdvisorError, IngestError, OSError)


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
    if args.watch:
        from advisor.watching import watch_folders

        return watch_folders(
            container, args.paths, lambda: _ingest_with_bar(container, args.paths, True)
        )
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
            f"{printable(info.title)}  ({printable(info.source)})"
        )
    print(f"{len(infos)} documents")
    return EXIT_OK


def cmd_remove(args: argparse.Namespace, container: Container) -> int:
    removed, failed = container.ingest_pipeline.remove(args.sources)
    if args.json:
        _print_json({"removed": removed, "failed": [f.to_dict() for f in failed]})
    else:
        for source in removed:
            print(f"removed {printable(source)}")
        for failure in failed:
            print(f"error: {failure}", file=sys.stderr)
    return EXIT_OK if not failed else EXIT_FAILED


def cmd_ask(args: argparse.Namespace, container: Container) -> int:
    from advisor.answering.base import AskOptions
    from advisor.answering.terminal import print_answer_stream
    from advisor.retrieval.types import RetrievalFilter
    from advisor.usage import usage_dict

    service = container.priced_answers
    options = AskOptions(filters=RetrievalFilter(args.source, args.lang, args.tag))
    if args.json:
        answer = service.answer(args.question, options=options)
        _print_json({**answer.to_dict(), "usage": usage_dict(answer)})
    else:
        print_answer_stream(service.stream(args.question, options=options), sys.stdout)
    return EXIT_OK


def cmd_serve(args: argparse.Namespace, container: Container) -> int:
    web = container.settings.web
    credentials = web.credentials()
    if credentials is None and web.api_key is None and not _is_loopback(web.host):
        print(
            f"warning: serving on {web.host} without a login or API key: anyone who can reach "
            "it can read and change the index and use the /v1 API (set ADVISOR_WEB__AUTH or "
            "web.auth_file, and ADVISOR_WEB__API_KEY or --api-key)",
            file=sys.stderr,
        )
    if args.ingest_bundled and container.store.count() == 0:
        print("advisor: the index is empty; indexing the bundled knowledge base", file=sys.stderr)
        _ingest_with_bar(container, [str(container.settings.knowledge_dir)], prune=False)
    container.warm_up()  # a missing model fails here, before gradio takes seconds to load
    from advisor.web.server import serve

    if args.json:
        _print_json(
            {
                "url": f"http://{web.host}:{web.port}",
                "api": f"http://{web.host}:{web.port}/v1",
                "auth": credentials is not None,
                "api_key": web.api_key is not None,
            }
        )
    serve(container, host=web.host, port=web.port)
    return EXIT_OK


def _is_loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:  # a name, not an address
        return host == "localhost"


def cmd_eval(args: argparse.Namespace, container: Container) -> int:
    from advisor.evaluation.cli import run_eval_command

    return run_eval_command(args, container)


def cmd_config(args: argparse.Namespace, loaded: LoadedSettings) -> int:
    rows = loaded.effective()
    if args.json:
        _print_json(
            {
                "config_file": str(loaded.config_file) if loaded.config_file else None,
                "settings": {
                    key: {"value": value, "source": origin.kind, "where": origin.detail}
                    for key, value, origin in rows
                },
            }
        )
        return EXIT_OK
    print(f"# config file: {loaded.config_file or 'none (defaults, .env and environment)'}")
    for key, value, origin in rows:
        print(f"{key} = {json.dumps(value, ensure_ascii=False)}  # {origin}")
    return EXIT_OK


def _overrides(args: argparse.Namespace) -> dict[str, Any]:
    """Command-line options that are settings, as dotted keys (only those given)."""
    given = {"web.host": "host", "web.port": "port", "web.auth": "auth", "web.api_key": "api_key"}
    return {key: getattr(args, name) for key, name in given.items() if getattr(args, name, None)}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="advisor",
        description="Local, private advice on pricing and monetizing AI products.",
        parents=[_global_options(None)],
    )
    parser.add_argument("--version", action="version", version=f"advisor {_version()}")
    sub = parser.add_subparsers(dest="command", required=True)
    common = _global_options(argparse.SUPPRESS)  # also accepted after the command

    def add(name: str, func: Callable[..., int], help_: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_, description=help_, parents=[common])
        p.add_argument("--json", action="store_true", help="print machine-readable JSON")
        p.set_defaults(func=func)
        return p

    p = add("ingest", cmd_ingest, "Index files, folders or http(s) URLs.")
    p.add_argument("paths", nargs="+", metavar="PATH_OR_URL")
    p.add_argument("--prune", action="store_true", help="drop documents whose files are gone")
    p.add_argument(
        "--watch",
        action="store_true",
        help="keep running: re-index the given folders whenever their files change",
    )
    add("sources", cmd_sources, "List indexed documents.")
    p = add("remove", cmd_remove, "Remove documents from the index.")
    p.add_argument("sources", nargs="+", metavar="SOURCE")
    p = add("ask", cmd_ask, "Ask one question and print the cited answer.")
    p.add_argument("question")
    p.add_argument("--source", default=None, help="only documents whose source ends with this")
    p.add_argument("--lang", default=None, help="only documents in this language (en, id, ...)")
    p.add_argument("--tag", default=None, help="only documents with this tag")
    p = add("serve", cmd_serve, "Start the web chat.")
    p.set_defaults(model_failure_fails=False)  # the chat shows each failure as it happens
    p.add_argument("--host", default=None)
    p.add_argument("--port", type=int, default=None)
    p.add_argument("--auth", default=None, metavar="USER:PASSWORD")
    p.add_argument("--api-key", default=None, metavar="KEY", help="require this bearer key on /v1")
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
    p = add("config", cmd_config, "Print the effective settings and where each came from.")
    p.set_defaults(settings_only=True)  # gets the loaded settings, not a container
    return parser


def _version() -> str:
    """The installed package's version; a source tree that was never installed has none."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("advisor")
    except PackageNotFoundError:
        return "unknown (not installed)"


def _global_options(default: Any) -> argparse.ArgumentParser:
    """--config and --debug, valid before or after the command; `default` is SUPPRESS for
    the copy after the command, so an option given before it is not reset."""
    options = argparse.ArgumentParser(add_help=False)
    options.add_argument(
        "--config",
        type=Path,
        default=default,
        metavar="FILE",
        help="settings file (default: $ADVISOR_CONFIG, else ./advisor.toml if present)",
    )
    options.add_argument(
        "--debug",
        action="store_true",
        default=default if default is argparse.SUPPRESS else False,
        help="show the traceback of an error",
    )
    return options


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    go_offline()  # before any command loads transformers, gradio or chromadb
    try:
        loaded = load_settings(args.config, _overrides(args))
        if getattr(args, "settings_only", False):
            return int(args.func(args, loaded))
        return _run(args, loaded.settings)
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED
    except USER_ERRORS as exc:
        _report(exc, args.debug)
        return EXIT_FAILED


def _run(args: argparse.Namespace, settings: Settings) -> int:
    """Run a command on a container whose model is watched: answering falls back to quotes
    when the model fails, and the command still reports that failure and exits 1."""
    from advisor.llm.factory import build_chat_model

    llm = WatchedModel(lambda: build_chat_model(settings.llm, settings.cache_dir))
    code = int(args.func(args, Container(settings, llm=llm)))
    if llm.failure is not None and code == EXIT_OK and getattr(args, "model_failure_fails", True):
        _report(llm.failure, args.debug)
        return EXIT_FAILED
    return code


def _report(exc: BaseException, debug: bool) -> None:
    """`error: <one line>` on stderr; the traceback first with --debug."""
    if debug:
        traceback.print_exception(exc)
    if isinstance(exc, OSError) and exc.filename and exc.strerror:
        message = f"{exc.filename}: {exc.strerror}"
    else:
        message = printable(one_line(str(exc))) or type(exc).__name__
    print(f"error: {message}", file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
