"""Decompression and expansion bombs are refused from their headers, before they expand.

Each bomb is loaded in a child process that is killed once it holds more than 1 GiB, so a
guard that regresses fails the test instead of exhausting the machine.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
import pytest
from fpdf import FPDF

from ingest.documents import LoadError
from ingest.loaders import load
from ingest.settings import IngestLimits
from tests.documents import write_pdf
from tests.reliability.ingest_helpers import run_bounded

BOMB_XML_BYTES = 400_000_000  # python-docx would hold several GB of lxml nodes for this
_PARAGRAPH = b"<w:p><w:r><w:t>bomb</w:t></w:r></w:p>"


def _load_in_child(path: Path) -> str:
    script = (
        "from ingest.loaders import load\n"
        f"try:\n    load({str(path)!r})\nexcept Exception as exc:\n    print(exc)\n"
    )
    run = run_bounded(script, timeout_s=60)
    assert not run.killed, run.killed
    assert run.returncode == 0, run.stderr[-2000:]
    assert run.stdout.count("\n") == 1, run.stdout  # one line, no traceback
    return run.stdout.strip()


def write_docx_bomb(path: Path, xml_bytes: int) -> None:
    """A real DOCX whose body part unpacks to `xml_bytes` of paragraphs (about 1000:1)."""
    template = io.BytesIO()
    document = docx.Document()
    document.add_paragraph("A memo.")
    document.save(template)
    with (
        zipfile.ZipFile(template) as source,
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as bomb,
    ):
        for item in source.infolist():
            if item.filename != "word/document.xml":
                bomb.writestr(item, source.read(item))
        xml = source.read("word/document.xml")
        head, tail = xml.split(b"<w:body>")[0] + b"<w:body>", b"</w:body></w:document>"
        block = _PARAGRAPH * (1_000_000 // len(_PARAGRAPH))
        with bomb.open("word/document.xml", "w", force_zip64=True) as part:
            part.write(head)
            for _ in range(xml_bytes // len(block)):
                part.write(block)
            part.write(tail)


def test_docx_zip_bomb_is_refused_before_unpacking(tmp_path: Path) -> None:
    bomb = tmp_path / "memo.docx"
    write_docx_bomb(bomb, BOMB_XML_BYTES)
    assert bomb.stat().st_size < 5_000_000
    message = _load_in_child(bomb)
    assert message.startswith(f"{bomb}: DOCX unpacks to 400.")
    assert "MB, over the 100.0 MB limit" in message
    assert message.endswith("(setting index.limits.max_docx_unpacked_bytes)")


def test_docx_with_too_many_parts_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "parts.docx"
    write_docx_bomb(path, 0)
    with zipfile.ZipFile(path, "a") as archive:
        for n in range(2_100):
            archive.writestr(f"extra/part{n}.xml", "<a/>")
    with pytest.raises(LoadError, match=r"2,1[0-9][0-9] parts.*index\.limits\.max_docx_entries"):
        load(str(path))


YAML_BOMB = (
    "---\n"
    'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
    "b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\n"
    "c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n"
    "d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n"
    "e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n"
    "f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\n"
    "g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]\n"
    "h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]\n"
    "i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]\n"
    "---\n\n# Laughs\n\nA page about pricing.\n"
)


def test_yaml_alias_bomb_in_front_matter_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "laughs.md"
    path.write_text(YAML_BOMB, encoding="utf-8")
    assert path.stat().st_size < 600
    message = _load_in_child(path)
    assert message.startswith(f"{path}: invalid YAML front matter: ")
    assert "aliases are not allowed" in message


def test_front_matter_size_and_nesting_are_bounded(tmp_path: Path) -> None:
    big = tmp_path / "big.md"
    big.write_text("---\nnote: " + "x" * 70_000 + "\n---\n\nBody.\n", encoding="utf-8")
    with pytest.raises(LoadError, match=r"70\.0 KB, over the 64\.0 KB limit.*front_matter"):
        load(str(big))
    deep = tmp_path / "deep.md"
    deep.write_text("---\nnote: " + "[" * 20_000 + "\n---\n\nBody.\n", encoding="utf-8")
    with pytest.raises(LoadError, match="invalid YAML front matter"):
        load(str(deep))
    plain = tmp_path / "plain.md"  # anchors without aliases are harmless and still read
    plain.write_text("---\ntitle: &t Plain\ntags: [a, b]\n---\n\nBody text.\n", encoding="utf-8")
    assert load(str(plain)).title == "Plain"


def test_pdf_page_limit(tmp_path: Path) -> None:
    path = tmp_path / "long.pdf"
    write_pdf(path, [f"Page {n} about pricing." for n in range(1, 6)])
    with pytest.raises(LoadError, match=r"5 pages, over the 4-page limit.*max_pdf_pages"):
        load(str(path), IngestLimits(max_pdf_pages=4))
    assert len(load(str(path), IngestLimits(max_pdf_pages=5)).pages) == 5


def _encrypted_pdf(path: Path, user_password: str) -> None:
    pdf = FPDF()
    pdf.set_font("Helvetica", size=12)
    pdf.add_page()
    pdf.multi_cell(0, 8, "Locked pricing memo: seats cost $40.")
    pdf.set_encryption(owner_password="owner-secret", user_password=user_password)
    pdf.output(str(path))


def test_encrypted_pdf_is_reported_as_encrypted(tmp_path: Path) -> None:
    locked = tmp_path / "locked.pdf"
    _encrypted_pdf(locked, "user-secret")
    with pytest.raises(LoadError) as caught:
        load(str(locked))
    assert str(caught.value) == f"{locked}: encrypted PDF: it needs a password"
    edit_only = tmp_path / "edit-only.pdf"  # no password to open: read as usual
    _encrypted_pdf(edit_only, "")
    assert "$40" in load(str(edit_only)).text


def test_docx_xml_limit_bounds_parsing(tmp_path: Path) -> None:
    """Under the unpacked limit but dense XML: refused before python-docx builds its tree."""
    path = tmp_path / "dense.docx"
    write_docx_bomb(path, 30_000_000)
    with pytest.raises(LoadError) as caught:
        load(str(path))
    assert "MB of XML, over the 20.0 MB limit (setting index.limits.max_docx_xml_bytes)" in str(
        caught.value
    )
