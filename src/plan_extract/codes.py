"""Names that outputs carry: input formats, stage names and notice (warning) codes, one
Literal each, so a new one is one line here and a typo fails where it is made."""

from __future__ import annotations

from typing import Literal, get_args

FORMATS = Literal["txt", "html", "pdf", "docx", "md"]
"""Input formats; `readers/` registers one reader for each (a test keeps the two in step)."""

StageName = Literal["ingest", "normalize", "header", "references", "outline", "activities",
                    "task_tables", "pillars"]
"""Stage names as error records and notices give them ("ingest" is the reader layer)."""

NoticeCode = Literal[
    # ingest (readers)
    "site-adapter", "html-main-content", "pdf-layout", "signature-widget", "running-lines-removed",
    "no-text-layer", "text-layer-unusable", "ocr", "ocr-fixes", "docx-merged-cells", "docx-footnotes",
    "markdown", "legacy-glyphs", "legacy-encoding", "charset-guessed",
    "format-sniffed", "nul-removed", "invalid-bytes-replaced", "pdf-repaired",
    "html-too-deep",
    # normalize
    "boilerplate-removed", "signature-stamp-removed", "repeated-block-removed", "teaser-removed",
    "truncated", "cell-table-rebuilt", "glued-item-split", "page-numbers-removed",
    # header
    "blank-number", "partial-date", "adapter-disagrees",
    # outline
    "heading-inferred",
]
NOTICE_CODES: frozenset[str] = frozenset(get_args(NoticeCode))
STAGE_NAMES: frozenset[str] = frozenset(get_args(StageName))
