"""How a run is executed: in worker processes or on Dask (`parallel`), on Dask with the
workers reading the inputs and writing parts themselves (`distributed`, `parts`), with a
time limit and a memory limit per article (`limits`, `memory`), resumed after a kill or a
death (`resume`), with a progress bar (`progress`)."""
