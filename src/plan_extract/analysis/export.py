"""Write the frames as Parquet, CSV or a DuckDB database.

Every export goes through one Arrow schema built from `data/frames.toml`, so a column has the
same type in every file and in every run, even when a table is empty or a list column holds
only nulls (Arrow would otherwise infer `null` and the next run's files would not concatenate).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from ..config import DATA_DIR
from ..document import PIPELINE_VERSION
from ..outputs import write_atomic
from .frames import TABLES, Frames, category_values, columns

_ARROW_TYPES: dict[str, pa.DataType] = {
    "string": pa.string(), "category": pa.dictionary(pa.int32(), pa.string()),
    "datetime": pa.timestamp("ns"), "Int64": pa.int64(), "Float64": pa.float64(),
    "boolean": pa.bool_(), "list": pa.list_(pa.string()),
}


def arrow_schema(table: str) -> pa.Schema:
    return pa.schema([pa.field(name, _ARROW_TYPES[col.dtype]) for name, col in columns(table).items()])


def to_arrow(table: str, df: pd.DataFrame) -> pa.Table:
    return pa.Table.from_pandas(df, schema=arrow_schema(table), preserve_index=False)


def export_parquet(frames: Frames, folder: Path) -> list[Path]:
    """One `<table>.parquet` per table."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for table, df in frames.items():
        target = folder / f"{table}.parquet"
        buffer = pa.BufferOutputStream()
        pq.write_table(to_arrow(table, df), buffer)
        write_atomic(target, buffer.getvalue().to_pybytes())
        written.append(target)
    return written


PARTITIONS = {"year": "issue_year", "province": "province"}
"""`--partition-by` choices -> the partition column every table of the dataset gets, from
its document's row of `documents` (issue year of the document, issuer's province)."""
DATASET_MARKER = "_plan-extract-dataset.json"
"""At the top of a dataset folder: what wrote it (so a new export may replace it); pandas,
pyarrow and DuckDB skip files whose names start with `_`."""


UNKNOWN = "unknown"
"""The partition of a row whose document has no year or province (and of errors): a value,
not hive's null partition, which pandas cannot read back (pyarrow cannot unify a partition
dictionary holding a null)."""


def _partition_values(frames: Frames, by: str) -> dict[str, str]:
    """doc_id -> the partition value of its document."""
    docs = frames.documents
    values = docs["issue_date"].dt.year.astype("Int64") if by == "year" else docs["province"]
    return {d: (UNKNOWN if pd.isna(v) else str(v)) for d, v in zip(docs["doc_id"], values, strict=True)}


def export_parquet_dataset(frames: Frames, folder: Path, partition_by: str = "year") -> list[Path]:
    """One hive-partitioned Parquet dataset per table, `<folder>/<table>/<column>=<value>/
    part-0.parquet` (column `issue_year` or `province`, `unknown` for a document without
    one; errors, which have no document, all go there), so that
    `pd.read_parquet(folder / "activities")` or DuckDB's `read_parquet('folder/activities/**/
    *.parquet', hive_partitioning = true)` read a table whole and a query on one year or one
    province reads only its files. Built beside `folder` and renamed into place, replacing a
    dataset an earlier export wrote; any other folder there is refused (`FileExistsError`)."""
    import pyarrow.dataset as ds

    column = PARTITIONS[partition_by]
    if folder.exists() and any(folder.iterdir()) and not (folder / DATASET_MARKER).exists():
        raise FileExistsError(f"{folder} is not empty and not a dataset `export` wrote; give a new folder")
    folder.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(dir=folder.parent, prefix=f".{folder.name}."))
    written = []
    try:
        values = _partition_values(frames, partition_by)
        key_type = pa.string()
        for table, df in frames.items():
            data = to_arrow(table, df)
            keys = [values.get(d, UNKNOWN) for d in df["doc_id"]] if "doc_id" in df else [UNKNOWN] * len(df)
            if column in data.column_names:
                data = data.set_column(data.column_names.index(column), column, pa.array(keys, key_type))
            else:
                data = data.append_column(column, pa.array(keys, key_type))
            partitioning = ds.partitioning(pa.schema([(column, key_type)]), flavor="hive")
            if data.num_rows:
                ds.write_dataset(data, tmp / table, format="parquet", partitioning=partitioning,
                                 basename_template="part-{i}.parquet")
            else:  # an empty table keeps its schema: one empty file in the unknown partition
                empty = tmp / table / f"{column}={UNKNOWN}"
                empty.mkdir(parents=True)
                pq.write_table(data.drop_columns([column]), empty / "part-0.parquet")
            written.append(folder / table)
        (tmp / DATASET_MARKER).write_text(json.dumps(
            {"pipeline_version": PIPELINE_VERSION, "tables": list(TABLES),
             "partitioning": "hive", "partition_by": column}, indent=1), "utf-8")
        os.chmod(tmp, 0o777 & ~_umask())
        old = None
        if folder.exists():
            old = folder.with_name(f".{folder.name}.old-{os.getpid()}")
            folder.rename(old)
        tmp.rename(folder)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return written


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def csv_frame(table: str, df: pd.DataFrame) -> pd.DataFrame:
    """The frame as CSV cells: lists as JSON arrays (lossless, unlike a joined string that
    could contain its own separator), dates as ISO dates."""
    out = df.copy()
    for name, col in columns(table).items():
        if col.dtype == "list":
            out[name] = df[name].map(lambda v: json.dumps(list(v), ensure_ascii=False)
                                     if isinstance(v, list | tuple) else None)
        elif col.dtype == "datetime":
            out[name] = df[name].dt.strftime("%Y-%m-%d")
    return out


def export_csv(frames: Frames, folder: Path) -> list[Path]:
    """One UTF-8 `<table>.csv` per table, with a header row."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for table, df in frames.items():
        target = folder / f"{table}.csv"
        write_atomic(target, csv_frame(table, df).to_csv(index=False, lineterminator="\r\n"))
        written.append(target)
    return written


def view_statements() -> list[str]:
    """The CREATE VIEW statements of data/duckdb_views.sql, comments dropped."""
    sql = re.sub(r"--[^\n]*", "", (DATA_DIR / "analysis" / "duckdb_views.sql").read_text("utf-8"))
    return [s.strip() for s in sql.split(";") if s.strip()]


def _enum_casts(table: str) -> str:
    """` REPLACE (CAST(col AS ENUM(...)) AS col, ...)` for the category columns: DuckDB reads
    Arrow dictionaries as VARCHAR, and an ENUM keeps the fixed values and their order."""
    casts = []
    for name, col in columns(table).items():
        if col.dtype == "category":
            values = ", ".join("'" + v.replace("'", "''") + "'" for v in category_values(col))
            casts.append(f'CAST("{name}" AS ENUM({values})) AS "{name}"')
    return f" REPLACE ({', '.join(casts)})" if casts else ""


def export_duckdb(frames: Frames, target: Path) -> Path:
    """A DuckDB file with one table per frame and the views of data/duckdb_views.sql; built
    beside the target and renamed, so a reader never opens half a database."""
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.tmp")
    tmp.unlink(missing_ok=True)
    try:
        with duckdb.connect(str(tmp)) as con:
            for table, df in frames.items():
                con.register("_frame", to_arrow(table, df))
                con.execute(f'CREATE TABLE "{table}" AS SELECT *{_enum_casts(table)} FROM _frame')
                con.unregister("_frame")
            for statement in view_statements():
                con.execute(statement)
        tmp.replace(target)
    finally:
        tmp.unlink(missing_ok=True)
        Path(f"{tmp}.wal").unlink(missing_ok=True)
    return target
