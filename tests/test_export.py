"""`plan-extract export`: Parquet, CSV and DuckDB hold every row of the frames, once, with the
same values, and the DuckDB views agree with pandas."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow.parquet as pq
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from plan_extract.analysis.export import (
    arrow_schema,
    export_csv,
    export_duckdb,
    export_parquet,
    view_statements,
)
from plan_extract.analysis.frames import TABLES, category_values, columns, load
from plan_extract.cli import app
from plan_extract.document import Activity, ExtractedDocument, Span


def _read_back(kind: str, location: Path) -> dict[str, pd.DataFrame]:
    if kind == "parquet":
        return {t: pd.read_parquet(location / f"{t}.parquet") for t in TABLES}
    if kind == "csv":
        tables = {t: pd.read_csv(location / f"{t}.csv", dtype=str, keep_default_na=False) for t in TABLES}
        for t, df in tables.items():
            for name, col in columns(t).items():
                if col.dtype == "list":
                    df[name] = df[name].map(lambda v: json.loads(v) if v else None)
                elif col.dtype == "Int64":
                    df[name] = pd.to_numeric(df[name]).astype("Int64")
        return tables
    with duckdb.connect(str(location), read_only=True) as con:
        return {t: con.execute(f'SELECT * FROM "{t}"').df() for t in TABLES}


@pytest.fixture(scope="module")
def frames(seed_outputs):
    return load(seed_outputs)


@pytest.fixture(scope="module")
def exports(frames, tmp_path_factory):
    root = tmp_path_factory.mktemp("export")
    export_parquet(frames, root / "parquet")
    export_csv(frames, root / "csv")
    export_duckdb(frames, root / "db.duckdb")
    return {"parquet": root / "parquet", "csv": root / "csv", "duckdb": root / "db.duckdb"}


def _as_list(v) -> list | None:
    return None if v is None or (not hasattr(v, "__len__") and pd.isna(v)) else list(v)


@pytest.mark.parametrize("kind", ["parquet", "csv", "duckdb"])
def test_every_activity_appears_once_in_each_export(frames, exports, kind):
    back = _read_back(kind, exports[kind])["activities"]
    keys = list(zip(back.doc_id, back.activity_id.astype(int), strict=True))
    assert len(keys) == len(set(keys))
    expected = frames.activities.set_index(["doc_id", "activity_id"])
    assert set(keys) == set(expected.index)
    for row in back.itertuples():
        want = expected.loc[(row.doc_id, int(row.activity_id))]
        assert row.text == want.text
        assert _as_list(row.evidence) == want.evidence
        assert _as_list(row.partners) == _as_list(want.partners)


@pytest.mark.parametrize("kind", ["parquet", "csv", "duckdb"])
def test_every_table_keeps_its_rows_and_columns(frames, exports, kind):
    back = _read_back(kind, exports[kind])
    for table, df in frames.items():
        assert list(back[table].columns) == list(columns(table)), (kind, table)
        assert len(back[table]) == len(df), (kind, table)


def test_parquet_restores_the_pandas_dtypes(frames, exports):
    back = _read_back("parquet", exports["parquet"])
    for table, df in frames.items():
        pd.testing.assert_frame_equal(back[table], df, check_dtype=True, obj=table)


def test_empty_tables_keep_their_column_types(tmp_path):
    """All-null list columns and empty tables still carry list<string>, so files from
    different runs concatenate."""
    export_parquet(load(tmp_path / "."), tmp_path / "pq")
    for table in TABLES:
        assert pq.read_schema(tmp_path / "pq" / f"{table}.parquet").remove_metadata() == arrow_schema(table)


def test_csv_dates_are_iso_and_lists_are_json(frames, exports):
    docs = pd.read_csv(exports["csv"] / "documents.csv", dtype=str)
    dated = frames.documents.dropna(subset=["issue_date"]).set_index("doc_id")
    for doc_id, date in docs.set_index("doc_id").issue_date.dropna().items():
        assert date == dated.loc[doc_id, "issue_date"].strftime("%Y-%m-%d")
    cells = pd.read_csv(exports["csv"] / "activities.csv", dtype=str).evidence.dropna()
    assert all(isinstance(json.loads(c), list) for c in cells)


def test_duckdb_views_agree_with_pandas(frames, exports):
    with duckdb.connect(str(exports["duckdb"]), read_only=True) as con:
        by_province = con.execute("SELECT province, pillar, activities FROM pillar_by_province "
                                  "WHERE pillar IS NOT NULL AND province IS NOT NULL").df()
        edges = con.execute("SELECT count(*) FROM citation_edges").fetchone()[0]
        views = con.execute("SELECT view_name FROM duckdb_views() WHERE NOT internal").fetchall()
    joined = frames.activities.merge(frames.documents[["doc_id", "province"]], on="doc_id")
    expected = joined.dropna(subset=["pillar", "province"]).groupby(
        ["province", "pillar"], observed=True).size()
    got = by_province.set_index(["province", "pillar"]).activities
    assert {k: int(v) for k, v in got.items()} == {k: int(v) for k, v in expected.items()}
    assert edges == len(frames.references)
    assert len(views) == len(view_statements())


def test_export_replaces_an_older_database(frames, tmp_path):
    target = tmp_path / "db.duckdb"
    target.write_bytes(b"not a database")
    export_duckdb(frames, target)
    with duckdb.connect(str(target), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM activities").fetchone()[0] == len(frames.activities)
    assert [p.name for p in tmp_path.iterdir()] == ["db.duckdb"]


def test_cli_export_writes_every_format(runner, seed_outputs, tmp_path):
    result = runner.invoke(app, ["export", str(seed_outputs), "--parquet", str(tmp_path / "pq"),
                                 "--csv", str(tmp_path / "csv"), "--duckdb", str(tmp_path / "x.duckdb")])
    assert result.exit_code == 0, result.output
    assert sorted(p.stem for p in (tmp_path / "pq").iterdir()) == sorted(TABLES)
    assert sorted(p.stem for p in (tmp_path / "csv").iterdir()) == sorted(TABLES)
    assert (tmp_path / "x.duckdb").stat().st_size > 0


def test_cli_export_needs_a_target_and_a_folder(runner, seed_outputs, tmp_path):
    assert runner.invoke(app, ["export", str(seed_outputs)]).exit_code == 2
    missing = runner.invoke(app, ["export", str(tmp_path / "nope"), "--csv", str(tmp_path / "csv")])
    assert missing.exit_code == 2
    assert not (tmp_path / "csv").exists()


_CHARS = (st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\u2028\u2029")
          | st.sampled_from(["\n", "\r", "\t", '"', ",", ";", "[", "]", "\\", "ệ", "Đ"]))
_CELL = st.text(_CHARS, min_size=1, max_size=40)


@settings(max_examples=25)
@given(texts=st.lists(_CELL, min_size=1, max_size=4),
       partners=st.one_of(st.none(), st.lists(_CELL, max_size=3)), agency=st.one_of(st.none(), _CELL))
def test_any_activity_text_survives_every_export(seed_outputs, texts, partners, agency):
    """Quotes, commas, brackets, newlines and Vietnamese in a cell come back as written: CSV
    quoting, JSON-in-CSV lists and DuckDB strings lose nothing."""
    template = ExtractedDocument.model_validate_json(sorted(seed_outputs.glob("*.json"))[0].read_bytes())
    doc = template.model_copy(update={"activities": [
        Activity(id=i, text=t, agency=agency, partners=partners, evidence=[t[:5]], span=Span(start=0, end=1))
        for i, t in enumerate(texts, 1)]})
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        (root / "out").mkdir()
        (root / "out" / "doc.json").write_text(doc.model_dump_json(), "utf-8")
        frames = load(root / "out")
        export_parquet(frames, root / "parquet")
        export_csv(frames, root / "csv")
        export_duckdb(frames, root / "db.duckdb")
        for kind, location in (("parquet", root / "parquet"), ("csv", root / "csv"),
                               ("duckdb", root / "db.duckdb")):
            back = _read_back(kind, location)["activities"].sort_values("activity_id")
            assert list(back.text) == texts, kind
            assert [_as_list(p) for p in back.partners] == [partners or []] * len(texts), kind
            assert [None if pd.isna(a) or a == "" else a for a in back.agency] == [agency] * len(texts), kind


def test_duckdb_keeps_categories_as_enums(exports):
    with duckdb.connect(str(exports["duckdb"]), read_only=True) as con:
        types = {(t, c): ty for t in TABLES
                 for c, ty, *_ in con.execute(f'DESCRIBE "{t}"').fetchall()}
    for table in TABLES:
        for name, col in columns(table).items():
            if col.dtype == "category":
                assert types[(table, name)] == "ENUM(" + ", ".join(
                    f"'{v}'" for v in category_values(col)) + ")", (table, name)
