"""The research dataset across articles: moves, people, documents, counts, merged and traced.

`rotation-facts dataset FACTS.jsonl... -o DIR` (pipeline/cli.py) and the Python API
below read one or more `extract` outputs and build one row per real move of a named
official, per person, per cited document, per count, per article, with every
row's sources. The modules, in the order they run:

    load.py              facts files -> one version of each article (by doc_id)
    (results/article_unit.py: the unit, province and district, the article is about)
    resolve_dates.py     a move's date from the text and the published date
    resolve_posts.py     a post's title, organisation, unit, level and key
    locality.py          a province as the sources settle it, in the structure of a date
    facts.py             each article's facts, resolved and made compact
    link.py              official facts -> people; a person's facts -> moves
    person_bio.py        a person's biography from their facts' biographies
    post_types.py        a post's type (Party secretary, chairman, police, ...)
    tables.py            the rows of every table
    store.py             JSONL, Parquet, DuckDB; the kept inputs
    report.py            the self-contained summary report
    build.py             `build_dataset`, `write_dataset`: the stages chained

Beside them, over a built dataset:

    merge_eval.py        pairwise merge precision and recall of people and moves against a
                         gold (tests, benchmarks/dataset_merge_eval.py)
    review_row.py        the review page for one row: its sources in their articles
                         (`rotation-facts review --dataset DIR --move ID`)

Notebook use:

    from pipeline.dataset import build_dataset
    ds = build_dataset(["facts.jsonl"])
    ds.moves                 # a pandas DataFrame
    ds.duckdb().sql("select * from moves_by_year_direction")

The dataset needs the `dataset` extra (`pip install 'rotation-facts[dataset]'`);
`missing_dependencies()` names what of it is not installed, and answers without importing
any of it: the names below are imported on first use, like `pipeline`'s own.
"""

from __future__ import annotations

import importlib.util
import re
from importlib import import_module, metadata

_BUILT_NAMES = ("TABLES", "Dataset", "DatasetError", "build_dataset", "write_dataset")  # from pipeline.dataset.build
__all__ = [*_BUILT_NAMES, "missing_dependencies"]


def missing_dependencies() -> list[str]:
    """The modules of the `dataset` extra that are not installed, read from the installed
    package's metadata (pyproject.toml's `dataset` list: the one place they are named).
    Every requirement there is named as it is imported (rapidfuzz, pyarrow, ...)."""
    try:
        requirements = metadata.requires("rotation-facts") or []
    except metadata.PackageNotFoundError:  # run from a source tree that was never installed: cannot tell
        return []
    extra = [re.match(r"[A-Za-z0-9_.]+", r).group() for r in requirements
             if re.search(r"""extra\s*==\s*["']dataset["']""", r)]
    return [name for name in extra if importlib.util.find_spec(name) is None]


def __getattr__(name: str):
    if name in _BUILT_NAMES:
        return getattr(import_module("pipeline.dataset.build"), name)
    raise AttributeError(f"module 'pipeline.dataset' has no attribute {name!r}")
