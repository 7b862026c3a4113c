"""Write the frames as Parquet, CSV or a DuckDB database.

Every export goes through one Arrow schema built from `data/frames.toml`, so a column has the
same type in every file and in every run, even when a table is empty or a list column holds
only nulls (Arrow would otherwise infer `null` and the next run's files would not concatenate).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from ..config import DATA_DIR
from ..outputs import write_atomic
from .frames import Frames, category_values, columns

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
