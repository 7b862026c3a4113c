"""`extract --executor dask`: the same stages on a Dask cluster, a chunk of documents a task.

Each task runs `pipeline.extract_many` over its documents (up to `CHUNK`) inside the Dask
worker, in a child process of that worker, exactly as the local executor runs them: a
document past `--timeout` (plus `--timeout-per-ocr-page` per OCR'd page) is stopped by
killing that child, and a crash in a C library kills only the child; either is the
document's error record (`Timeout`, `WorkerDied`) naming the stage it was in, and a new child
takes the next document. Dask itself cannot stop one running task (cancelling a future leaves
its thread running), which is why the limit is enforced inside the task; `--timeout 0` still
runs the documents in the child (no limit, the same guard against crashes).

The task returns the `Outcome`s (document or error record) to this process, which writes
them through the same `BatchOutput` as a local run, so manifest.jsonl / errors.jsonl,
`--resume`, the lock and the exit codes are the local executor's. Outcomes come back as tasks
finish (`distributed.as_completed`), not in input order; a few tasks per worker thread are
queued at a time, so a corpus of 100,000 inputs is not 100,000 futures at once, and a
cluster that grows (dask-jobqueue, adaptive) gets more in flight.

A task that raises outside the pipeline (plan-extract missing on a worker, a result that
cannot be sent) or whose Dask worker dies (`KilledWorker`: the node lost, the worker killed)
is an error record for each of its documents, stage `unknown`: the stage was known only to
the dead worker; `--resume` runs them again. Inputs are read by the workers: they must see
the same paths (a shared filesystem); relative paths need the workers to run in this
process's folder (checked).
"""

from __future__ import annotations

import logging
import math
import multiprocessing
import os
import time
from collections.abc import Iterator
from contextlib import suppress
from pathlib import Path
from typing import Any

import distributed
from distributed import Client, LocalCluster, as_completed

from ..document import PIPELINE_VERSION, ErrorRecord
from ..outputs import path_text, safe_text
from ..pipeline import BytesInput, Input, Outcome, extract_many

TASKS_PER_THREAD = 2
"""Tasks queued per worker thread: enough that a worker never waits for its next chunk
while the last one's results travel back, few enough that the client holds little."""
CHUNK = 16
"""Most documents one task runs. A task costs tens of milliseconds (scheduling, a child
process forked, results sent back), as much as a short text takes: 16 to a task made that
cost a few percent; fewer when the corpus is small, so that every worker gets some."""


CONNECT_TIMEOUT = 30.0
"""Seconds to reach a scheduler: one that is starting (a batch job's) has time to come up."""
QUIET = {"dashboard_address": "127.0.0.1:0"}
"""A local scheduler's HTTP server (health, metrics; the dashboard is off) on a free port of
the loopback interface, not on 8787, which another cluster may hold."""


class DaskError(Exception):
    """The cluster cannot be used: no scheduler at the address, a worker without the same
    plan-extract, workers that cannot see relative input paths."""


WARM_UP_TEXT = ("KẾ HOẠCH\nThực hiện Quyết định số 161/QĐ-TTg ngày 22/01/2016\nII. NHIỆM VỤ\n"
                "1. Tuyên truyền về Cộng đồng ASEAN\n- Tổ chức hội nghị phổ biến thông tin.\n")
_warm = False


def _warm_up() -> None:
    """Load, once in each Dask worker process, what every document needs (the data files,
    both taxonomies' models, the readers' libraries), so that the child process each document
    runs in (forked from this one) starts with it, instead of loading it per document."""
    global _warm
    if _warm:
        return
    import importlib

    from ..pipeline import run_bytes, stages
    from ..taxonomy import available_taxonomies

    for module in ("bs4", "lxml.html", "charset_normalizer", "markdown_it", "docx", "pdfplumber",
                   "pdfminer.layout", "pypdfium2"):
        with suppress(ImportError):  # an optional reader's library: its documents load it
            importlib.import_module(module)
    for name in available_taxonomies():
        stages(name)
        run_bytes(WARM_UP_TEXT.encode("utf-8"), "txt", "warm-up.txt", name)
    _warm = True


NO_LIMIT = 1e6
"""The time limit given to the pool under `--timeout 0`: never reached (11 days), and short
enough for the poll that waits on it; so the documents still run in a child process."""


def _extract_on_worker(items: list[Input], options: dict[str, Any]) -> list[Outcome]:
    """A chunk of documents, in one child process of this Dask worker (another after a
    document that timed out or crashed), each under the time limit."""
    # A Dask worker process is started "daemonic", and multiprocessing will not let a daemon
    # start children. The flag is there so children die with their parent; here the child
    # sets PR_SET_PDEATHSIG (pipeline._die_with_parent), which does that on Linux.
    multiprocessing.current_process()._config["daemon"] = False
    _warm_up()
    # workers=1 with a time limit: a pool of one child process, so a crash costs the child
    # and never the Dask worker (which Dask would then retry on the next worker, and the next).
    return list(extract_many(items, workers=1, **{**options, "timeout": options.get("timeout") or NO_LIMIT}))


def _worker_facts() -> dict[str, str]:
    """What a worker needs to run our tasks: its folder and its plan-extract."""
    return {"cwd": os.getcwd(), "version": PIPELINE_VERSION}


def _failed(item: Input, seconds: float, error_type: str, message: str) -> Outcome:
    """The error record of a document whose task failed outside the pipeline: stage unknown."""
    path = Path(item.name) if isinstance(item, BytesInput) else item
    return Outcome(path, seconds, error=ErrorRecord(path=path_text(path), stage="unknown",
                                                    error_type=error_type, message=safe_text(message)))


class DaskExecutor:
    """A connection to a Dask cluster (`scheduler` address) or a LocalCluster of `workers`
    processes, one thread each, started here and closed with the executor."""

    def __init__(self, scheduler: str | None = None, workers: int = 1) -> None:
        self.cluster: LocalCluster | None = None
        try:
            if scheduler:
                self.client = Client(scheduler, timeout=CONNECT_TIMEOUT, set_as_default=False)
            else:
                self.cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                            host="127.0.0.1", dashboard_address=None,
                                            silence_logs=logging.ERROR, scheduler_kwargs=QUIET)
                self.client = Client(self.cluster, set_as_default=False)
        except (OSError, TimeoutError) as exc:
            self.close()
            where = f"the Dask scheduler at {scheduler}" if scheduler else "a local Dask cluster"
            raise DaskError(f"cannot connect to {where}: {exc}") from None

    @property
    def workers(self) -> int:
        """Dask workers connected now."""
        return len(self.client.scheduler_info(n_workers=-1).get("workers", {}))

    def _threads(self) -> int:
        return sum(self.client.nthreads().values())

    def check(self, items: list[Input]) -> None:
        """`DaskError` now, before any document, when a connected worker could not run them:
        plan-extract missing or of another version, or relative paths it would read from
        another folder (a worker's threads share one folder, so a task cannot move)."""
        facts = self.client.run(_worker_facts, on_error="return")
        here = os.getcwd()
        relative = any(isinstance(i, Path) and not i.is_absolute() for i in items)
        for address, got in sorted(facts.items()):
            if isinstance(got, BaseException):
                raise DaskError(f"Dask worker {address} cannot run plan-extract ({type(got).__name__}: "
                                f"{got}); install the same plan-extract on the workers")
            if got["version"] != PIPELINE_VERSION:
                raise DaskError(f"Dask worker {address} has plan-extract {got['version']}, this is "
                                f"{PIPELINE_VERSION}; install the same version on the workers")
            if relative and got["cwd"] != here:
                raise DaskError(f"Dask worker {address} runs in {got['cwd']}, not {here}: give the "
                                "inputs as absolute paths, or start the workers in this folder")

    def extract_many(self, items: list[Input], **options: Any) -> Iterator[Outcome]:
        """Each input's Outcome, as the documents finish (not in input order); `options` are
        `pipeline.extract_many`'s (taxonomy, timeout, timeout_per_ocr_page, ...) but workers.
        Closing the generator (Ctrl-C in the CLI) cancels the tasks not yet done."""
        threads = max(self._threads(), 1)
        size = max(1, min(CHUNK, math.ceil(len(items) / (threads * TASKS_PER_THREAD))))
        pending = [items[i:i + size] for i in range(0, len(items), size)][::-1]
        futures: dict[distributed.Future, tuple[list[Input], float]] = {}
        queue = as_completed(loop=self.client.loop)
        window, seen = TASKS_PER_THREAD * threads, 0

        def submit() -> None:
            while pending and len(futures) < window:
                chunk = pending.pop()
                future = self.client.submit(_extract_on_worker, chunk, options, pure=False)
                futures[future] = chunk, time.monotonic()
                queue.add(future)

        try:
            submit()
            for future in queue:
                chunk, t0 = futures.pop(future)
                yield from self._outcomes(future, chunk, t0)
                future.release()
                seen += 1
                if seen % 16 == 0:  # a cluster that grows gets more in flight
                    window = TASKS_PER_THREAD * max(self._threads(), 1)
                submit()
        finally:
            if futures:
                self.client.cancel(list(futures))

    @staticmethod
    def _outcomes(future: distributed.Future, chunk: list[Input], t0: float) -> list[Outcome]:
        """The task's Outcomes, or an error record for each document of a task that raised or
        lost its worker."""
        seconds = time.monotonic() - t0
        try:
            return future.result()
        except distributed.KilledWorker as exc:
            return [_failed(item, seconds, "WorkerDied",
                            f"the Dask worker died on it or on a document run with it (KilledWorker: "
                            f"{exc}), in stage unknown") for item in chunk]
        except Exception as exc:  # raised in the task, or its result could not be sent back
            return [_failed(item, seconds, type(exc).__name__,
                            f"the Dask task failed: {exc or type(exc).__name__}") for item in chunk]

    def close(self) -> None:
        client = getattr(self, "client", None)
        if client is not None:
            client.close()
        if self.cluster is not None:
            self.cluster.close()
            self.cluster = None
