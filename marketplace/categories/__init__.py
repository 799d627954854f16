"""Equipment categories, subcategories and the 2030 targets."""
