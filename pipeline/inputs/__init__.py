"""The read stage: every kind of input a user holds, turned into a stream of `RawArticle`s.

`read` is the entry (`read_articles(paths)`): it finds the files (`locations`: folders,
globs, `s3://` and other URLs) and reads each by its suffix: text and HTML there, tables
(`tables`: JSON Lines plain or compressed, CSV, Parquet) and web archives (`warc`);
`article` builds each `RawArticle` the same way whatever the form; `decode` finds the
encoding and repairs mojibake; `html_page` takes a page's main text."""
