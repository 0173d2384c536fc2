"""Decision tables (to be written: see issue 3)."""
