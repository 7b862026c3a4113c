"""Command line: `plan-extract extract | schema | validate | fetch | train | evaluate | export | report`.
A thin shell: parse the options, call the library, print; what is written where is `outputs`'."""

from __future__ import annotations

import json
import os
import re
import signal
import sys
import time
from collections.abc import Iterable
from contextlib import closing, suppress
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from . import config
from .document import PIPELINE_VERSION, Document
from .errors import ConfigError
from .evaluation.scoring import validate as run_validate
from .evaluation.thresholds import load_thresholds
from .outputs import BatchOutput, OutputError, check_target, path_text, write_atomic, write_failure
from .pipeline import BytesInput, extract_many
from .readers import suffixes
from .shards import in_shard, parse_shard, read_file_list
from .taxonomy import AUTO_TAXONOMY, DEFAULT_TAXONOMY, available_taxonomies
from .taxonomy.selection import choose_taxonomy, selection_rules

if TYPE_CHECKING:
    from .analysis.frames import Frames

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  context_settings={"help_option_names": ["-h", "--help"]},
                  help="Vietnamese plan texts to validated structured JSON.")
console = Console(stderr=True)


def _print_version(value: bool) -> None:
    if value:
        print(f"plan-extract {PIPELINE_VERSION}")
        raise typer.Exit()


@app.callback()
def _options(
    version: Annotated[bool, typer.Option("--version", callback=_print_version, is_eager=True,
                                          help="print the version and exit")] = False,
) -> None:
    """Vietnamese plan texts to validated structured JSON."""


def _stdout() -> Console:
    """Tables for people: full width even when piped into a log."""
    out = Console()
    return out if out.is_terminal else Console(width=160)


DEFAULT_TIMEOUT = 600.0
"""Seconds one document may take in `extract`: the slowest real document, a scanned PDF OCR'd
page by page (tesseract's own limit is 120 s a page), takes far less; a hung one stops here."""
DEFAULT_CORPORA = [Path("corpus/raw"), Path("corpus/incoming/raw")]
"""The documents `train` and `evaluate` read by default: the seeds and the adopted ones."""
DEFAULT_GOLD = [Path("corpus/gold"), Path("corpus/incoming/gold")]


DEFAULT_TIMEOUT_PER_OCR_PAGE = 60.0
"""Seconds a document's limit grows by for each page it OCRs: a page took 4-7 s on a 2-core
machine (tesseract's own limit is 120 s a page), so a 200-page scan is not stopped, a hung
page is."""


def _fail(message: str, code: int = 2) -> typer.Exit:
    """One clear line on stderr (user text printed as text, never as markup), and the exit."""
    console.print(f"plan-extract: {message}", markup=False, highlight=False, soft_wrap=True)
    return typer.Exit(code)


class _Terminated(KeyboardInterrupt):
    """SIGTERM, handled as Ctrl-C is: record what is done, exit 130."""


def _on_sigterm(signum, frame) -> None:
    raise _Terminated


@app.command()
def extract(
    ctx: typer.Context,
    paths: Annotated[list[Path] | None, typer.Argument(
        help="files or folders (searched recursively); - reads one document from standard input")] = None,
    out: Annotated[Path | None, typer.Option("-o", "--out", help="output folder")] = None,
    jsonl: Annotated[bool, typer.Option("--jsonl", help="also write OUT/documents.jsonl")] = False,
    stdout: Annotated[bool, typer.Option("--stdout", help="write each document's JSON to standard "
                                                          "output, one per line")] = False,
    workers: Annotated[int, typer.Option("--workers", "-w", min=1, help="worker processes")] = 1,
    executor: Annotated[str, typer.Option(
        "--executor", help="local: worker processes on this machine; dask: a Dask cluster, the one at "
                           "--scheduler or a local one of --workers processes (the dask extra)")] = "local",
    scheduler: Annotated[str | None, typer.Option(
        "--scheduler", help="the Dask scheduler of --executor dask, e.g. tcp://HOST:8786")] = None,
    timeout: Annotated[float, typer.Option(
        "--timeout", min=0, help="seconds a document may take before it becomes an error record "
                                 "(0: no limit)")] = DEFAULT_TIMEOUT,
    timeout_per_ocr_page: Annotated[float, typer.Option(
        "--timeout-per-ocr-page", min=0, help="seconds added to --timeout for each page a scanned "
                                              "PDF has OCR'd")] = DEFAULT_TIMEOUT_PER_OCR_PAGE,
    max_bytes: Annotated[str | None, typer.Option(
        "--max-bytes", metavar="SIZE", help="largest input read, as 200M, 1G, 500k or bytes "
                                            "(default: the limits in data/readers/formats.toml)")] = None,
    max_docx_bytes: Annotated[str | None, typer.Option(
        "--max-docx-bytes", metavar="SIZE", help="most a DOCX may unpack to, all parts together")] = None,
    max_docx_part_bytes: Annotated[str | None, typer.Option(
        "--max-docx-part-bytes", metavar="SIZE", help="most one XML part of a DOCX may unpack to")] = None,
    max_pages: Annotated[int | None, typer.Option(
        "--max-pages", min=1, help="most pages a PDF may have")] = None,
    resume: Annotated[bool, typer.Option("--resume", help="skip inputs whose output in OUT is from "
                                                          "the same bytes and pipeline version")] = False,
    fmt: Annotated[str | None, typer.Option("--format", help="format of standard input "
                                                             "(default: told from the bytes)")] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="no summary table")] = False,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="list every failed input")] = False,
    taxonomy: Annotated[str, typer.Option(
        "--taxonomy", help="pillar taxonomy for every document; default auto: ascc_2035 for a "
                           "document citing Decision 155/QĐ-TTg (2026), else ascc_2025")] = AUTO_TAXONOMY,
    files_from: Annotated[Path | None, typer.Option(
        "--files-from", help="a file of inputs, one path a line (# comments), besides PATHS")] = None,
    shard: Annotated[str | None, typer.Option(
        "--shard", help="K/N: take only the K-th of N shards of the inputs (a stable split by "
                        "path, for array jobs)")] = None,
) -> None:
    """Extract every document to OUT/<stem>.json; failures go to OUT/errors.jsonl.

    Exit code 0: every input extracted; 1: some inputs failed; 2: the run itself failed (no
    input, an output folder that cannot be written, a broken data file); 130: interrupted."""
    from .readers import READERS, guess_format, search_inputs

    if taxonomy != AUTO_TAXONOMY and taxonomy not in available_taxonomies():
        raise typer.BadParameter(f"unknown taxonomy {taxonomy!r}; available: "
                                 f"{', '.join([AUTO_TAXONOMY, *available_taxonomies()])}",
                                 param_hint="--taxonomy")
    if fmt is not None and fmt not in READERS:
        raise typer.BadParameter(f"unknown format {fmt!r}; one of {', '.join(READERS)}",
                                 param_hint="--format")
    if out is None and not stdout:
        raise _fail("say where the documents go: -o FOLDER and/or --stdout")
    ctx.call_on_close(config.reset_limits)  # an in-process caller (tests, a notebook) keeps the file's
    config.set_limits(max_input_bytes=_size(max_bytes, "--max-bytes"),
                      max_docx_unpacked_bytes=_size(max_docx_bytes, "--max-docx-bytes"),
                      max_docx_xml_part_bytes=_size(max_docx_part_bytes, "--max-docx-part-bytes"),
                      max_pdf_pages=max_pages)
    try:
        config.check_all()
        if taxonomy == AUTO_TAXONOMY:
            selection_rules()
    except ConfigError as exc:  # a broken data file would fail every document: stop here
        raise _fail(f"broken data file: {exc}") from None
    paths = list(paths or [])
    if files_from is not None:
        try:
            paths += read_file_list(files_from)
        except OSError as exc:
            raise _fail(f"cannot read the input list {path_text(files_from)}: "
                        f"{exc.strerror or exc}") from None
    if not paths:
        raise _fail("no inputs: give files or folders, - for standard input, or --files-from LIST")
    try:
        k_of_n = parse_shard(shard) if shard is not None else None
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="--shard") from None
    from_stdin = any(str(p) == "-" for p in paths)
    search = search_inputs([p for p in paths if str(p) != "-"])
    if k_of_n is not None:  # each input, found or not, is accounted for by exactly one shard
        total = len(search.found) + len(search.missing) + len(search.problems)
        search.found = in_shard(search.found, *k_of_n)
        search.missing = in_shard(search.missing, *k_of_n)
        kept = set(in_shard([p for p, _, _ in search.problems], *k_of_n))
        search.problems = [x for x in search.problems if x[0] in kept]
        if total and not (search.found or search.missing or search.problems or from_stdin):
            # An array job's share of a small corpus may be empty: nothing to do, no failure.
            _stdout().print(f"shard {shard} holds none of the {total} inputs: nothing to extract")
            raise typer.Exit(0)
    if not (search.found or search.missing or search.problems or from_stdin):
        known = ", ".join(sorted(suffixes()))
        raise _fail(f"no input files in {', '.join(path_text(p) for p in paths)} (looked for {known})")
    inputs = search.found + ([Path("-")] if from_stdin else [])
    cluster = _dask_executor(executor, scheduler, workers, inputs)
    batch = None
    if out is not None:
        try:
            batch = BatchOutput(out, inputs, jsonl=jsonl, resume=resume, taxonomy=taxonomy,
                                workers=cluster.workers if cluster else workers,
                                taxonomy_of=_chosen_taxonomy if taxonomy == AUTO_TAXONOMY else None)
        except OutputError as exc:
            if cluster:
                cluster.close()
            raise _fail(str(exc)) from None
    t0 = time.perf_counter()
    results = errors = 0
    status, code = "complete", 0
    previous = None
    with suppress(ValueError):  # not the main thread: no handler
        previous = signal.signal(signal.SIGTERM, _on_sigterm)
    try:
        if batch is not None:
            batch.missing(search.missing)
            for path, error_type, message in search.problems:
                batch.problem(path, error_type, message)
            errors = len(batch.errors)
        else:
            for p in search.missing:
                console.print(f"error {path_text(p)} (ingest): no such file or folder", markup=False)
            for p, error_type, message in search.problems:
                console.print(f"error {path_text(p)} (ingest): {error_type}: {message}", markup=False)
            errors = len(search.missing) + len(search.problems)
        todo = batch.todo if batch is not None else inputs
        files = [p for p in todo if str(p) != "-"]
        progress = Progress(TextColumn("[bold]extract"), BarColumn(), MofNCompleteColumn(),
                            TimeElapsedColumn(), TextColumn("{task.description}"), console=console,
                            disable=quiet or not console.is_terminal)
        if from_stdin and Path("-") in todo:
            files = [_stdin_input(fmt, guess_format), *files]
        options = {"taxonomy": taxonomy, "timeout": timeout or None,
                   "timeout_per_ocr_page": timeout_per_ocr_page, "limits": config.limit_overrides()}
        outcomes = (cluster.extract_many(files, **options) if cluster
                    else extract_many(files, workers=workers, **options))
        with progress, closing(outcomes) as stream:
            task = progress.add_task("", total=len(todo))
            for outcome in stream:
                progress.update(task, advance=1, description=escape(path_text(outcome.path.name)))
                if outcome.document is not None:
                    results += 1
                    if stdout:
                        _write_stdout(outcome.document.json_chunks())
                    if batch is not None:
                        batch.document(outcome.path, outcome.document, outcome.seconds)
                else:
                    errors += 1
                    if batch is not None:
                        batch.error(outcome.error, outcome.seconds)
                    else:
                        e = outcome.error
                        console.print(f"error {e.path} ({e.stage}): {e.error_type}: {e.message}",
                                      markup=False, highlight=False)
        code = 1 if errors else 0
    except KeyboardInterrupt:
        status, code = "interrupted", 130
    except OutputError as exc:
        status, code = f"failed: {exc}", 2
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)
        if cluster:
            cluster.close()
    if batch is None:
        if status.startswith("failed"):
            raise _fail(status.removeprefix("failed: "))
        raise typer.Exit(code)
    try:
        manifest = batch.close(time.perf_counter() - t0, workers, status=status)
    except OutputError as exc:
        batch.release()
        raise _fail(str(exc)) from None
    if status.startswith("failed"):
        raise _fail(status.removeprefix("failed: ") + f" (the {len(batch.results)} documents done are "
                    f"listed in {path_text(out / 'manifest.json')})")
    if not quiet:
        _summary(batch.results, batch.errors, out, manifest["seconds"], verbose, batch.resumed,
                 to=console if stdout else None)
    if status == "interrupted":
        raise _fail(f"interrupted: {len(batch.results) + len(batch.errors)} of {batch.inputs} inputs "
                    f"done and listed in {path_text(out / 'manifest.json')}; --resume finishes the run",
                    130)
    if errors and not batch.results:
        console.print(f"plan-extract: none of the {batch.inputs} input(s) could be read; see "
                      f"{path_text(out / 'errors.jsonl')}", markup=False, highlight=False)
    raise typer.Exit(code)


def _size(text: str | None, option: str) -> int | None:
    """The bytes of a --max-* option (None: the data file's limit)."""
    if text is None:
        return None
    try:
        return config.parse_size(text)
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint=option) from None


def _dask_executor(executor: str, scheduler: str | None, workers: int, inputs: list[Path]):
    """The Dask cluster `--executor dask` runs on, connected and checked, or None for the
    local executor; a missing extra, an unreachable scheduler or an unfit worker is one line
    and exit 2, before the output folder is touched."""
    if executor not in ("local", "dask"):
        raise typer.BadParameter(f"unknown executor {executor!r}; one of local, dask",
                                 param_hint="--executor")
    if executor == "local":
        if scheduler is not None:
            raise _fail("--scheduler is for --executor dask")
        return None
    try:
        from .executors.dask_cluster import DaskError, DaskExecutor
    except ImportError as exc:
        raise _fail(f"--executor dask needs dask and distributed ({exc}); "
                    "pip install 'plan-extract[dask]'") from None
    try:
        cluster = DaskExecutor(scheduler, workers)
    except DaskError as exc:
        raise _fail(str(exc)) from None
    try:
        cluster.check([p for p in inputs if str(p) != "-"])
    except DaskError as exc:
        cluster.close()
        raise _fail(str(exc)) from None
    return cluster


def _write_stdout(pieces: Iterable[bytes | memoryview]) -> None:
    """A line of `--stdout` (one document's JSON, its bytes in pieces); a full disk or a
    closed pipe ends the run as an `OutputError` (and standard output goes to /dev/null, so
    exiting does not fail on it a second time)."""
    try:
        sys.stdout.flush()
        for piece in pieces:
            sys.stdout.buffer.write(piece)
        sys.stdout.buffer.write(b"\n")
        sys.stdout.buffer.flush()
    except OSError as exc:
        with suppress(OSError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        raise write_failure("standard output", exc) from None


def _chosen_taxonomy(stored: dict) -> str:
    """The taxonomy automatic selection gives a stored output (`--resume` of an auto run)."""
    return choose_taxonomy(Document.model_validate(stored))


def _stdin_input(fmt: str | None, guess) -> BytesInput:
    """The document on standard input (`extract -`), read whole here; it runs in the workers,
    under --timeout, like the files."""
    data = sys.stdin.buffer.read()
    return BytesInput(data, fmt or guess(data))


def _summary(results: list[dict], errors: list[dict], out: Path, seconds: float,
             verbose: bool = False, resumed: int = 0, to: Console | None = None) -> None:
    """The run in a table; user text (names, numbers, messages) printed as text."""
    show = to or _stdout()
    again = f" ({resumed} from an earlier run)" if resumed else ""
    table = Table(title=escape(f"plan-extract {PIPELINE_VERSION}: {len(results)} extracted{again}, "
                               f"{len(errors)} failed in {seconds:.1f}s -> {path_text(out)}"))
    columns = ("document", "kind", "number", "date", "activities", "references", "warnings")
    for col in columns:
        table.add_column(col, justify="right" if col in columns[4:] else "left")
    shown = results[:25]
    for r in shown:
        table.add_row(escape(Path(r["path"]).name), r["kind"], escape(r["doc_number"] or "-"),
                      r["issue_date"] or "-", str(r["activities"]), str(r["references"]),
                      str(r["warnings"]))
    if len(results) > len(shown):
        table.add_row(f"… {len(results) - len(shown)} more", *[""] * (len(columns) - 1))
    show.print(table)
    listed = errors if verbose else errors[:10]
    for e in listed:
        show.print(Text.assemble(("error", "red"), f" {e['path']} ({e['stage']}): "
                                                        f"{e['error_type']}: {e['message']}"))
    if len(errors) > len(listed):
        show.print(f"… {len(errors) - len(listed)} more in {escape(path_text(out / 'errors.jsonl'))}"
                        " (-v lists them all)", highlight=False)


@app.command()
def schema(out: Annotated[Path, typer.Option("-o", "--out", help="output folder")] = Path("schemas")
           ) -> None:
    """Write the JSON Schema of the output document."""
    target = out / "plan-extract.schema.json"
    try:
        check_target(out, folder=True)
        write_atomic(target, schema_text())
    except OutputError as exc:
        raise _fail(f"schema: {exc}") from None
    except OSError as exc:
        raise _fail(f"schema: {write_failure(target, exc)}") from None
    console.print(f"wrote {target}")


SCHEMA_ID = f"urn:plan-extract:schema:document:{PIPELINE_VERSION}"
PACKAGED_SCHEMA = Path(__file__).with_name("schema") / "plan-extract.schema.json"
"""The schema as the wheel ships it (the same text as schemas/plan-extract.schema.json)."""


def schema_text() -> str:
    """The JSON Schema of the output document, with its `$id` (one per pipeline version)."""
    schema = {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": SCHEMA_ID,
              **Document.model_json_schema()}
    return json.dumps(schema, ensure_ascii=False, indent=2) + "\n"


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
    from .evaluation.scoring import NothingToScore

    thresholds = load_thresholds(gold)
    overrides = {"metadata": min_metadata, "references_f1": min_references_f1,
                 "activities_f1": min_activities_f1, "section_path": min_section_path,
                 "agency": min_agency}
    thresholds.update({k: v for k, v in overrides.items() if v is not None})
    try:
        report = run_validate(out, gold, thresholds)
    except NothingToScore as exc:
        raise _fail(f"validate: {exc}") from None
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
        out.print(Text.assemble(("failed: " if failure.startswith("nothing") else "below threshold: ",
                                 "red"), failure))
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
                   ] = Path("fetched"),
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
        try:
            wanted += [ln.strip() for ln in from_file.read_text("utf-8").splitlines()
                       if ln.strip() and not ln.lstrip().startswith("#")]
        except (OSError, UnicodeDecodeError) as exc:
            raise _fail(f"fetch: cannot read --from {from_file}: {getattr(exc, 'strerror', None) or exc}"
                        ) from None
    if not wanted:
        raise typer.BadParameter("give URLs or --from FILE")
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise _fail(f"fetch: cannot create {out}: {exc.strerror or exc}") from None
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
        _stdout().print(f"[red]error[/red] {escape(r.url)}: {escape(r.error or '')}", highlight=False)
    raise typer.Exit(1 if failed else 0)


@app.command("train")
def train_cmd(
    corpus: Annotated[list[Path] | None, typer.Argument(
        help="folders of documents to learn from (default: corpus/raw corpus/incoming/raw)")] = None,
    gold: Annotated[list[Path] | None, typer.Option(
        "--gold", help="gold folders whose items train the logistic regression (repeatable; "
                       "default: corpus/gold corpus/incoming/gold)")] = None,
    taxonomy: Annotated[str, typer.Option("--taxonomy")] = DEFAULT_TAXONOMY,
    out: Annotated[Path | None, typer.Option("-o", "--out", help="model file to write")] = None,
    package: Annotated[bool, typer.Option("--package", help="replace the taxonomy's packaged model "
                                                            "(data/taxonomies/<name>/model.json)")] = False,
) -> None:
    """Rebuild the pillar classifier: naive Bayes from the corpus's declared activities +
    taxonomy keywords, logistic regression from the gold items (needs the `train` extra).
    It writes where -o says; only --package replaces the model the package ships."""
    from .evaluation.corpus import corpus_documents, gold_items
    from .taxonomy.classifier import model_path
    from .taxonomy.training import corpus_examples, model_json, train_on

    corpus = corpus or DEFAULT_CORPORA
    gold = DEFAULT_GOLD if gold is None else gold
    if taxonomy not in available_taxonomies():
        raise _fail(f"train: unknown taxonomy {taxonomy!r}; available: {', '.join(available_taxonomies())}")
    if out is not None and package:
        raise _fail("train: give -o FILE or --package, not both")
    if out is None and not package:
        raise _fail(f"train: say where the model goes: -o FILE, or --package to replace "
                    f"{model_path(taxonomy)}")
    for folder in corpus:
        if not folder.is_dir():
            raise _fail(f"train: {folder} is not a folder of documents")
    documents = corpus_documents(corpus)
    if not documents:
        raise _fail(f"train: no readable document in {', '.join(map(str, corpus))}; "
                    "the model is left as it was")
    target = out or model_path(taxonomy)
    items = gold_items(documents, [g for g in gold if g.is_dir()])
    try:
        data = train_on(corpus_examples(documents, taxonomy), taxonomy, items=items)
    except ImportError as exc:
        raise _fail(f"train: the gold items need scikit-learn ({exc}); "
                    f"pip install -e '.[train]'") from None
    try:
        write_atomic(target, model_json(data))
    except OSError as exc:
        raise _fail(f"train: cannot write {target}: {exc.strerror or exc}") from None
    linear = data.get("linear")
    console.print(f"wrote {target}: {sum(data['examples'].values())} declared examples "
                  f"{data['examples']}, {data['vocabulary']} features; "
                  + (f"logistic regression on {linear['items']} gold items of "
                     f"{len(data['trained_on'])} documents, {len(linear['weights'])} weights"
                     if linear else "no gold items of this taxonomy: naive Bayes alone"),
                  markup=False, highlight=False)


@app.command()
def evaluate(
    corpus: Annotated[list[Path] | None, typer.Argument(
        help="the documents the gold files annotate (default: corpus/raw corpus/incoming/raw)")] = None,
    gold: Annotated[list[Path] | None, typer.Option(
        "--gold", help="gold folders (repeatable; default: corpus/gold corpus/incoming/gold)")] = None,
    taxonomy: Annotated[str, typer.Option("--taxonomy")] = DEFAULT_TAXONOMY,
    min_judged_f1: Annotated[float | None, typer.Option(help="override thresholds.toml")] = None,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Leave-one-document-out: train without each gold document, score its pillars (macro-F1
    with pillar_alt accepted and strict, per-pillar F1, calibration); then the shipped model
    on the gold documents it was not trained on (first contact)."""
    from .evaluation.lodo import leave_one_out

    corpus = corpus or DEFAULT_CORPORA
    gold = gold or DEFAULT_GOLD
    for folder in corpus:
        if not folder.is_dir():
            raise _fail(f"evaluate: {folder} is not a folder of documents")
    for folder in gold:
        if not folder.is_dir() or not any(folder.glob("*.gold.json")):
            raise _fail(f"evaluate: no *.gold.json in {folder} (give --gold FOLDER)")
    if taxonomy not in available_taxonomies():
        raise _fail(f"evaluate: unknown taxonomy {taxonomy!r}")
    try:
        report = leave_one_out(corpus, gold, taxonomy)
    except ImportError as exc:
        raise _fail(f"evaluate: training needs scikit-learn ({exc}); pip install -e '.[train]'") from None
    if not report.per_document:
        raise _fail("evaluate: no document of the corpus has a gold file: nothing compared")
    minimum = min_judged_f1 if min_judged_f1 is not None else load_thresholds(gold[0], "lodo").get(
        "judged_macro_f1")
    judged_f1 = report.judged["macro_f1"]
    failed = minimum is not None and (judged_f1 or 0.0) < minimum
    if as_json:
        print(json.dumps({"per_document": report.per_document, "judged": report.judged,
                          "judged_strict": report.judged_strict, "judged_ece": report.judged_ece,
                          "declared": report.declared, "first_contact": report.first_contact,
                          "minimum": minimum}, indent=1))
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
        strict = report.judged_strict
        out.print(f"judged macro-F1: {fmt(judged_f1)} with pillar_alt accepted, "
                  f"{fmt(strict['macro_f1'])} strict; ECE of the confidences {fmt(report.judged_ece)}",
                  highlight=False)
        out.print("judged F1 per pillar (alt accepted / strict): " + ", ".join(
            f"{code} {fmt(f1)}/{fmt(strict['f1'].get(code))}"
            for code, f1 in report.judged["f1"].items()), highlight=False)
        out.print("judged confusion, gold -> predicted: " + "; ".join(
            f"{g}: {dict(sorted(r.items()))}" for g, r in sorted(report.judged["confusion"].items())),
            highlight=False)
        first = report.first_contact
        if first and first["judged"]["n"]:
            out.print(f"first contact (the shipped model on {len(first['documents'])} gold documents "
                      f"it was not trained on: {', '.join(first['documents'])}): judged macro-F1 "
                      f"{fmt(first['judged']['macro_f1'])} alt accepted, "
                      f"{fmt(first['judged_strict']['macro_f1'])} strict, n={first['judged']['n']}, "
                      f"ECE {fmt(first['judged_ece'])}", highlight=False)
        else:
            out.print("first contact: every gold document is in the shipped model's training set "
                      "(none adopted since `make train`)", highlight=False)
        if failed:
            out.print(f"[red]below threshold:[/red] judged macro-F1 {judged_f1:.3f} < {minimum:.3f}")
    raise typer.Exit(1 if failed else 0)


def _load_frames(outs: list[Path]) -> Frames:
    """Frames of one or more output folders (or globs) as one corpus, or a clear exit when
    one is not a folder; an input found in two folders is said, once (the later one's kept)."""
    import warnings

    from .analysis.frames import DuplicateInputWarning, load

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", DuplicateInputWarning)
        try:
            frames = load(*outs)
        except FileNotFoundError as exc:
            console.print(f"[red]{escape(str(exc))}[/red]")
            raise typer.Exit(2) from None
    for w in caught:
        console.print(f"plan-extract: note: {w.message}", markup=False, highlight=False)
    if frames.documents.empty and frames.errors.empty:
        console.print(f"[yellow]{escape(', '.join(map(str, outs)))} holds no extracted documents[/yellow]")
    return frames


@app.command()
def export(
    out: Annotated[list[Path], typer.Argument(
        help="folders written by `extract` (or quoted globs, 'out/shard-*'), read as one corpus; "
             "an input in two folders is taken from the later one")],
    parquet: Annotated[Path | None, typer.Option("--parquet", help="folder for <table>.parquet")] = None,
    csv: Annotated[Path | None, typer.Option("--csv", help="folder for <table>.csv")] = None,
    duckdb: Annotated[Path | None, typer.Option("--duckdb", help="DuckDB file with tables and views")
                      ] = None,
    dataset: Annotated[Path | None, typer.Option(
        "--parquet-dataset", help="folder for a partitioned Parquet dataset, <table>/<column>=<value>/")
                       ] = None,
    partition_by: Annotated[str, typer.Option(
        "--partition-by", help="the dataset's partition: year (issue year) or province")] = "year",
) -> None:
    """Write the documents, activities, references, sections, warnings and errors tables (the
    frames of `plan_extract.load`) as Parquet, CSV, one DuckDB database with views and/or a
    hive-partitioned Parquet dataset (pd.read_parquet(DIR/activities), DuckDB read_parquet)."""
    from .analysis.export import PARTITIONS, export_csv, export_duckdb, export_parquet, export_parquet_dataset

    if not (parquet or csv or duckdb or dataset):
        console.print("[red]say where: --parquet DIR, --csv DIR, --duckdb FILE and/or "
                      "--parquet-dataset DIR[/red]")
        raise typer.Exit(2)
    if partition_by not in PARTITIONS:
        raise typer.BadParameter(f"{partition_by!r}: one of {', '.join(PARTITIONS)}",
                                 param_hint="--partition-by")
    targets = [(parquet, True), (csv, True), (duckdb, False), (dataset, True)]
    try:
        for target, folder in targets:
            if target is not None:
                check_target(target, folder=folder)
    except OutputError as exc:
        raise _fail(f"export: {exc}") from None
    frames = _load_frames(out)
    counts = ", ".join(f"{len(df)} {name}" for name, df in frames.items())
    target = None
    try:
        if parquet:
            target = parquet
            export_parquet(frames, parquet)
            console.print(f"wrote {parquet}/<table>.parquet: {counts}")
        if csv:
            target = csv
            export_csv(frames, csv)
            console.print(f"wrote {csv}/<table>.csv: {counts}")
        if duckdb:
            target = duckdb
            export_duckdb(frames, duckdb)
            console.print(f"wrote {duckdb}: {counts}; views pillar_by_province, pillar_by_document, "
                          "citation_edges, most_cited, agency_tasks")
        if dataset:
            target = dataset
            export_parquet_dataset(frames, dataset, partition_by)
            console.print(f"wrote {dataset}/<table>/{PARTITIONS[partition_by]}=<value>/: {counts}")
    except FileExistsError as exc:
        raise _fail(f"export: {exc}") from None
    except OSError as exc:
        raise _fail(f"export: {write_failure(target, exc)}") from None


@app.command()
def report(
    out: Annotated[list[Path], typer.Argument(
        help="folders written by `extract` (or quoted globs), read as one corpus")],
    output: Annotated[Path, typer.Option("-o", "--output", help="HTML file to write")] = Path(
        "report.html"),
    title: Annotated[str, typer.Option("--title")] = "plan-extract report",
) -> None:
    """One self-contained HTML file: corpus summary, pillar charts, a page per document with
    its activities (pillar, confidence, evidence) and warnings."""
    from .analysis.report import render_report

    try:
        check_target(output, folder=False)
    except OutputError as exc:
        raise _fail(f"report: {exc}") from None
    frames = _load_frames(out)
    try:
        write_atomic(output, render_report(frames, title=title))
    except OSError as exc:
        raise _fail(f"report: {write_failure(output, exc)}") from None
    console.print(f"wrote {output}: {len(frames.documents)} documents, {len(frames.activities)} "
                  f"activities, {len(frames.errors)} failed inputs")


def main() -> None:  # pragma: no cover
    app(prog_name="plan-extract")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
