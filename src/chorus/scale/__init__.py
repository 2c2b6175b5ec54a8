"""Running Chorus beyond one process: Dask clusters (`dask_runner`)."""
