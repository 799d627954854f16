"""In-app notices: stored as a kind and parameters, worded in the reader's language
when shown. Features register how each of their kinds reads (messages.register)."""
