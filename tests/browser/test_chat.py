"""The web chat in a real Chromium against a real `advisor serve` on the bundled model."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOT = ROOT / "docs" / "chat-screenshot.png"
TESTSET = ROOT / "knowledge" / "eval" / "testset.jsonl"


@pytest.fixture
def page(browser: Any, server_url: str) -> Any:
    context = browser.new_context(viewport={"width": 1200, "height": 1000})
    page = context.new_page()
    page.dialogs = []
    page.on("dialog", lambda d: (page.dialogs.append(d.message), d.dismiss()))
    page.goto(server_url, wait_until="load")
    page.wait_for_selector("#question textarea", timeout=120_000)
    yield page
    context.close()


def ask(page: Any, question: str) -> str:
    """Type a question, wait for the answer to settle, open its panels, return the chat text."""
    bots_before = page.locator('[data-testid="bot"]').count()
    page.fill("#question textarea", question)
    page.keyboard.press("Enter")
    deadline = time.monotonic() + 180
    previous, stable = "", 0
    while time.monotonic() < deadline:
        time.sleep(0.5)
        bots = page.locator('[data-testid="bot"]')
        if bots.count() <= bots_before:
            continue
        text = page.locator("#chatbot").inner_text()
        settled = "Loading content" not in text and text == previous
        stable = stable + 1 if settled else 0
        previous = text
        if stable >= 4 and page.locator("#question textarea").is_enabled():
            break
    else:
        pytest.fail(f"no answer to {question!r}")
    for title in ("Sources (", "Retrieved passages ("):
        panels = page.get_by_text(title)
        if panels.count():
            panels.last.click()
    time.sleep(0.5)
    return str(page.locator("#chatbot").inner_text())


def last_answer(text: str, question: str) -> str:
    return text.rsplit(question, 1)[-1]


def upload(page: Any, path: Path) -> str:
    page.get_by_role("tab", name="Knowledge").click()
    page.locator("#upload input[type=file]").set_input_files(str(path))
    page.wait_for_timeout(1500)
    page.click("#ingest-btn")
    page.wait_for_function(
        "document.querySelector('#ingest-result')?.innerText.includes('Added')",
        timeout=120_000,
    )
    result = str(page.locator("#ingest-result").inner_text())
    page.get_by_role("tab", name="Chat").click()
    return result


def test_question_from_the_test_set_gets_a_cited_answer(page: Any) -> None:
    case = next(
        json.loads(line)
        for line in TESTSET.read_text(encoding="utf-8").splitlines()
        if json.loads(line)["id"] == "k305"
    )
    chat = last_answer(ask(page, case["question"]), case["question"])
    assert any(m in chat for m in case["must_include"]), chat
    assert "Sources (" in chat
    cited = chat.split("Sources (")[1].split("Retrieved passages (")[0]
    assert case["source"] in cited, "expected article not cited"
    SCREENSHOT.parent.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOT), full_page=False)


def test_uploaded_document_is_cited_then_forgotten(page: Any, tmp_path: Path) -> None:
    doc = tmp_path / "zorbium-pricing.md"
    doc.write_text(
        "# Zorbium pricing\n\nZorbium charges $17 per seat per month for its assistant.\n",
        encoding="utf-8",
    )
    assert "Added 1" in upload(page, doc)
    question = "What does Zorbium charge per seat?"
    chat = last_answer(ask(page, question), question)
    assert "$17" in chat and "zorbium-pricing.md" in chat

    page.get_by_role("tab", name="Knowledge").click()
    page.locator("#remove-select input").click()
    page.keyboard.type("zorbium")
    page.get_by_role("option", name="zorbium-pricing.md", exact=False).first.click()
    page.keyboard.press("Escape")
    page.click("#remove-btn")
    page.wait_for_function(
        "document.querySelector('#ingest-result')?.innerText.includes('Removed 1')",
        timeout=60_000,
    )
    assert "zorbium" not in page.locator("#documents").inner_text().lower()
    page.get_by_role("tab", name="Chat").click()
    chat = last_answer(ask(page, question), question)
    assert "zorbium-pricing.md" not in chat
    assert "$17" not in chat


def test_document_markup_is_shown_inert(page: Any, tmp_path: Path) -> None:
    # Plain text keeps markup as written (Markdown ingest drops HTML tags), and the markup sits
    # inside the sentence that answers, so the quoted evidence carries it into the chat.
    doc = tmp_path / "quibblex-note.txt"
    doc.write_text(
        "Quibblex note\n\nThe Quibblex widget <script>window.__pwned = 1; alert('script')</script> "
        "costs $4.44 per seat, shown as <img src=x onerror=\"window.__pwned = 2; alert('img')\"> "
        "text.\n",
        encoding="utf-8",
    )
    scripts_before = page.evaluate("document.scripts.length")
    assert "Added 1" in upload(page, doc)
    question = "What does the Quibblex widget cost per seat?"
    chat = ask(page, question)
    assert "<script>" in chat, "the markup should be visible as text"
    assert page.dialogs == []
    assert page.evaluate("window.__pwned") is None
    assert page.evaluate("document.scripts.length") == scripts_before
    assert page.evaluate("document.querySelectorAll('#chatbot script, [onerror]').length") == 0


def test_comparison_answer_shows_as_a_table(page: Any) -> None:
    question = "How do GitHub Copilot Business and Microsoft 365 Copilot compare on price?"
    ask(page, question)
    table = page.locator("#chatbot table", has_text="Microsoft 365 Copilot").first
    assert table.count() == 1, "the comparison should render as a table"
    header = table.locator("th").all_inner_texts()
    assert "Price" in header
    rows = table.locator("tbody tr").all_inner_texts()
    assert any("GitHub Copilot Business" in r and "$19" in r for r in rows), rows
    assert any("Microsoft 365 Copilot" in r and "$30" in r for r in rows), rows
    assert page.evaluate("document.querySelectorAll('#chatbot script').length") == 0
