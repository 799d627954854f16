"""The domestic-share measure: supply records, targets in force, the figures."""
