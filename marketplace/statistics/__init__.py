"""Registry statistics for officials: suppliers and products by category, place,
ownership, verification state and origin, and the registry's growth."""
