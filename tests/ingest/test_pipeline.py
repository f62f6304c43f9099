"""Incremental indexing with the real embedding model and a real Chroma on disk."""

from __future__ import annotations

from pathlib import Path

import pytest
from langchain_core.embeddings import Embeddings

from advisor.container import Container
from tests.conftest import CountingEmbeddings, make_container


@pytest.fixture
def container(tmp_path: Path, embeddings: Embeddings) -> Container:
    return make_container(tmp_path / "data", CountingEmbeddings(embeddings))


def _counter(container: Container) -> CountingEmbeddings:
    counter = container.embeddings
    assert isinstance(counter, CountingEmbeddings)
    return counter


def _chunk_ids(container: Container) -> list[str]:
    return [c.id for c in container.store.all_chunks()]


def test_incremental_ingest_lifecycle(
    container: Container, good_folder: Path, bad_files: dict[str, Path]
) -> None:
    pipeline, counter = container.ingest_pipeline, _counter(container)
    inputs = [str(good_folder), *map(str, bad_files.values()), "/missing/file.md"]

    first = pipeline.run(inputs).to_dict()
    assert (first["added"], first["updated"], first["unchanged"], first["removed"]) == (5, 0, 0, 0)
    failed = {Path(f["source"]).name: f["error"] for f in first["failed"]}
    assert set(failed) == {"empty.md", "broken.pdf", "binary.txt", "table.xyz", "file.md"}
    assert first["chunks_total"] == len(_chunk_ids(container)) > 5
    assert len(container.store.sources()) == 5

    embedded = counter.documents_embedded
    again = pipeline.run([str(good_folder)]).to_dict()
    assert (again["added"], again["updated"], again["unchanged"]) == (0, 0, 5)
    assert counter.documents_embedded == embedded, "unchanged documents were re-embedded"
    assert again["chunks_total"] == first["chunks_total"]

    md = good_folder / "pricing.md"
    md.write_text(md.read_text().replace("$17", "$18"), encoding="utf-8")
    edited = pipeline.run([str(good_folder)]).to_dict()
    assert (edited["added"], edited["updated"], edited["unchanged"]) == (0, 1, 4)
    texts = " ".join(c.text for c in container.store.all_chunks())
    assert "$18" in texts and "$17" not in texts, "old chunks were left behind"
    assert len(_chunk_ids(container)) == len(set(_chunk_ids(container)))

    (good_folder / "notes.txt").unlink()
    pruned = pipeline.run([str(good_folder)], prune=True).to_dict()
    assert pruned["removed"] == 1 and pruned["unchanged"] == 4
    sources = {Path(s.source).name for s in container.store.sources()}
    assert sources == {"pricing.md", "page.html", "report.pdf", "memo.docx"}


def test_failed_file_loses_nothing_already_indexed(container: Container, good_folder: Path) -> None:
    pipeline = container.ingest_pipeline
    pipeline.run([str(good_folder)])
    before = sorted(_chunk_ids(container))
    (good_folder / "pricing.md").write_text("", encoding="utf-8")  # now an empty file
    report = pipeline.run([str(good_folder)])
    assert [Path(f.source).name for f in report.failed] == ["pricing.md"]
    assert sorted(_chunk_ids(container)) == before


def test_interrupted_ingest_is_completed_without_duplicates(
    tmp_path: Path, embeddings: Embeddings, good_folder: Path
) -> None:
    class Crashing(CountingEmbeddings):
        def embed_documents(self, texts: list[str]) -> list[list[float]]:
            if self.documents_embedded >= 3:
                raise KeyboardInterrupt  # what a Ctrl-C or kill does mid-write
            return super().embed_documents(texts)

    data = tmp_path / "data"
    crashing = make_container(data, Crashing(embeddings))
    with pytest.raises(KeyboardInterrupt):
        crashing.ingest_pipeline.run([str(good_folder)])
    partial = len(crashing.store.sources())
    assert partial < 5

    resumed = make_container(data, embeddings)
    report = resumed.ingest_pipeline.run([str(good_folder)])
    assert report.ok
    ids = _chunk_ids(resumed)
    assert len(ids) == len(set(ids)) == report.chunks_total
    assert len(resumed.store.sources()) == 5
    assert len(report.added) + len(report.updated) + len(report.unchanged) == 5


def test_remove_by_path(container: Container, good_folder: Path) -> None:
    container.ingest_pipeline.run([str(good_folder)])
    removed, failed = container.ingest_pipeline.remove(
        [str(good_folder / "memo.docx"), "nothing-here.md"]
    )
    assert [Path(r).name for r in removed] == ["memo.docx"]
    assert [f.source for f in failed] == ["nothing-here.md"]
    assert "memo.docx" not in {Path(s.source).name for s in container.store.sources()}


def test_advisorignore_skips_listed_paths(container: Container, good_folder: Path) -> None:
    (good_folder / "eval").mkdir()
    (good_folder / "eval" / "set.jsonl").write_text("{}", encoding="utf-8")
    (good_folder / ".advisorignore").write_text("eval/\n*.docx\n", encoding="utf-8")
    report = container.ingest_pipeline.run([str(good_folder)])
    assert report.ok
    assert len(report.added) == 4
