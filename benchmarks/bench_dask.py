"""The Dask executor on a 2-worker LocalCluster next to one process, on the same documents
(`make bench`).

Why: issue 16 asks that `extract --executor dask` on a LocalCluster of 2 workers run at least
1.6x as fast as one process, so that a cluster's workers are spent on documents, not on
shipping them. This times, in one run over the same files (bench_extract.py's corpus, built
the same way if OUT/corpus is missing): `extract_many` in this process (workers=1), the
local executor with 2 worker processes, and `DaskExecutor.extract_many` on a LocalCluster of
2 single-threaded worker processes; each as the speed-up over one process, beside its target.

The cluster's start (about a second: two Python processes) and each worker's warm-up (data
files, models, reader libraries, `dask_cluster._warm_up`) are timed apart and left out of
the Dask figure, as the local pool's start is left in its own (its workers fork from a warm
process in milliseconds). The documents are those of the corpus in its fixed order; every
run must account for all of them.

Speed is measured only here, never in tests. Results go to OUT/dask/bench.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench_extract  # noqa: E402  (the corpus builder, shared so every benchmark reads the same files)

from plan_extract.document import PIPELINE_VERSION  # noqa: E402
from plan_extract.pipeline import extract_many  # noqa: E402

TARGETS = {"local executor, 2 workers": 1.8, "Dask executor, 2-worker LocalCluster": 1.6}
"""Speed-ups over one process that issue 16 asks for."""


def corpus(out: Path, docs: int, cap_kb: int) -> list[Path]:
    folder = out / "corpus"
    files = sorted(p for p in folder.glob("*") if p.is_file()) if folder.exists() else []
    if len(files) != docs:
        bases = bench_extract.base_documents()
        bench_extract.apportion(bases, docs, cap_kb * 1000)
        files = [c.path for c in bench_extract.build_corpus(bases, folder)]
    return files


def timed_run(outcomes, count: int) -> float:
    t0 = time.perf_counter()
    seen = sum(1 for _ in outcomes)
    seconds = time.perf_counter() - t0
    if seen != count:
        raise SystemExit(f"{seen} outcomes for {count} inputs")
    return seconds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=1000)
    parser.add_argument("--cap-kb", type=int, default=32)
    parser.add_argument("--out", type=Path, default=ROOT / "bench-out")
    args = parser.parse_args(argv)
    try:
        from plan_extract.executors.dask_cluster import DaskExecutor, _warm_up
    except ImportError as exc:
        print(f"bench_dask: skipped, the dask extra is not installed ({exc})")
        return 0
    inputs = corpus(args.out, args.docs, args.cap_kb)
    options = {"taxonomy": "auto", "timeout": 600.0, "timeout_per_ocr_page": 60.0}  # the CLI's defaults
    list(extract_many(inputs[:20], workers=1))  # warm this process (the one-process run)
    _warm_up()  # and what the pool's workers fork from

    one = timed_run(extract_many(inputs, workers=1, taxonomy="auto"), len(inputs))
    local = timed_run(extract_many(inputs, workers=2, **options), len(inputs))
    t0 = time.perf_counter()
    cluster = DaskExecutor(None, workers=2)
    started = time.perf_counter() - t0
    try:
        t0 = time.perf_counter()
        cluster.client.run(_warm_up)
        warmed = time.perf_counter() - t0
        dask = timed_run(cluster.extract_many(inputs, **options), len(inputs))
    finally:
        cluster.close()

    rows = {"one process (workers=1)": one, "local executor, 2 workers": local,
            "Dask executor, 2-worker LocalCluster": dask}
    print(f"plan-extract {PIPELINE_VERSION}: {len(inputs)} documents, {os.cpu_count()} CPUs; "
          f"Dask cluster start {started:.1f} s, worker warm-up {warmed:.1f} s (not in its time)")
    print(f"{'run':40} {'seconds':>8} {'docs/s':>8} {'speed-up':>9} {'target':>7}")
    for name, seconds in rows.items():
        target = TARGETS.get(name)
        ratio = one / seconds
        mark = "" if target is None else ("ok" if ratio >= target else "BELOW")
        print(f"{name:40} {seconds:8.2f} {len(inputs) / seconds:8.1f} {ratio:8.2f}x "
              f"{f'>={target}x' if target else '':>7} {mark}")
    folder = args.out / "dask"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "bench.json").write_text(json.dumps({
        "pipeline_version": PIPELINE_VERSION, "docs": len(inputs), "cpus": os.cpu_count(),
        "python": platform.python_version(), "seconds": rows,
        "speed_up": {k: one / v for k, v in rows.items()}, "targets": TARGETS,
        "cluster_start_seconds": started, "worker_warm_up_seconds": warmed}, indent=1), "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
