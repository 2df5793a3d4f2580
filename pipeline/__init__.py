"""rotation-facts: cadre-rotation facts from Vietnamese news, as validated JSON Lines.

The stages, in the order they run, each with one entry function importable from here:

    read_articles (inputs/) -> normalize -> segment -> find_facts (extractors/)
    -> iter_records (validate) -> write_written                      (stages/)

`to_records` (validate into two lists) and `write_records` (whole articles to a path)
are conveniences for notebooks and tests over the last two; a run calls neither.

`runner` chains them for one article (`find_in` is segment + extract on normalised
text), under the per-article time and memory limits of `limits/`; the `execution/`
package runs a whole job over many articles (`job.run`, also `pipeline.run`: workers,
Dask, resume); `results/` holds the tools over a finished run (evaluate, diff, export,
review, and judging a sample: sampling, judgments, precision, to_gold); `cli` is a
thin command line over it all. `nlp` offers the same segmentation and extractors as
a spaCy pipeline.

Notebook use:

    from pipeline import extract_text, extract_files
    records = extract_text("Huyện đã điều động, luân chuyển 15 đồng chí ...")

`run` and `extract_files` refuse an input path that names nothing with `InputNotFound`
(`run` also refuses arguments that do not go together with `RunArgumentError`); both are
ValueErrors importable from here. A file that exists but cannot be read is an article
with the error code `read_failed`, and the others go on.
"""

from __future__ import annotations

from importlib import import_module

__version__ = "0.1.0"

# name -> module that defines it. Lazy: `import pipeline` (and `rotation-facts --help`)
# must not load the models or pydantic.
_ENTRY_POINTS = {
    "extract_text": "pipeline.runner",
    "extract_files": "pipeline.runner",
    "process_article": "pipeline.runner",
    "find_in": "pipeline.runner",
    "run": "pipeline.execution.job",
    "read_articles": "pipeline.inputs.read",
    "normalize": "pipeline.stages.normalize",
    "segment": "pipeline.stages.segment",
    "find_facts": "extractors.registry",
    "iter_records": "pipeline.stages.validate",
    "write_written": "pipeline.stages.write",
    "to_records": "pipeline.stages.validate",
    "write_records": "pipeline.stages.write",
    # the errors `run` and `extract_files` raise before reading anything (both ValueErrors)
    "InputNotFound": "pipeline.inputs.locations",
    "RunArgumentError": "pipeline.execution.job",
}
__all__ = [*_ENTRY_POINTS, "__version__"]


def __getattr__(name: str):
    if name in _ENTRY_POINTS:
        return getattr(import_module(_ENTRY_POINTS[name]), name)
    raise AttributeError(f"module 'pipeline' has no attribute {name!r}")
