"""Over a limit, one line names the limit and its setting, and the index does not change:
the documents already indexed keep every chunk, including an earlier version of the file."""

from __future__ import annotations

from pathlib import Path

from advisor.container import Container
from advisor.settings import Settings
from tests.fakes import FakeEmbeddings
from tests.reliability.ingest_helpers import serve, stream
from tests.reliability.test_ingest_bombs import YAML_BOMB, write_docx_bomb

GOOD = "---\ntitle: Zorbium pricing\n---\n\n# Zorbium pricing\n\nZorbium charges $17 a seat.\n"


def _snapshot(container: Container) -> list[tuple[str, int]]:
    return [(info.source, info.chunks) for info in container.store.sources()]


def test_refused_inputs_leave_the_index_as_it_was(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    kept = docs / "pricing.md"
    kept.write_text(GOOD, encoding="utf-8")
    settings = Settings(data_dir=tmp_path / "data", index={"limits": {"url_total_timeout_s": 2}})
    container = Container(settings, embeddings=FakeEmbeddings())
    assert container.ingest_pipeline.run([str(kept)]).ok
    before = _snapshot(container)
    assert before == [(str(kept), 1)]

    kept.write_text(YAML_BOMB, encoding="utf-8")  # the indexed file turns into a bomb
    write_docx_bomb(docs / "memo.docx", 200_000_000)
    with (docs / "huge.txt").open("wb") as handle:
        handle.truncate(500_000_000)
    with serve({"/slow": stream(b"x", 0.2)}) as base:
        inputs = [str(docs), f"{base}/slow"]  # loopback: refused by the URL policy
        report = container.ingest_pipeline.run(inputs)

    errors = {Path(f.source).name: f.error for f in report.failed}
    assert set(errors) == {"pricing.md", "memo.docx", "huge.txt", "slow"}
    assert all("\n" not in error for error in errors.values())
    assert "aliases are not allowed" in errors["pricing.md"]
    assert "(setting index.limits.max_docx_unpacked_bytes)" in errors["memo.docx"]
    assert "(setting index.limits.max_file_bytes)" in errors["huge.txt"]
    assert "setting index.limits.url_allow" in errors["slow"]
    assert not (report.added or report.updated or report.removed)
    assert _snapshot(container) == before
    assert container.store.count() == 1
