"""Fact extractors, one module per fact type: citations, counts, officials."""
