"""Where a batch's documents run besides this machine's worker processes (`pipeline._Pool`).

`dask_cluster` runs the same stages on a Dask cluster. It is imported only when
`extract --executor dask` asks for it, so a plain run never imports dask.
"""
