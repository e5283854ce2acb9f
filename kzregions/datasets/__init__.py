"""Statistics and programme lists shipped with kzregions (CSV, each row with its source)."""
