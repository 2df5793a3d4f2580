"""How a run is executed: in worker processes or on Dask (`parallel`), on Dask with the
workers reading the inputs and writing parts themselves (`distributed`, `parts`), with a
time limit and a memory limit per article (`pipeline.limits`, attached by `parallel.with_limits`),
resumed after a kill or a death (`resume`), with a progress bar (`progress`). `job.run` is a
whole run over them, counted in a `summary.Summary`."""
