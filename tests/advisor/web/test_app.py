"""The page is assembled from `TABS`; the upload widget takes its file types from the loaders."""

from __future__ import annotations

from pathlib import Path

import gradio as gr

from advisor.container import Container
from advisor.web.app import TABS, Tab, build_app
from ingest.loaders import SUPPORTED_SUFFIXES
from tests.advisor.web.live import fake_container


def _components(app: gr.Blocks) -> list[gr.components.Component]:
    return [b for b in app.blocks.values() if isinstance(b, gr.components.Component)]


def test_tabs_come_from_the_registry_and_one_line_adds_one(tmp_path: Path) -> None:
    container = fake_container(tmp_path)

    def build_notes_tab(c: Container) -> None:
        gr.Markdown(f"{c.store.count()} chunks", elem_id="notes")

    app = build_app(container, (*TABS, Tab("Notes", "notes", build_notes_tab)))
    tabs = [b for b in app.blocks.values() if isinstance(b, gr.Tab)]
    assert [t.label for t in tabs] == [
        "Chat", "Knowledge", "Economics", "Evaluate", "Notes"
    ]  # fmt: skip
    notes = next(c for c in _components(app) if c.elem_id == "notes")
    assert notes.value == "1 chunks"


def test_upload_accepts_exactly_what_the_loaders_read(tmp_path: Path) -> None:
    app = build_app(fake_container(tmp_path, web={"max_upload_mb": 7}))
    upload = next(c for c in _components(app) if c.elem_id == "upload")
    assert isinstance(upload, gr.File)
    assert upload.file_types == list(SUPPORTED_SUFFIXES)
    assert "7 MB" in str(upload.label)


def test_chat_opens_on_examples_with_the_knobs_folded_away(tmp_path: Path) -> None:
    from advisor.web.tabs import EXAMPLES

    app = build_app(fake_container(tmp_path))
    accordions = [b for b in app.blocks.values() if isinstance(b, gr.Accordion)]
    assert [(a.label, a.open) for a in accordions] == [("Advanced", False)]
    chatbot = next(c for c in _components(app) if c.elem_id == "chatbot")
    assert isinstance(chatbot, gr.Chatbot) and chatbot.placeholder
    assert all(q in chatbot.placeholder for q in EXAMPLES.values())
    assert len(EXAMPLES) >= 5  # lookup, calculation, comparison, recommendation, explanation
