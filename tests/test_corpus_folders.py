"""Several output folders as one corpus (issue 16): `load` and `export` over shards or a glob,
what wins when an input is in two folders, and the partitioned Parquet dataset that pandas and
DuckDB read directly."""

from __future__ import annotations

import json
import shutil

import duckdb
import pandas as pd
import pytest
from helpers import SEEDS

import plan_extract
from plan_extract.analysis.export import DATASET_MARKER, export_parquet_dataset
from plan_extract.analysis.frames import TABLES, DuplicateInputWarning, load
from plan_extract.cli import app

INPUTS = SEEDS[:5]


def _extract(runner, *args) -> None:
    result = runner.invoke(app, ["extract", *map(str, args), "-q"])
    assert result.exit_code in (0, 1), result.output


@pytest.fixture(scope="module")
def shards(tmp_path_factory):
    """The inputs extracted whole into `all`, and as two shards into `shard-1`, `shard-2`."""
    from typer.testing import CliRunner

    runner, root = CliRunner(), tmp_path_factory.mktemp("shards")
    _extract(runner, *INPUTS, "-o", root / "all")
    for k in (1, 2):
        _extract(runner, *INPUTS, "--shard", f"{k}/2", "-o", root / f"shard-{k}")
    return root


def _same(a, b) -> None:
    for table in TABLES:
        left, right = getattr(a, table), getattr(b, table)
        key = ["path"] if table == "errors" else [c for c in ("doc_id", "activity_id", "ref_id", "path",
                                                             "start", "code") if c in left.columns]
        pd.testing.assert_frame_equal(left.sort_values(key).reset_index(drop=True),
                                      right.sort_values(key).reset_index(drop=True), check_like=False)


def test_shards_load_as_the_whole_run(shards):
    both = load(shards / "shard-1", shards / "shard-2")
    assert len(load(shards / "shard-1").documents) < len(both.documents) == len(INPUTS)
    _same(both, load(shards / "all"))
    _same(plan_extract.load(str(shards / "shard-*")), both)  # a glob, matches in sorted order
    _same(plan_extract.load([shards / "shard-2", shards / "shard-1"]), both)  # a list


def test_an_input_in_two_folders_is_taken_from_the_later_one(runner, tmp_path):
    late = tmp_path / "late.txt"
    _extract(runner, late, SEEDS[0], "-o", tmp_path / "first")  # late.txt is missing: an error
    shutil.copy(SEEDS[1], late)
    _extract(runner, late, "-o", tmp_path / "retry")
    with pytest.warns(DuplicateInputWarning, match=r"1 input\(s\) are in more than one output folder"):
        frames = load(tmp_path / "first", tmp_path / "retry")
    assert frames.errors.empty
    assert sorted(frames.documents["path"]) == sorted([str(late), str(SEEDS[0])])
    with pytest.warns(DuplicateInputWarning):
        backwards = load(tmp_path / "retry", tmp_path / "first")
    assert list(backwards.errors["path"]) == [str(late)]
    assert list(backwards.documents["path"]) == [str(SEEDS[0])]


def test_a_folder_given_twice_is_read_once(shards, recwarn):
    assert len(load(shards / "all", shards / "all").documents) == len(INPUTS)
    assert not [w for w in recwarn if issubclass(w.category, DuplicateInputWarning)]


def test_two_inputs_sharing_a_stem_in_two_folders_keep_apart(runner, tmp_path):
    for name, seed in (("a", SEEDS[0]), ("b", SEEDS[1])):
        (tmp_path / name).mkdir()
        shutil.copy(seed, tmp_path / name / "plan.txt")
        _extract(runner, tmp_path / name / "plan.txt", "-o", tmp_path / f"out-{name}")
    frames = load(tmp_path / "out-a", tmp_path / "out-b")
    assert list(frames.documents["doc_id"]) == ["plan", "out-b/plan"]
    assert set(frames.activities["doc_id"]) <= {"plan", "out-b/plan"}
    assert frames.activities["doc_id"].nunique() == 2


def test_no_folder_or_a_glob_matching_none_is_file_not_found(tmp_path):
    with pytest.raises(FileNotFoundError, match="matches no output folder"):
        load(str(tmp_path / "nothing-*"))
    with pytest.raises(FileNotFoundError):
        load()


@pytest.mark.parametrize("by, column", [("year", "issue_year"), ("province", "province")])
def test_the_parquet_dataset_reads_back_in_pandas_and_duckdb(shards, runner, tmp_path, by, column):
    target = tmp_path / "dataset"
    result = runner.invoke(app, ["export", str(shards / "shard-1"), str(shards / "shard-2"),
                                 "--parquet-dataset", str(target), "--partition-by", by])
    assert result.exit_code == 0, result.output
    frames = load(shards / "shard-1", shards / "shard-2")
    assert json.loads((target / DATASET_MARKER).read_text("utf-8"))["partition_by"] == column
    for table, df in frames.items():
        back = pd.read_parquet(target / table)
        assert len(back) == len(df), table
        assert list(back.columns) == [*[c for c in df.columns if c != column], column]
        for name in df.columns:
            if name != column:
                assert back[name].dtype == df[name].dtype, (table, name)
        assert set(back[column].astype(str)) <= {*map(str, _values(frames, by)), "unknown"}
    acts = pd.read_parquet(target / "activities")
    merged = acts.merge(frames.documents[["doc_id", "province", "issue_date"]], on="doc_id")
    source = merged["issue_date"].dt.year if by == "year" else merged["province_y"]
    expected = ["unknown" if pd.isna(v) else str(int(v) if by == "year" else v) for v in source]
    assert list(merged[column if by == "year" else "province_x"].astype(str)) == expected

    files = f"{target}/activities/**/*.parquet"
    counts = duckdb.sql(f"SELECT {column}, count(*) AS n FROM read_parquet('{files}', "
                        "hive_partitioning = true) GROUP BY ALL").df()
    assert counts["n"].sum() == len(frames.activities)
    assert set(counts[column].astype(str)) == set(acts[column].astype(str))


def _values(frames, by):
    if by == "year":
        return frames.documents["issue_date"].dt.year.dropna().astype(int)
    return frames.documents["province"].dropna()


def test_an_export_replaces_its_dataset_and_refuses_another_folder(shards, tmp_path):
    target = tmp_path / "dataset"
    export_parquet_dataset(load(shards / "all"), target)
    export_parquet_dataset(load(shards / "shard-1"), target)
    assert len(pd.read_parquet(target / "documents")) == len(load(shards / "shard-1").documents)
    assert [p.name for p in tmp_path.iterdir()] == ["dataset"]  # no temp or old folder left
    other = tmp_path / "notes"
    other.mkdir()
    (other / "mine.txt").write_text("keep", "utf-8")
    with pytest.raises(FileExistsError, match="not a dataset"):
        export_parquet_dataset(load(shards / "all"), other)
    assert (other / "mine.txt").read_text("utf-8") == "keep"


def test_an_empty_table_keeps_its_columns_in_the_dataset(shards, tmp_path):
    frames = load(shards / "all")
    assert frames.errors.empty
    export_parquet_dataset(frames, tmp_path / "dataset")
    back = pd.read_parquet(tmp_path / "dataset" / "errors")
    assert back.empty and list(back.columns) == [*frames.errors.columns, "issue_year"]


def test_cli_export_and_report_take_several_folders(shards, runner, tmp_path):
    result = runner.invoke(app, ["export", str(shards / "shard-1"), str(shards / "shard-2"),
                                 "--parquet", str(tmp_path / "pq")])
    assert result.exit_code == 0, result.output
    assert len(pd.read_parquet(tmp_path / "pq" / "documents.parquet")) == len(INPUTS)
    result = runner.invoke(app, ["report", str(shards / "shard-*"), "-o", str(tmp_path / "r.html")])
    assert result.exit_code == 0, result.output
    assert f"{len(INPUTS)} documents" in " ".join(result.output.split())
    result = runner.invoke(app, ["export", str(shards / "all"), str(shards / "shard-1"),
                                 "--parquet", str(tmp_path / "pq2")])
    said = " ".join(result.output.split())
    assert result.exit_code == 0 and "note: " in said and "later folder" in said
    missing = runner.invoke(app, ["export", str(tmp_path / "none"), "--parquet", str(tmp_path / "pq3")])
    assert missing.exit_code == 2 and "is not a folder written by" in " ".join(missing.output.split())
