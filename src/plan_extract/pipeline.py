"""The stages in order; the only place that knows the order (spaCy's pipeline pattern).

`extract_many` streams documents through the stages for the batch CLI, in this process or
in worker processes; a document that fails becomes an `ErrorRecord` naming the stage, and
the stream goes on.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from .activities import find_activities
from .header import parse_header
from .ingest import IngestError, read_document
from .models import ErrorRecord, ExtractedDocument, RawDocument
from .normalize import normalize
from .outline import build_outline
from .pillars import DEFAULT_TAXONOMY, classify_pillars
from .references import find_references


class StageError(Exception):
    def __init__(self, stage: str, cause: BaseException):
        super().__init__(f"{stage}: {type(cause).__name__}: {cause}")
        self.stage = stage
        self.cause = cause


def extract_document(raw: RawDocument, taxonomy: str | None = DEFAULT_TAXONOMY
                     ) -> ExtractedDocument:
    """Run every stage after ingest over one document (pillars skipped with taxonomy None)."""
    stage = "normalize"
    try:
        doc = normalize(raw)
        stage = "header"
        header = parse_header(doc)
        stage = "references"
        references = find_references(doc, header.metadata)
        stage = "outline"
        outline = build_outline(doc)
        stage = "activities"
        activities = find_activities(outline, header.kind, header)
        if taxonomy:
            stage = "pillars"
            activities = classify_pillars(activities, outline.sections, taxonomy)
    except Exception as exc:  # reported per document by the batch, with its stage
        raise StageError(stage, exc) from exc
    return ExtractedDocument(
        taxonomy=taxonomy, source=doc.source, kind=header.kind, metadata=header.metadata,
        metadata_provenance=header.provenance, attributes=doc.attributes, references=references,
        sections=outline.sections, activities=activities,
        warnings=doc.warnings + header.warnings + outline.warnings, text=doc.text)


def extract_path(path: Path, taxonomy: str | None = DEFAULT_TAXONOMY) -> ExtractedDocument:
    try:
        raw = read_document(path)
    except IngestError as exc:
        raise StageError("ingest", exc) from exc
    except OSError as exc:
        raise StageError("ingest", exc) from exc
    return extract_document(raw, taxonomy)


@dataclass
class Outcome:
    path: Path
    seconds: float
    document: ExtractedDocument | None = None
    error: ErrorRecord | None = None


def _run_one(path: Path, taxonomy: str | None = DEFAULT_TAXONOMY) -> Outcome:
    t0 = time.perf_counter()
    try:
        doc = extract_path(path, taxonomy)
        return Outcome(path, time.perf_counter() - t0, document=doc)
    except StageError as exc:
        cause = exc.cause
        return Outcome(path, time.perf_counter() - t0, error=ErrorRecord(
            path=str(path), stage=exc.stage, error_type=type(cause).__name__, message=str(cause)))
    except Exception as exc:  # the batch must go on, whatever one document does
        return Outcome(path, time.perf_counter() - t0, error=ErrorRecord(
            path=str(path), stage="unknown", error_type=type(exc).__name__, message=str(exc)))


def extract_many(paths: Iterable[Path], workers: int = 1,
                 taxonomy: str | None = DEFAULT_TAXONOMY) -> Iterator[Outcome]:
    """Outcomes in input order; `workers` > 1 uses that many processes."""
    paths = list(paths)
    if workers <= 1:
        for path in paths:
            yield _run_one(path, taxonomy)
        return
    with ProcessPoolExecutor(max_workers=workers) as pool:
        yield from pool.map(_run_one, paths, [taxonomy] * len(paths), chunksize=4)
