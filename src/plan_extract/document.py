"""The one document model: a reader creates a `Document`, every stage takes and returns it
(docling's pattern), and its JSON is the output contract.

Keys named in the gold SPEC (`kind`, `metadata.doc_number`, `activities[].section_path`, ...)
keep those names so any gold-based scorer can read them. The stages' working data (the
normalized lines, the outline tree, the header's title) ride on the same model but are
excluded from the JSON and the schema, so the contract does not change.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from typing import Annotated, Any, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, InstanceOf, TypeAdapter, WithJsonSchema, field_validator
from pydantic.dataclasses import dataclass as pydantic_dataclass
from pydantic.json_schema import SkipJsonSchema

from .codes import FORMATS, NOTICE_CODES

PIPELINE_VERSION = "0.1.0"

Format = FORMATS
"""The built-in input formats, one per reader in `readers/` (a test keeps the two in step)."""

RegisteredFormat = Annotated[str, WithJsonSchema(
    {"enum": list(get_args(FORMATS)), "title": "Format", "type": "string"})]
"""A format a registered reader reads: the built-in ones (as the published schema lists
them) or one a plugin registers with `readers.reader`."""
Kind = Literal["plan", "decision", "news", "other"]
Level = Literal["central", "province", "district", "commune"]
Provenance = Literal["attribute-table", "header", "title", "signature", "body", "inferred", "adapter",
                     "signature-widget"]


@pydantic_dataclass(slots=True, kw_only=True)
class Span:
    """Half-open character offsets into `ExtractedDocument.text` (the normalized text)."""

    # A pydantic dataclass with slots, not a BaseModel: every activity, section and
    # reference has one, and a BaseModel instance with its __dict__ and set of fields set is
    # 550 bytes, a slotted one 100 (1M short lines: a million of them; issue 14).
    start: int
    end: int


class Warning(BaseModel):
    """Something a stage changed or could not do; nothing is removed silently."""

    stage: str
    code: str
    message: str
    span: Span | None = None
    removed: list[str] = Field(default_factory=list, description="lines a removal dropped, verbatim")

    @field_validator("code")
    @classmethod
    def _known_code(cls, code: str) -> str:
        if code not in NOTICE_CODES:
            raise ValueError(f"unknown notice code {code!r}: add it to codes.NoticeCode")
        return code


class OcrPage(BaseModel):
    """A page whose text was OCRed (it had no text layer), and how sure tesseract was."""

    page: int = Field(ge=1, description="1-based page number")
    words: int
    confidence: float = Field(description="mean word confidence, 0-100")


PageMethod = Literal["text-layer", "ocr", "ocr-fallback"]
"""How a PDF page was read: its text layer, OCR (no text layer), or OCR because its text layer
was unusable (broken glyph codes, no Vietnamese)."""


class PageRead(BaseModel):
    """How one page of a PDF was read, and how sure OCR was of it."""

    page: int = Field(ge=1, description="1-based page number")
    method: PageMethod
    confidence: float | None = Field(None, description="OCR: mean word confidence, 0-100")


class Source(BaseModel):
    path: str
    format: RegisteredFormat
    sha256: str
    bytes: int
    url: str | None = Field(None, description="where `plan-extract fetch` got it (sidecar)")
    adapter: str | None = Field(None, description="the site adapter that read the page")
    ocr: list[OcrPage] = Field(default_factory=list,
                               description="pages read by OCR (scanned PDF), with confidence")
    pages: list[PageRead] = Field(default_factory=list, description="PDF: how each page was read")


@dataclass(frozen=True, slots=True)
class Line:
    """One non-empty line of the normalized text, with its offsets in it."""

    start: int
    end: int
    text: str


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


@pydantic_dataclass(slots=True, kw_only=True)
class Activity:
    # A pydantic dataclass with slots, like `Span`: a document has one per item, and a
    # BaseModel instance costs 1.4 KB before its text (1M short lines: 1.4 GB; issue 14).
    # It serialises, validates and publishes the same schema; copy it with
    # `dataclasses.replace`, dump it alone with a `TypeAdapter(Activity)`.
    id: int
    text: str
    section_path: str | None = None
    label: str | None = None
    group: str | None = None
    agency: str | None = None
    # (descriptions in Annotated: a dataclass field whose default is a Field() comes first
    # in pydantic's JSON schema, and the published schema would change its order)
    partners: Annotated[list[str], Field(description="coordinating agencies; empty when none is "
                                                     "named")] = field(default_factory=list)
    deadline: str | None = None
    pillar: Annotated[str | None, Field(description="taxonomy code, e.g. A … E for ASCC 2025")] = None
    pillar_source: PillarSource | None = None
    pillar_confidence: Annotated[float | None, Field(description="1.0 when declared")] = None
    pillar_scores: Annotated[dict[str, float] | None,
                             Field(description="judged: every pillar's score")] = None
    element: Annotated[str | None, Field(description="the element it fits best, e.g. C.1")] = None
    evidence: Annotated[list[str], Field(description="declared: the naming heading; judged: "
                                                     "deciding words")] = field(default_factory=list)
    low_confidence: bool = False
    span: Span

    @field_validator("partners", mode="before")
    @classmethod
    def _no_partners_is_empty(cls, v: object) -> object:
        """Outputs and gold files written before partners was always a list say null."""
        return [] if v is None else v


HEADING_KINDS = ("chapter", "appendix", "roman", "article", "number", "letter")
"""Outline node kinds that head a section when they hold anything."""
ITEM_KINDS = ("dash", "plus", "subitem")
"""Outline node kinds that are list items, never headings."""


@dataclass(eq=False, slots=True)
class Node:
    """A node of the outline tree: a marked line (I., 1., a), -, +, Điều N.), a paragraph, a
    group heading ("…:"), a table row, or the end matter. Built by the outline stage and read
    by activities, task tables and pillars; not part of the JSON (`sections` is). One per
    line of the text, so its fields are slots, and a node with no children shares the
    empty tuple until `add` gives it a list (460 -> 220 bytes a node)."""

    kind: str  # root, part, chapter, appendix, roman, article, number, letter, dash, plus,
    #            para, group, row, elided, end, end-line
    rank: float
    value: str = ""
    marker: str = ""
    text: str = ""
    start: int = 0  # offset of `text` in the normalized text
    end: int = 0
    line_start: int = 0
    inferred: bool = False
    role: str | None = None
    closed: bool = False  # an item ending its sentence: not a heading, takes no paragraphs
    closing: bool = False  # a closing paragraph of the implementation part
    path: str | None = None
    parent: Node | None = None
    children: list[Node] | tuple[()] = ()

    def add(self, child: Node) -> Node:
        child.parent = self
        if self.children:
            self.children.append(child)
        else:
            self.children = [child]
        return child

    @property
    def is_heading(self) -> bool:
        return self.kind in HEADING_KINDS and bool(self.children)

    def ancestors(self) -> Iterator[Node]:
        node = self.parent
        while node is not None:
            yield node
            node = node.parent

    def walk(self) -> Iterator[Node]:
        """Every node below this one, in document order (pre-order)."""
        for child in self.children:
            yield child
            yield from child.walk()

    def dismantle(self) -> None:
        """Unlink the tree below this node, so that it is freed as soon as the last stage
        that reads it is done, not whenever the cycle collector gets to a million nodes that
        point at their parents (issue 14)."""
        stack = [self]
        while stack:
            node = stack.pop()
            stack.extend(node.children)
            node.children = ()
            node.parent = None

    def section_path(self) -> str | None:
        """Path of the nearest enclosing heading."""
        return next((a.path for a in self.ancestors() if a.kind in HEADING_KINDS and a.path), None)


class Document(BaseModel):
    """The output of `plan-extract extract`: one per input document."""

    # A reader creates it (`Document.read`), each stage returns an updated copy; the docstring
    # above is the schema's description, so it stays as published.

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

    # Working data of the stages, never serialised: the normalized text's lines (normalize),
    # the title and a news article's issuance sentence (header), the outline tree (outline).
    lines: SkipJsonSchema[list[InstanceOf[Line]]] = Field(default_factory=list, exclude=True)
    title: SkipJsonSchema[str] = Field("", exclude=True)
    issuance_span: SkipJsonSchema[Span | None] = Field(None, exclude=True)
    outline: SkipJsonSchema[InstanceOf[Node] | None] = Field(None, exclude=True)

    @classmethod
    def read(cls, source: Source, text: str, warnings: list[Warning] | None = None,
             attributes: dict[str, str] | None = None) -> Document:
        """A document as a reader gives it: its text, one block per line; the header stage
        then sets `kind` and `metadata`."""
        return cls(source=source, kind="other", metadata=Metadata(), text=text,
                   warnings=warnings or [], attributes=attributes or {})

    def updated(self, notices: list[Warning] | None = None, **changes: Any) -> Document:
        """A copy with `changes` and `notices` added to the warnings (what a stage returns)."""
        if notices:
            changes["warnings"] = [*self.warnings, *notices]
        return self.model_copy(update=changes)

    def finished(self) -> Document:
        """The document without its working data (cheap to send between processes)."""
        return self.without(WORKING_FIELDS)

    def without(self, fields: Iterable[str]) -> Document:
        """A copy without these fields of working data (`WORKING_FIELDS`)."""
        empty: dict[str, Any] = {"lines": [], "title": "", "issuance_span": None, "outline": None}
        return self.model_copy(update={name: empty[name] for name in fields})

    def json_chunks(self, indent: int | None = None) -> Iterator[bytes | memoryview]:
        """`model_dump_json(indent=indent)` as UTF-8 bytes in pieces, the long lists a
        thousand items at a time, so that writing a document of a million activities never
        holds its whole JSON (1M short lines: 1.7 GB as one string and its bytes; issue 14).
        The pieces join to exactly what `model_dump_json` gives: the document is dumped with
        those lists empty (its text once, as bytes, cut without copies), and each batch of
        items goes where its list stands, indented one level deeper. Only a top-level list
        can read `"activities": []` there: string values escape their quotes and line
        breaks, and no nested object has such a key."""
        empty = self.model_copy(update=dict.fromkeys(_STREAMED, []))
        shell = memoryview(self.__pydantic_serializer__.to_json(empty, indent=indent))
        del empty
        if indent is None:
            colon, item_break, close = b":", b"", b""
        else:
            pad = b" " * indent
            colon, item_break, close = b": ", b"\n" + pad, b"\n" + pad
        at = 0
        for name in _STREAMED:
            key = b'"' + name.encode() + b'"' + colon + b"[]"
            where = shell.obj.index(key, at) + len(key) - 1  # at its "]"
            yield shell[at:where]
            items = getattr(self, name)
            adapter = _list_adapter(name)
            for i in range(0, len(items), _STREAM_BATCH):
                # a slice dumped as a list is its items joined as in the whole: "[", "]" cut
                dumped = adapter.dump_json(items[i:i + _STREAM_BATCH], indent=indent)
                dumped = dumped[1:-1] if indent is None else dumped[1:-2].replace(b"\n", item_break)
                yield (b"," if i else b"") + dumped
            if items:
                yield close
            at = where
        yield shell[at:]


_STREAM_BATCH = 1000
"""Items dumped at a time by `json_chunks`."""


@cache
def _list_adapter(name: str) -> TypeAdapter[Any]:
    return TypeAdapter(Document.model_fields[name].annotation)


WORKING_FIELDS = frozenset({"lines", "title", "issuance_span", "outline"})
"""The stages' working data on a Document, never serialised."""
_STREAMED = ("references", "sections", "activities", "warnings")
"""The Document's lists that grow with its length, in field order (`json_chunks`)."""


ExtractedDocument = Document
"""The name of the output model before the document model was one (kept for callers)."""


class ErrorRecord(BaseModel):
    """A document the batch could not process; written to errors.jsonl."""

    path: str
    stage: str
    error_type: str
    message: str
