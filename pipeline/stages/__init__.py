"""The stages every article goes through after it is read, one module each, in order:
`normalize` (NFC, one spelling, an offset map back to the text as read), `segment`
(sentences; words where the extractors ask), [the extractors], `validate` (Pydantic
records, spans mapped back), `write` (JSON Lines, atomically)."""
