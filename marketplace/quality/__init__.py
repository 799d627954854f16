"""Data quality for officials: likely duplicate suppliers, their merge (and its undo),
stale and incomplete profiles."""
