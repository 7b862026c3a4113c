"""`plan_extract.load`: what analysts load into pandas. Every JSON record appears once, columns
and dtypes are those frames.toml (and the README) promise, and bad files are accounted for."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pandas as pd
import pytest
from helpers import REPO

import plan_extract
from plan_extract.analysis.frames import TABLES, category_values, columns, load
from plan_extract.document import ExtractedDocument

PANDAS_DTYPES = {"string": "string", "Int64": "Int64", "Float64": "Float64", "boolean": "boolean",
                 "datetime": "datetime64[ns]", "list": "object"}


def _documents(folder: Path) -> dict[str, ExtractedDocument]:
    return {p.stem: ExtractedDocument.model_validate_json(p.read_bytes())
            for p in sorted(folder.glob("*.json")) if p.name != "manifest.json"}


@pytest.fixture(scope="module")
def frames(seed_outputs):
    return load(seed_outputs)


def _check_dtypes(table: str, df: pd.DataFrame) -> None:
    spec = columns(table)
    assert list(df.columns) == list(spec)
    for name, col in spec.items():
        if col.dtype == "category":
            assert isinstance(df[name].dtype, pd.CategoricalDtype), name
            assert list(df[name].cat.categories) == category_values(col), name
        else:
            assert df[name].dtype == PANDAS_DTYPES[col.dtype], (table, name, df[name].dtype)


def test_load_is_exported_at_package_level(seed_outputs):
    assert len(plan_extract.load(seed_outputs).documents) == len(_documents(seed_outputs))


def test_every_activity_appears_once_with_its_text(frames, seed_outputs):
    docs = _documents(seed_outputs)
    expected = {(doc_id, a.id): a for doc_id, d in docs.items() for a in d.activities}
    keys = list(zip(frames.activities.doc_id, frames.activities.activity_id, strict=True))
    assert len(keys) == len(set(keys)) == len(expected)
    assert set(keys) == set(expected)
    for row in frames.activities.itertuples():
        a = expected[(row.doc_id, row.activity_id)]
        assert row.text == a.text
        assert (row.pillar if pd.notna(row.pillar) else None) == a.pillar
        assert (row.source if pd.notna(row.source) else None) == a.pillar_source
        assert row.evidence == a.evidence
        assert row.partners == a.partners


def test_every_record_of_every_table_is_a_row(frames, seed_outputs):
    docs = _documents(seed_outputs)
    for table, attr in (("references", "references"), ("sections", "sections"), ("warnings", "warnings")):
        per_doc = getattr(frames, table).groupby("doc_id").size().to_dict()
        assert per_doc == {k: len(getattr(d, attr)) for k, d in docs.items() if getattr(d, attr)}, table
    counts = frames.documents.set_index("doc_id")
    for doc_id, d in docs.items():
        assert counts.loc[doc_id, "n_activities"] == len(d.activities)
        assert counts.loc[doc_id, "kind"] == d.kind


@pytest.mark.parametrize("table", TABLES)
def test_columns_and_dtypes_are_the_documented_ones(frames, table):
    _check_dtypes(table, getattr(frames, table))


@pytest.mark.parametrize("table", TABLES)
def test_an_empty_folder_gives_the_same_columns_and_dtypes(tmp_path, table):
    _check_dtypes(table, getattr(load(tmp_path), table))


def test_dates_are_datetimes_and_partial_dates_say_so(tmp_path, seed_outputs):
    source = next(p for p in sorted(seed_outputs.glob("*.json"))
                  if json.loads(p.read_text("utf-8"))["metadata"]["issue_date"])
    doc = ExtractedDocument.model_validate_json(source.read_bytes())
    doc.metadata.issue_date = doc.metadata.issue_date[:7]
    (tmp_path / "partial.json").write_text(doc.model_dump_json(), "utf-8")
    row = load(tmp_path).documents.iloc[0]
    assert row.issue_date == pd.Timestamp(f"{doc.metadata.issue_date}-01")
    assert row.issue_date_precision == "month"


def test_period_splits_into_first_and_last_year(frames, seed_outputs):
    docs = _documents(seed_outputs)
    with_period = {k: d.metadata.period for k, d in docs.items() if d.metadata.period}
    assert with_period, "the corpus has documents with a giai đoạn"
    rows = frames.documents.set_index("doc_id")
    for doc_id, (first, last) in with_period.items():
        got = [rows.loc[doc_id, c] for c in ("period_start", "period_end")]
        assert [None if pd.isna(v) else int(v) for v in got] == [first, last]


def test_section_depth_follows_parents(frames):
    by_key = frames.sections.set_index(["doc_id", "path"])
    for row in frames.sections.itertuples():
        if pd.isna(row.parent):
            assert row.depth == 1
        else:
            assert row.depth == by_key.loc[(row.doc_id, row.parent), "depth"] + 1


def test_a_citation_of_a_document_in_the_output_links_to_it(tmp_path, seed_outputs):
    docs = _documents(seed_outputs)
    cited_id, cited = next((k, d) for k, d in docs.items() if d.metadata.doc_number and d.metadata.doc_type)
    citing_id, citing = next((k, d) for k, d in docs.items() if d.references and k != cited_id)
    citing.references[0].doc_type = cited.metadata.doc_type
    citing.references[0].doc_number = cited.metadata.doc_number
    for doc_id, doc in ((cited_id, cited), (citing_id, citing)):
        (tmp_path / f"{doc_id}.json").write_text(doc.model_dump_json(), "utf-8")
    refs = load(tmp_path).references
    linked = refs[refs.cited_doc_id.notna()]
    assert list(zip(linked.doc_id, linked.cited_doc_id, strict=True)) == [(citing_id, cited_id)]
    assert linked.cited_key.iloc[0] == f"{cited.metadata.doc_type} {cited.metadata.doc_number}"


def test_bad_and_missing_files_become_errors_and_the_rest_loads(tmp_path, seed_outputs):
    good = sorted(seed_outputs.glob("*.json"))[:2]
    for p in good:
        shutil.copy(p, tmp_path / p.name)
    (tmp_path / "broken.json").write_text('{"kind": "plan"', "utf-8")
    listed = [p.name for p in good] + ["broken.json", "gone.json"]
    (tmp_path / "manifest.json").write_text(json.dumps({"documents": [{"output": n} for n in listed]}))
    (tmp_path / "stale.json").write_bytes(good[0].read_bytes())  # not in the manifest: ignored
    (tmp_path / "errors.jsonl").write_text(json.dumps(
        {"path": "in/bad.pdf", "stage": "ingest", "error_type": "IngestError", "message": "encrypted",
         "seconds": 0.1}) + "\n", "utf-8")
    frames = load(tmp_path)
    assert list(frames.documents.doc_id) == [p.stem for p in good]
    assert sorted(frames.errors.path.map(lambda p: Path(p).name)) == ["bad.pdf", "broken.json", "gone.json"]
    assert set(frames.errors.stage) == {"load", "ingest"}
    assert frames.errors.message.str.len().min() > 0


def test_load_refuses_a_path_that_is_not_a_folder(tmp_path):
    with pytest.raises(FileNotFoundError, match="not a folder"):
        load(tmp_path / "nothing-here")


def test_readme_documents_every_column():
    readme = (REPO / "README.md").read_text("utf-8")
    section = readme[readme.index("## Frames"):]
    section = section[:section.index("\n## ", 4)]
    for table in TABLES:
        block = re.search(rf"\*\*`{table}`\*\*(.*?)(?=\*\*`|\Z)", section, re.S)
        assert block, f"README Frames section has no **`{table}`** entry"
        for name in columns(table):
            assert f"`{name}`" in block.group(1), f"README does not document {table}.{name}"
