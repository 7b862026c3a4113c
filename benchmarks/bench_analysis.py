"""What the analyst commands cost next to the extraction they follow (`make bench`).

Why: `load`, `export` and `report` run after every batch; they should cost a fraction of the
extraction that produced the folder, and grow linearly with it. This extracts the benchmark
corpus (bench_extract.py's 1,000 documents, built the same way if OUT/corpus is missing) to
OUT/analysis/out with the batch CLI's code, then times, in the same process and run:
`plan_extract.load`, each export, and the HTML report, and prints each time as a ratio of
the extraction time. Every step runs once after a warm-up on a small folder (imports,
template, DuckDB), so the times are of the work, not of loading libraries.

Speed is measured only here, never in tests. Results go to OUT/analysis/bench.json.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import platform
import shutil
import sys
import time
from collections.abc import Callable
from pathlib import Path

import typer

from plan_extract.analysis.export import export_csv, export_duckdb, export_parquet
from plan_extract.analysis.frames import Frames, load
from plan_extract.analysis.report import render_report
from plan_extract.cli import extract
from plan_extract.document import PIPELINE_VERSION

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench_extract  # noqa: E402  (the corpus builder, shared so both benchmarks read the same files)


def corpus(out: Path, docs: int, cap_kb: int) -> list[Path]:
    folder = out / "corpus"
    files = sorted(p for p in folder.glob("*") if p.is_file()) if folder.exists() else []
    if len(files) != docs:
        bases = bench_extract.base_documents()
        bench_extract.apportion(bases, docs, cap_kb * 1000)
        files = [c.path for c in bench_extract.build_corpus(bases, folder)]
    return files


def run_extract(inputs: list[Path], target: Path) -> float:
    if target.exists():
        shutil.rmtree(target)
    t0 = time.perf_counter()
    with contextlib.suppress(typer.Exit):  # the command ends by raising its exit code
        extract(inputs, target, jsonl=False, workers=1, quiet=True)
    return time.perf_counter() - t0


def timed(step: Callable[[], object]) -> float:
    t0 = time.perf_counter()
    step()
    return time.perf_counter() - t0


def steps(frames: Frames, folder: Path) -> dict[str, Callable[[], object]]:
    return {
        "export --parquet": lambda: export_parquet(frames, folder / "parquet"),
        "export --csv": lambda: export_csv(frames, folder / "csv"),
        "export --duckdb": lambda: export_duckdb(frames, folder / "db.duckdb"),
        "report": lambda: (folder / "report.html").write_text(render_report(frames), "utf-8"),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=1000)
    parser.add_argument("--cap-kb", type=int, default=32)
    parser.add_argument("--out", type=Path, default=ROOT / "bench-out")
    args = parser.parse_args(argv)
    inputs = corpus(args.out, args.docs, args.cap_kb)
    work = args.out / "analysis"

    # warm-up: a few documents through every step
    run_extract(inputs[:5], work / "warm")
    for step in steps(load(work / "warm"), work / "warm-export").values():
        step()

    extract_s = run_extract(inputs, work / "out")
    times = {"extract (1 process)": extract_s}
    frames: list[Frames] = []
    times["load"] = timed(lambda: frames.append(load(work / "out")))
    times.update({name: timed(step) for name, step in steps(frames[0], work / "export").items()})
    sizes = {name: len(df) for name, df in frames[0].items()}
    report_mb = (work / "export" / "report.html").stat().st_size / 1e6

    print(f"plan-extract {PIPELINE_VERSION}, Python {platform.python_version()}: {len(inputs)} inputs, "
          f"{sizes['documents']} documents, {sizes['activities']} activities, {sizes['errors']} errors")
    print(f"{'step':<22} {'seconds':>8} {'x extract':>10}")
    for name, seconds in times.items():
        print(f"{name:<22} {seconds:>8.2f} {seconds / extract_s:>10.3f}")
    print(f"report.html: {report_mb:.1f} MB")
    (work / "bench.json").write_text(json.dumps(
        {"pipeline_version": PIPELINE_VERSION, "inputs": len(inputs), "rows": sizes,
         "seconds": times, "ratio_to_extract": {k: v / extract_s for k, v in times.items()},
         "report_mb": report_mb}, indent=1), "utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
