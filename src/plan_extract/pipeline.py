"""The stages in order; the only place that knows the order (spaCy's pipeline pattern).

`run` passes one Document through every stage; `extract_many` streams documents through them
for the batch CLI, in this process or in worker processes. A document that fails becomes an
`ErrorRecord` naming the stage, and the stream goes on.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from .document import Document, ErrorRecord
from .errors import ReadError, StageError
from .readers import read_document
from .stages import activities, header, normalize, outline, pillars, references, task_tables  # noqa: F401
from .stages.registry import REGISTRY, StageFunction
from .taxonomy import DEFAULT_TAXONOMY

STAGES: tuple[str, ...] = ("normalize", "header", "references", "outline", "activities",
                           "task_tables", "pillars")
"""Stage names in the order they run (each registered in `stages/`)."""


@cache
def stages(taxonomy: str | None = DEFAULT_TAXONOMY) -> tuple[tuple[str, StageFunction], ...]:
    """(name, function) of the stages of a run; a stage with parameters is built by its
    factory, which may leave it out (no taxonomy: no pillars)."""
    out = []
    for name in STAGES:
        spec = REGISTRY[name]
        func = spec.factory(taxonomy) if spec.factory else spec.func
        if func is not None:
            out.append((name, func))
    return tuple(out)


def run(doc: Document, taxonomy: str | None = DEFAULT_TAXONOMY) -> Document:
    """Every stage after the reader over one document (pillars skipped with taxonomy None)."""
    for name, func in stages(taxonomy):
        try:
            doc = func(doc)
        except Exception as exc:  # reported per document by the batch, with its stage
            raise StageError(name, exc) from exc
    return doc.finished()


extract_document = run
"""`run` by the name the batch and the tests have used."""


def extract_path(path: Path, taxonomy: str | None = DEFAULT_TAXONOMY) -> Document:
    try:
        doc = read_document(path)
    except (ReadError, OSError) as exc:
        raise StageError("ingest", exc) from exc
    return run(doc, taxonomy)


@dataclass
class Outcome:
    path: Path
    seconds: float
    document: Document | None = None
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
