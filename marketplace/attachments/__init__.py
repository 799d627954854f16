"""Files people attach to what they send each other (inquiry messages, quotes):
checked by content, stored privately under the instance folder with random names,
and always downloaded, never shown inline. Which users may fetch one is decided by
the feature that links it (its view checks the party, then calls `files.send`)."""
