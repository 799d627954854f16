"""Search index in step with the database through an outbox drained by one indexer."""
