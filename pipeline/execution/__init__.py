"""How a run is executed: in worker processes or on Dask (`parallel`), on Dask with the
workers reading the inputs and writing parts themselves (`distributed`, `parts`), with a
time limit per article (`limits`), resumed after a kill (`resume`), with a progress bar
(`progress`)."""
