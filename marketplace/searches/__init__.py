"""Full-text search of products and suppliers (uses the `search` engine layer)."""
