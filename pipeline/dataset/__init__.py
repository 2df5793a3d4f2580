"""The research dataset across articles: moves, people, documents, counts, merged and traced.

`rotation-facts dataset FACTS.jsonl... -o DIR` (pipeline/cli.py) and the Python API
below read one or more `extract` outputs and build one row per real move of a named
official, per person, per cited document, per count, per article, with every
row's sources. The modules, in the order they run:

    load.py              facts files -> one version of each article (by doc_id)
    resolve_unit.py      the unit (province, district) the article is about
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
"""

from pipeline.dataset.build import TABLES, Dataset, DatasetError, build_dataset, write_dataset

__all__ = ["TABLES", "Dataset", "DatasetError", "build_dataset", "write_dataset"]
