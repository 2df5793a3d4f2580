"""rotation-facts: cadre-rotation facts from Vietnamese news, as validated JSON Lines.

The stages, one module each: `read` -> `normalize` -> `segment` (sentences, and
underthesea words where an extractor asks) -> extractors (`extractors/`, run by
`extractors.registry.find_facts`) -> `validate` (Pydantic records, `schemas/`) ->
`write` (JSONL). `runner` chains them; `cli` is a thin command line over it.
`nlp` offers the same segmentation and extractors as a spaCy pipeline.

Notebook use:

    from pipeline import extract_text, extract_files
    records = extract_text("Huyện đã điều động, luân chuyển 15 đồng chí ...")
"""

from __future__ import annotations

__all__ = ["extract_text", "extract_files", "__version__"]
__version__ = "0.1.0"


def __getattr__(name: str):
    # Lazy: `import pipeline` (and `rotation-facts --help`) must not load the models or pydantic.
    if name in ("extract_text", "extract_files"):
        from pipeline import runner

        return getattr(runner, name)
    raise AttributeError(name)
