"""How a run is executed: in worker processes or on Dask (`parallel`), with a time limit per
article (`limits`), resumed after a kill (`resume`), with a progress bar (`progress`)."""
