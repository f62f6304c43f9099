"""The Gradio Blocks app: a chat, a knowledge manager and an evaluation tab."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import gradio as gr

from advisor.container import Container
from advisor.web.chat import ChatHandler
from advisor.web.evaluate import EvaluationPage
from advisor.web.knowledge import COLUMNS, KnowledgeManager, report_text

log = logging.getLogger(__name__)

EXAMPLES = [
    "How much does Intercom charge for each Fin resolution?",
    "What does GitHub Copilot Business cost per user?",
    "Why do AI companies have lower gross margins than SaaS?",
    "Which pricing model should I pick for an AI support agent?",
    "Apa itu perang seratus model?",
]
FILE_TYPES = [".md", ".markdown", ".txt", ".html", ".htm", ".pdf", ".docx"]


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


def build_app(container: Container) -> gr.Blocks:
    settings = container.settings
    chat = ChatHandler(container.answers)
    knowledge = KnowledgeManager(
        container.ingest_pipeline, container.store, settings.data_dir / "uploads"
    )
    evaluation = EvaluationPage(
        container.evaluator, settings.eval.testset, settings.data_dir / "eval"
    )

    with gr.Blocks(title="advisor: AI pricing advisor") as app:
        gr.Markdown("# advisor\nPrivate, local advice on pricing and monetizing AI products.")
        status = gr.Markdown(status_line(container), elem_id="status-line")
        with gr.Tab("Chat", id="chat"):
            chatbot = gr.Chatbot(
                elem_id="chatbot",
                height=440,
                sanitize_html=True,
                allow_tags=False,
                buttons=["copy"],
            )
            top_k = gr.Slider(
                1, 12, value=settings.retrieval.top_k, step=1, label="Top-k", render=False
            )
            temperature = gr.Slider(
                0.0,
                1.5,
                value=settings.llm.temperature,
                step=0.1,
                label="Temperature",
                render=False,
            )
            max_tokens = gr.Slider(
                16,
                512,
                value=settings.llm.max_new_tokens,
                step=8,
                label="Max new tokens",
                render=False,
            )
            question = gr.Textbox(
                placeholder="Ask about pricing an AI product…", elem_id="question", render=False
            )
            gr.ChatInterface(
                chat.respond,
                chatbot=chatbot,
                textbox=question,
                additional_inputs=[top_k, temperature, max_tokens],
                additional_inputs_accordion="Session settings",
                fill_height=False,
                api_name="chat",
            )
            gr.Examples(EXAMPLES, inputs=[question], label="Try a question")

        with gr.Tab("Knowledge", id="knowledge"):
            with gr.Row():
                files = gr.File(
                    file_count="multiple",
                    file_types=FILE_TYPES,
                    type="filepath",
                    label="Upload documents",
                    elem_id="upload",
                )
                with gr.Column():
                    url = gr.Textbox(label="Or http(s) URLs, one per line", lines=2)
                    ingest_btn = gr.Button("Ingest", variant="primary", elem_id="ingest-btn")
            bundled_btn = gr.Button(
                "The index is empty: index the bundled knowledge base",
                visible=container.store.count() == 0,
                elem_id="ingest-bundled",
            )
            ingest_result = gr.Markdown(elem_id="ingest-result")
            table = gr.Dataframe(
                value=knowledge.table(),
                headers=COLUMNS,
                interactive=False,
                label="Indexed documents",
                elem_id="documents",
                wrap=True,
            )
            with gr.Row():
                to_remove = gr.Dropdown(
                    choices=knowledge.sources(),
                    multiselect=True,
                    label="Documents to remove",
                    elem_id="remove-select",
                )
                remove_btn = gr.Button("Remove selected", variant="stop", elem_id="remove-btn")

        with gr.Tab("Evaluate", id="evaluate"):
            with gr.Row():
                testset = gr.File(
                    file_types=[".jsonl"],
                    type="filepath",
                    label="Test set (JSONL; empty = the bundled one)",
                )
                with gr.Column():
                    pipeline = gr.Radio(["default", "naive"], value="default", label="Pipeline")
                    limit = gr.Number(value=10, precision=0, label="Questions (0 = all)")
                    eval_btn = gr.Button("Run evaluation", variant="primary")
            report = gr.Markdown()
            report_file = gr.File(label="HTML report")

        def do_ingest(
            paths: list[str] | None, urls: str, progress: gr.Progress = gr.Progress()
        ) -> tuple[Any, ...]:
            if not paths and not urls.strip():
                return (
                    "Choose files or type a URL first.",
                    gr.skip(),
                    gr.skip(),
                    gr.skip(),
                    gr.skip(),
                )
            progress(0, desc="Ingesting")
            result = knowledge.ingest(
                paths or [],
                urls,
                progress=lambda e: progress((e.done, e.total), desc=Path(e.source).name),
            )
            return (
                report_text(result),
                knowledge.table(),
                gr.update(choices=knowledge.sources(), value=[]),
                status_line(container),
                None,
            )

        ingest_btn.click(
            do_ingest,
            [files, url],
            [ingest_result, table, to_remove, status, files],
            concurrency_id="model",
            api_name="ingest",
        )

        def do_bundled(progress: gr.Progress = gr.Progress()) -> tuple[Any, ...]:
            result = knowledge.ingest_folder(
                str(settings.knowledge_dir),
                progress=lambda e: progress((e.done, e.total), desc=Path(e.source).name),
            )
            return (
                report_text(result),
                knowledge.table(),
                gr.update(choices=knowledge.sources(), value=[]),
                status_line(container),
                gr.update(visible=False),
            )

        bundled_btn.click(
            do_bundled,
            None,
            [ingest_result, table, to_remove, status, bundled_btn],
            concurrency_id="model",
        )

        def do_remove(selected: list[str] | None) -> tuple[Any, ...]:
            removed = knowledge.remove(selected or [])
            return (
                f"Removed {len(removed)} document(s).",
                knowledge.table(),
                gr.update(choices=knowledge.sources(), value=[]),
                status_line(container),
            )

        remove_btn.click(
            do_remove,
            [to_remove],
            [ingest_result, table, to_remove, status],
            concurrency_id="model",
            api_name="remove",
        )

        def do_eval(
            path: str | None,
            which: str,
            count: float | None,
            progress: gr.Progress = gr.Progress(),
        ) -> tuple[str, str | None]:
            return evaluation.run(
                path,
                which,
                count or None,
                progress=lambda done, total: progress((done, total), desc="Evaluating"),
            )

        eval_btn.click(
            do_eval, [testset, pipeline, limit], [report, report_file], concurrency_id="model"
        )
        app.load(
            lambda: (
                knowledge.table(),
                gr.update(choices=knowledge.sources()),
                status_line(container),
            ),
            None,
            [table, to_remove, status],
        )
    return app


def serve(
    container: Container,
    host: str,
    port: int,
    auth: str | None = None,
) -> None:
    settings = container.settings
    if container.store.count() == 0:
        log.warning("the index is empty: the Knowledge tab offers the bundled articles")
    container.warm_up()  # load the model and index before the first user waits for them
    app = build_app(container)
    # One CPU model: answers run one at a time; others wait in the queue and see their place.
    app.queue(default_concurrency_limit=1, max_size=settings.web.max_queue)
    credentials = None
    if auth:
        user, _, password = auth.partition(":")
        if not user or not password:
            raise SystemExit("error: --auth must look like user:password")
        credentials = (user, password)
    print(f"advisor: web chat on http://{host}:{port} (Ctrl-C to stop)", flush=True)
    app.launch(
        server_name=host,
        server_port=port,
        auth=credentials,
        show_error=True,
        footer_links=[],
        quiet=True,
    )
