"""The Gradio Blocks app: a header, a status line and one tab per builder in `TABS`.

Adding a tab is one line in `TABS`: a title, an id and a function that lays the tab out
inside the current `gr.Tab` from the container."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import gradio as gr

from advisor.container import Container
from advisor.web.economics import build_economics_tab
from advisor.web.tabs import build_chat_tab, build_evaluate_tab, build_knowledge_tab

# The status line is refreshed this often, so a CLI ingest shows up without a reload.
STATUS_REFRESH_S = 15.0


@dataclass(frozen=True)
class Tab:
    title: str
    id: str
    build: Callable[[Container], None]


TABS: tuple[Tab, ...] = (
    Tab("Chat", "chat", build_chat_tab),
    Tab("Knowledge", "knowledge", build_knowledge_tab),
    Tab("Economics", "economics", build_economics_tab),
    Tab("Evaluate", "evaluate", build_evaluate_tab),
)


def status_line(container: Container) -> str:
    settings = container.settings
    sources = container.store.sources()
    chunks = sum(s.chunks for s in sources)
    index = settings.index.chroma_url or str(settings.data_dir)
    return (
        f"Model: `{settings.llm.model}` ({settings.llm.backend}) · Embeddings: "
        f"`{settings.index.embedding_model}` · Index: `{index}` · {len(sources)} documents, "
        f"{chunks} chunks"
    )


def build_app(container: Container, tabs: tuple[Tab, ...] = TABS) -> gr.Blocks:
    with gr.Blocks(title="advisor: AI pricing advisor") as app:
        gr.Markdown("# advisor\nPrivate, local advice on pricing and monetizing AI products.")
        status = gr.Markdown(lambda: status_line(container), elem_id="status-line")
        for tab in tabs:
            with gr.Tab(tab.title, id=tab.id):
                tab.build(container)
        gr.Timer(STATUS_REFRESH_S).tick(
            lambda: status_line(container),
            None,
            status,
            concurrency_limit=None,
            show_progress="hidden",
        )
    return app
