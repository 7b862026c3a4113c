"""For analysts: the output as pandas frames, exports (Parquet, CSV, DuckDB), the HTML report."""
