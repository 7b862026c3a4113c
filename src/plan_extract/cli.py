"""Command line: `plan-extract extract | schema | validate | fetch | train | evaluate | export | report`.
A thin shell: parse the options, call the library, print; what is written where is `outputs`'."""

from __future__ import annotations

import json
import re
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from . import config
from .document import PIPELINE_VERSION, Document
from .errors import ConfigError
from .evaluation.scoring import validate as run_validate
from .evaluation.thresholds import load_thresholds
from .outputs import BatchOutput, write_atomic
from .pipeline import extract_many
from .readers import find_inputs
from .taxonomy import DEFAULT_TAXONOMY, available_taxonomies

if TYPE_CHECKING:
    from .analysis.frames import Frames

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="Vietnamese plan texts to validated structured JSON.")
console = Console(stderr=True)


def _stdout() -> Console:
    """Tables for people: full width even when piped into a log."""
    out = Console()
    return out if out.is_terminal else Console(width=160)


@app.command()
def extract(
    paths: Annotated[list[Path], typer.Argument(help="files or folders (searched recursively)")],
    out: Annotated[Path, typer.Option("-o", "--out", help="output folder")],
    jsonl: Annotated[bool, typer.Option("--jsonl", help="also write OUT/documents.jsonl")] = False,
    workers: Annotated[int, typer.Option("--workers", "-w", min=1, help="worker processes")] = 1,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="no summary table")] = False,
    taxonomy: Annotated[str, typer.Option("--taxonomy", help="pillar taxonomy")] = DEFAULT_TAXONOMY,
) -> None:
    """Extract every document to OUT/<stem>.json; failures go to OUT/errors.jsonl."""
    if taxonomy not in available_taxonomies():
        raise typer.BadParameter(f"unknown taxonomy {taxonomy!r}; available: "
                                 f"{', '.join(available_taxonomies())}", param_hint="--taxonomy")
    try:
        config.check_all()
    except ConfigError as exc:  # a broken data file would fail every document: stop here
        console.print(f"plan-extract: broken data file: {exc}", markup=False, highlight=False,
                      soft_wrap=True)
        raise typer.Exit(2) from None
    inputs, missing = find_inputs(paths)
    batch = BatchOutput(out, inputs, jsonl=jsonl)
    batch.missing(missing)
    t0 = time.perf_counter()
    progress = Progress(TextColumn("[bold]extract"), BarColumn(), MofNCompleteColumn(),
                        TimeElapsedColumn(), TextColumn("{task.description}"), console=console,
                        disable=not console.is_terminal)
    try:
        with progress:
            task = progress.add_task("", total=len(inputs))
            for outcome in extract_many(inputs, workers=workers, taxonomy=taxonomy):
                progress.update(task, advance=1, description=outcome.path.name)
                if outcome.document is not None:
                    batch.document(outcome.path, outcome.document, outcome.seconds)
                else:
                    batch.error(outcome.error, outcome.seconds)
    finally:
        batch.close_stream()
    manifest = batch.close(time.perf_counter() - t0, workers)
    if not quiet:
        _summary(batch.results, batch.errors, out, manifest["seconds"])
    raise typer.Exit(1 if batch.errors else 0)


def _summary(results: list[dict], errors: list[dict], out: Path, seconds: float) -> None:
    table = Table(title=f"plan-extract {PIPELINE_VERSION}: {len(results)} extracted, "
                        f"{len(errors)} failed in {seconds:.1f}s -> {out}")
    columns = ("document", "kind", "number", "date", "activities", "references", "warnings")
    for col in columns:
        table.add_column(col, justify="right" if col in columns[4:] else "left")
    shown = results[:25]
    for r in shown:
        table.add_row(Path(r["path"]).name, r["kind"], r["doc_number"] or "-",
                      r["issue_date"] or "-", str(r["activities"]), str(r["references"]),
                      str(r["warnings"]))
    if len(results) > len(shown):
        table.add_row(f"… {len(results) - len(shown)} more", *[""] * (len(columns) - 1))
    _stdout().print(table)
    for e in errors[:10]:
        _stdout().print(f"[red]error[/red] {e['path']} ({e['stage']}): {e['error_type']}: "
                        f"{e['message']}")


@app.command()
def schema(out: Annotated[Path, typer.Option("-o", "--out", help="output folder")] = Path("schemas")
           ) -> None:
    """Write the JSON Schema of the output document."""
    out.mkdir(parents=True, exist_ok=True)
    target = out / "plan-extract.schema.json"
    write_atomic(target, schema_text())
    console.print(f"wrote {target}")


def schema_text() -> str:
    return json.dumps(Document.model_json_schema(), ensure_ascii=False, indent=2) + "\n"


@app.command()
def validate(
    out: Annotated[Path, typer.Argument(help="folder written by `extract`")],
    gold: Annotated[Path, typer.Option("--gold", help="folder of *.gold.json")] = Path("corpus/gold"),
    as_json: Annotated[bool, typer.Option("--json", help="print the report as JSON")] = False,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="list every miss")] = False,
    min_metadata: Annotated[float | None, typer.Option(help="override thresholds.toml")] = None,
    min_references_f1: Annotated[float | None, typer.Option()] = None,
    min_activities_f1: Annotated[float | None, typer.Option()] = None,
    min_section_path: Annotated[float | None, typer.Option()] = None,
    min_agency: Annotated[float | None, typer.Option()] = None,
) -> None:
    """Score OUT against gold files; exit 1 when an overall score is below its threshold."""
    thresholds = load_thresholds(gold)
    overrides = {"metadata": min_metadata, "references_f1": min_references_f1,
                 "activities_f1": min_activities_f1, "section_path": min_section_path,
                 "agency": min_agency}
    thresholds.update({k: v for k, v in overrides.items() if v is not None})
    report = run_validate(out, gold, thresholds)
    if as_json:
        print(json.dumps({"documents": report.documents, "overall": report.overall,
                          "thresholds": thresholds, "failures": report.failures},
                         ensure_ascii=False, indent=1))
    else:
        _print_report(report, thresholds, verbose)
    raise typer.Exit(1 if report.failures else 0)


_COLUMNS = ("metadata", "metadata_spurious", "references_f1", "references_date", "activities_f1",
            "section_path", "agency", "pillar_declared_accuracy", "pillar_judged_accuracy",
            "pillar_judged_macro_f1")


def _print_report(report, thresholds: dict[str, float], verbose: bool) -> None:
    def fmt(v) -> str:
        return "-" if v is None else (str(v) if isinstance(v, int) else f"{v:.3f}")

    table = Table(title="plan-extract validate")
    table.add_column("document")
    for col in _COLUMNS:
        table.add_column(col.replace("_", " "), justify="right")
    for name, scores in report.documents.items():
        table.add_row(name, *(fmt(scores[c]) for c in _COLUMNS))
    table.add_row("[bold]overall", *(f"[bold]{fmt(report.overall[c])}" for c in _COLUMNS))
    table.add_row("minimum", *(fmt(thresholds.get(c)) for c in _COLUMNS))
    out = _stdout()
    out.print(table)
    for source, matrix in report.overall.get("pillar_confusion", {}).items():
        if matrix:
            out.print(f"pillar confusion ({source}), gold -> predicted: "
                      + "; ".join(f"{g}: {dict(sorted(row.items()))}" for g, row in sorted(matrix.items())),
                      highlight=False)
    if verbose:
        for name, scores in report.documents.items():
            for note in scores["notes"]:
                out.print(f"  {name}: {note}", highlight=False)
    for failure in report.failures:
        out.print(f"[red]below threshold:[/red] {failure}")
    if not report.failures:
        out.print("[green]all thresholds met[/green]")


def parse_rate(text: str) -> float:
    """"1/s", "2/s", "30/min", "0.5" -> requests per second."""
    m = re.fullmatch(r"\s*([\d.]+)\s*(?:/\s*(s|sec|second|m|min|minute))?\s*", text)
    if not m:
        raise typer.BadParameter(f"{text!r}: expected e.g. 1/s or 30/min", param_hint="--rate")
    value = float(m.group(1))
    return value / 60 if (m.group(2) or "s").startswith("m") else value


@app.command()
def fetch(
    urls: Annotated[list[str] | None, typer.Argument(help="page URLs")] = None,
    out: Annotated[Path, typer.Option("-o", "--out", help="folder for pages, sidecars, manifest")
                   ] = Path("corpus/raw"),
    from_file: Annotated[Path | None, typer.Option("--from", help="a file of URLs, one per line")] = None,
    rate: Annotated[str, typer.Option("--rate", help="per host, e.g. 1/s or 30/min")] = "1/s",
    max_bytes: Annotated[int, typer.Option("--max-bytes", help="largest body accepted")] = 20_000_000,
    timeout: Annotated[float, typer.Option("--timeout", help="seconds a connect or read may stall")] = 20.0,
    deadline: Annotated[float, typer.Option("--deadline", help="seconds a request may take in all")] = 120.0,
    retries: Annotated[int, typer.Option("--retries")] = 4,
    refresh: Annotated[bool, typer.Option("--refresh", help="re-check fetched pages (ETag)")] = False,
) -> None:
    """Fetch pages politely (robots.txt, rate limit, retries) into OUT, resumable; the
    manifest is OUT/fetch_manifest.jsonl. `extract OUT` then reads the pages."""
    from .fetch import FetchConfig, fetch_all
    from .readers.sites import adapter_name

    wanted = list(urls or [])
    if from_file is not None:
        wanted += [ln.strip() for ln in from_file.read_text("utf-8").splitlines()
                   if ln.strip() and not ln.lstrip().startswith("#")]
    if not wanted:
        raise typer.BadParameter("give URLs or --from FILE")
    out.mkdir(parents=True, exist_ok=True)
    try:
        config = FetchConfig(out_dir=out, rate=parse_rate(rate), max_bytes=max_bytes, timeout=timeout,
                             deadline=deadline, retries=retries, refresh=refresh)
    except ValueError as exc:  # a rate, timeout or deadline of 0: one line, no traceback
        raise typer.BadParameter(str(exc)) from None
    records = fetch_all(wanted, config, adapter=adapter_name)
    failed = [r for r in records if r.error]
    _stdout().print(f"fetched {len(records) - len(failed)} of {len(records)} URL(s) into {out} "
                    f"({sum(r.from_cache for r in records)} already there); manifest "
                    f"{out / 'fetch_manifest.jsonl'}")
    for r in failed[:20]:
        _stdout().print(f"[red]error[/red] {r.url}: {r.error}", highlight=False)
    raise typer.Exit(1 if failed else 0)


@app.command("train")
def train_cmd(
    corpus: Annotated[Path, typer.Argument(help="documents to learn declared pillars from")] = Path(
        "corpus/raw"),
    taxonomy: Annotated[str, typer.Option("--taxonomy")] = DEFAULT_TAXONOMY,
    out: Annotated[Path | None, typer.Option("-o", "--out", help="model file (default: the packaged one)")
                   ] = None,
) -> None:
    """Rebuild the pillar classifier from the corpus's declared activities + taxonomy keywords."""
    from .evaluation.corpus import train_from_corpus
    from .taxonomy.classifier import model_path

    target = out or model_path(taxonomy)
    target.parent.mkdir(parents=True, exist_ok=True)
    data = train_from_corpus(corpus, taxonomy)
    write_atomic(target, json.dumps(data, ensure_ascii=False, indent=0, sort_keys=True) + "\n")
    console.print(f"wrote {target}: {sum(data['examples'].values())} declared examples "
                  f"{data['examples']}, {data['vocabulary']} features")


@app.command()
def evaluate(
    corpus: Annotated[Path, typer.Argument(help="the documents the gold files annotate")] = Path(
        "corpus/raw"),
    gold: Annotated[Path, typer.Option("--gold")] = Path("corpus/gold"),
    taxonomy: Annotated[str, typer.Option("--taxonomy")] = DEFAULT_TAXONOMY,
    min_judged_f1: Annotated[float | None, typer.Option(help="override thresholds.toml")] = None,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Leave-one-document-out: train without each gold document, score its pillars."""
    from .evaluation.lodo import leave_one_out

    report = leave_one_out(corpus, gold, taxonomy)
    minimum = min_judged_f1 if min_judged_f1 is not None else load_thresholds(gold, "lodo").get(
        "judged_macro_f1")
    judged_f1 = report.judged["macro_f1"]
    failed = minimum is not None and (judged_f1 or 0.0) < minimum
    if as_json:
        print(json.dumps({"per_document": report.per_document, "judged": report.judged,
                          "declared": report.declared, "minimum": minimum}, indent=1))
    else:
        out = _stdout()
        table = Table(title="pillars, leave one document out")
        for col in ("document", "declared acc", "judged acc", "judged macro-F1", "judged n"):
            table.add_column(col, justify="left" if col == "document" else "right")

        def fmt(v) -> str:
            return "-" if v is None else f"{v:.3f}"

        for stem, m in report.per_document.items():
            table.add_row(stem, fmt(m["declared"]["accuracy"]), fmt(m["judged"]["accuracy"]),
                          fmt(m["judged"]["macro_f1"]), str(m["judged"]["n"]))
        table.add_row("[bold]all", fmt(report.declared["accuracy"]), fmt(report.judged["accuracy"]),
                      f"[bold]{fmt(judged_f1)}", str(report.judged["n"]))
        out.print(table)
        out.print("judged confusion, gold -> predicted: " + "; ".join(
            f"{g}: {dict(sorted(r.items()))}" for g, r in sorted(report.judged["confusion"].items())),
            highlight=False)
        if failed:
            out.print(f"[red]below threshold:[/red] judged macro-F1 {judged_f1:.3f} < {minimum:.3f}")
    raise typer.Exit(1 if failed else 0)


def _load_frames(out: Path) -> Frames:
    """Frames of an output folder, or a clear exit when it is not one."""
    from .analysis.frames import load

    if not out.is_dir():
        console.print(f"[red]{out} is not a folder; give the folder `plan-extract extract -o` wrote[/red]")
        raise typer.Exit(2)
    frames = load(out)
    if frames.documents.empty and frames.errors.empty:
        console.print(f"[yellow]{out} holds no extracted documents[/yellow]")
    return frames


@app.command()
def export(
    out: Annotated[Path, typer.Argument(help="folder written by `extract`")],
    parquet: Annotated[Path | None, typer.Option("--parquet", help="folder for <table>.parquet")] = None,
    csv: Annotated[Path | None, typer.Option("--csv", help="folder for <table>.csv")] = None,
    duckdb: Annotated[Path | None, typer.Option("--duckdb", help="DuckDB file with tables and views")
                      ] = None,
) -> None:
    """Write the documents, activities, references, sections, warnings and errors tables (the
    frames of `plan_extract.load`) as Parquet, CSV and/or one DuckDB database with views."""
    from .analysis.export import export_csv, export_duckdb, export_parquet

    if not (parquet or csv or duckdb):
        console.print("[red]say where: --parquet DIR, --csv DIR and/or --duckdb FILE[/red]")
        raise typer.Exit(2)
    frames = _load_frames(out)
    counts = ", ".join(f"{len(df)} {name}" for name, df in frames.items())
    if parquet:
        export_parquet(frames, parquet)
        console.print(f"wrote {parquet}/<table>.parquet: {counts}")
    if csv:
        export_csv(frames, csv)
        console.print(f"wrote {csv}/<table>.csv: {counts}")
    if duckdb:
        export_duckdb(frames, duckdb)
        console.print(f"wrote {duckdb}: {counts}; views pillar_by_province, pillar_by_document, "
                      "citation_edges, most_cited, agency_tasks")


@app.command()
def report(
    out: Annotated[Path, typer.Argument(help="folder written by `extract`")],
    output: Annotated[Path, typer.Option("-o", "--output", help="HTML file to write")] = Path(
        "report.html"),
    title: Annotated[str, typer.Option("--title")] = "plan-extract report",
) -> None:
    """One self-contained HTML file: corpus summary, pillar charts, a page per document with
    its activities (pillar, confidence, evidence) and warnings."""
    from .analysis.report import render_report

    frames = _load_frames(out)
    write_atomic(output, render_report(frames, title=title))
    console.print(f"wrote {output}: {len(frames.documents)} documents, {len(frames.activities)} "
                  f"activities, {len(frames.errors)} failed inputs")


def main() -> None:  # pragma: no cover
    app(prog_name="plan-extract")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
