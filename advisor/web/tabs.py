"""The layout of each tab and its wiring to the handlers; the handlers themselves
(chat.py, knowledge.py, evaluate.py) know nothing of Gradio's components.

Each action runs in a queue of its own (`concurrency_id`): an ingest waiting on a slow URL
holds up the next ingest, never the chat, a removal or an evaluation."""

from __future__ import annotations

from typing import Any

import gradio as gr

from advisor.container import Container
from advisor.web.chat import ChatHandler
from advisor.web.evaluate import EvaluationPage
from advisor.web.knowledge import COLUMNS, KnowledgeManager, report_text
from ingest.loaders import SUPPORTED_SUFFIXES

# One question of each kind the advisor answers, shown in the empty chat and as buttons.
EXAMPLES = {
    "Look up a price": "How much does Intercom charge for each Fin resolution?",
    "Calculate a bill": (
        "I have 2,000 users who each make 40 requests a day on GPT-4o mini, 1,500 input and "
        "400 output tokens each; what is my monthly model bill?"
    ),
    "Compare": "How do GitHub Copilot Business and Microsoft 365 Copilot compare on price?",
    "Get a recommendation": (
        "I'm launching an AI meeting-notes app for small agencies; should I charge per seat "
        "or per usage?"
    ),
    "Understand why": "Why do AI companies have lower gross margins than SaaS?",
    "Tanya dalam bahasa Indonesia": "Apa itu perang seratus model?",
}


def welcome() -> str:
    """What an empty chat shows: what the advisor can do, one example per kind."""
    lines = [f"- **{kind}:** {question}" for kind, question in EXAMPLES.items()]
    return "**Ask about pricing and monetizing AI products.** For example:\n\n" + "\n".join(lines)


INGEST_QUEUE, REMOVE_QUEUE, EVALUATE_QUEUE = "ingest", "remove", "evaluate"


def build_chat_tab(container: Container) -> None:
    settings = container.settings
    chat = ChatHandler(container.priced_answers)
    chatbot = gr.Chatbot(
        elem_id="chatbot",
        height=440,
        sanitize_html=True,
        allow_tags=False,
        buttons=["copy"],
        placeholder=welcome(),
    )
    knobs: list[str | gr.components.Component] = [
        gr.Slider(1, 12, value=settings.retrieval.top_k, step=1, label="Top-k", render=False),
        gr.Slider(
            0.0, 1.5, value=settings.llm.temperature, step=0.1, label="Temperature", render=False
        ),
        gr.Slider(
            16,
            512,
            value=settings.llm.max_new_tokens,
            step=8,
            label="Max new tokens",
            render=False,
        ),
    ]
    question = gr.Textbox(
        placeholder="Ask about pricing an AI product…", elem_id="question", render=False
    )
    gr.ChatInterface(
        chat.respond,
        chatbot=chatbot,
        textbox=question,
        additional_inputs=knobs,
        additional_inputs_accordion=gr.Accordion("Advanced", open=False, render=False),
        fill_height=False,
        api_name="chat",
    )
    gr.Examples(list(EXAMPLES.values()), inputs=[question], label="Try a question")


def knowledge_manager(container: Container) -> KnowledgeManager:
    settings = container.settings
    return KnowledgeManager(
        container.ingest_pipeline,
        container.store,
        settings.data_dir / "uploads",
        SUPPORTED_SUFFIXES,
        settings.web.max_upload_mb * 2**20,
    )


def build_knowledge_tab(container: Container) -> None:
    knowledge = knowledge_manager(container)
    with gr.Row():
        files = gr.File(
            file_count="multiple",
            file_types=list(SUPPORTED_SUFFIXES),
            type="filepath",
            label=f"Upload documents (up to {container.settings.web.max_upload_mb} MB each)",
            elem_id="upload",
        )
        with gr.Column():
            urls = gr.Textbox(label="Or http(s) URLs, one per line", lines=2, elem_id="urls")
            ingest_btn = gr.Button("Ingest", variant="primary", elem_id="ingest-btn")
    bundled_btn = gr.Button(
        "The index is empty: index the bundled knowledge base",
        visible=container.store.count() == 0,
        elem_id="ingest-bundled",
    )
    result = gr.Markdown(elem_id="ingest-result")
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
            choices=knowledge.choices(),
            multiselect=True,
            label="Documents to remove",
            elem_id="remove-select",
        )
        remove_btn = gr.Button("Remove selected", variant="stop", elem_id="remove-btn")

    def listing() -> tuple[Any, Any]:
        return knowledge.table(), gr.update(choices=knowledge.choices(), value=[])

    def follow(progress: gr.Progress) -> Any:
        return lambda e: progress((e.done, e.total), desc=knowledge.label(e.source))

    def do_ingest(
        paths: list[str] | None, text: str, progress: gr.Progress = gr.Progress()
    ) -> tuple[Any, ...]:
        if not paths and not text.strip():
            return "Choose files or type a URL first.", gr.skip(), gr.skip(), gr.skip()
        progress(0, desc="Ingesting")
        report = knowledge.ingest(paths or [], text, progress=follow(progress))
        return report_text(report, knowledge.label), *listing(), None

    def do_bundled(progress: gr.Progress = gr.Progress()) -> tuple[Any, ...]:
        on_progress: Any = follow(progress)
        report = knowledge.ingest_folder(str(container.settings.knowledge_dir), on_progress)
        return report_text(report, knowledge.label), *listing(), gr.update(visible=False)

    def do_remove(selected: list[str] | None) -> tuple[Any, ...]:
        removed = knowledge.remove(selected or [])
        return f"Removed {len(removed)} document(s).", *listing()

    ingest_btn.click(
        do_ingest,
        [files, urls],
        [result, table, to_remove, files],
        concurrency_id=INGEST_QUEUE,
        api_name="ingest",
    )
    bundled_btn.click(
        do_bundled, None, [result, table, to_remove, bundled_btn], concurrency_id=INGEST_QUEUE
    )
    remove_btn.click(
        do_remove,
        [to_remove],
        [result, table, to_remove],
        concurrency_id=REMOVE_QUEUE,
        api_name="remove",
    )
    gr.on(None, listing, None, [table, to_remove], concurrency_limit=None)  # on page load


def build_evaluate_tab(container: Container) -> None:
    settings = container.settings
    evaluation = EvaluationPage(
        container.evaluator, settings.eval.testset, settings.data_dir / "eval"
    )
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

    def do_eval(
        path: str | None, which: str, count: float | None, progress: gr.Progress = gr.Progress()
    ) -> tuple[str, str | None]:
        return evaluation.run(
            path,
            which,
            count or None,
            progress=lambda done, total: progress((done, total), desc="Evaluating"),
        )

    eval_btn.click(
        do_eval, [testset, pipeline, limit], [report, report_file], concurrency_id=EVALUATE_QUEUE
    )
