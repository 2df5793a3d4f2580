"""Tools over a finished run's output: `facts_file` reads it back, `evaluate` scores it against
gold, `diff` compares two runs, `export` writes flat tables, `review` builds the review page
(where facts are judged), `sampling` draws a stratified sample of facts for it, `judgments`
reads what reviewers exported, `precision` turns it into estimates with intervals, and
`to_gold` turns the articles checked whole into gold."""
