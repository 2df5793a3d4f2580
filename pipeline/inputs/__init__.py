"""The read stage: every kind of input a user holds, turned into a stream of `RawArticle`s.

`read` is the entry (`read_articles(paths)`): files, folders, JSONL and standard input;
`decode` finds the encoding and repairs mojibake; `html_page` takes a page's main text."""
