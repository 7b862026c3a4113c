"""plan-extract: Vietnamese government plan texts to validated structured JSON.

    import plan_extract
    doc = plan_extract.extract("plan.pdf")             # a path, or bytes with format=
    for outcome in plan_extract.extract_many(paths):   # a batch, errors as records
        ...
    frames = plan_extract.load("out")                  # pandas frames of an output folder
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from .document import PIPELINE_VERSION, Document, ErrorRecord, ExtractedDocument
from .errors import ConfigError, IngestError, OcrError, PlanExtractError, ReadError, StageError
from .pipeline import Outcome, extract_document, extract_path
from .pipeline import extract_many as _extract_many
from .taxonomy import AUTO_TAXONOMY

if TYPE_CHECKING:
    from .analysis.frames import Frames

__all__ = ["PIPELINE_VERSION", "ConfigError", "Document", "ErrorRecord", "ExtractedDocument",
           "IngestError", "OcrError", "Outcome", "PlanExtractError", "ReadError", "StageError",
           "extract", "extract_document", "extract_many", "extract_path", "load"]
__version__ = PIPELINE_VERSION


def extract(source: str | Path | bytes, format: str | None = None, *,
            taxonomy: str | None = AUTO_TAXONOMY, name: str = "<bytes>") -> Document:
    """One document through every stage. `source` is a path (its suffix names the format
    unless `format` does) or the file's bytes (then `format` is required, e.g. "pdf").
    `taxonomy`: a taxonomy's name, "auto" (the document's citations choose: ascc_2035 under
    Decision 155/QĐ-TTg of 2026, else ascc_2025) or None (no pillars).
    Raises `StageError` naming the stage that failed (a reader's failure: stage "ingest")."""
    from .readers import READERS, read_bytes, source_of

    if format is None and not isinstance(source, bytes):
        return extract_path(Path(source), taxonomy)
    if format not in READERS:
        raise ValueError(f"format {format!r}: give one of {', '.join(READERS)}")
    try:
        data = source if isinstance(source, bytes) else Path(source).read_bytes()
        doc = read_bytes(data, source_of(data, name if isinstance(source, bytes) else str(source), format))
    except (ReadError, OSError) as exc:
        raise StageError("ingest", exc) from exc
    return extract_document(doc, taxonomy)


def extract_many(paths: Iterable[str | Path], workers: int = 1,
                 taxonomy: str | None = AUTO_TAXONOMY) -> Iterator[Outcome]:
    """Each path's `Outcome` (document or error record, and seconds), in input order;
    `workers` > 1 uses that many processes. One bad document never stops the stream."""
    return _extract_many([Path(p) for p in paths], workers=workers, taxonomy=taxonomy)


def load(*out_dirs: str | Path | Iterable[str | Path]) -> Frames:
    """pandas frames of one or more output folders (folders, globs such as "out/shard-*", or
    lists of them) as one corpus; an input in two folders is taken from the later one (see
    `plan_extract.analysis.frames.load`). pandas is imported only here, so batch extraction
    does not pay for it."""
    from .analysis.frames import load as load_frames

    return load_frames(*out_dirs)
