"""Read models across meetings: the year, the attendance ledger, tasks, a member's history,
the scoring suggestions, what a document needs. They read the store and never write it; the
rules they apply are the domain's (pure functions over meeting states)."""
