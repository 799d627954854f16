"""Who changed what: one append-only record of changes, whatever path made them."""
