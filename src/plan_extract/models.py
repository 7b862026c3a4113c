"""Pydantic models that flow through the pipeline.

One model per stage boundary (docling's pattern): ingest yields a `RawDocument`, normalize a
`NormalizedDocument`, and the later stages fill an `ExtractedDocument`, which is also the
output contract. Keys named in the gold SPEC (`kind`, `metadata.doc_number`,
`activities[].section_path`, ...) keep those names so any gold-based scorer can read them.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

PIPELINE_VERSION = "0.1.0"

Format = Literal["txt", "html", "pdf", "docx"]
Kind = Literal["plan", "decision", "news", "other"]
Level = Literal["central", "province", "district", "commune"]
Provenance = Literal["attribute-table", "header", "title", "signature", "body", "inferred", "adapter",
                     "signature-widget"]


class Span(BaseModel):
    """Half-open character offsets into `ExtractedDocument.text` (the normalized text)."""

    start: int
    end: int


class Warning(BaseModel):
    """Something a stage changed or could not do; nothing is removed silently."""

    stage: str
    code: str
    message: str
    span: Span | None = None
    removed: list[str] = Field(default_factory=list, description="lines a removal dropped, verbatim")


class OcrPage(BaseModel):
    """A page whose text was OCRed (it had no text layer), and how sure tesseract was."""

    page: int = Field(ge=1, description="1-based page number")
    words: int
    confidence: float = Field(description="mean word confidence, 0-100")


class Source(BaseModel):
    path: str
    format: Format
    sha256: str
    bytes: int
    url: str | None = Field(None, description="where `plan-extract fetch` got it (sidecar)")
    adapter: str | None = Field(None, description="the site adapter that read the page")
    ocr: list[OcrPage] = Field(default_factory=list,
                               description="pages read by OCR (scanned PDF), with confidence")


class RawDocument(BaseModel):
    """Text of one input as read, one block (paragraph, table row, PDF line) per line, and
    the attributes a site adapter read off the page (metadata field -> value)."""

    source: Source
    text: str
    warnings: list[Warning] = Field(default_factory=list)
    attributes: dict[str, str] = Field(default_factory=dict)


class Line(BaseModel):
    """One non-empty line of the normalized text."""

    start: int
    end: int
    text: str


class NormalizedDocument(BaseModel):
    source: Source
    text: str
    lines: list[Line]
    warnings: list[Warning] = Field(default_factory=list)
    attributes: dict[str, str] = Field(default_factory=dict)


class Metadata(BaseModel):
    """Header metadata per the gold SPEC; a field is null when the text does not state it."""

    doc_type: str | None = None
    doc_number: str | None = None
    issuer: str | None = None
    issuer_level: Level | None = None
    province: str | None = None
    district: str | None = None
    issue_date: str | None = Field(None, description="ISO date, or YYYY-MM / YYYY when partial")
    effective_date: str | None = None
    signer: str | None = None
    field: str | None = None
    period: list[int | None] | None = Field(None, description="[first year, last year]")
    published_date: str | None = Field(None, description="news only: the article's date")


class FieldSource(BaseModel):
    """Where a metadata value came from (LexNLP's every-value-knows-its-origin)."""

    provenance: Provenance
    span: Span | None = None
    confirmed_by: list[Provenance] = Field(default_factory=list,
                                           description="other sources that gave the same value")


class Reference(BaseModel):
    doc_type: str
    doc_number: str | None = None
    issue_date: str | None = None
    issuer: str | None = None
    title: str | None = None
    span: Span


PillarSource = Literal["declared", "judged"]
SectionKind = Literal["part", "roman", "article", "number", "letter", "appendix"]
Role = Literal[
    "basis", "purpose", "objectives", "tasks", "organisation", "funding", "scope", "other"
]


class Section(BaseModel):
    """A heading of the outline; `path` is the numbering path, e.g. `III.5` or `Điều 1`."""

    path: str
    parent: str | None = None
    kind: SectionKind
    marker: str
    heading: str | None = None
    role: Role | None = None
    inferred: bool = False
    span: Span


class Activity(BaseModel):
    id: int
    text: str
    section_path: str | None = None
    label: str | None = None
    group: str | None = None
    agency: str | None = None
    partners: list[str] | None = None
    deadline: str | None = None
    pillar: str | None = Field(None, description="taxonomy code, e.g. A … E for ASCC 2025")
    pillar_source: PillarSource | None = None
    pillar_confidence: float | None = Field(None, description="1.0 when declared")
    pillar_scores: dict[str, float] | None = Field(None, description="judged: every pillar's score")
    element: str | None = Field(None, description="the element it fits best, e.g. C.1")
    evidence: list[str] = Field(default_factory=list,
                                description="declared: the naming heading; judged: deciding words")
    low_confidence: bool = False
    span: Span


class ExtractedDocument(BaseModel):
    """The output of `plan-extract extract`: one per input document."""

    model_config = ConfigDict(title="plan-extract document")

    pipeline_version: str = PIPELINE_VERSION
    taxonomy: str | None = Field(None, description="the taxonomy pillars refer to")
    source: Source
    kind: Kind
    metadata: Metadata
    metadata_provenance: dict[str, FieldSource] = Field(default_factory=dict)
    attributes: dict[str, str] = Field(default_factory=dict,
                                       description="what a site adapter read off the page")
    references: list[Reference] = Field(default_factory=list)
    sections: list[Section] = Field(default_factory=list)
    activities: list[Activity] = Field(default_factory=list)
    warnings: list[Warning] = Field(default_factory=list)
    text: str = Field(description="the normalized text all spans point into")


class ErrorRecord(BaseModel):
    """A document the batch could not process; written to errors.jsonl."""

    path: str
    stage: str
    error_type: str
    message: str
