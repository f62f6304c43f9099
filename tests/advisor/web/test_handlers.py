"""The web handlers without a browser: chat over a scripted answerer, the knowledge manager
over a real index with scripted embeddings, the login limiter on a hand-turned clock."""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest

from advisor.answering.base import Answerer, AskOptions
from advisor.answering.types import Answer, AnswerDelta, AnswerEvent, Citation
from advisor.container import Container
from advisor.web.chat import ChatHandler
from advisor.web.knowledge import NOT_A_URL, KnowledgeManager, plain, report_text, split_urls
from advisor.web.server import LoginLimiter
from advisor.web.tabs import knowledge_manager
from ingest.documents import Failure, IngestReport
from tests.advisor.web.live import fake_container

TABLE = "| product | price |\n|---|---|\n| Fin | $0.99 [1] |\n| Copilot | $19 [2] |"


class ScriptedAnswerer(Answerer):
    """Streams the given pieces, then the given Answer; records what it was asked."""

    def __init__(self, pieces: Sequence[str], final: Answer) -> None:
        self.pieces, self.final = pieces, final
        self.asked: list[tuple[str, list[str], AskOptions | None]] = []

    def stream(
        self, question: str, history: Sequence[str] = (), options: AskOptions | None = None
    ) -> Iterator[AnswerEvent]:
        self.asked.append((question, list(history), options))
        for piece in self.pieces:
            yield AnswerDelta(piece)
        yield self.final


def _cite(n: int, source: str, quote: str) -> Citation:
    return Citation(n, f"/kb/{source}", source.removesuffix(".md"), "", quote)


def test_chat_streams_escaped_text_then_a_table_and_sources_by_document() -> None:
    final = Answer(
        question="q",
        answer=TABLE,
        abstained=False,
        intent="comparison",
        citations=[
            _cite(1, "fin.md", "Fin costs $0.99."),
            _cite(2, "copilot.md", "Copilot costs $19."),
            _cite(3, "fin.md", "Fin <b>launched</b> in 2023."),
        ],
    )
    answerer = ScriptedAnswerer(["<b>Fin", "</b> costs"], final)
    history = [{"role": "user", "content": "earlier?"}, {"role": "assistant", "content": "x"}]
    updates = list(ChatHandler(answerer).respond("Compare Fin and Copilot", history, 4, 0.1, 64))
    assert updates[1] == [{"role": "assistant", "content": "&lt;b&gt;Fin&lt;/b&gt; costs"}]
    answer, sources = updates[-1][0], updates[-1][1]
    assert "| Fin | $0.99 &#91;1&#93; |" in answer["content"]  # a table Gradio renders
    assert sources["metadata"]["title"] == "Sources (3 from 2 documents)"
    body = sources["content"]
    assert body.count("`fin.md`") == 1 and body.count("`copilot.md`") == 1
    assert body.index("[1]") < body.index("[3]") < body.index("`copilot.md`")
    assert "&lt;b&gt;launched" in body and "<b>" not in body
    _question, seen_history, options = answerer.asked[0]
    assert seen_history == ["earlier?"] and options and options.top_k == 4


def test_chat_asks_for_a_question_when_empty() -> None:
    answerer = ScriptedAnswerer([], Answer(question="", answer="", abstained=True))
    assert list(ChatHandler(answerer).respond("  ", [], 4, 0.1, 64)) == [
        [{"role": "assistant", "content": "Please type a question."}]
    ]
    assert answerer.asked == []


@pytest.mark.parametrize(
    ("text", "accepted", "refused"),
    [
        ("https://example.com/a http://x.org", ["https://example.com/a", "http://x.org"], []),
        ("/etc/passwd", [], ["/etc/passwd"]),
        ("~/.aws/credentials ../secrets", [], ["~/.aws/credentials", "../secrets"]),
        ("file:///etc/shadow", [], ["file:///etc/shadow"]),
        ("ftp://example.com/x HTTP://EXAMPLE.COM", ["HTTP://EXAMPLE.COM"], ["ftp://example.com/x"]),
        ("http:// https:///path", [], ["http://", "https:///path"]),
        ("knowledge", [], ["knowledge"]),
    ],
)
def test_only_http_urls_pass_the_url_box(
    text: str, accepted: list[str], refused: list[str]
) -> None:
    inputs = split_urls(text)
    assert inputs.sources == accepted
    assert [f.source for f in inputs.refused] == refused
    assert all(f.error == NOT_A_URL for f in inputs.refused)


@pytest.fixture
def container(tmp_path: Path) -> Container:
    return fake_container(tmp_path / "data", web={"max_upload_mb": 1})


@pytest.fixture
def knowledge(container: Container) -> KnowledgeManager:
    return knowledge_manager(container)


def _upload(folder: Path, name: str, text: str) -> str:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")
    return str(folder / name)


def test_a_local_path_in_the_url_box_is_refused_and_not_indexed(
    knowledge: KnowledgeManager, container: Container, tmp_path: Path
) -> None:
    secret = _upload(tmp_path / "server", "credentials.md", "password: hunter2\n")
    before = knowledge.choices()
    report = knowledge.ingest([], f"{secret} {tmp_path / 'server'}")
    assert [f.error for f in report.failed] == [NOT_A_URL, NOT_A_URL]
    assert knowledge.choices() == before
    assert not any("credentials" in s.source for s in container.store.sources())


def test_same_name_uploads_sit_side_by_side_under_their_own_name(
    knowledge: KnowledgeManager, tmp_path: Path
) -> None:
    alice = _upload(tmp_path / "alice", "notes.md", "# Notes\n\nAlice sells seats at $10.\n")
    bob = _upload(tmp_path / "bob", "notes.md", "# Notes\n\nBob sells usage at $2 per call.\n")
    report = knowledge.ingest([alice, bob], "")
    assert len(report.added) == 2 and len(set(report.added)) == 2
    assert all(Path(s).name == "notes.md" for s in report.added)
    labels = [label for label, _ in knowledge.choices() if label.startswith("notes.md")]
    assert len(labels) == 2 and labels[0] != labels[1]
    again = knowledge.ingest([alice], "")  # the same file again: no third copy
    assert again.unchanged == [report.added[0]]
    assert knowledge.remove([report.added[0]]) == [report.added[0]]
    assert not Path(report.added[0]).exists() and not Path(report.added[0]).parent.exists()
    assert Path(report.added[1]).exists()


def test_oversized_and_unsupported_uploads_are_refused_with_a_reason(
    knowledge: KnowledgeManager, tmp_path: Path
) -> None:
    big = _upload(tmp_path / "u", "big.txt", "x" * (2**20 + 1))
    exe = _upload(tmp_path / "u", "tool.exe", "MZ")
    report = knowledge.ingest([big, exe], "")
    assert [f.source for f in report.failed] == ["big.txt", "tool.exe"]
    assert "over the 1 MB upload limit" in report.failed[0].error
    assert "unsupported file type" in report.failed[1].error
    assert not report.added


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        ("**bold**.md", "\\*\\*bold\\*\\*\\.md"),
        ("[x](http://evil).md", "\\[x\\]\\(http://evil\\)\\.md"),
        ("<img src=x onerror=alert(1)>.md", "&lt;img src=x onerror=alert\\(1\\)&gt;\\.md"),
        ("a\x1b[31mred\nb.md", "a\\\\x1b\\[31mred\\\\x0ab\\.md"),
        ("plain name", "plain name"),
    ],
)
def test_names_in_the_ingest_report_are_plain_text(name: str, shown: str) -> None:
    assert plain(name) == shown
    report = IngestReport(failed=[Failure(name, "no text")], chunks_total=3)
    assert report_text(report).splitlines()[1] == f"- {shown}: no text"


def test_login_limiter_refuses_a_client_after_its_failures_for_the_window() -> None:
    now = [1000.0]
    limiter = LoginLimiter(max_failures=3, window_s=60, clock=lambda: now[0])
    for _ in range(3):
        assert limiter.retry_after("10.0.0.1") == 0
        limiter.failed("10.0.0.1")
    assert limiter.retry_after("10.0.0.1") == 60
    assert limiter.retry_after("10.0.0.2") == 0  # other clients are unaffected
    now[0] += 59.5
    assert limiter.retry_after("10.0.0.1") == pytest.approx(0.5)
    now[0] += 0.5
    assert limiter.retry_after("10.0.0.1") == 0


def test_evaluate_tab_runs_the_one_evaluation_path(tmp_path: Path) -> None:
    from advisor.evaluation.runner import EvalRunner
    from advisor.web.evaluate import EvaluationPage
    from tests.advisor.evaluation.helpers import EMBEDDER
    from tests.advisor.evaluation.test_report import ANSWERS, QUESTIONS
    from tests.advisor.evaluation.test_report import ScriptedAnswerer as Scripted

    asked: list[str] = []

    def runner_for(pipeline: str) -> EvalRunner:
        asked.append(pipeline)
        return EvalRunner(Scripted(ANSWERS), EMBEDDER, k=3)

    testset = tmp_path / "set.jsonl"
    testset.write_text("\n".join(json.dumps(q) for q in QUESTIONS), encoding="utf-8")
    page = EvaluationPage(runner_for, tmp_path / "bundled.jsonl", tmp_path / "eval")
    done: list[tuple[int, int]] = []
    report, html = page.run(str(testset), "naive", 0, progress=lambda d, t: done.append((d, t)))
    assert report.startswith("# Evaluation: pipeline `naive`") and "| fact | 2 | 0.500 |" in report
    assert html == str(tmp_path / "eval" / "naive" / "report.html") and Path(html).is_file()
    assert done[-1] == (5, 5) and asked == ["naive"]
    message, none = page.run(None, "default", 2)  # the bundled set is missing here
    assert none is None and asked == ["naive"], "no runner is made for an unusable set"
    assert (
        message
        == f"**Cannot evaluate:** {plain(str(tmp_path / 'bundled.jsonl'))}: no such test set"
    )
