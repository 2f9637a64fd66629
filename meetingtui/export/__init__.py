"""Documents: one model of the minutes and the resolution (and the reports) built from the
record, rendered as DOCX, Markdown, plain text and CSV. No storage: it is given values."""
