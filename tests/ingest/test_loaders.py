from __future__ import annotations

from pathlib import Path

import pytest

from ingest.documents import Failure, LoadError
from ingest.loaders import SUPPORTED_SUFFIXES, decode_text, load
from ingest.settings import IngestLimits


def test_markdown_front_matter_becomes_metadata(good_folder: Path) -> None:
    doc = load(str(good_folder / "pricing.md"))
    assert doc.title == "Zorbium pricing"
    assert doc.language == "en"
    assert doc.metadata["tags"] == "pricing, seats"
    assert "---" not in doc.text.splitlines()[0]


def test_text_in_another_encoding_is_decoded(good_folder: Path) -> None:
    doc = load(str(good_folder / "notes.txt"))
    assert "café" in doc.text and "naïve" in doc.text


def test_html_keeps_main_text_and_title(good_folder: Path) -> None:
    doc = load(str(good_folder / "page.html"))
    assert doc.title == "Blorp outcome pricing"
    assert "$1.25" in doc.text
    assert "Menu" not in doc.text


def test_pdf_keeps_pages(good_folder: Path) -> None:
    doc = load(str(good_folder / "report.pdf"))
    assert len(doc.pages) == 2
    assert "$9" in doc.pages[1]


def test_docx_headings_become_markdown(good_folder: Path) -> None:
    doc = load(str(good_folder / "memo.docx"))
    assert doc.title == "Glimmer memo"
    assert "## Glimmer tiers" in doc.text


@pytest.mark.parametrize(
    ("kind", "reason"),
    [
        ("empty", "empty"),
        ("corrupt_pdf", "corrupt"),
        ("binary_txt", "binary"),
        ("unsupported", "unsupported file type"),
    ],
)
def test_bad_input_gives_one_line_reason(
    bad_files: dict[str, Path], kind: str, reason: str
) -> None:
    with pytest.raises(LoadError) as caught:
        load(str(bad_files[kind]))
    message = str(caught.value)
    assert str(bad_files[kind]) in message
    assert reason in message
    assert "\n" not in message


def test_missing_path_and_unreachable_url() -> None:
    with pytest.raises(LoadError, match="no such file"):
        load("/nonexistent/file.md")
    # Port 9 on loopback: nothing listens, the connection is refused at once.
    with pytest.raises(LoadError, match="unreachable"):
        load("http://127.0.0.1:9/page.html", IngestLimits(url_allow=["127.0.0.1"]))


def test_utf16_text_is_not_mistaken_for_binary() -> None:
    assert decode_text("x.txt", "Harga per kursi: $30".encode("utf-16")) == "Harga per kursi: $30"


def test_control_characters_in_file_names_are_escaped_in_errors(tmp_path: Path) -> None:
    name = "evil\x1b[2J\nerror: forged\u202e.md"
    path = tmp_path / name
    path.write_text("", encoding="utf-8")
    with pytest.raises(LoadError) as caught:
        load(str(path))
    message = str(caught.value)
    assert "\n" not in message and "\x1b" not in message and "\u202e" not in message
    assert "evil\\x1b[2J\\nerror: forged\\u202e.md: empty" in message
    failure = Failure(str(path), "empty file")
    assert str(failure) == f"{tmp_path}/evil\\x1b[2J\\nerror: forged\\u202e.md: empty file"
    assert failure.to_dict()["source"] == str(path)  # the data itself is kept as it is


def test_supported_suffixes_are_the_loader_registry(tmp_path: Path) -> None:
    assert ".md" in SUPPORTED_SUFFIXES and ".docx" in SUPPORTED_SUFFIXES
    for suffix in SUPPORTED_SUFFIXES:
        path = tmp_path / f"empty{suffix}"
        path.write_bytes(b"")
        with pytest.raises(LoadError) as caught:
            load(str(path))
        assert "unsupported" not in str(caught.value)
    (tmp_path / "t.xyz").write_bytes(b"x")
    with pytest.raises(LoadError, match="unsupported file type"):
        load(str(tmp_path / "t.xyz"))
