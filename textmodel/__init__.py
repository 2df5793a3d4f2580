"""The text model the extractors read: an article's normalised text, its sentences, its words.

It sits between `schemas/` and `extractors/`: the segment stage of the pipeline
(`pipeline.stages.segment`) builds a `SegmentedText`, the extractors read it, and
neither needs the other's modules. It imports nothing of the project.
"""

from textmodel.segmented import SegmentedText, Span, WindowFinder, from_tokens, trimmed

__all__ = ["SegmentedText", "Span", "WindowFinder", "from_tokens", "trimmed"]
