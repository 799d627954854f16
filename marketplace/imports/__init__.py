"""The import toolkit shared by every bulk import (registry, supply records):
table reading, exact number parsing, row errors and reports, key checks, set-wise
upserts and import batches that can be reverted."""
