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
from importlib import import_module

_BUILT_NAMES = ("TABLES", "Dataset", "DatasetError", "build_dataset", "write_dataset")  # from pipeline.dataset.build
__all__ = [*_BUILT_NAMES, "DATASET_MODULES", "missing_dependencies"]

# What the dataset imports beyond the runtime dependencies, as imported; pyproject.toml's
# `dataset` extra installs them, in this order (tests/test_dataset.py holds the two together).
DATASET_MODULES = ("rapidfuzz", "pyarrow", "pandas", "duckdb", "matplotlib", "orjson")


def missing_dependencies() -> list[str]:
    """The modules of `DATASET_MODULES` that cannot be imported, asked of the import system
    (as the other optional dependencies are): from an installed package or a source tree alike."""
    return [name for name in DATASET_MODULES if importlib.util.find_spec(name) is None]


def __getattr__(name: str):
    if name in _BUILT_NAMES:
        return getattr(import_module("pipeline.dataset.build"), name)
    raise AttributeError(f"module 'pipeline.dataset' has no attribute {name!r}")
