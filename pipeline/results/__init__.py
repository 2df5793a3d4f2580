"""Tools over a finished run's output: `facts_file` reads it back, `evaluate` scores it against
gold, `diff` compares two runs, `export` writes flat tables, `review` builds the review page."""
