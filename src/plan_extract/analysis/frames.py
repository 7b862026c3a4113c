"""Extraction output as tidy pandas frames, for analysts.

`load(out_dir)` reads what `plan-extract extract` wrote (one JSON per document, the manifest,
errors.jsonl) into one frame per table, with the columns and dtypes of `data/frames.toml`:
the same names and dtypes whatever the documents hold, even when a table has no rows, so a
notebook written against one output runs against the next.
"""

from __future__ import annotations

import glob
import warnings
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any, get_args

import pandas as pd
from pydantic import TypeAdapter, ValidationError

from .. import config
from .. import document as models
from ..document import Activity, ExtractedDocument
from ..outputs import read_lines, run_records
from ..taxonomy import available_taxonomies, load_taxonomy

_ACTIVITY = TypeAdapter(Activity)
"""Dumps one activity (a pydantic dataclass: no model_dump)."""

TABLES = ("documents", "activities", "references", "sections", "warnings", "errors")


def columns(table: str) -> dict[str, config.Column]:
    """Column name -> {dtype, doc, values} of one table, in frame order."""
    return config.frames().root[table]


@dataclass
class Frames:
    """One frame per table; `doc_id` joins them (errors has the input path instead)."""

    documents: pd.DataFrame
    activities: pd.DataFrame
    references: pd.DataFrame
    sections: pd.DataFrame
    warnings: pd.DataFrame
    errors: pd.DataFrame

    def items(self) -> Iterator[tuple[str, pd.DataFrame]]:
        for f in fields(self):
            yield f.name, getattr(self, f.name)


def output_files(out_dir: Path) -> list[Path]:
    """The document JSON files of the last run into an output folder, in its order: from
    the run's journal (a run killed half-way lists what it finished) or its manifest. A
    folder may hold files of an earlier run that this one did not write: they are not
    loaded. With neither, every JSON file of the folder."""
    records = run_records(out_dir)
    if records is not None:
        return [out_dir / d["output"] for d in records[0] if d.get("output")]
    return sorted(p for p in out_dir.glob("*.json") if p.name != "manifest.json")


class DuplicateInputWarning(UserWarning):
    """An input is in more than one of the output folders loaded: the later folder's kept."""


Folders = str | Path | Iterable[str | Path]


def output_folders(*out_dirs: Folders) -> list[Path]:
    """The folders `load` reads, in the order given: each argument a folder, a glob
    (`out/shard-*`, its matches in sorted order) or a list of them; a folder named twice is
    read once. `FileNotFoundError` for a name that is not a folder or a glob matching none."""
    found: list[Path] = []
    for item in out_dirs:
        if isinstance(item, str | Path):
            text = str(item)
            if not Path(text).exists() and any(c in text for c in "*?["):
                matches = sorted(Path(m) for m in glob.glob(text) if Path(m).is_dir())
                if not matches:
                    raise FileNotFoundError(f"{text} matches no output folder")
                found.extend(matches)
                continue
            path = Path(text)
            if not path.is_dir():
                raise FileNotFoundError(f"{path} is not a folder written by `plan-extract extract`")
            found.append(path)
        else:
            found.extend(output_folders(*item))
    if not found:
        raise FileNotFoundError("no output folder given")
    unique: dict[Path, Path] = {}
    for path in found:
        unique.setdefault(path.resolve(), path)
    return list(unique.values())


def load(*out_dirs: Folders) -> Frames:
    """Frames of every document in the output folders, as one corpus; a file that is missing
    or does not validate becomes a row of `errors` (stage "load") and the rest still load.

    Several folders (shards, a run and its retry): an input (its `source.path`, or the path
    of its error record) found in more than one folder is taken from the later folder, its
    document or its failure, whichever that run wrote, and a `DuplicateInputWarning` says
    how many; so running a shard again into a new folder given last replaces its results.
    `doc_id` is the output's stem; where two different inputs of different folders share a
    stem, the later one's is `<folder name>/<stem>`."""
    folders = output_folders(*out_dirs)
    rows: dict[str, list[dict[str, Any]]] = {t: [] for t in TABLES}
    entries: list[tuple[str | None, int, str, Any]] = []  # (input path, folder, kind, data)
    for i, out_dir in enumerate(folders):
        for path in output_files(out_dir):
            try:
                doc = ExtractedDocument.model_validate_json(path.read_bytes())
            except (OSError, ValidationError) as exc:
                entries.append((None, i, "failed", {
                    "path": str(path), "stage": "load", "error_type": type(exc).__name__,
                    "message": str(exc).splitlines()[0]}))
                continue
            entries.append((doc.source.path, i, path.stem, doc))
        for rec in read_lines(out_dir / "errors.jsonl"):  # a line torn by a killed run is skipped
            entries.append((rec.get("path"), i, "failed", {k: rec.get(k) for k in columns("errors")}))
    last = {key: i for key, i, _, _ in entries if key is not None}
    replaced = sorted({key for key, i, _, _ in entries if key is not None and last[key] != i})
    if replaced:
        shown = ", ".join(replaced[:3]) + (f" and {len(replaced) - 3} more" if len(replaced) > 3 else "")
        warnings.warn(f"{len(replaced)} input(s) are in more than one output folder; the later "
                      f"folder's record is kept: {shown}", DuplicateInputWarning, stacklevel=2)
    taken: set[str] = set()
    for key, i, stem, data in entries:
        if key is not None and last[key] != i:
            continue
        if stem == "failed":
            rows["errors"].append(data)
            continue
        doc_id, n = stem, 2
        if doc_id in taken:
            doc_id = base = f"{folders[i].name}/{stem}"
            while doc_id in taken:
                doc_id, n = f"{base}-{n}", n + 1
        taken.add(doc_id)
        _add_document(rows, doc_id, data)
    _link_citations(rows)
    return Frames(**{t: frame(t, rows[t]) for t in TABLES})


def _add_document(rows: dict[str, list[dict[str, Any]]], doc_id: str, doc: ExtractedDocument) -> None:
    meta = doc.metadata
    period = meta.period or [None, None]
    rows["documents"].append({
        "doc_id": doc_id, **doc.source.model_dump(include={"path", "format", "sha256", "bytes", "url",
                                                           "adapter"}),
        "ocr_pages": len(doc.source.ocr), "pages": len(doc.source.pages),
        "ocr_fallback_pages": sum(p.method == "ocr-fallback" for p in doc.source.pages),
        "kind": doc.kind,
        **meta.model_dump(exclude={"period"}),
        "issue_date_precision": _precision(meta.issue_date),
        "period_start": period[0], "period_end": period[-1],
        "taxonomy": doc.taxonomy, "pipeline_version": doc.pipeline_version,
        "n_activities": len(doc.activities), "n_references": len(doc.references),
        "n_sections": len(doc.sections), "n_warnings": len(doc.warnings),
    })
    for a in doc.activities:
        rows["activities"].append({
            "doc_id": doc_id, "activity_id": a.id,
            **_ACTIVITY.dump_python(a, include={"section_path", "label", "group", "agency", "partners",
                                                "deadline", "pillar", "element", "low_confidence",
                                                "evidence", "text"}),
            "confidence": a.pillar_confidence, "source": a.pillar_source,
            "start": a.span.start, "end": a.span.end,
        })
    for i, r in enumerate(doc.references, 1):
        key = f"{r.doc_type} {r.doc_number}" if r.doc_number else (r.title or r.doc_type)
        rows["references"].append({"doc_id": doc_id, "ref_id": i, **r.model_dump(exclude={"span"}),
                                   "cited_key": key, "start": r.span.start, "end": r.span.end})
    parents = {s.path: s.parent for s in doc.sections}
    for s in doc.sections:
        rows["sections"].append({"doc_id": doc_id, **s.model_dump(exclude={"span"}),
                                 "depth": _depth(s.path, parents),
                                 "start": s.span.start, "end": s.span.end})
    for w in doc.warnings:
        rows["warnings"].append({"doc_id": doc_id, "stage": w.stage, "code": w.code,
                                 "message": w.message, "removed": len(w.removed),
                                 "start": w.span.start if w.span else None,
                                 "end": w.span.end if w.span else None})


def _precision(iso: str | None) -> str | None:
    if not iso:
        return None
    return {1: "year", 2: "month"}.get(iso.count("-") + 1, "day")


def _depth(path: str, parents: dict[str, str | None]) -> int:
    depth, seen = 1, {path}
    parent = parents.get(path)
    while parent is not None and parent not in seen:
        seen.add(parent)
        depth += 1
        parent = parents.get(parent)
    return depth


def _link_citations(rows: dict[str, list[dict[str, Any]]]) -> None:
    """A reference whose type and number are those of a document in the same output points
    at it, so the citation graph can join the two."""
    by_number = {(d["doc_type"], d["doc_number"].casefold()): d["doc_id"]
                 for d in rows["documents"] if d["doc_type"] and d["doc_number"]}
    for ref in rows["references"]:
        number = ref["doc_number"]
        ref["cited_doc_id"] = by_number.get((ref["doc_type"], number.casefold())) if number else None


def frame(table: str, rows: list[dict[str, Any]]) -> pd.DataFrame:
    """A frame of `table`'s columns in order, each cast to its declared dtype."""
    spec = columns(table)
    data = {name: pd.Series([r.get(name) for r in rows], dtype=object) for name in spec}
    return pd.DataFrame({name: _cast(data[name], col) for name, col in spec.items()},
                        columns=list(spec))


def _cast(values: pd.Series, col: config.Column) -> pd.Series:
    dtype = col.dtype
    if dtype == "string":
        return values.astype("string")
    if dtype == "category":
        return pd.Series(pd.Categorical(values, categories=category_values(col)), index=values.index)
    if dtype == "datetime":
        return pd.to_datetime(values, format="ISO8601", errors="coerce").astype("datetime64[ns]")
    if dtype in ("Int64", "Float64", "boolean"):
        return values.astype(dtype)
    if dtype == "list":
        return values.map(lambda v: list(v) if v is not None else None)
    raise ValueError(f"frames.toml: unknown dtype {dtype!r}")


def category_values(col: config.Column) -> list[str]:
    """The fixed categories of a category column (see frames.toml)."""
    values = col.values
    if isinstance(values, list):
        return values
    if values == "taxonomy":
        codes: dict[str, None] = {}
        for name in available_taxonomies():
            codes.update(dict.fromkeys(load_taxonomy(name).codes))
        return list(codes)
    return list(get_args(getattr(models, values)))
