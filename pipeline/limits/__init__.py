"""The per-article limits, so that one article cannot stall or take down a run: a time limit
(`timeout`: `time_limit`, `ArticleTimeout`) and a memory limit (`memory`: `memory_limit`,
`ArticleOutOfMemory`). They sit below every other part of `pipeline/`: the read stage bounds
taking the text out of an HTML page with the time limit, and the runner bounds each article's
extraction with both."""
