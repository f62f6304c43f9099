"""A folder with one good file of every format and the bad inputs the CLI must survive."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
from fpdf import FPDF


def write_pdf(path: Path, pages: list[str]) -> None:
    pdf = FPDF()
    pdf.set_font("Helvetica", size=12)
    for text in pages:
        pdf.add_page()
        pdf.multi_cell(0, 8, text)
    pdf.output(str(path))


def write_docx(path: Path, title: str, heading: str, body: str) -> None:
    document = docx.Document()
    document.core_properties.title = title
    document.add_heading(heading, level=1)
    document.add_paragraph(body)
    document.save(str(path))


@pytest.fixture
def good_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "pricing.md").write_text(
        "---\ntitle: Zorbium pricing\ntags: [pricing, seats]\nlang: en\n---\n\n"
        "# Zorbium pricing\n\nIntro text about the Zorbium assistant.\n\n"
        "## Seats\n\nZorbium charges $17 per seat per month for its assistant.\n\n"
        "## Usage\n\nZorbium bills overage at $0.04 per thousand tokens.\n",
        encoding="utf-8",
    )
    (folder / "notes.txt").write_bytes(
        "Quarkly's café plan costs €12 a month; naïve users love it.".encode("cp1252")
    )
    (folder / "page.html").write_text(
        "<html><head><title>Blorp outcome pricing</title></head><body><nav>Menu</nav>"
        "<article><h1>Blorp outcome pricing</h1><p>Blorp charges $1.25 for each resolved "
        "support ticket, and nothing for tickets it cannot resolve. Customers like that the "
        "bill follows the value they get.</p></article></body></html>",
        encoding="utf-8",
    )
    write_pdf(
        folder / "report.pdf",
        ["Page one covers the Frobnix market.", "Frobnix sells credits at $9 per 1,000."],
    )
    write_docx(
        folder / "memo.docx",
        "Glimmer memo",
        "Glimmer tiers",
        "Glimmer offers a free tier and a $25 team tier.",
    )
    return folder


@pytest.fixture
def bad_files(tmp_path: Path) -> dict[str, Path]:
    folder = tmp_path / "bad"
    folder.mkdir()
    files = {
        "empty": folder / "empty.md",
        "corrupt_pdf": folder / "broken.pdf",
        "binary_txt": folder / "binary.txt",
        "unsupported": folder / "table.xyz",
    }
    files["empty"].write_text("", encoding="utf-8")
    files["corrupt_pdf"].write_bytes(b"%PDF-1.4\n this is not really a pdf \x00\x01\x02")
    files["binary_txt"].write_bytes(bytes(range(256)) * 8)
    files["unsupported"].write_text("a,b,c", encoding="utf-8")
    return files
