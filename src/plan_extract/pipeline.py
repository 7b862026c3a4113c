"""The stages in order; the only place that knows the order (spaCy's pipeline pattern).

`run` passes one Document through every stage; `extract_many` streams documents through them
for the batch CLI, in this process or in worker processes. A document that fails becomes an
`ErrorRecord` naming the stage, and the stream goes on.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from multiprocessing.connection import Connection, wait
from pathlib import Path

from . import config
from .document import WORKING_FIELDS, Document, ErrorRecord
from .errors import ReadError, StageError
from .outputs import path_text, safe_text
from .readers import read_bytes, read_document, source_of
from .readers.pdf import ocr
from .stages import activities, header, normalize, outline, pillars, references, task_tables  # noqa: F401
from .stages.registry import REGISTRY, StageFunction
from .taxonomy import AUTO_TAXONOMY

STAGES: tuple[str, ...] = ("normalize", "header", "references", "outline", "activities",
                           "task_tables", "pillars")
"""Stage names in the order they run (each registered in `stages/`)."""


@cache
def stages(taxonomy: str | None = AUTO_TAXONOMY) -> tuple[tuple[str, StageFunction], ...]:
    """(name, function) of the stages of a run; a stage with parameters is built by its
    factory, which may leave it out (no taxonomy: no pillars)."""
    out = []
    for name in STAGES:
        spec = REGISTRY[name]
        func = spec.factory(taxonomy) if spec.factory else spec.func
        if func is not None:
            out.append((name, func))
    return tuple(out)


@cache
def _unread_after(taxonomy: str | None = AUTO_TAXONOMY) -> tuple[frozenset[str], ...]:
    """For each stage of a run, the working data no stage after it reads (`requires`)."""
    names = [name for name, _ in stages(taxonomy)]
    return tuple(WORKING_FIELDS - frozenset().union(*(REGISTRY[n].requires for n in names[i + 1:]))
                 for i in range(len(names)))


def run(doc: Document, taxonomy: str | None = AUTO_TAXONOMY, finish: bool = True) -> Document:
    """Every stage after the reader over one document (pillars skipped with taxonomy None).
    `finish=False` keeps the working data (the title the pillar classifier reads as context);
    else each piece of it goes as soon as no later stage reads it: the lines after the
    outline, the outline tree after the task tables, so the pillar stage and the output of a
    long text do not hold them too (issue 14)."""
    return _run_handed([doc], taxonomy, finish)


def _run_handed(handed: list[Document], taxonomy: str | None, finish: bool) -> Document:
    """`run` over the document in `handed`, taken out of it: a caller that reads a document
    to run it hands it over this way, so that its read text (for a long text, the size of
    the normalized one) is freed after the normalize stage, not held by the caller's call."""
    doc = handed.pop()
    for (name, func), unread in zip(stages(taxonomy), _unread_after(taxonomy), strict=True):
        _entering(name)
        try:
            doc = func(doc)
        except Exception as exc:  # reported per document by the batch, with its stage
            raise StageError(name, exc) from exc
        if finish:
            doc = _release(doc, unread)
    return doc.finished() if finish else doc


def _release(doc: Document, fields: frozenset[str]) -> Document:
    """`doc` without the working data in `fields`; an outline tree built in this run is
    taken apart, so that it is freed at once (its nodes point at their parents)."""
    held = [name for name in fields if getattr(doc, name)]
    if not held:
        return doc
    if "outline" in held and doc.outline is not None:
        doc.outline.dismantle()
    return doc.without(held)


extract_document = run
"""`run` by the name the batch and the tests have used."""


def extract_path(path: str | Path, taxonomy: str | None = AUTO_TAXONOMY,
                 finish: bool = True) -> Document:
    """The file at `path` through the reader of its suffix and every stage."""
    path = Path(path)
    _entering("ingest")
    try:
        handed = [read_document(path)]
    except (ReadError, OSError) as exc:
        raise StageError("ingest", exc) from exc
    return _run_handed(handed, taxonomy, finish)


_stage_note: Callable[[str], None] | None = None
"""Set in a worker process: told each stage as it starts, so that a document stopped by the
time limit (or a worker that dies) is reported with the stage it was in."""


def _entering(stage: str) -> None:
    if _stage_note is not None:
        _stage_note(stage)


@dataclass(frozen=True)
class BytesInput:
    """A document given as bytes, not by a path (`extract -` reads standard input): it runs
    in the same workers, under the same time limit, as the files."""
    data: bytes
    fmt: str
    name: str = "-"


@dataclass
class Outcome:
    path: Path
    seconds: float
    document: Document | None = None
    error: ErrorRecord | None = None


def _error(path: Path, seconds: float, stage: str, error_type: str, message: str) -> Outcome:
    return Outcome(path, seconds, error=ErrorRecord(path=path_text(path), stage=stage,
                                                    error_type=error_type, message=safe_text(message)))


def _run_one(path: Path, taxonomy: str | None = AUTO_TAXONOMY) -> Outcome:
    t0 = time.perf_counter()
    try:
        doc = extract_path(path, taxonomy)
        return Outcome(path, time.perf_counter() - t0, document=doc)
    except StageError as exc:
        cause = exc.cause
        return _error(path, time.perf_counter() - t0, exc.stage, type(cause).__name__,
                      str(cause) or type(cause).__name__)
    except Exception as exc:  # the batch must go on, whatever one document does
        return _error(path, time.perf_counter() - t0, "unknown", type(exc).__name__, str(exc))


def run_bytes(data: bytes, fmt: str, name: str, taxonomy: str | None = AUTO_TAXONOMY) -> Outcome:
    """One document given as bytes (standard input), in this process, as an Outcome."""
    t0 = time.perf_counter()
    try:
        _entering("ingest")
        try:
            handed = [read_bytes(data, source_of(data, name, fmt))]
        except (ReadError, OSError) as exc:
            raise StageError("ingest", exc) from exc
        return Outcome(Path(name), time.perf_counter() - t0,
                       document=_run_handed(handed, taxonomy, True))
    except StageError as exc:
        return _error(Path(name), time.perf_counter() - t0, exc.stage, type(exc.cause).__name__,
                      str(exc.cause) or type(exc.cause).__name__)
    except Exception as exc:
        return _error(Path(name), time.perf_counter() - t0, "unknown", type(exc).__name__, str(exc))


Input = Path | BytesInput


def _run_input(item: Input, taxonomy: str | None) -> Outcome:
    if isinstance(item, BytesInput):
        return run_bytes(item.data, item.fmt, item.name, taxonomy)
    return _run_one(item, taxonomy)


def extract_many(paths: Iterable[Path | str | BytesInput], workers: int = 1,
                 taxonomy: str | None = AUTO_TAXONOMY,
                 timeout: float | None = None, timeout_per_ocr_page: float = 0.0,
                 limits: dict[str, int] | None = None) -> Iterator[Outcome]:
    """Outcomes in input order. `workers` > 1, or a `timeout` (seconds per document), runs
    the documents in that many worker processes (at least one): a document still running
    after `timeout` seconds, plus `timeout_per_ocr_page` for each page it OCRs, is stopped
    (its worker killed and replaced) and becomes an error record of type `Timeout` naming the
    stage it was in; a worker that dies (a crash in a C library, the memory killer) costs
    only its document. Workers die with this process. `limits` (`config.limit_overrides()`
    of the caller, for a Dask worker) are set in this process for the run."""
    items: list[Input] = [p if isinstance(p, BytesInput) else Path(p) for p in paths]
    if not items:
        return
    if limits:  # `config.set_limits` for this run: here and, through it, in the workers
        config.set_limits(**limits)
    if workers <= 1 and not timeout:
        for item in items:
            yield _run_input(item, taxonomy)
        return
    yield from _Pool(max(1, min(workers, len(items))), taxonomy, timeout,
                     timeout_per_ocr_page).run(items)


# --- worker processes ------------------------------------------------------------------------

def _context():
    """fork where there is one: a worker starts in milliseconds and has every reader and
    stage registered in this process (a plugin's too); spawn elsewhere."""
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else "spawn")


def _die_with_parent() -> None:
    """Linux: the kernel kills this process when its parent dies, even by kill -9."""
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
        except (OSError, AttributeError):
            pass


def _worker_main(conn: Connection, stage, pages, parent: int, taxonomy: str | None,
                 limits: dict[str, int]) -> None:
    """Serve documents until told to stop or the parent is gone, under the parent's limits
    (a spawned worker would otherwise read only the data file's)."""
    global _stage_note
    _die_with_parent()
    config.set_limits(**limits)
    if os.getppid() != parent:  # the parent died before the death signal was set
        os._exit(0)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    signal.signal(signal.SIGTERM, signal.SIG_DFL)

    def note(name: str) -> None:
        stage.value = name.encode()[:31]

    def ocr_page() -> None:
        pages.value += 1

    _stage_note = note
    ocr.on_page = ocr_page
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        if job is None:
            return
        index, item = job
        outcome = _run_input(item, taxonomy)
        try:
            conn.send((index, outcome))
        except (EOFError, OSError):
            return
        except Exception as exc:  # the Document would not pickle: the document's error
            conn.send((index, _error(outcome.path, outcome.seconds, "unknown", type(exc).__name__,
                                     str(exc))))


class _Worker:
    def __init__(self, ctx, taxonomy: str | None) -> None:
        self.conn, child = ctx.Pipe()
        self.stage = ctx.Array("c", 32, lock=False)
        self.ocr_pages = ctx.Value("i", 0, lock=False)
        self.proc = ctx.Process(target=_worker_main,
                                args=(child, self.stage, self.ocr_pages, os.getpid(), taxonomy,
                                      config.limit_overrides()),
                                daemon=True, name="plan-extract worker")
        self.proc.start()
        child.close()
        self.job: tuple[int, Input] | None = None
        self.started = 0.0

    def give(self, index: int, item: Input) -> None:
        self.stage.value = b"ingest"
        self.ocr_pages.value = 0
        self.job, self.started = (index, item), time.monotonic()
        self.conn.send((index, item))

    def stop(self) -> None:
        if self.proc.is_alive():
            self.proc.kill()
        self.proc.join(5)
        self.conn.close()


class _Pool:
    """Worker processes fed one document at a time, each watched against the time limit."""

    def __init__(self, size: int, taxonomy: str | None, timeout: float | None,
                 per_ocr_page: float = 0.0) -> None:
        self.ctx = _context()
        self.size, self.taxonomy, self.timeout = size, taxonomy, timeout or None
        self.per_ocr_page = per_ocr_page

    def _deadline(self, w: _Worker) -> float:
        """When the worker's document runs out of time: the limit, longer by a page's
        allowance for each page it has started to OCR."""
        return w.started + self.timeout + w.ocr_pages.value * self.per_ocr_page

    def _over_time(self, w: _Worker) -> str:
        pages = w.ocr_pages.value
        extra = (f" + {self.per_ocr_page:g} s for each of {pages} OCR pages (--timeout-per-ocr-page)"
                 if pages and self.per_ocr_page else "")
        return f"stopped after {time.monotonic() - w.started:.1f} s: --timeout {self.timeout:g} s{extra}"

    def run(self, paths: list[Input]) -> Iterator[Outcome]:
        pending = list(enumerate(paths))[::-1]
        done: dict[int, Outcome] = {}
        following = 0
        workers = [_Worker(self.ctx, self.taxonomy) for _ in range(self.size)]
        try:
            while following < len(paths):
                for w in workers:
                    if w.job is None and pending:
                        w.give(*pending.pop())
                while following in done:
                    yield done.pop(following)
                    following += 1
                if following >= len(paths):
                    break
                busy = [w for w in workers if w.job is not None]
                wait_for = None
                if self.timeout:
                    wait_for = max(0.0, min(self._deadline(w) for w in busy) - time.monotonic())
                ready = wait([w.conn for w in busy] + [w.proc.sentinel for w in busy], timeout=wait_for)
                for i, w in enumerate(workers):
                    if w.job is None:
                        continue
                    index, path = w.job
                    outcome = None
                    if w.conn in ready or w.proc.sentinel in ready:
                        broken = False
                        try:
                            if w.conn.poll():
                                got, outcome = w.conn.recv()
                                assert got == index
                        except (EOFError, OSError):
                            broken = True
                        if outcome is None and (broken or not w.proc.is_alive()):
                            w.proc.join(1)
                            outcome = self._lost(w, "the worker process died (exit code "
                                                    f"{w.proc.exitcode}) on it")
                    if outcome is None and self.timeout and time.monotonic() > self._deadline(w):
                        outcome = self._lost(w, self._over_time(w), "Timeout")
                    if outcome is not None:
                        done[index] = outcome
                        if w.proc.is_alive():
                            w.job = None
                        else:
                            w.stop()
                            workers[i] = _Worker(self.ctx, self.taxonomy)
        finally:
            for w in workers:
                w.stop()

    def _lost(self, w: _Worker, why: str, error_type: str = "WorkerDied") -> Outcome:
        """The error record of the document a worker was on; the worker is killed."""
        index, item = w.job
        path = Path(item.name) if isinstance(item, BytesInput) else item
        stage = w.stage.value.decode(errors="replace") or "ingest"
        w.proc.kill()
        w.proc.join(5)
        return _error(path, time.monotonic() - w.started, stage, error_type, f"{why}, in stage {stage}")
