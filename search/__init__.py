"""The search engine layer: no Flask and no marketplace imports."""
